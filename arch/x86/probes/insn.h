/*
 * i386 instruction decoder: length, layout and what a probe needs to know
 * about one instruction of 32-bit protected-mode code (CS.D = 1). Tables
 * are data (insn_*_map.c, insn_groups.c); insn_decode.c walks them.
 *
 * The decoder never guesses: bytes it cannot vouch for are refused with a
 * negative errno and a reason, never given a length.
 */
#ifndef X86_PROBES_INSN_H
#define X86_PROBES_INSN_H

#include <ek/types.h>

#define X86_INSN_MAX 15 /* longer encodings raise #GP */

/* Legacy prefixes seen (x86_insn.prefixes). */
enum {
	X86_PFX_OPSIZE = 1 << 0, /* 66 */
	X86_PFX_ADSIZE = 1 << 1, /* 67: 16-bit addressing */
	X86_PFX_LOCK = 1 << 2,	 /* F0 */
	X86_PFX_REPNE = 1 << 3,	 /* F2 */
	X86_PFX_REP = 1 << 4,	 /* F3 */
	X86_PFX_SEG = 1 << 5,	 /* 26 2E 36 3E 64 65; the last one is .seg */
};

/*
 * Classes (x86_insn.cls): what the probe layer must not get wrong. An
 * instruction with none of them is plain data processing.
 */
enum {
	X86_C_REL = 1 << 0,	  /* target is EIP + .rel: jmp/jcc/call rel, loop*, jecxz */
	X86_C_CALL = 1 << 1,	  /* pushes a return address */
	X86_C_INDIRECT = 1 << 2,  /* jmp/call through a register or memory */
	X86_C_RET = 1 << 3,	  /* ret, ret imm16 (near); with X86_C_FAR lret/iret */
	X86_C_FAR = 1 << 4,	  /* loads CS: far jmp/call/ret, iret */
	X86_C_TRAP = 1 << 5,	  /* raises an exception on purpose: int n/int3/int1/into/bound */
	X86_C_HLT = 1 << 6,	  /* hlt */
	X86_C_UD = 1 << 7,	  /* ud0/ud1/ud2: raise #UD by definition */
	X86_C_PRIV = 1 << 8,	  /* system state: CPL 0 only (mov crN, lgdt, wrmsr, ...) */
	X86_C_SERIAL = 1 << 9,	  /* serializing (cpuid, iret, mov crN, wbinvd, ...) */
	X86_C_IF = 1 << 10,	  /* reads or writes IF/TF: pushf, popf, cli, sti, iret */
	X86_C_SHADOW = 1 << 11,	  /* next instruction runs in an interrupt shadow: mov/pop ss, sti */
	X86_C_IO = 1 << 12,	  /* port I/O (in, out, ins, outs) */
	X86_C_NOP = 1 << 13,	  /* an architectural NOP: 90, 66 90, 0F 1F /0, hint NOPs */
	X86_C_STRING = 1 << 14,	  /* string instruction (rep-able) */
	X86_C_COND = 1 << 15,	  /* conditional branch: jcc, loop*, jecxz */
};

/* Immediate kinds of the attribute tables; x86_insn.imm_size is the byte count. */
enum x86_imm {
	X86_IMM_NONE,
	X86_IMM_B,     /* ib, or rel8 */
	X86_IMM_W,     /* iw (ret imm16) */
	X86_IMM_Z,     /* iz: 2 with 66, else 4 (also rel16/32) */
	X86_IMM_ENTER, /* iw then ib: 3 */
	X86_IMM_PTR,   /* ptr16:32 (9A, EA): 6, or 4 with 66 */
	X86_IMM_MOFFS, /* A0-A3: an address, 4 or 2 with 67 (a displacement really) */
};

struct x86_insn {
	u8 len;		/* total bytes */
	u8 prefixes;	/* X86_PFX_* */
	u8 seg;		/* last segment override byte, 0 if none */
	u8 nprefix;	/* bytes of legacy prefixes = offset of the opcode */
	u8 map;		/* 0: one-byte, 1: 0F, 2: 0F 38, 3: 0F 3A */
	u8 opcode;	/* the opcode byte within its map */
	u8 modrm_off;	/* offsets within the instruction; 0 means absent */
	u8 sib_off;
	u8 disp_off, disp_size;
	u8 imm_off, imm_size; /* for ENTER and far pointers, both fields together */
	u8 modrm;	/* the ModRM byte, when modrm_off */
	u16 cls;	/* X86_C_* */
	s32 rel;	/* X86_C_REL: displacement from the end of the instruction */
};

/* ModRM fields */
#define X86_MODRM_MOD(m) ((m) >> 6)
#define X86_MODRM_REG(m) (((m) >> 3) & 7)
#define X86_MODRM_RM(m) ((m) & 7)

/*
 * Decode the instruction in @code[0..@avail). 0 and *@insn filled, or:
 * -EILSEQ   not a valid instruction (#UD, reserved encoding, over 15 bytes);
 * -EOPNOTSUPP valid but outside what the decoder models (VEX/EVEX/XOP,
 *           3DNow!, TSX, VMX/SVM, sysenter, ...);
 * -ENODATA  the instruction runs past @avail.
 * *@reason says which, for a user.
 */
int x86_insn_decode(const u8 *code, size_t avail, struct x86_insn *insn, const char **reason);

/* Whether a copy in an instruction slot followed by a jump back behaves as
 * the original (insn_boost.c has the rule and why). */
bool x86_insn_boostable(const struct x86_insn *insn);

/*
 * Whether @offset starts an instruction when @func[0..@size) is decoded
 * from its first byte (a function, as kallsyms gives it). 0 if so;
 * -EILSEQ and *@why otherwise: @offset falls inside an instruction, or an
 * instruction before it cannot be decoded (Linux answers EILSEQ for both).
 */
int x86_insn_boundary(const u8 *func, size_t size, size_t offset, const char **why);

#endif
