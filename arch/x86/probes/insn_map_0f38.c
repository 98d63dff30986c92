/*
 * The three-byte opcode maps 0F 38 xx and 0F 3A xx (SDM vol. 2, tables
 * SSSE3, SSE4, AES, SHA, movbe, crc32. Every entry has a
 * ModRM byte; every 0F 3A entry an ib. Mandatory prefixes as in 0F.
 */
#include "insn_tables.h"

#define S(pm) X_SSE((pm), 0, X86_IMM_NONE)
#define S_IB(pm) X_SSE((pm), 0, X86_IMM_B)

const struct x86_op x86_map_0f38[256] = {
	[0x00 ... 0x0b] = S(PM_PS),	/* pshufb phadd* pmaddubsw phsub* psign* pmulhrsw */
	[0x10] = S(PM_66),		/* pblendvb */
	[0x14 ... 0x15] = S(PM_66),	/* blendvps blendvpd */
	[0x17] = S(PM_66),		/* ptest */
	[0x1c ... 0x1e] = S(PM_PS),	/* pabs[bwd] */
	[0x20 ... 0x25] = S(PM_66),	/* pmovsx* */
	[0x28 ... 0x29] = S(PM_66),	/* pmuldq pcmpeqq */
	[0x2a] = X_SSE(PM_66, OP_MEM, 0), /* movntdqa */
	[0x2b] = S(PM_66),		/* packusdw */
	[0x30 ... 0x35] = S(PM_66),	/* pmovzx* */
	[0x37 ... 0x41] = S(PM_66),	/* pcmpgtq pmin* pmax* pmulld phminposuw */
	[0x80 ... 0x82] = X_UNSUP(W_VMX), /* invept invvpid invpcid */
	[0xc8 ... 0xcd] = S(PM_NP),	/* sha1nexte sha1msg1/2 sha256rnds2 sha256msg1/2 */
	[0xdb ... 0xdf] = S(PM_66),	/* aesimc aesenc(last) aesdec(last) */
	/* movbe (none, 66: memory only), crc32 (F2) */
	[0xf0 ... 0xf1] = X_SSE_FORMS(PM_NP | PM_66 | PM_F2, PM_PS, 0),
	[0xf6] = S(PM_66 | PM_F3),	/* adcx adox */
};

const struct x86_op x86_map_0f3a[256] = {
	[0x08 ... 0x0e] = S_IB(PM_66),	/* round* blend* pblendw */
	[0x0f] = S_IB(PM_PS),		/* palignr */
	[0x14 ... 0x17] = S_IB(PM_66),	/* pextrb pextrw pextrd extractps */
	[0x20 ... 0x22] = S_IB(PM_66),	/* pinsrb insertps pinsrd */
	[0x40 ... 0x42] = S_IB(PM_66),	/* dpps dppd mpsadbw */
	[0x44] = S_IB(PM_66),		/* pclmulqdq */
	[0x60 ... 0x63] = S_IB(PM_66),	/* pcmp[ei]str[mi] */
	[0xcc] = S_IB(PM_NP),		/* sha1rnds4 */
	[0xdf] = S_IB(PM_66),		/* aeskeygenassist */
};
