/*
 * The A32 decode tables, one per ARM ARM encoding class (ARMv7-A ARM,
 * chapter A5). Rows are tried in order; each class ends with a catch-all
 * reject where the class is not fully covered by its rows, so every 32-bit
 * word lands on exactly one leaf row.
 *
 * Out-of-line rows list roles for the fields renamed to r0..r3, in the
 * order (bits 15:12, bits 11:8, bits 19:16, bits 3:0).
 */
#include <ek/noprobe.h>
#include "decode_table.h"

#define TABLE(m, v, nm, t) { .mask = (m), .value = (v), .kind = DK_TABLE, .name = (nm), .sub = (t) }
#define REJECT(m, v, nm, why) \
	{ .mask = (m), .value = (v), .kind = DK_REJECT, .name = (nm), .reason = (why) }
#define SIM(m, v, nm, fn, chk) \
	{ .mask = (m), .value = (v), .kind = DK_SIMULATE, .name = (nm), .sim = (fn), .check = (chk) }
#define EMU(m, v, nm, chk, b12, b8, b16, b0) \
	{ .mask = (m), .value = (v), .kind = DK_EMULATE, .name = (nm), .check = (chk), \
	  .roles = { (b12), (b8), (b16), (b0) } }
#define END { .kind = DK_END }

/* The rows below match their should-be-zero/one bits exactly; the REJECT
 * rows after them take the same encodings with those bits otherwise. */
#define SB_WHY "bits the ARM ARM shows as (0) or (1) are not so: UNPREDICTABLE"

/* Shorthands for the role columns */
#define RD R_READ
#define WR R_WRITE
#define RW (R_READ | R_WRITE)
#define RN (R_READ | R_NOPC)
#define WN (R_WRITE | R_NOPC)
#define RWN (R_READ | R_WRITE | R_NOPC)
#define BASE (R_READ | R_WBACK)	/* load/store base register */
#define DATA (R_READ | R_LOADW)	/* load/store data register */

static const struct decode_row uncond_table[] = {
	SIM(0xfe000000, 0xfa000000, "BLX (immediate)", sim_blx_imm, NULL),
	REJECT(0xff7ff000, 0xf51ff000, "PLDW (literal)", "PLDW relative to the PC is UNPREDICTABLE"),
	SIM(0xff30f000, 0xf510f000, "PLD/PLDW (immediate)", sim_nop, NULL),
	SIM(0xff30f010, 0xf710f000, "PLD/PLDW (register)", sim_nop, check_preload_reg),
	SIM(0xff70f000, 0xf450f000, "PLI (immediate)", sim_nop, NULL),
	SIM(0xff70f010, 0xf650f000, "PLI (register)", sim_nop, check_preload_reg),
	SIM(0xffffffe0, 0xf57ff040, "DSB/DMB", sim_barrier, NULL),
	SIM(0xfffffff0, 0xf57ff060, "ISB", sim_barrier, NULL),
	REJECT(0xffffffff, 0xf57ff01f, "CLREX",
	       "CLREX belongs to the exclusive-access family, which cannot be single-stepped"),
	REJECT(0xfff10020, 0xf1000000, "CPS", "CPS changes the processor mode or interrupt masks"),
	REJECT(0xfffffdff, 0xf1010000, "SETEND", "SETEND changes the data endianness"),
	REJECT(0xfe5fffe0, 0xf84d0500, "SRS", "SRS stores exception-mode state"),
	REJECT(0xfe50ffff, 0xf8100a00, "RFE", "RFE is an exception return"),
	REJECT(0x0c000000, 0x0c000000, "coprocessor (unconditional)",
	       "MCR2/MRC2/LDC2/STC2/CDP2 coprocessor instructions are not safe to single-step"),
	REJECT(0, 0, "unconditional (other)", "unallocated unconditional encoding"),
	END,
};

