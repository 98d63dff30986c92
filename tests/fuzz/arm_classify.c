/*
 * A32 classification from the ARMv7-A/R ARM (DDI 0406C). Structure follows
 * the manual's decode tables (A5.1 top level, A5.2 data-processing and
 * miscellaneous, A5.3 load/store word and byte, A5.4 media, A5.5 branch and
 * block transfer, A5.7 unconditional); each leaf applies the "if ... then
 * UNPREDICTABLE" lines of the instruction's decode pseudocode and its
 * should-be-zero/one fields. Where the manual was not certain enough to
 * call something UNPREDICTABLE here, the rule errs towards DEFINED: a false
 * alarm costs more than a rule left out (the decoder's own checks stay).
 */
#include <stdbool.h>

#include "arm_classify.h"

#define B(i, hi, lo) (((i) >> (lo)) & ((1u << ((hi) - (lo) + 1)) - 1))
#define BIT(i, n) (((i) >> (n)) & 1u)

static enum arm_class verdict(enum arm_class c, const char *rule, const char **why)
{
	*why = rule;
	return c;
}

#define DEF(r) verdict(ARM_DEFINED, r, why)
#define UNDEF(r) verdict(ARM_UNDEFINED, r, why)
#define UNPRED(r) verdict(ARM_UNPREDICTABLE, r, why)
#define OTHER(r) verdict(ARM_UNMODELLED, r, why)
/* (0) and (1) fields: bits of @mask must read as @val */
#define SB(i, mask, val) (((i) & (mask)) == (val))

static unsigned rn(uint32_t i) { return B(i, 19, 16); }
static unsigned rd(uint32_t i) { return B(i, 15, 12); }
static unsigned rs(uint32_t i) { return B(i, 11, 8); }
static unsigned rm(uint32_t i) { return B(i, 3, 0); }

/* A5.2.1-A5.2.3: opcode bits 24:21; compares have Rd (0000), moves Rn. */
static enum arm_class data_processing(uint32_t i, bool regshift, const char **why)
{
	unsigned op = B(i, 24, 21);
	bool compare = op >= 8 && op <= 11, move = op == 13 || op == 15;

	if (compare && !BIT(i, 20))
		return UNDEF("data-processing: compare without S is not here");
	if (compare && rd(i))
		return UNPRED("TST/TEQ/CMP/CMN: Rd field is (0)(0)(0)(0)");
	if (move && rn(i))
		return UNPRED("MOV/MVN/shifts: Rn field is (0)(0)(0)(0)");
	if (regshift && (rs(i) == 15 || rm(i) == 15 || (!move && rn(i) == 15) ||
			 (!compare && rd(i) == 15)))
		return UNPRED("register-shifted register with the PC");
	return DEF("data-processing");
}

/* A5.2.5 */
static enum arm_class multiply(uint32_t i, const char **why)
{
	unsigned op = B(i, 23, 20), d = rn(i), a = rd(i);

	switch (op >> 1) {
	case 0: /* MUL */
		if (a)
			return UNPRED("MUL: bits 15:12 are (0)");
		if (d == 15 || rs(i) == 15 || rm(i) == 15)
			return UNPRED("MUL with the PC");
		return DEF("MUL");
	case 1: /* MLA */
	case 3: /* MLS (0110); 0111 unallocated */
		if (op == 7)
			return UNDEF("multiply op 0111");
		if (d == 15 || a == 15 || rs(i) == 15 || rm(i) == 15)
			return UNPRED("MLA/MLS with the PC");
		return DEF("MLA/MLS");
	case 2: /* UMAAL (0100); 0101 unallocated */
		if (op == 5)
			return UNDEF("multiply op 0101");
		/* fall through */
	default: /* UMULL UMLAL SMULL SMLAL */
		if (d == 15 || a == 15 || rs(i) == 15 || rm(i) == 15)
			return UNPRED("long multiply with the PC");
		if (d == a)
			return UNPRED("long multiply with RdHi == RdLo");
		return DEF("long multiply");
	}
}

