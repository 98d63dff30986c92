/*
 * Out-of-line execution. The instruction is copied to a slot with each of
 * its register fields renamed to a fixed scratch register (r0-r3), so the
 * copy never touches the real sp, lr or pc: the runner loads the scratch
 * registers with the probed code's values (the PC as addr + 8), runs the
 * copy with the probed flags, and the results are written back to the
 * frame. One rename scheme serves every class; the rows say which fields
 * are registers and which are written.
 */
#include <ek/errno.h>
#include <ek/insn_slots.h>
#include <ek/noprobe.h>
#include "decode_table.h"

static const u8 scratch_shift[ARM_PROBE_SCRATCH] = {
	[SCR_B12] = 12, [SCR_B8] = 8, [SCR_B16] = 16, [SCR_B0] = 0,
};

#define INSN_BX_LR 0xe12fff1eu

static bool role_writes(u8 role, u32 insn)
{
	return (role & R_WRITE) || ((role & R_WBACK) && INSN_WBACK(insn)) ||
	       ((role & R_LOADW) && INSN_L(insn));
}

int emulate_prepare(struct arm_probe_insn *pi, const struct decode_row *row, const char **reason)
{
	u32 copy = pi->insn;
	u32 code[2];

	for (unsigned int i = 0; i < ARM_PROBE_SCRATCH; i++) {
		u8 role = row->roles[i];
		unsigned int shift = scratch_shift[i], reg;

		if (!role)
			continue;
		if (role & R_PAIR) {
			reg = insn_reg(pi->insn, 12) + 1;
		} else {
			reg = insn_reg(pi->insn, shift);
			if ((role & R_OPT) && reg == 15)
				continue;
			if ((role & R_NOPC) && reg == 15) {
				*reason = "uses the PC as an operand where the result is UNPREDICTABLE";
				return -EINVAL;
			}
			copy = (copy & ~(15u << shift)) | (i << shift);
		}
		pi->src[i] = (u8)reg;
		if (role_writes(role, pi->insn)) {
			pi->dst_mask |= 1u << i;
			if (reg == 15)
				pi->writes_pc = true;
		}
	}
	/* The condition was checked in C before the copy runs. */
	if ((copy >> 28) != 15)
		copy = (copy & 0x0fffffffu) | 0xe0000000u;
	code[0] = copy;
	code[1] = INSN_BX_LR;

	pi->exec = emulate_exec;
	if (pi->slot_written)
		return 0; /* an early probe's hit: the copy is in its slot */
	if (!pi->slot_given)
		pi->slot = insn_slot_alloc_small();
	if (!pi->slot) {
		*reason = "no free instruction slot for the out-of-line copy";
		return -ENOMEM;
	}
	if (insn_slot_write(pi->slot, code, sizeof(code))) {
		if (!pi->slot_given)
			insn_slot_free(pi->slot);
		pi->slot = NULL;
		*reason = "cannot write the instruction slot";
		return -EIO;
	}
	pi->exec = emulate_exec;
	return 0;
}

void emulate_exec(struct arm_probe_insn *pi, struct pt_regs *regs)
{
	u32 r[ARM_PROBE_SCRATCH] = { 0 };
	u32 apsr = regs->cpsr & APSR_MASK;

	/* probe_reg_read() open-coded: this runs on every hit of an
	 * out-of-line probe, and the call per operand cost more than the
	 * read itself. */
	for (unsigned int i = 0; i < ARM_PROBE_SCRATCH; i++) {
		unsigned int n = pi->src[i];

		if (n == 15)
			r[i] = (u32)pi->addr + 8;
		else if (n != ARM_PROBE_NOREG)
			r[i] = regs->uregs[n];
	}
	arm_probe_run_slot(r, &apsr, pi->slot);
	regs->cpsr = (regs->cpsr & ~APSR_MASK) | (apsr & APSR_MASK);
	regs->ARM_pc = (u32)pi->addr + 4;
	/* Read-only aliases of a destination are never copied back, so
	 * "add r0, r0, r0" ends with the result, not the stale operand. */
	for (unsigned int i = 0; i < ARM_PROBE_SCRATCH; i++) {
		if (!(pi->dst_mask & (1u << i)))
			continue;
		if (pi->src[i] == 15)
			probe_write_pc(regs, r[i]);
		else
			regs->uregs[pi->src[i]] = r[i];
	}
}
/* Called through pi->exec by arm_probe_execute(), on a hit's resume. */
NOPROBE_ROOT(emulate_exec);