static const struct decode_row hint_table[] = {
	SIM(0x0fffffff, 0x0320f000, "NOP", sim_nop, NULL),
	SIM(0x0fffffff, 0x0320f001, "YIELD", sim_nop, NULL),
	REJECT(0x0fffffff, 0x0320f002, "WFE", "WFE waits for an event and is not safe to single-step"),
	REJECT(0x0fffffff, 0x0320f003, "WFI",
	       "WFI waits for an interrupt and is not safe to single-step"),
	REJECT(0x0fffffff, 0x0320f004, "SEV", "SEV signals other CPUs and is not safe to single-step"),
	REJECT(0x0fff0000, 0x03200000, "DBG and other hints", "DBG and unallocated hints"),
	SIM(0x0ff0f000, 0x0320f000, "MSR (immediate)", sim_msr, check_msr),
	REJECT(0x0ff00000, 0x03200000, "MSR (immediate), (1) bits", SB_WHY),
	REJECT(0, 0, "MSR SPSR (immediate)", "MSR to the SPSR changes exception-return state"),
	END,
};

/* bits 27:23 = 00010, bit 20 = 0, bit 7 = 0 (ARM ARM A5.2.12) */
static const struct decode_row misc_table[] = {
	SIM(0x0fff0fff, 0x010f0000, "MRS", sim_mrs, check_mrs),
	SIM(0x0ff0fff0, 0x0120f000, "MSR (register)", sim_msr, check_msr),
	REJECT(0x0ff0fff0, 0x0160f000, "MSR SPSR (register)",
	       "MSR to the SPSR changes exception-return state"),
	REJECT(0x0fff0fff, 0x014f0000, "MRS SPSR", "MRS of the SPSR reads exception-mode state"),
	REJECT(0x0fb0fef0, 0x0120f200, "MSR (banked register)",
	       "MSR to a banked register writes another mode's state"),
	REJECT(0x0fb00eff, 0x01000200, "MRS (banked register)",
	       "MRS of a banked register reads another mode's state"),
	SIM(0x0ffffff0, 0x012fff10, "BX", sim_bx_reg, NULL),
	REJECT(0x0ffffff0, 0x012fff20, "BXJ", "BXJ (Jazelle) is not supported"),
	SIM(0x0ffffff0, 0x012fff30, "BLX (register)", sim_bx_reg, check_blx_reg),
	EMU(0x0fff0ff0, 0x016f0f10, "CLZ", NULL, WN, 0, 0, RN),
	EMU(0x0f900ff0, 0x01000050, "QADD/QSUB/QDADD/QDSUB", NULL, WN, 0, RN, RN),
	REJECT(0x0fffffff, 0x0160006e, "ERET", "ERET is an exception return"),
	REJECT(0x0ff000f0, 0x01200070, "BKPT", "BKPT is a debug breakpoint"),
	REJECT(0x0ff000f0, 0x01400070, "HVC", "HVC calls the hypervisor"),
	REJECT(0x0ff000f0, 0x01600070, "SMC", "SMC calls the secure monitor"),
	REJECT(0, 0, "miscellaneous (other)", "unallocated miscellaneous encoding"),
	END,
};

/* bits 27:23 = 00010, bit 20 = 0, bit 7 = 1, bit 4 = 0 */
static const struct decode_row halfword_mul_table[] = {
	EMU(0x0ff00090, 0x01000080, "SMLA<x><y>", NULL, RN, RN, WN, RN),
	EMU(0x0ff000b0, 0x01200080, "SMLAW<y>", NULL, RN, RN, WN, RN),
	EMU(0x0ff0f0b0, 0x012000a0, "SMULW<y>", NULL, 0, RN, WN, RN),
	EMU(0x0ff00090, 0x01400080, "SMLAL<x><y>", check_long_mul, RWN, RN, RWN, RN),
	EMU(0x0ff0f090, 0x01600080, "SMUL<x><y>", NULL, 0, RN, WN, RN),
	REJECT(0, 0, "SMUL<x><y>/SMULW<y>, (0) bits", SB_WHY),
	END,
};

