/*
 * Opcode extensions by ModRM.reg (SDM vol. 2, table A-6) and the x87
 * escape validity tables (tables ). Entries left zero are
 * reserved and refused.
 */
#include "insn_tables.h"

/* The same entries for the memory and the register forms. */
#define BOTH(...) .mem = { __VA_ARGS__ }, .reg = { __VA_ARGS__ }

#define XL X_(OP_LOCK, X86_IMM_NONE, 0)	/* lockable with a memory operand */
#define XP X_PLAIN

/* 0F 01 with mod == 3: the instruction is the whole ModRM byte. */
static const struct x86_op grp7_reg[64] = {
	[0x00 ... 0x07] = X_UNSUP(W_VMX),		/* enclv, vmcall, vmlaunch, ... */
	[0x08] = X_C(X86_C_PRIV),			/* monitor */
	[0x09] = X_C(X86_C_PRIV),			/* mwait */
	[0x0a] = X_C(X86_C_PRIV),			/* clac (CPL 0 only) */
	[0x0b] = X_C(X86_C_PRIV),			/* stac */
	[0x0f] = X_UNSUP(W_VMX),			/* encls */
	[0x10] = XP,					/* xgetbv */
	[0x11] = X_C(X86_C_PRIV | X86_C_SERIAL),	/* xsetbv */
	[0x14 ... 0x17] = X_UNSUP(W_VMX),		/* vmfunc, xend, xtest, enclu */
	[0x18 ... 0x1f] = X_UNSUP(W_VMX),		/* SVM */
	[0x20 ... 0x27] = XP,				/* smsw r */
	[0x30 ... 0x37] = X_C(X86_C_PRIV | X86_C_SERIAL), /* lmsw r */
	[0x39] = XP,					/* rdtscp */
};

/* 0F AE with mod == 3: lfence E8, mfence F0, sfence F8 (the SDM's encodings) */
static const struct x86_op grp15_reg[64] = {
	[0x28] = X_SSE(PM_NP, 0, 0),
	[0x30] = X_SSE(PM_NP, 0, 0),
	[0x38] = X_SSE(PM_NP, 0, 0),
};

/* mov to/from a control or debug register: which registers exist. */
#define CRX X_C(X86_C_PRIV | X86_C_SERIAL)

const struct x86_group x86_groups[G_NR] = {
	/* add or adc sbb and sub xor: lockable; cmp not */
	[G_1] = { BOTH(XL, XL, XL, XL, XL, XL, XL, XP) },
	[G_1A] = { BOTH(XP) },	/* pop Ev */
	/* rol ror rcl rcr shl shr sal(AMD's alias of shl) sar */
	[G_2] = { BOTH(XP, XP, XP, XP, XP, XP, XP, XP) },
	/* test ib (/1: AMD documents it as test), not neg (lockable), mul imul div idiv */
	[G_3B] = { BOTH(X_IB, X_IB, XL, XL, XP, XP, XP, XP) },
	[G_3Z] = { BOTH(X_IZ, X_IZ, XL, XL, XP, XP, XP, XP) },
	[G_4] = { BOTH(XL, XL) },	/* inc, dec Eb */
	[G_5] = {
		.mem = { XL, XL,
			 X_C(X86_C_CALL | X86_C_INDIRECT),		/* call *Ev */
			 X_C(X86_C_CALL | X86_C_INDIRECT | X86_C_FAR),	/* lcall *Mp */
			 X_C(X86_C_INDIRECT),				/* jmp *Ev */
			 X_C(X86_C_INDIRECT | X86_C_FAR),		/* ljmp *Mp */
			 XP },						/* push Ev */
		.reg = { XL, XL, X_C(X86_C_CALL | X86_C_INDIRECT), { 0, .why = W_REG_FORM },
			 X_C(X86_C_INDIRECT), { 0, .why = W_REG_FORM }, XP },
	},
	/* mov Eb,ib / Ev,iz: only /0; C6 F8 and C7 F8 are xabort/xbegin (TSX) */
	[G_11B] = { .mem = { XP }, .reg = { XP, [7] = X_UNSUP(W_TSX) } },
	[G_11Z] = { .mem = { XP }, .reg = { XP, [7] = X_UNSUP(W_TSX) } },
	/* mov es/-/ss/ds/fs/gs: loading cs is #UD; ss opens an interrupt shadow */
	/* mov from es cs ss ds fs gs; there are no segment registers 6 and 7 */
	[G_SREG_ST] = { BOTH(XP, XP, XP, XP, XP, XP) },
	[G_SREG] = { BOTH(XP, { 0 }, X_C(X86_C_SHADOW), XP, XP, XP) },
	/* sldt str lldt ltr verr verw */
	[G_6] = { BOTH(XP, XP, X_C(X86_C_PRIV | X86_C_SERIAL), X_C(X86_C_PRIV | X86_C_SERIAL), XP,
		       XP) },
	[G_7] = {
		/* sgdt sidt lgdt lidt smsw - lmsw invlpg */
		.mem = { XP, XP, X_C(X86_C_PRIV | X86_C_SERIAL), X_C(X86_C_PRIV | X86_C_SERIAL), XP,
			 { 0 }, X_C(X86_C_PRIV | X86_C_SERIAL), X_C(X86_C_PRIV | X86_C_SERIAL) },
		.reg_rm = grp7_reg,
	},
	[G_CR] = { BOTH(CRX, { 0 }, CRX, CRX, CRX) },	/* cr0 cr2 cr3 cr4 */
	[G_DR] = { BOTH(CRX, CRX, CRX, CRX, CRX, CRX, CRX, CRX) },
	/* bt bts btr btc Ev,ib */
	[G_8] = { BOTH([4] = XP, [5] = XL, [6] = XL, [7] = XL) },
	[G_9] = {
		/* cmpxchg8b; xrstors/xsavec/xsaves and the VMX pointers are not modelled */
		.mem = { [1] = XL, [3] = X_UNSUP(W_SSTATE), [4] = X_UNSUP(W_SSTATE),
			 [5] = X_UNSUP(W_SSTATE), [6] = X_UNSUP(W_VMX), [7] = X_UNSUP(W_VMX) },
		/* rdrand, rdseed (F3: rdpid) */
		.reg = { [6] = X_SSE(PM_PS, 0, 0), [7] = X_SSE(PM_PS | PM_F3, 0, 0) },
	},
	/* MMX/SSE2 shifts by ib, register forms only (psrl/psra/psll, psrldq/pslldq) */
	[G_12] = { .reg = { [2] = X_SSE(PM_PS, 0, 0), [4] = X_SSE(PM_PS, 0, 0),
			    [6] = X_SSE(PM_PS, 0, 0) } },
	[G_13] = { .reg = { [2] = X_SSE(PM_PS, 0, 0), [4] = X_SSE(PM_PS, 0, 0),
			    [6] = X_SSE(PM_PS, 0, 0) } },
	[G_14] = { .reg = { [2] = X_SSE(PM_PS, 0, 0), [3] = X_SSE(PM_66, 0, 0),
			    [6] = X_SSE(PM_PS, 0, 0), [7] = X_SSE(PM_66, 0, 0) } },
	[G_15] = {
		/* fxsave fxrstor ldmxcsr stmxcsr xsave xrstor xsaveopt clflush(opt) */
		.mem = { X_SSE(PM_NP, 0, 0), X_SSE(PM_NP, 0, 0), X_SSE(PM_NP, 0, 0),
			 X_SSE(PM_NP, 0, 0), X_SSE(PM_NP, 0, 0), X_SSE(PM_NP, 0, 0),
			 X_SSE(PM_PS, 0, 0), X_SSE(PM_PS, 0, 0) },
		.reg_rm = grp15_reg,
	},
};

