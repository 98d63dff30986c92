/*
 * Decode-table rows: what decode.c walks and the test suite iterates.
 * A row matches when (insn & mask) == value; the first match wins. A row
 * either descends into a sub-table (one ARM ARM encoding class), rejects,
 * names a C simulation, or describes how to rename the instruction's
 * register fields for out-of-line execution.
 */
#ifndef ARM_PROBES_DECODE_TABLE_H
#define ARM_PROBES_DECODE_TABLE_H

#include "decode.h"

enum decode_kind {
	DK_END,		/* terminates a table */
	DK_TABLE,	/* descend into .sub */
	DK_REJECT,	/* refuse with .reason */
	DK_SIMULATE,	/* run .sim in C */
	DK_EMULATE,	/* copy to a slot, registers renamed per .roles */
};

/*
 * Register roles for out-of-line rows, one per scratch register:
 * r0 <- bits 15:12, r1 <- bits 11:8 (or Rt+1 with R_PAIR), r2 <- bits 19:16,
 * r3 <- bits 3:0.
 */
enum {
	R_READ = 1 << 0,	/* value loaded before running */
	R_WRITE = 1 << 1,	/* copied back afterwards */
	R_WBACK = 1 << 2,	/* copied back if the addressing mode writes back */
	R_LOADW = 1 << 3,	/* copied back if bit 20 (L) says load */
	R_OPT = 1 << 4,		/* field value 15 means "absent": leave it */
	R_PAIR = 1 << 5,	/* r1 only: Rt + 1 of the r0 field, not a field */
	R_NOPC = 1 << 6,	/* the field may not be the PC (UNPREDICTABLE) */
};

enum { SCR_B12, SCR_B8, SCR_B16, SCR_B0 };

typedef int (*decode_check_fn)(u32 insn, const char **reason);
typedef void (*decode_sim_fn)(struct arm_probe_insn *pi, struct pt_regs *regs);

struct decode_row {
	u32 mask, value;
	u8 kind;
	u8 roles[ARM_PROBE_SCRATCH];	/* DK_EMULATE */
	const char *name;
	const struct decode_row *sub;	/* DK_TABLE */
	decode_sim_fn sim;		/* DK_SIMULATE */
	decode_check_fn check;		/* optional: refuse unsafe variants */
	const char *reason;		/* DK_REJECT */
};

extern const struct decode_row arm_decode_top[];

/* The leaf row @insn falls into (never NULL: every class ends in a catch-all). */
const struct decode_row *arm_decode_lookup(u32 insn);
/* Visit every leaf row in table order. */
void arm_decode_for_each_leaf(void (*fn)(const struct decode_row *row, void *ctx), void *ctx);

/* Field helpers */
static inline unsigned int insn_reg(u32 insn, unsigned int shift)
{
	return (insn >> shift) & 15;
}

#define INSN_P(i) (((i) >> 24) & 1)
#define INSN_U(i) (((i) >> 23) & 1)
#define INSN_W(i) (((i) >> 21) & 1)
#define INSN_L(i) (((i) >> 20) & 1)
/* Load/store addressing writes the base back: post-indexed or pre with W. */
#define INSN_WBACK(i) (!INSN_P(i) || INSN_W(i))

#define PSR_T_BIT 0x20u
/* The APSR bits an instruction can change: N Z C V Q and GE[3:0]. */
#define APSR_MASK 0xf80f0000u

/* Checkers (checkers.c) */
int check_ldst(u32 insn, const char **reason);
int check_ldst_halfword(u32 insn, const char **reason);
int check_ldst_dual(u32 insn, const char **reason);
int check_ldm_stm(u32 insn, const char **reason);
int check_dp_pc(u32 insn, const char **reason);
int check_long_mul(u32 insn, const char **reason);
int check_msr(u32 insn, const char **reason);
int check_mrs(u32 insn, const char **reason);
int check_blx_reg(u32 insn, const char **reason);
int check_parallel(u32 insn, const char **reason);
int check_extend(u32 insn, const char **reason);
int check_signed_mul(u32 insn, const char **reason);
int check_bfi(u32 insn, const char **reason);
int check_bfx(u32 insn, const char **reason);
int check_preload_reg(u32 insn, const char **reason);

/* Simulations (simulate.c) */
void sim_branch(struct arm_probe_insn *pi, struct pt_regs *regs);
void sim_blx_imm(struct arm_probe_insn *pi, struct pt_regs *regs);
void sim_bx_reg(struct arm_probe_insn *pi, struct pt_regs *regs);
void sim_ldr_literal(struct arm_probe_insn *pi, struct pt_regs *regs);
void sim_ldm_stm(struct arm_probe_insn *pi, struct pt_regs *regs);
void sim_mrs(struct arm_probe_insn *pi, struct pt_regs *regs);
void sim_msr(struct arm_probe_insn *pi, struct pt_regs *regs);
void sim_nop(struct arm_probe_insn *pi, struct pt_regs *regs);
void sim_barrier(struct arm_probe_insn *pi, struct pt_regs *regs);
/* Whether a simulated instruction may branch (for pi->writes_pc). */
bool sim_writes_pc(const struct arm_probe_insn *pi);

/* Register access with ARM semantics (simulate.c) */
u32 probe_reg_read(const struct arm_probe_insn *pi, const struct pt_regs *regs, unsigned int n);
/* A write to the PC interworks (bit 0 selects Thumb), as BX/LDR/ALU do. */
void probe_write_pc(struct pt_regs *regs, u32 val);

/* Out-of-line execution (emulate.c) */
int emulate_prepare(struct arm_probe_insn *pi, const struct decode_row *row, const char **reason);
void emulate_exec(struct arm_probe_insn *pi, struct pt_regs *regs);
/* runner.S: load r0-r3 and APSR, call @slot, store them back. */
void arm_probe_run_slot(u32 *r, u32 *apsr, const void *slot);
/* runner.S: DSB SY + ISB, stronger than any barrier a probed one asked for. */
void arm_probe_barrier(void);

#endif