/* bits 27:24 = 0000, bits 7:4 = 1001 */
static const struct decode_row mul_table[] = {
	EMU(0x0fe0f0f0, 0x00000090, "MUL/MULS", NULL, 0, RN, WN, RN),
	REJECT(0x0fe000f0, 0x00000090, "MUL/MULS, (0) bits", SB_WHY),
	EMU(0x0fe000f0, 0x00200090, "MLA/MLAS", NULL, RN, RN, WN, RN),
	EMU(0x0ff000f0, 0x00400090, "UMAAL", check_long_mul, RWN, RN, RWN, RN),
	EMU(0x0ff000f0, 0x00600090, "MLS", NULL, RN, RN, WN, RN),
	EMU(0x0fa000f0, 0x00800090, "UMULL/SMULL", check_long_mul, WN, RN, WN, RN),
	EMU(0x0fa000f0, 0x00a00090, "UMLAL/SMLAL", check_long_mul, RWN, RN, RWN, RN),
	REJECT(0, 0, "multiply (other)", "unallocated multiply encoding"),
	END,
};

/* bit 25 = 0, bits 7 and 4 set, bits 6:5 != 00 (ARM ARM A5.2.8) */
static const struct decode_row extra_ldst_table[] = {
	EMU(0x0e400ff0, 0x000000b0, "LDRH/STRH (register)", check_ldst_halfword, DATA, 0, BASE,
	    RN),
	EMU(0x0e4000f0, 0x004000b0, "LDRH/STRH (immediate)", check_ldst_halfword, DATA, 0, BASE,
	    0),
	EMU(0x0e500ff0, 0x000000d0, "LDRD (register)", check_ldst_dual, WR, R_PAIR | WR, BASE, RN),
	EMU(0x0e5000f0, 0x004000d0, "LDRD (immediate)", check_ldst_dual, WR, R_PAIR | WR, BASE, 0),
	EMU(0x0e500ff0, 0x000000f0, "STRD (register)", check_ldst_dual, RD, R_PAIR | RD, BASE, RN),
	EMU(0x0e5000f0, 0x004000f0, "STRD (immediate)", check_ldst_dual, RD, R_PAIR | RD, BASE, 0),
	EMU(0x0e500fd0, 0x001000d0, "LDRSB/LDRSH (register)", check_ldst_halfword, WR, 0, BASE,
	    RN),
	EMU(0x0e5000d0, 0x005000d0, "LDRSB/LDRSH (immediate)", check_ldst_halfword, WR, 0, BASE,
	    0),
	REJECT(0, 0, "extra load/store (register), (0) bits", SB_WHY),
	END,
};

