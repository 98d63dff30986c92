/*
 * The one-byte opcode map (Intel SDM vol. 2, table A-2) for 32-bit code.
 * Prefix bytes and 0F never reach this table (insn_decode.c consumes
 * them), so their entries stay zero.
 */
#include "insn_tables.h"

/* The ALU block shared by add/or/adc/sbb/and/sub/xor/cmp at @base: Eb,Gb
 * Ev,Gv (lockable) Gb,Eb Gv,Ev AL,ib eAX,iz. cmp (base 38) cannot lock. */
#define ALU(base, lk)                                                  \
	[(base) + 0] = X_(OP_MODRM | (lk), X86_IMM_NONE, 0),           \
	[(base) + 1] = X_(OP_MODRM | (lk), X86_IMM_NONE, 0),           \
	[(base) + 2] = X_M, [(base) + 3] = X_M, [(base) + 4] = X_IB,   \
	[(base) + 5] = X_IZ

#define REL8 X_(0, X86_IMM_B, X86_C_REL | X86_C_COND)

const struct x86_op x86_map_one[256] = {
	ALU(0x00, OP_LOCK),
	[0x06] = X_PLAIN,	/* push es */
	[0x07] = X_PLAIN,	/* pop es */
	ALU(0x08, OP_LOCK),
	[0x0e] = X_PLAIN,	/* push cs */
	ALU(0x10, OP_LOCK),
	[0x16] = X_PLAIN,			/* push ss */
	[0x17] = X_C(X86_C_SHADOW),		/* pop ss */
	ALU(0x18, OP_LOCK),
	[0x1e] = X_PLAIN,	/* push ds */
	[0x1f] = X_PLAIN,	/* pop ds */
	ALU(0x20, OP_LOCK),
	[0x27] = X_PLAIN,	/* daa */
	ALU(0x28, OP_LOCK),
	[0x2f] = X_PLAIN,	/* das */
	ALU(0x30, OP_LOCK),
	[0x37] = X_PLAIN,	/* aaa */
	ALU(0x38, 0),
	[0x3f] = X_PLAIN,	/* aas */
	[0x40 ... 0x5f] = X_PLAIN, /* inc, dec, push, pop r32 */
	[0x60] = X_PLAIN,	/* pusha */
	[0x61] = X_PLAIN,	/* popa */
	/* bound; with mod == 3 the byte starts an EVEX prefix */
	[0x62] = { .flags = OP_VALID | OP_MODRM | OP_MEM, .why = W_EVEX, .cls = X86_C_TRAP },
	[0x63] = X_M,		/* arpl */
	[0x68] = X_IZ,		/* push iz */
	[0x69] = X_(OP_MODRM, X86_IMM_Z, 0), /* imul Gv,Ev,iz */
	[0x6a] = X_IB,		/* push ib */
	[0x6b] = X_(OP_MODRM, X86_IMM_B, 0), /* imul Gv,Ev,ib */
	[0x6c ... 0x6f] = X_C(X86_C_IO | X86_C_STRING), /* ins, outs */
	[0x70 ... 0x7f] = REL8,	/* jcc rel8 */
	[0x80] = X_GRP(G_1, X86_IMM_B),
	[0x81] = X_GRP(G_1, X86_IMM_Z),
	[0x82] = X_GRP(G_1, X86_IMM_B), /* an alias of 80, valid outside 64-bit mode */
	[0x83] = X_GRP(G_1, X86_IMM_B),
	[0x84] = X_M, [0x85] = X_M,	/* test */
	[0x86] = X_ML, [0x87] = X_ML,	/* xchg */
	[0x88 ... 0x8b] = X_M,		/* mov */
	[0x8c] = X_GRP(G_SREG_ST, X86_IMM_NONE), /* mov Ev,Sreg */
	[0x8d] = X_MEM,			/* lea */
	[0x8e] = X_GRP(G_SREG, X86_IMM_NONE),
	/* pop Ev; other ModRM.reg values start an AMD XOP prefix */
	[0x8f] = X_GRP(G_1A, X86_IMM_NONE),
	[0x90] = X_C(X86_C_NOP),	/* nop (xchg eax,eax; F3 90 is pause) */
	[0x91 ... 0x97] = X_PLAIN,	/* xchg */
	[0x98] = X_PLAIN,		/* cwde */
	[0x99] = X_PLAIN,		/* cdq */
	[0x9a] = X_(0, X86_IMM_PTR, X86_C_CALL | X86_C_FAR), /* lcall ptr16:32 */
	[0x9b] = X_PLAIN,		/* fwait: an instruction of its own */
	[0x9c] = X_C(X86_C_IF),		/* pushf */
	[0x9d] = X_C(X86_C_IF),		/* popf */
	[0x9e] = X_PLAIN,		/* sahf */
	[0x9f] = X_PLAIN,		/* lahf */
	[0xa0 ... 0xa3] = X_(0, X86_IMM_MOFFS, 0), /* mov al/eAX <-> moffs */
	[0xa4 ... 0xa7] = X_C(X86_C_STRING),	   /* movs, cmps */
	[0xa8] = X_IB,				   /* test al,ib */
	[0xa9] = X_IZ,				   /* test eAX,iz */
	[0xaa ... 0xaf] = X_C(X86_C_STRING),	   /* stos, lods, scas */
	[0xb0 ... 0xb7] = X_IB,			   /* mov r8,ib */
	[0xb8 ... 0xbf] = X_IZ,			   /* mov r32,iv (iv = iz in 32-bit code) */
	[0xc0] = X_GRP(G_2, X86_IMM_B),
	[0xc1] = X_GRP(G_2, X86_IMM_B),
	[0xc2] = X_(0, X86_IMM_W, X86_C_RET),	   /* ret iw */
	[0xc3] = X_C(X86_C_RET),		   /* ret */
	/* les, lds; with mod == 3 the byte starts a VEX prefix */
	[0xc4] = { .flags = OP_VALID | OP_MODRM | OP_MEM, .why = W_VEX },
	[0xc5] = { .flags = OP_VALID | OP_MODRM | OP_MEM, .why = W_VEX },
	[0xc6] = X_GRP(G_11B, X86_IMM_B),
	[0xc7] = X_GRP(G_11Z, X86_IMM_Z),
	[0xc8] = X_(0, X86_IMM_ENTER, 0),	   /* enter iw,ib */
	[0xc9] = X_PLAIN,			   /* leave */
	[0xca] = X_(0, X86_IMM_W, X86_C_RET | X86_C_FAR), /* lret iw */
	[0xcb] = X_C(X86_C_RET | X86_C_FAR),		  /* lret */
	[0xcc] = X_C(X86_C_TRAP),			  /* int3 */
	[0xcd] = X_(0, X86_IMM_B, X86_C_TRAP),		  /* int ib */
	[0xce] = X_C(X86_C_TRAP),			  /* into */
	[0xcf] = X_C(X86_C_RET | X86_C_FAR | X86_C_IF | X86_C_SERIAL), /* iret */
	[0xd0 ... 0xd3] = X_GRP(G_2, X86_IMM_NONE),
	[0xd4] = X_IB,		/* aam ib */
	[0xd5] = X_IB,		/* aad ib */
	/* d6 (salc) is reserved in the SDM: left zero */
	[0xd7] = X_PLAIN,	/* xlat */
	[0xd8 ... 0xdf] = X_(OP_MODRM | OP_X87, X86_IMM_NONE, 0),
	[0xe0 ... 0xe3] = REL8,	/* loopne, loope, loop, jecxz */
	[0xe4 ... 0xe7] = X_(0, X86_IMM_B, X86_C_IO), /* in/out with ib port */
	[0xe8] = X_(0, X86_IMM_Z, X86_C_REL | X86_C_CALL), /* call rel32 */
	[0xe9] = X_(0, X86_IMM_Z, X86_C_REL),		   /* jmp rel32 */
	[0xea] = X_(0, X86_IMM_PTR, X86_C_FAR),		   /* ljmp ptr16:32 */
	[0xeb] = X_(0, X86_IMM_B, X86_C_REL),		   /* jmp rel8 */
	[0xec ... 0xef] = X_C(X86_C_IO),		   /* in/out with dx */
	[0xf1] = X_C(X86_C_TRAP),			   /* int1 (icebp) */
	[0xf4] = X_C(X86_C_HLT | X86_C_PRIV),		   /* hlt */
	[0xf5] = X_PLAIN,				   /* cmc */
	[0xf6] = X_GRP(G_3B, X86_IMM_NONE),
	[0xf7] = X_GRP(G_3Z, X86_IMM_NONE),
	[0xf8 ... 0xf9] = X_PLAIN,			   /* clc, stc */
	[0xfa] = X_C(X86_C_IF),				   /* cli */
	[0xfb] = X_C(X86_C_IF | X86_C_SHADOW),		   /* sti */
	[0xfc ... 0xfd] = X_PLAIN,			   /* cld, std */
	[0xfe] = X_GRP(G_4, X86_IMM_NONE),
	[0xff] = X_GRP(G_5, X86_IMM_NONE),
};