/* A5.2.7 */
static enum arm_class halfword_multiply(uint32_t i, const char **why)
{
	unsigned op1 = B(i, 22, 21), d = rn(i), a = rd(i);
	bool no_acc = op1 == 3 || (op1 == 1 && BIT(i, 5));

	if (no_acc && a)
		return UNPRED("SMUL<x><y>/SMULW<y>: bits 15:12 are (0)");
	if (d == 15 || rs(i) == 15 || rm(i) == 15 || (!no_acc && a == 15))
		return UNPRED("halfword multiply with the PC");
	if (op1 == 2 && d == a)
		return UNPRED("SMLAL<x><y> with RdHi == RdLo");
	return DEF("halfword multiply");
}

/* A5.2.12 */
static enum arm_class misc(uint32_t i, const char **why)
{
	unsigned op2 = B(i, 6, 4), op = B(i, 22, 21);

	switch (op2) {
	case 0:
		if (BIT(i, 9))
			return OTHER("MRS/MSR (banked register)");
		if (!(op & 1)) { /* MRS */
			if (!SB(i, 0x000f0dff, 0x000f0000))
				return UNPRED("MRS: (1) and (0) fields");
			return rd(i) == 15 ? UNPRED("MRS to the PC") : DEF("MRS");
		}
		if (!SB(i, 0x0000fd00, 0x0000f000))
			return UNPRED("MSR (register): (1) and (0) fields");
		if (!B(i, 19, 16) || rm(i) == 15)
			return UNPRED("MSR (register): empty mask or the PC");
		return DEF("MSR (register)");
	case 1:
		if (op == 1)
			return SB(i, 0x000fff00, 0x000fff00) ? DEF("BX") : UNPRED("BX: (1) fields");
		if (op == 3) {
			if (!SB(i, 0x000f0f00, 0x000f0f00))
				return UNPRED("CLZ: (1) fields");
			return rd(i) == 15 || rm(i) == 15 ? UNPRED("CLZ with the PC") : DEF("CLZ");
		}
		return UNDEF("miscellaneous op2 001");
	case 2:
		return op == 1 ? OTHER("BXJ") : UNDEF("miscellaneous op2 010");
	case 3:
		if (op != 1)
			return UNDEF("miscellaneous op2 011");
		if (!SB(i, 0x000fff00, 0x000fff00))
			return UNPRED("BLX (register): (1) fields");
		return rm(i) == 15 ? UNPRED("BLX to the PC") : DEF("BLX (register)");
	case 5:
		if (rs(i))
			return UNPRED("QADD/QSUB: bits 11:8 are (0)");
		if (rd(i) == 15 || rn(i) == 15 || rm(i) == 15)
			return UNPRED("saturating add/subtract with the PC");
		return DEF("saturating add/subtract");
	case 6:
		return op == 3 ? OTHER("ERET") : UNDEF("miscellaneous op2 110");
	case 7:
		return op ? OTHER("BKPT/HVC/SMC") : UNDEF("miscellaneous op2 111");
	default:
		return UNDEF("miscellaneous op2 100");
	}
}

/* A5.2.8: STRH LDRH LDRD LDRSB STRD LDRSH, P/W other than post-index+W. */
static enum arm_class extra_load_store(uint32_t i, const char **why)
{
	unsigned op2 = B(i, 6, 5), t = rd(i), n = rn(i), m = rm(i);
	bool p = BIT(i, 24), w = BIT(i, 21), imm = BIT(i, 22), l = BIT(i, 20);
	bool wback = !p || w, dual = op2 != 1 && !l;

	if (!imm && rs(i))
		return UNPRED("extra load/store (register): bits 11:8 are (0)");
	if (!imm && m == 15)
		return UNPRED("extra load/store: Rm is the PC");
	if (dual) { /* LDRD (op2 10) and STRD (op2 11) */
		if (t & 1)
			return UNPRED("LDRD/STRD: odd Rt");
		if (t + 1 == 15)
			return UNPRED("LDRD/STRD: Rt2 is the PC");
		if (wback && (n == 15 || n == t || n == t + 1))
			return UNPRED("LDRD/STRD writeback to the PC or a transferred register");
		if (op2 == 2 && !imm && (m == t || m == t + 1))
			return UNPRED("LDRD (register): Rm among the loaded registers");
		return DEF("LDRD/STRD");
	}
	if (t == 15)
		return UNPRED("halfword/signed load or store of the PC");
	if (l && imm && n == 15 && p == w)
		return UNPRED("LDRH/LDRSB/LDRSH (literal) with P == W");
	if (wback && (n == 15 || n == t))
		return UNPRED("halfword load/store writeback to the PC or Rt");
	return DEF("halfword/signed load or store");
}