/* bits 27:26 = 00 (ARM ARM A5.2) */
static const struct decode_row dp_misc_table[] = {
	REJECT(0x0f0000f0, 0x01000090, "SWP/LDREX/STREX",
	       "SWP and the exclusive-access family (LDREX/STREX) cannot be single-stepped"),
	TABLE(0x0f0000f0, 0x00000090, "multiply", mul_table),
	TABLE(0x0e000090, 0x00000090, "extra load/store", extra_ldst_table),
	EMU(0x0ff00000, 0x03000000, "MOVW", NULL, WN, 0, 0, 0),
	EMU(0x0ff00000, 0x03400000, "MOVT", NULL, RWN, 0, 0, 0),
	TABLE(0x0fb00000, 0x03200000, "MSR (immediate) and hints", hint_table),
	TABLE(0x0f900080, 0x01000000, "miscellaneous", misc_table),
	TABLE(0x0f900090, 0x01000080, "halfword multiply", halfword_mul_table),
	EMU(0x0f90f000, 0x03100000, "data-processing (immediate): compare", NULL, 0, 0, RD, 0),
	REJECT(0x0f900000, 0x03100000, "data-processing (immediate): compare, (0) bits", SB_WHY),
	EMU(0x0faf0000, 0x03a00000, "data-processing (immediate): move", check_dp_pc, WR, 0, 0, 0),
	REJECT(0x0fa00000, 0x03a00000, "data-processing (immediate): move, (0) bits", SB_WHY),
	EMU(0x0e000000, 0x02000000, "data-processing (immediate)", check_dp_pc, WR, 0, RD, 0),
	EMU(0x0f90f090, 0x01100010, "data-processing (register-shifted register): compare", NULL,
	    0, RN, RN, RN),
	REJECT(0x0f900090, 0x01100010, "data-processing (register-shifted register): compare, "
	       "(0) bits", SB_WHY),
	EMU(0x0faf0090, 0x01a00010, "data-processing (register-shifted register): move", NULL, WN,
	    RN, 0, RN),
	REJECT(0x0fa00090, 0x01a00010, "data-processing (register-shifted register): move, "
	       "(0) bits", SB_WHY),
	EMU(0x0e000090, 0x00000010, "data-processing (register-shifted register)", NULL, WN, RN,
	    RN, RN),
	EMU(0x0f90f010, 0x01100000, "data-processing (register): compare", NULL, 0, 0, RD, RD),
	REJECT(0x0f900010, 0x01100000, "data-processing (register): compare, (0) bits", SB_WHY),
	EMU(0x0faf0010, 0x01a00000, "data-processing (register): move", check_dp_pc, WR, 0, 0, RD),
	REJECT(0x0fa00010, 0x01a00000, "data-processing (register): move, (0) bits", SB_WHY),
	EMU(0x0e000010, 0x00000000, "data-processing (register)", check_dp_pc, WR, 0, RD, RD),
	END,
};

/* bits 27:25 = 010, or 011 with bit 4 = 0 (ARM ARM A5.3) */
static const struct decode_row ldst_table[] = {
	SIM(0x0f7f0000, 0x051f0000, "LDR (literal)", sim_ldr_literal, NULL),
	REJECT(0x0d200000, 0x04200000, "LDRT/STRT/LDRBT/STRBT",
	       "unprivileged loads/stores (LDRT/STRT) access memory as user mode"),
	EMU(0x0e000000, 0x04000000, "LDR/STR/LDRB/STRB (immediate)", check_ldst, DATA, 0, BASE, 0),
	EMU(0x0e000010, 0x06000000, "LDR/STR/LDRB/STRB (register)", check_ldst, DATA, 0, BASE, RN),
	END,
};

/* bits 27:25 = 011, bit 4 = 1 (ARM ARM A5.4) */
static const struct decode_row media_table[] = {
	EMU(0x0f800f10, 0x06000f10, "parallel add/subtract", check_parallel, WN, 0, RN, RN),
	REJECT(0x0f800010, 0x06000010, "parallel add/subtract, (1) bits", SB_WHY),
	EMU(0x0ff00030, 0x06800010, "PKHBT/PKHTB", NULL, WN, 0, RN, RN),
	EMU(0x0ff00ff0, 0x06800fb0, "SEL", NULL, WN, 0, RN, RN),
	EMU(0x0fb00ff0, 0x06a00f30, "SSAT16/USAT16", NULL, WN, 0, 0, RN),
	EMU(0x0f8003f0, 0x06800070, "extend (SXTB/UXTB/SXTH/UXTH/...AB/...AH/...B16)", check_extend,
	    WN, 0, R_READ | R_OPT, RN),
	EMU(0x0fa00030, 0x06a00010, "SSAT/USAT", NULL, WN, 0, 0, RN),
	EMU(0x0fbf0f70, 0x06bf0f30, "REV/REV16/RBIT/REVSH", NULL, WN, 0, 0, RN),
	EMU(0x0ff00010, 0x07000010, "SMLAD/SMLSD/SMUAD/SMUSD", check_signed_mul, R_READ | R_OPT, RN,
	    WN, RN),
	EMU(0x0ff00010, 0x07400010, "SMLALD/SMLSLD", check_signed_mul, RWN, RN, RWN, RN),
	EMU(0x0ff00010, 0x07500010, "SMMLA/SMMLS/SMMUL", check_signed_mul, R_READ | R_OPT, RN, WN,
	    RN),
	REJECT(0x0fd00010, 0x07100010, "SDIV/UDIV",
	       "SDIV/UDIV are not implemented on every ARMv7-A core (Cortex-A9 lacks them)"),
	EMU(0x0ff000f0, 0x07800010, "USAD8/USADA8", NULL, R_READ | R_OPT, RN, WN, RN),
	EMU(0x0fa00070, 0x07a00050, "SBFX/UBFX", check_bfx, WN, 0, 0, RN),
	EMU(0x0fe00070, 0x07c00010, "BFC/BFI", check_bfi, RWN, 0, 0, R_READ | R_OPT),
	REJECT(0x0ff000f0, 0x07f000f0, "UDF",
	       "UDF is permanently undefined (it is the probe breakpoint itself)"),
	REJECT(0, 0, "media (other)", "unallocated media encoding"),
	END,
};

