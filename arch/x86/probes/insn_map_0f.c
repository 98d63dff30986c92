/*
 * The two-byte opcode map, 0F xx (SDM vol. 2, table A-3), for 32-bit
 * code. SSE opcodes list the mandatory prefixes (none/66/F3/F2) that
 * make them an instruction; the prefix never changes their length.
 */
#include "insn_tables.h"

#define SYS(c) X_(OP_MODRM, X86_IMM_NONE, (c)) /* system instruction with ModRM */
#define PRIV_SERIAL X_C(X86_C_PRIV | X86_C_SERIAL)
#define SSE(pm) X_SSE((pm), 0, X86_IMM_NONE)
#define SSE_MEM(pm) X_SSE((pm), OP_MEM, X86_IMM_NONE)
#define SSE_REG(pm) X_SSE((pm), OP_REG, X86_IMM_NONE)
#define SSE_IB(pm) X_SSE((pm), 0, X86_IMM_B)
#define PM_NOT_NP (PM_66 | PM_F3 | PM_F2)
#define MOV_CR(g) { .flags = OP_VALID | OP_MODRM | OP_CR | OP_GROUP, .arg = (g) }

const struct x86_op x86_map_0f[256] = {
	[0x00] = X_GRP(G_6, X86_IMM_NONE),
	[0x01] = X_GRP(G_7, X86_IMM_NONE),
	[0x02] = X_M,			/* lar */
	[0x03] = X_M,			/* lsl */
	[0x05] = X_UNSUP(W_SYSCALL),	/* syscall (AMD) */
	[0x06] = PRIV_SERIAL,		/* clts */
	[0x07] = X_UNSUP(W_SYSCALL),	/* sysret (AMD) */
	[0x08] = PRIV_SERIAL,		/* invd */
	[0x09] = { .flags = OP_VALID, .pfx = PM_NP | PM_F3, .cls = X86_C_PRIV | X86_C_SERIAL }, /* wbinvd, F3: wbnoinvd */
	[0x0b] = X_C(X86_C_UD),		/* ud2 */
	[0x0d] = X_(OP_MODRM | OP_MEM, X86_IMM_NONE, X86_C_NOP), /* prefetch(w) */
	[0x0e] = X_UNSUP(W_3DNOW),	/* femms */
	[0x0f] = X_UNSUP(W_3DNOW),	/* 3DNow!: the opcode is a trailing byte */
	[0x10 ... 0x11] = SSE(PM_ALL),	/* movups movss movupd movsd */
	[0x12] = X_SSE_FORMS(PM_ALL, PM_66, 0),		/* movlps/movhlps movlpd movsldup movddup */
	[0x13] = SSE_MEM(PM_PS),	/* movlps movlpd */
	[0x14 ... 0x15] = SSE(PM_PS),	/* unpck[lh]ps/pd */
	[0x16] = X_SSE_FORMS(PM_NP | PM_66 | PM_F3, PM_66, 0), /* movhps/movlhps movhpd movshdup */
	[0x17] = SSE_MEM(PM_PS),	/* movhps movhpd */
	/* prefetch hints and the reserved-NOP space; 0F 1F /0 is the
	 * recommended multi-byte NOP, F3 0F 1E FB is endbr32 */
	[0x18 ... 0x19] = X_(OP_MODRM, X86_IMM_NONE, X86_C_NOP),
	[0x1a ... 0x1b] = X_UNSUP(W_MPX), /* MPX where enabled, else NOPs */
	[0x1c ... 0x1f] = X_(OP_MODRM, X86_IMM_NONE, X86_C_NOP),
	[0x20] = MOV_CR(G_CR), /* mov r32, crN */
	[0x21] = MOV_CR(G_DR), /* mov r32, drN */
	[0x22] = MOV_CR(G_CR), /* mov crN, r32 */
	[0x23] = MOV_CR(G_DR), /* mov drN, r32 */
	[0x28 ... 0x29] = SSE(PM_PS),	/* movaps movapd */
	[0x2a] = SSE(PM_ALL),		/* cvtpi2ps cvtsi2ss cvtpi2pd cvtsi2sd */
	[0x2b] = SSE_MEM(PM_PS),	/* movntps movntpd */
	[0x2c ... 0x2d] = SSE(PM_ALL),	/* cvt(t)ps2pi cvt(t)ss2si ... */
	[0x2e ... 0x2f] = SSE(PM_PS),	/* (u)comiss (u)comisd */
	[0x30] = PRIV_SERIAL,		/* wrmsr */
	[0x31] = X_PLAIN,		/* rdtsc */
	[0x32] = X_C(X86_C_PRIV),	/* rdmsr */
	[0x33] = X_C(X86_C_PRIV),	/* rdpmc (CPL 0 unless CR4.PCE) */
	[0x34 ... 0x35] = X_UNSUP(W_SYSCALL), /* sysenter, sysexit */
	[0x37] = X_UNSUP(W_VMX),	/* getsec */
	[0x40 ... 0x4f] = X_M,		/* cmovcc */
	[0x50] = SSE_REG(PM_PS),	/* movmskps/pd */
	[0x51] = SSE(PM_ALL),		/* sqrt */
	[0x52 ... 0x53] = SSE(PM_NP | PM_F3), /* rsqrt, rcp */
	[0x54 ... 0x57] = SSE(PM_PS),	/* and andn or xor */
	[0x58 ... 0x5a] = SSE(PM_ALL),	/* add mul cvt */
	[0x5b] = SSE(PM_NP | PM_66 | PM_F3), /* cvtdq2ps cvtps2dq cvttps2dq */
	[0x5c ... 0x5f] = SSE(PM_ALL),	/* sub min div max */
	[0x60 ... 0x6b] = SSE(PM_PS),	/* punpck*, pack*, pcmpgt* */
	[0x6c ... 0x6d] = SSE(PM_66),	/* punpckl/hqdq */
	[0x6e] = SSE(PM_PS),		/* movd */
	[0x6f] = SSE(PM_NP | PM_66 | PM_F3), /* movq movdqa movdqu */
	[0x70] = SSE_IB(PM_ALL),	/* pshufw pshufd pshufhw pshuflw */
	[0x71] = X_GRP(G_12, X86_IMM_B),
	[0x72] = X_GRP(G_13, X86_IMM_B),
	[0x73] = X_GRP(G_14, X86_IMM_B),
	[0x74 ... 0x76] = SSE(PM_PS),	/* pcmpeq* */
	[0x77] = { .flags = OP_VALID, .pfx = PM_NP }, /* emms: no ModRM */
	[0x78 ... 0x79] = X_UNSUP(W_VMX), /* vmread vmwrite; AMD extrq/insertq */
	[0x7c ... 0x7d] = SSE(PM_66 | PM_F2), /* hadd hsub */
	[0x7e ... 0x7f] = SSE(PM_NP | PM_66 | PM_F3), /* movd/movq, movq/movdqa/movdqu */
	[0x80 ... 0x8f] = X_(0, X86_IMM_Z, X86_C_REL | X86_C_COND), /* jcc rel32 */
	[0x90 ... 0x9f] = X_M,		/* setcc (ModRM.reg ignored) */
	[0xa0] = X_PLAIN,		/* push fs */
	[0xa1] = X_PLAIN,		/* pop fs */
	[0xa2] = X_C(X86_C_SERIAL),	/* cpuid */
	[0xa3] = X_M,			/* bt */
	[0xa4] = X_(OP_MODRM, X86_IMM_B, 0), /* shld ib */
	[0xa5] = X_M,			/* shld cl */
	[0xa8] = X_PLAIN,		/* push gs */
	[0xa9] = X_PLAIN,		/* pop gs */
	[0xaa] = X_UNSUP(W_SMM),	/* rsm */
	[0xab] = X_ML,			/* bts */
	[0xac] = X_(OP_MODRM, X86_IMM_B, 0), /* shrd ib */
	[0xad] = X_M,			/* shrd cl */
	[0xae] = X_GRP(G_15, X86_IMM_NONE),
	[0xaf] = X_M,			/* imul Gv,Ev */
	[0xb0 ... 0xb1] = X_ML,		/* cmpxchg */
	[0xb2] = X_MEM,			/* lss */
	[0xb3] = X_ML,			/* btr */
	[0xb4 ... 0xb5] = X_MEM,	/* lfs lgs */
	[0xb6 ... 0xb7] = X_M,		/* movzx */
	[0xb8] = SSE(PM_F3),		/* popcnt (without F3: jmpe, IA-64 only) */
	[0xb9] = X_(OP_MODRM, X86_IMM_NONE, X86_C_UD), /* ud1 */
	[0xba] = X_GRP(G_8, X86_IMM_B),
	[0xbb] = X_ML,			/* btc */
	[0xbc ... 0xbd] = X_SSE(PM_NP | PM_66 | PM_F3, 0, 0), /* bsf bsr (F3: tzcnt lzcnt) */
	[0xbe ... 0xbf] = X_M,		/* movsx */
	[0xc0 ... 0xc1] = X_ML,		/* xadd */
	[0xc2] = SSE_IB(PM_ALL),	/* cmpps cmpss cmppd cmpsd */
	[0xc3] = X_SSE(PM_NP, OP_MEM, 0), /* movnti */
	[0xc4] = SSE_IB(PM_PS),		/* pinsrw */
	[0xc5] = X_SSE(PM_PS, OP_REG, X86_IMM_B), /* pextrw */
	[0xc6] = SSE_IB(PM_PS),		/* shufps shufpd */
	[0xc7] = X_GRP(G_9, X86_IMM_NONE),
	[0xc8 ... 0xcf] = X_PLAIN,	/* bswap */
	[0xd0] = SSE(PM_66 | PM_F2),	/* addsubpd addsubps */
	[0xd1 ... 0xd5] = SSE(PM_PS),
	[0xd6] = X_SSE_FORMS(PM_NOT_NP, 0, PM_F3 | PM_F2), /* movq movq2dq movdq2q */
	[0xd7] = SSE_REG(PM_PS),	/* pmovmskb */
	[0xd8 ... 0xdf] = SSE(PM_PS),
	[0xe0 ... 0xe5] = SSE(PM_PS),
	[0xe6] = SSE(PM_NOT_NP),	/* cvttpd2dq cvtdq2pd cvtpd2dq */
	[0xe7] = SSE_MEM(PM_PS),	/* movntq movntdq */
	[0xe8 ... 0xef] = SSE(PM_PS),
	[0xf0] = SSE_MEM(PM_F2),	/* lddqu */
	[0xf1 ... 0xf6] = SSE(PM_PS),
	[0xf7] = SSE_REG(PM_PS),	/* maskmovq maskmovdqu */
	[0xf8 ... 0xfe] = SSE(PM_PS),
	[0xff] = X_(OP_MODRM, X86_IMM_NONE, X86_C_UD), /* ud0 */
};