/* A5.2 */
static enum arm_class dp_misc(uint32_t i, const char **why)
{
	unsigned op1 = B(i, 24, 20), op2 = B(i, 7, 4);
	bool imm = BIT(i, 25), misc_space = (op1 & 0x19) == 0x10; /* 10xx0 */

	if (imm) {
		if (op1 == 0x10 || op1 == 0x14) /* MOVW, MOVT */
			return rd(i) == 15 ? UNPRED("MOVW/MOVT to the PC") : DEF("MOVW/MOVT");
		if ((op1 & 0x1b) == 0x12) { /* A5.2.11 MSR (immediate) and hints */
			if (!SB(i, 0x0000f000, 0x0000f000))
				return UNPRED("MSR (immediate)/hints: bits 15:12 are (1)");
			if (B(i, 19, 16))
				return DEF("MSR (immediate)");
			if (BIT(i, 22))
				return UNPRED("MSR (immediate) SPSR with an empty mask");
			if (B(i, 11, 8))
				return UNPRED("hints: bits 11:8 are (0)");
			return B(i, 7, 0) <= 4 || B(i, 7, 4) == 15 ? DEF("hint") : OTHER("reserved hint");
		}
		if (misc_space)
			return UNDEF("data-processing (immediate) 10xx0");
		return data_processing(i, false, why);
	}
	if (op2 == 9)
		return op1 & 0x10 ? OTHER("synchronization primitives") : multiply(i, why);
	if ((op2 & 9) == 9) { /* 1011, 1101, 1111 */
		if ((op1 & 0x12) == 0x02)
			return OTHER("extra load/store unprivileged");
		return extra_load_store(i, why);
	}
	if (misc_space)
		return op2 & 8 ? halfword_multiply(i, why) : misc(i, why);
	return data_processing(i, op2 & 1, why);
}

/* A5.3 */
static enum arm_class load_store(uint32_t i, const char **why)
{
	unsigned t = rd(i), n = rn(i), m = rm(i);
	bool reg = BIT(i, 25), p = BIT(i, 24), byte = BIT(i, 22), w = BIT(i, 21), l = BIT(i, 20);
	bool wback = !p || w;

	if (!p && w)
		return OTHER("LDRT/STRT/LDRBT/STRBT");
	if (reg && m == 15)
		return UNPRED("load/store (register): Rm is the PC");
	if (byte && t == 15)
		return UNPRED("LDRB/STRB of the PC");
	if (l && !reg && n == 15) /* LDR/LDRB (literal) */
		return wback ? UNPRED("LDR/LDRB (literal) with writeback") : DEF("LDR/LDRB (literal)");
	if (wback && (n == 15 || n == t))
		return UNPRED("load/store writeback to the PC or Rt");
	return DEF("load/store word or byte");
}

/* A5.4.1, A5.4.2 */
static enum arm_class parallel(uint32_t i, const char **why)
{
	unsigned op1 = B(i, 21, 20), op2 = B(i, 7, 5);

	if (!op1 || op2 == 5 || op2 == 6)
		return UNDEF("parallel add/subtract: unallocated op");
	if (B(i, 11, 8) != 15)
		return UNPRED("parallel add/subtract: bits 11:8 are (1)");
	if (rd(i) == 15 || rn(i) == 15 || rm(i) == 15)
		return UNPRED("parallel add/subtract with the PC");
	return DEF("parallel add/subtract");
}

/* A5.4.3 */
static enum arm_class pack_sat_rev(uint32_t i, const char **why)
{
	unsigned op1 = B(i, 22, 20), op2 = B(i, 7, 5), d = rd(i), m = rm(i);

