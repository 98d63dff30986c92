/*
 * Opcode attribute tables: one struct x86_op per opcode of each map, as
 * data. A zero entry is a reserved opcode, so a byte nobody filled in is
 * refused rather than given a length.
 */
#ifndef X86_PROBES_INSN_TABLES_H
#define X86_PROBES_INSN_TABLES_H

#include "insn.h"

enum {
	OP_VALID = 1 << 0, /* a defined instruction (zero entries are not) */
	OP_MODRM = 1 << 1, /* a ModRM byte follows the opcode */
	OP_MEM = 1 << 2,   /* memory operand only: mod == 3 is undefined (or .why) */
	OP_REG = 1 << 3,   /* register operand only: mod != 3 is undefined */
	OP_LOCK = 1 << 4,  /* F0 allowed (with a memory destination) */
	OP_GROUP = 1 << 5, /* ModRM.reg extends the opcode: x86_groups[.arg] */
	OP_UNSUP = 1 << 6, /* defined, but not modelled: refused with .why */
	OP_X87 = 1 << 7,   /* D8-DF: validity from the x87 tables */
	OP_CR = 1 << 8,	   /* mov to/from CRn/DRn: mod is ignored, always registers */
};

/* Mandatory prefixes an SSE-style opcode accepts (.pfx; 0 = any prefixes). */
enum {
	PM_NP = 1 << 0, /* none */
	PM_66 = 1 << 1,
	PM_F3 = 1 << 2,
	PM_F2 = 1 << 3,
};

/* Why an entry is refused: index into x86_insn_why[] (insn_decode.c). */
enum x86_why {
	W_RESERVED,
	W_REG_FORM,
	W_MEM_FORM,
	W_PREFIX,
	W_LOCK,
	W_TOO_LONG,
	W_X87,
	W_VEX,
	W_EVEX,
	W_XOP,
	W_3DNOW,
	W_TSX,
	W_VMX,
	W_SYSCALL,
	W_AMD,
	W_SMM,
	W_REL16,
	W_SSTATE,
	W_MPX,
	W_NR
};

struct x86_op {
	u16 flags; /* OP_* */
	u8 imm;	   /* enum x86_imm */
	u8 arg;	   /* OP_GROUP: group index */
	u8 pfx;	   /* PM_* mask, 0 when prefixes do not select the instruction */
	u8 why;	   /* enum x86_why, for OP_UNSUP or a refused form */
	u8 mem_pm; /* PM_* under which only the memory form is defined */
	u8 reg_pm; /* PM_* under which only the register form is defined */
	u16 cls;   /* X86_C_* */
};

/* Groups: the instruction chosen by ModRM.reg, per memory/register form. */
struct x86_group {
	struct x86_op mem[8];
	struct x86_op reg[8];
	const struct x86_op *reg_rm; /* mod == 3 indexed by ModRM & 0x3f, if set */
};

enum {
	G_1,	  /* 80-83 */
	G_1A,	  /* 8F */
	G_2,	  /* C0 C1 D0-D3 */
	G_3B,	  /* F6 */
	G_3Z,	  /* F7 */
	G_4,	  /* FE */
	G_5,	  /* FF */
	G_11B,	  /* C6 */
	G_11Z,	  /* C7 */
	G_SREG,	  /* 8E: mov Sreg, Ew */
	G_SREG_ST, /* 8C: mov Ev, Sreg */
	G_6,	  /* 0F 00 */
	G_7,	  /* 0F 01 */
	G_CR,	  /* 0F 20 0F 22 */
	G_DR,	  /* 0F 21 0F 23 */
	G_8,	  /* 0F BA */
	G_9,	  /* 0F C7 */
	G_12,	  /* 0F 71 */
	G_13,	  /* 0F 72 */
	G_14,	  /* 0F 73 */
	G_15,	  /* 0F AE */
	G_NR
};

/* x87 (D8-DF): which memory forms (bit = ModRM.reg) and which register
 * forms (bit = ModRM & 0x3f) are defined. */
struct x86_x87 {
	u8 mem;
	u64 reg;
};

extern const struct x86_op x86_map_one[256];
extern const struct x86_op x86_map_0f[256];
extern const struct x86_op x86_map_0f38[256];
extern const struct x86_op x86_map_0f3a[256];
extern const struct x86_group x86_groups[G_NR];
extern const struct x86_x87 x86_x87[8];

/* Table shorthands */
#define X_(f, i, c)     { .flags = OP_VALID | (f), .imm = (i), .cls = (c) }
#define X_PLAIN         X_(0, X86_IMM_NONE, 0)
#define X_M             X_(OP_MODRM, X86_IMM_NONE, 0)
#define X_ML            X_(OP_MODRM | OP_LOCK, X86_IMM_NONE, 0)
#define X_MEM           X_(OP_MODRM | OP_MEM, X86_IMM_NONE, 0)
#define X_IB            X_(0, X86_IMM_B, 0)
#define X_IZ            X_(0, X86_IMM_Z, 0)
#define X_C(c)          X_(0, X86_IMM_NONE, (c))
#define X_GRP(g, i)     { .flags = OP_VALID | OP_MODRM | OP_GROUP, .imm = (i), .arg = (g) }
#define X_UNSUP(w)      { .flags = OP_VALID | OP_UNSUP, .why = (w) }
/* SSE-style: ModRM, mandatory prefixes @pm, extra flags @f, immediate @i */
#define X_SSE(pm, f, i) { .flags = OP_VALID | OP_MODRM | (f), .imm = (i), .pfx = (pm) }

/* SSE-style whose register or memory form depends on the mandatory prefix */
#define X_SSE_FORMS(pm, mem, reg) { .flags = OP_VALID | OP_MODRM, .pfx = (pm), .mem_pm = (mem), \
				    .reg_pm = (reg) }

#define PM_ALL (PM_NP | PM_66 | PM_F3 | PM_F2)
#define PM_PS  (PM_NP | PM_66) /* MMX/SSE packed: none or 66 */

#endif
