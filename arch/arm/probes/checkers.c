/*
 * Checkers: refuse the variants of an otherwise supported class that are
 * UNPREDICTABLE in ARMv7 or unsafe to run from a probe. Each returns 0 or
 * -EINVAL with a static reason naming what is wrong.
 */
#include <ek/errno.h>
#include "decode_table.h"

static int refuse(const char **reason, const char *why)
{
	*reason = why;
	return -EINVAL;
}

/*
 * A probed store relative to sp writes into the gap entry.S leaves below
 * the interrupted sp; more than ARM_PROBE_STACK_REACH bytes below would hit
 * the exception frame. Register offsets cannot be bounded at all.
 */
static int check_stack_reach(u32 insn, u32 imm, bool reg_offset, const char **reason)
{
	if (INSN_L(insn) || insn_reg(insn, 16) != 13)
		return 0;
	if (reg_offset)
		return refuse(reason, "stores relative to the stack pointer with a register offset "
				      "cannot be bounded to the exception gap");
	if (INSN_P(insn) && !INSN_U(insn) && imm > ARM_PROBE_STACK_REACH)
		return refuse(reason, "stores below the stack pointer beyond the 64-byte exception gap");
	return 0;
}

/* Rules shared by every single load/store: base writeback and PC base. */
static int check_base(u32 insn, unsigned int rt, const char **reason)
{
	unsigned int rn = insn_reg(insn, 16);

	if (INSN_WBACK(insn) && (rn == 15 || rn == rt))
		return refuse(reason, "load/store with writeback where the base is the PC or the "
				      "transferred register is UNPREDICTABLE");
	if (!INSN_L(insn) && rn == 15)
		return refuse(reason, "stores relative to the PC would write kernel text");
	return 0;
}

/* LDR/STR/LDRB/STRB, immediate (bit 25 clear) or register offset */
int check_ldst(u32 insn, const char **reason)
{
	unsigned int rt = insn_reg(insn, 12);
	bool byte = insn & (1u << 22), reg = insn & (1u << 25);

	if (rt == 15 && (byte || !INSN_L(insn)))
		return refuse(reason, byte ? "LDRB/STRB with the PC as data register is UNPREDICTABLE"
					   : "STR of the PC is not supported (deprecated in ARMv7)");
	if (check_base(insn, rt, reason))
		return -EINVAL;
	return check_stack_reach(insn, insn & 0xfff, reg, reason);
}

static u32 split_imm8(u32 insn)
{
	return ((insn >> 4) & 0xf0) | (insn & 0xf);
}

/* LDRH/STRH/LDRSB/LDRSH */
int check_ldst_halfword(u32 insn, const char **reason)
{
	unsigned int rt = insn_reg(insn, 12);

	if (!INSN_P(insn) && INSN_W(insn))
		return refuse(reason, "unprivileged loads/stores (LDRHT/STRHT/LDRSBT/LDRSHT) access "
				      "memory as user mode");
	if (rt == 15)
		return refuse(reason, "halfword/signed loads and stores with the PC as data register "
				      "are UNPREDICTABLE");
	if (check_base(insn, rt, reason))
		return -EINVAL;
	return check_stack_reach(insn, split_imm8(insn), !(insn & (1u << 22)), reason);
}

/* LDRD/STRD: the L bit does not tell them apart, bit 5 does (set: STRD). */
int check_ldst_dual(u32 insn, const char **reason)
{
	unsigned int rt = insn_reg(insn, 12), rn = insn_reg(insn, 16), rm = insn_reg(insn, 0);
	bool store = insn & (1u << 5), reg = !(insn & (1u << 22));

	if (!INSN_P(insn) && INSN_W(insn))
		return refuse(reason, "LDRD/STRD with post-index and W set is UNPREDICTABLE");
	if ((rt & 1) || rt == 14)
		return refuse(reason, "LDRD/STRD need an even first register below LR");
	if (INSN_WBACK(insn) && (rn == 15 || rn == rt || rn == rt + 1))
		return refuse(reason, "LDRD/STRD with writeback to the PC or a transferred register "
				      "is UNPREDICTABLE");
	if (!store && reg && (rm == rt || rm == rt + 1))
		return refuse(reason, "LDRD with the offset register among the loaded ones is "
				      "UNPREDICTABLE");
	if (store && rn == 15)
		return refuse(reason, "stores relative to the PC would write kernel text");
	if (!store || insn_reg(insn, 16) != 13)
		return 0;
	if (reg)
		return refuse(reason, "stores relative to the stack pointer with a register offset "
				      "cannot be bounded to the exception gap");
	if (INSN_P(insn) && !INSN_U(insn) && split_imm8(insn) > ARM_PROBE_STACK_REACH)
		return refuse(reason, "stores below the stack pointer beyond the 64-byte exception gap");
	return 0;
}