	if (op1 == 0 && !(op2 & 1)) /* PKHBT/PKHTB */
		return d == 15 || rn(i) == 15 || m == 15 ? UNPRED("PKH with the PC") : DEF("PKH");
	if ((op1 & 6) == 2 && !(op2 & 1)) /* SSAT */
		return d == 15 || m == 15 ? UNPRED("SSAT with the PC") : DEF("SSAT");
	if ((op1 & 6) == 6 && !(op2 & 1)) /* USAT */
		return d == 15 || m == 15 ? UNPRED("USAT with the PC") : DEF("USAT");
	if (op2 == 3 && op1 != 1 && op1 != 5) { /* extends, with or without add */
		if (B(i, 9, 8))
			return UNPRED("extend: bits 9:8 are (0)");
		return d == 15 || m == 15 ? UNPRED("extend with the PC") : DEF("extend");
	}
	if ((op1 == 0 && op2 == 5) || ((op1 == 2 || op1 == 6) && op2 == 1)) { /* SEL, SAT16 */
		if (B(i, 11, 8) != 15)
			return UNPRED("SEL/SSAT16/USAT16: bits 11:8 are (1)");
		if (d == 15 || m == 15 || (op1 == 0 && rn(i) == 15))
			return UNPRED("SEL/SSAT16/USAT16 with the PC");
		return DEF("SEL/SSAT16/USAT16");
	}
	if ((op1 == 3 || op1 == 7) && (op2 == 1 || op2 == 5)) { /* REV REV16 RBIT REVSH */
		if (!SB(i, 0x000f0f00, 0x000f0f00))
			return UNPRED("REV/REV16/RBIT/REVSH: (1) fields");
		return d == 15 || m == 15 ? UNPRED("REV family with the PC") : DEF("REV family");
	}
	return UNDEF("packing/saturation/reversal: unallocated");
}

/* A5.4.4 */
static enum arm_class signed_multiply(uint32_t i, const char **why)
{
	unsigned op1 = B(i, 22, 20), op2 = B(i, 7, 5), d = rn(i), a = rd(i);
	bool pc = d == 15 || rs(i) == 15 || rm(i) == 15;

	if ((op1 == 0 || op1 == 4) && op2 < 4) { /* SMLAD SMLSD SMUAD SMUSD, SMLALD SMLSLD */
		if (pc || (op1 == 4 && a == 15))
			return UNPRED("dual signed multiply with the PC");
		if (op1 == 4 && a == d)
			return UNPRED("SMLALD/SMLSLD with RdHi == RdLo");
		return DEF("dual signed multiply");
	}
	if ((op1 == 1 || op1 == 3) && op2 == 0)
		return OTHER("SDIV/UDIV (optional in ARMv7-A)");
	if (op1 == 5 && (op2 < 2 || op2 >= 6)) { /* SMMLA SMMUL, SMMLS */
		if (pc || (op2 >= 6 && a == 15))
			return UNPRED("SMMLA/SMMUL/SMMLS with the PC");
		return DEF("most significant word multiply");
	}
	return UNDEF("signed multiply: unallocated");
}

/* A5.4 */
static enum arm_class media(uint32_t i, const char **why)
{
	unsigned op1 = B(i, 24, 20), op2 = B(i, 7, 5), d = rd(i);

	if (op1 < 0x08)
		return parallel(i, why);
	if (op1 < 0x10)
		return pack_sat_rev(i, why);
	if (op1 < 0x18)
		return signed_multiply(i, why);
	if (op1 == 0x18 && op2 == 0) /* USAD8/USADA8 */
		return rn(i) == 15 || rs(i) == 15 || rm(i) == 15 ? UNPRED("USAD8 with the PC")
								 : DEF("USAD8/USADA8");
	if ((op1 & 0x1e) == 0x1a || (op1 & 0x1e) == 0x1e) { /* SBFX, UBFX */
		if ((op1 & 0x1e) == 0x1e && op2 == 7)
			return UNDEF("UDF: permanently undefined");
		if ((op2 & 3) != 2)
			return UNDEF("bit-field extract: unallocated");
		if (d == 15 || rm(i) == 15)
			return UNPRED("SBFX/UBFX with the PC");
		return B(i, 11, 7) + B(i, 20, 16) > 31 ? UNPRED("SBFX/UBFX beyond bit 31")
						      : DEF("SBFX/UBFX");
	}
	if ((op1 & 0x1e) == 0x1c && (op2 & 3) == 0) { /* BFC, BFI */
		if (d == 15)
			return UNPRED("BFC/BFI to the PC");
		return B(i, 20, 16) < B(i, 11, 7) ? UNPRED("BFC/BFI with msb below lsb")
						 : DEF("BFC/BFI");
	}
	return UNDEF("media: unallocated");
}

