/*
 * ARM (A32) instruction decoding and out-of-line execution for probes.
 *
 * arm_probe_decode() classifies an instruction through the decode tables
 * (decode_tables.c): it is either rejected with a reason, simulated in C
 * (anything that reads or writes the PC, stack block transfers), or copied
 * to an instruction slot with its registers renamed to r0-r3 and run there
 * by the assembly runner. arm_probe_execute() then applies it to a saved
 * register frame as if the CPU had executed it at its own address.
 */
#ifndef ARM_PROBES_DECODE_H
#define ARM_PROBES_DECODE_H

#include <ek/types.h>
#include <asm/ptrace.h>

struct decode_row;

/* Scratch registers the slot copy uses: r0-r3 (see emulate.c). */
#define ARM_PROBE_SCRATCH 4
#define ARM_PROBE_NOREG 0xff

struct arm_probe_insn {
	u32 insn;		/* the original instruction */
	unsigned long addr;	/* where it lives */
	void *slot;		/* out-of-line copy (insn_slot_alloc()), or NULL */
	void (*exec)(struct arm_probe_insn *pi, struct pt_regs *regs);
	const struct decode_row *row; /* the table row that matched (even on rejection) */
	/* Out-of-line register renaming: scratch register i holds original
	 * register src[i] (ARM_PROBE_NOREG: unused); bit i of dst_mask means
	 * it is copied back to src[i] afterwards. */
	u8 src[ARM_PROBE_SCRATCH];
	u8 dst_mask;
	bool writes_pc;		/* may branch: the next PC is not addr + 4 */
	/*
	 * Can run from a detour instead of a trap: the action fixes every PC
	 * dependence itself, so only instructions that may write the PC are
	 * excluded (the emulating detour returns to addr + 4), unless they
	 * are native. A detour must leave the same S_STACK_GAP below sp as
	 * entry.S, for probed pushes.
	 */
	bool optimizable;
	/*
	 * Runs unmodified at another address: reads no PC, and writes it only
	 * as a branch to a register or stack value (BX Rm, POP {..., pc}).
	 * Such an instruction is executed natively after the handlers (from
	 * the detour, or from a small slot the trap returns to; the copy's way
	 * back serves a failed condition) instead of being simulated or
	 * renamed, which is what makes a hit cheap.
	 */
	bool native;
	/* @slot was given by the caller (arm_probe_decode_in) and already
	 * holds the copy: decoding only fills in the rest. */
	bool slot_written;
	bool slot_given;
};

/* Largest store below sp a probed instruction may make: half of S_STACK_GAP,
 * so the exception frame below the gap is never overwritten. */
#define ARM_PROBE_STACK_REACH 64

/*
 * Classify @insn at @addr: 0, or a negative errno with *reason set to a
 * static, user-facing sentence naming the instruction class.
 */
int arm_probe_decode(u32 insn, unsigned long addr, struct arm_probe_insn *pi,
		     const char **reason);
/* The same with the out-of-line copy in @slot (a small slot the caller
 * owns; arm_probe_release() must not be called): written unless
 * @written says an earlier decode of the same instruction did. */
int arm_probe_decode_in(u32 insn, unsigned long addr, struct arm_probe_insn *pi, void *slot,
			bool written, const char **reason);
void arm_probe_release(struct arm_probe_insn *pi); /* frees the slot, if any */
/*
 * Apply the instruction to @regs as if executed at pi->addr: on entry
 * regs->ARM_pc == pi->addr; on return it is the next PC. A failed condition
 * only advances the PC.
 */
void arm_probe_execute(struct arm_probe_insn *pi, struct pt_regs *regs);

/* ARM ConditionPassed(): condition field @cond (insn >> 28) against the
 * NZCV bits of @psr; AL and the unconditional space always pass. */
bool arm_condition_passed(u32 cond, u32 psr);

/* Name of the decode-table row (for diagnostics and the test suite). */
const char *arm_probe_row_name(const struct decode_row *row);

#endif