/* bits 27:26 = 10 (ARM ARM A5.5) */
static const struct decode_row branch_block_table[] = {
	SIM(0x0e000000, 0x0a000000, "B/BL", sim_branch, NULL),
	REJECT(0x0e400000, 0x08400000, "LDM/STM (user registers, exception return)",
	       "LDM/STM with the S bit transfer user-mode registers or return from an exception"),
	SIM(0x0e100000, 0x08000000, "STM/PUSH", sim_ldm_stm, check_ldm_stm),
	SIM(0x0e100000, 0x08100000, "LDM/POP", sim_ldm_stm, check_ldm_stm),
	END,
};

/* bits 27:26 = 11 (ARM ARM A5.6) */
static const struct decode_row coproc_table[] = {
	REJECT(0x0f000000, 0x0f000000, "SVC", "SVC raises a supervisor call exception"),
	REJECT(0x0f100f10, 0x0e100f10, "MRC p15", "MRC p15 is not safe to single-step"),
	REJECT(0x0f100f10, 0x0e000f10, "MCR p15",
	       "MCR p15 changes system control state and cannot be single-stepped"),
	REJECT(0x0fe00f00, 0x0c400f00, "MCRR/MRRC p15",
	       "MCRR/MRRC p15 (64-bit system registers) are not safe to single-step"),
	REJECT(0x0f000f10, 0x0e000e10, "MRC/MCR p14", "MRC/MCR p14 access the debug registers"),
	REJECT(0x0c000e00, 0x0c000a00, "VFP/Advanced SIMD",
	       "VFP/Advanced SIMD instructions are not used by this soft-float kernel"),
	REJECT(0, 0, "coprocessor (other)",
	       "coprocessor instructions (LDC/STC/CDP/MCR/MRC) are not safe to single-step"),
	END,
};

const struct decode_row arm_decode_top[] = {
	TABLE(0xf0000000, 0xf0000000, "unconditional", uncond_table),
	TABLE(0x0c000000, 0x00000000, "data-processing and miscellaneous", dp_misc_table),
	TABLE(0x0e000010, 0x06000010, "media", media_table),
	TABLE(0x0c000000, 0x04000000, "load/store word and byte", ldst_table),
	TABLE(0x0c000000, 0x08000000, "branch and block transfer", branch_block_table),
	TABLE(0x0c000000, 0x0c000000, "coprocessor and supervisor call", coproc_table),
	END,
};

/* arm_probe_execute() calls the rows' simulation routines through
 * pi->exec on every hit (the checkers run when a probe is prepared). */
NOPROBE_TABLE(uncond_table);
NOPROBE_TABLE(hint_table);
NOPROBE_TABLE(misc_table);
NOPROBE_TABLE(halfword_mul_table);
NOPROBE_TABLE(mul_table);
NOPROBE_TABLE(extra_ldst_table);
NOPROBE_TABLE(dp_misc_table);
NOPROBE_TABLE(ldst_table);
NOPROBE_TABLE(media_table);
NOPROBE_TABLE(branch_block_table);
NOPROBE_TABLE(coproc_table);
NOPROBE_TABLE(arm_decode_top);