/* A5.5 */
static enum arm_class branch_block(uint32_t i, const char **why)
{
	unsigned n = rn(i), list = B(i, 15, 0);

	if (BIT(i, 25))
		return DEF("B/BL");
	if (BIT(i, 22))
		return OTHER("LDM/STM (user registers, exception return)");
	if (n == 15 || !list)
		return UNPRED("LDM/STM: PC base or empty list");
	if (BIT(i, 20) && BIT(i, 21) && (list >> n & 1))
		return UNPRED("LDM with writeback and the base in the list");
	return DEF("LDM/STM");
}

/* A5.7, A5.7.1 */
static enum arm_class unconditional(uint32_t i, const char **why)
{
	unsigned op1 = B(i, 26, 20), op2 = B(i, 7, 4);

	if (B(i, 27, 25) == 5)
		return DEF("BLX (immediate)");
	if (BIT(i, 27))
		return OTHER("SRS/RFE/coprocessor (unconditional)");
	if ((op1 & 0x60) == 0x20 || (op1 & 0x71) == 0x40)
		return OTHER("Advanced SIMD");
	if (op1 == 0x10)
		return OTHER("CPS/SETEND");
	if (op1 == 0x57) {
		if (!SB(i, 0x000fff00, 0x000ff000))
			return UNPRED("barriers: (1) and (0) fields");
		if (op2 == 1)
			return OTHER("CLREX");
		return op2 >= 4 && op2 <= 6 ? DEF("DSB/DMB/ISB") : UNPRED("barrier space op2");
	}
	if ((op1 & 0x77) == 0x41 || ((op1 & 0x77) == 0x61 && !(op2 & 1)))
		return OTHER("unallocated memory hint (NOP)");
	if ((op1 & 0x77) == 0x45 || (op1 & 0x77) == 0x51 || (op1 & 0x77) == 0x55 ||
	    (((op1 & 0x77) == 0x65 || (op1 & 0x77) == 0x71 || (op1 & 0x77) == 0x75) &&
	     !(op2 & 1))) {
		bool reg = BIT(i, 25), pldw = (op1 & 0x77) == 0x51 || (op1 & 0x77) == 0x71;

		if (B(i, 15, 12) != 15)
			return UNPRED("PLD/PLDW/PLI: bits 15:12 are (1)");
		if (reg && (rm(i) == 15 || (pldw && rn(i) == 15)))
			return UNPRED("PLD/PLDW/PLI (register) with the PC");
		if (!reg && pldw && rn(i) == 15)
			return UNPRED("PLDW (literal)");
		return DEF("PLD/PLDW/PLI");
	}
	if ((op1 & 0x77) == 0x43 || op1 == 0x53 || (op1 & 0x7b) == 0x5b ||
	    ((op1 & 0x63) == 0x63 && !(op2 & 1)))
		return UNPRED("unpredictable memory hint space");
	return UNDEF("unconditional: unallocated");
}

enum arm_class arm_classify(uint32_t i, const char **why)
{
	if (B(i, 31, 28) == 15)
		return unconditional(i, why);
	switch (B(i, 27, 25)) {
	case 0:
	case 1:
		return dp_misc(i, why);
	case 2:
		return load_store(i, why);
	case 3:
		return BIT(i, 4) ? media(i, why) : load_store(i, why);
	case 4:
	case 5:
		return branch_block(i, why);
	default:
		return OTHER("coprocessor and supervisor call");
	}
}