/* LDM/STM (the S forms have their own reject row) */
int check_ldm_stm(u32 insn, const char **reason)
{
	unsigned int rn = insn_reg(insn, 16);
	u32 list = insn & 0xffff;

	if (rn == 15 || !list)
		return refuse(reason, "LDM/STM with the PC as base or an empty list is UNPREDICTABLE");
	if (INSN_W(insn) && (list & (1u << rn)))
		return refuse(reason, "LDM/STM with writeback and the base in the list is UNPREDICTABLE");
	if (!INSN_L(insn) && (list & 0x8000))
		return refuse(reason, "STM of the PC is not supported (deprecated in ARMv7)");
	return 0;
}

/* Data-processing writing the PC with S set is an exception return. */
int check_dp_pc(u32 insn, const char **reason)
{
	if ((insn & (1u << 20)) && insn_reg(insn, 12) == 15)
		return refuse(reason, "data-processing with S and the PC as destination is an "
				      "exception return");
	return 0;
}

int check_long_mul(u32 insn, const char **reason)
{
	if (insn_reg(insn, 16) == insn_reg(insn, 12))
		return refuse(reason, "long multiply with RdHi == RdLo is UNPREDICTABLE");
	return 0;
}

/* MSR to the APSR only: writing mode or mask bits is not a probe's business. */
int check_msr(u32 insn, const char **reason)
{
	u32 mask = (insn >> 16) & 15;

	if (mask & 3)
		return refuse(reason, "MSR to CPSR control bits (mode, interrupt masks) cannot be "
				      "probed");
	if (!mask)
		return refuse(reason, "MSR with an empty field mask is UNPREDICTABLE");
	if (!(insn & (1u << 25)) && insn_reg(insn, 0) == 15)
		return refuse(reason, "MSR from the PC is UNPREDICTABLE");
	return 0;
}

int check_mrs(u32 insn, const char **reason)
{
	if (insn_reg(insn, 12) == 15)
		return refuse(reason, "MRS to the PC is UNPREDICTABLE");
	return 0;
}

int check_blx_reg(u32 insn, const char **reason)
{
	if (insn_reg(insn, 0) == 15)
		return refuse(reason, "BLX to the PC is UNPREDICTABLE");
	return 0;
}

/* SADD16..USUB8: op1 (bits 21:20) 00 and op2 (7:5) 101/110 are unallocated. */
int check_parallel(u32 insn, const char **reason)
{
	u32 op2 = (insn >> 5) & 7;

	if (!(insn & (3u << 20)) || op2 == 5 || op2 == 6)
		return refuse(reason, "unallocated parallel add/subtract encoding");
	return 0;
}

/* SXTAB16..UXTAH: op1 (bits 22:20) 001 and 101 are unallocated. */
int check_extend(u32 insn, const char **reason)
{
	if (((insn >> 20) & 3) == 1)
		return refuse(reason, "unallocated extend encoding");
	return 0;
}

/* SMLAD..SMMLS: the valid op2 (bits 7:5) depend on op1 (bits 22:20). */
int check_signed_mul(u32 insn, const char **reason)
{
	u32 op1 = (insn >> 20) & 7, op2 = (insn >> 5) & 7;

	if ((op1 == 0 || op1 == 4) && op2 > 3)
		return refuse(reason, "unallocated signed multiply encoding");
	if (op1 == 5 && (op2 == 2 || op2 == 3 || op2 == 4 || op2 == 5))
		return refuse(reason, "unallocated signed multiply encoding");
	if (op1 == 5 && op2 >= 6 && insn_reg(insn, 12) == 15)
		return refuse(reason, "SMMLS without an accumulator is UNPREDICTABLE");
	if (op1 == 4)
		return check_long_mul(insn, reason);
	return 0;
}

/* BFC/BFI need msb >= lsb; SBFX/UBFX need lsb + width <= 32. */
int check_bfi(u32 insn, const char **reason)
{
	u32 lsb = (insn >> 7) & 31, msb = (insn >> 16) & 31;

	if (msb < lsb)
		return refuse(reason, "BFC/BFI with msb below lsb is UNPREDICTABLE");
	return 0;
}

int check_bfx(u32 insn, const char **reason)
{
	u32 lsb = (insn >> 7) & 31, widthm1 = (insn >> 16) & 31;

	if (lsb + widthm1 > 31)
		return refuse(reason, "SBFX/UBFX reaching beyond bit 31 is UNPREDICTABLE");
	return 0;
}

/* PLD/PLDW/PLI (register): Rm the PC, or PLDW (bit 22 clear) based on it. */
int check_preload_reg(u32 insn, const char **reason)
{
	if (insn_reg(insn, 0) == 15 || (!(insn & (1u << 22)) && insn_reg(insn, 16) == 15))
		return refuse(reason, "PLD/PLDW/PLI (register) with the PC is UNPREDICTABLE");
	return 0;
}