/* Bits @lo..@hi of a 64-bit register-form mask (ModRM & 0x3f). */
#define R(lo, hi) ((~0ull >> (63 - (hi))) & (~0ull << (lo)))

const struct x86_x87 x86_x87[8] = {
	/* d8: fadd..fdivr m32 and st(i) forms: all defined */
	[0] = { .mem = 0xff, .reg = ~0ull },
	/* d9: fld, -, fst, fstp, fldenv, fldcw, fnstenv, fnstcw;
	 * fld/fxch st(i), fnop, fchs fabs, ftst fxam, fld1..fldz, f2xm1..fcos */
	[1] = { .mem = 0xfd,
		.reg = R(0x00, 0x0f) | R(0x10, 0x10) | R(0x20, 0x21) | R(0x24, 0x25) |
		       R(0x28, 0x2e) | R(0x30, 0x3f) },
	/* da: fiadd..fidivr m32int; fcmovb/e/be/u, fucompp */
	[2] = { .mem = 0xff, .reg = R(0x00, 0x1f) | R(0x29, 0x29) },
	/* db: fild fisttp fist fistp - fld m80 - fstp m80;
	 * fcmovnb/ne/nbe/nu, fnclex, fninit, fucomi, fcomi */
	[3] = { .mem = 0xaf, .reg = R(0x00, 0x1f) | R(0x22, 0x23) | R(0x28, 0x37) },
	/* dc: m64 arithmetic; st(i) forms of fadd fmul fsubr fsub fdivr fdiv */
	[4] = { .mem = 0xff, .reg = R(0x00, 0x0f) | R(0x20, 0x3f) },
	/* dd: fld fisttp fst fstp frstor - fnsave fnstsw; ffree, fst, fstp, fucom(p) */
	[5] = { .mem = 0xdf, .reg = R(0x00, 0x07) | R(0x10, 0x2f) },
	/* de: m16int arithmetic; faddp fmulp fcompp fsubrp fsubp fdivrp fdivp */
	[6] = { .mem = 0xff, .reg = R(0x00, 0x0f) | R(0x19, 0x19) | R(0x20, 0x3f) },
	/* df: fild fisttp fist fistp fbld fild m64 fbstp fistp m64; fnstsw ax,
	 * fucomip, fcomip */
	[7] = { .mem = 0xff, .reg = R(0x20, 0x20) | R(0x28, 0x37) },
};
