/*
 * The decode walker and the execute entry point. All knowledge about
 * encodings lives in the tables; this file only walks them, runs the
 * row's checker and hands the instruction to its action.
 */
#include <ek/errno.h>
#include <ek/insn_slots.h>
#include <ek/string.h>
#include "decode_table.h"

const struct decode_row *arm_decode_lookup(u32 insn)
{
	const struct decode_row *row = arm_decode_top;

	for (;;) {
		while (row->kind != DK_END && (insn & row->mask) != row->value)
			row++;
		if (row->kind != DK_TABLE)
			return row;
		row = row->sub;
	}
}

static void for_each_leaf(const struct decode_row *row,
			  void (*fn)(const struct decode_row *row, void *ctx), void *ctx)
{
	for (; row->kind != DK_END; row++) {
		if (row->kind == DK_TABLE)
			for_each_leaf(row->sub, fn, ctx);
		else
			fn(row, ctx);
	}
}

void arm_decode_for_each_leaf(void (*fn)(const struct decode_row *row, void *ctx), void *ctx)
{
	for_each_leaf(arm_decode_top, fn, ctx);
}

const char *arm_probe_row_name(const struct decode_row *row)
{
	return row ? row->name : "?";
}

/*
 * See arm_probe_insn.native. A branch that takes its target from a
 * register and links nothing (BX Rm, POP/LDM with the PC) also behaves the
 * same anywhere: taken, it goes where the register or the stack says; not
 * taken (a failed condition), the copy's way back continues at addr + 4.
 * Those are function returns, and the whole body of an empty function.
 */
static bool native_exit(const struct arm_probe_insn *pi)
{
	if (pi->row->sim == sim_bx_reg)
		return !(pi->insn & (1u << 5)) && insn_reg(pi->insn, 0) != 15; /* not BLX */
	return pi->row->sim == sim_ldm_stm && INSN_L(pi->insn) && !(pi->insn & (1u << 22));
}

/* LDM/STM are simulated for the trap path, but without the PC (refused or
 * writes_pc) they run anywhere; the S form (user registers) stays
 * simulated to keep the checker's word. */
static bool native_ok(const struct arm_probe_insn *pi)
{
	if (pi->writes_pc)
		return pi->row->kind == DK_SIMULATE && native_exit(pi);
	if (pi->row->kind == DK_EMULATE) {
		for (unsigned int i = 0; i < ARM_PROBE_SCRATCH; i++)
			if (pi->src[i] == 15)
				return false;
		return true;
	}
	return pi->row->sim == sim_ldm_stm && !(pi->insn & (1u << 22));
}

int arm_probe_decode(u32 insn, unsigned long addr, struct arm_probe_insn *pi,
		     const char **reason)
{
	return arm_probe_decode_in(insn, addr, pi, NULL, false, reason);
}

int arm_probe_decode_in(u32 insn, unsigned long addr, struct arm_probe_insn *pi, void *slot,
			bool written, const char **reason)
{
	const struct decode_row *row = arm_decode_lookup(insn);
	const char *why = NULL;
	int ret = 0;

	memset(pi, 0, sizeof(*pi));
	pi->slot = slot;
	pi->slot_given = slot != NULL;
	pi->slot_written = written;
	pi->insn = insn;
	pi->addr = addr;
	pi->row = row;
	memset(pi->src, ARM_PROBE_NOREG, sizeof(pi->src));

	if (addr & 3) {
		why = "ARM instructions must be word aligned";
		ret = -EINVAL;
	} else if (row->kind == DK_REJECT || row->kind == DK_END) {
		why = row->reason ? row->reason : "unallocated encoding";
		ret = -EINVAL;
	} else if (row->check) {
		ret = row->check(insn, &why);
	}
	if (!ret && row->kind == DK_SIMULATE) {
		pi->exec = row->sim;
		pi->writes_pc = sim_writes_pc(pi);
	} else if (!ret) {
		ret = emulate_prepare(pi, row, &why);
	}
	if (ret) {
		if (reason)
			*reason = why;
		pi->exec = NULL;
		return ret;
	}
	pi->native = native_ok(pi);
	pi->optimizable = !pi->writes_pc || pi->native;
	return 0;
}

void arm_probe_release(struct arm_probe_insn *pi)
{
	if (pi->slot)
		insn_slot_free(pi->slot);
	pi->slot = NULL;
	pi->exec = NULL;
}

/* ConditionPassed() for condition field @cond against the saved flags. */
bool arm_condition_passed(u32 cond, u32 psr)
{
	bool n = psr >> 31 & 1, z = psr >> 30 & 1, c = psr >> 29 & 1, v = psr >> 28 & 1;
	bool res;

	switch (cond >> 1) {
	case 0: res = z; break;
	case 1: res = c; break;
	case 2: res = n; break;
	case 3: res = v; break;
	case 4: res = c && !z; break;
	case 5: res = n == v; break;
	case 6: res = !z && n == v; break;
	default: return true; /* AL, and 1111 which is a different space */
	}
	return (cond & 1) ? !res : res;
}

void arm_probe_execute(struct arm_probe_insn *pi, struct pt_regs *regs)
{
	u32 cond = pi->insn >> 28;

	if (!pi->exec || (cond != 15 && !arm_condition_passed(cond, regs->cpsr))) {
		regs->ARM_pc = pi->addr + 4;
		return;
	}
	pi->exec(pi, regs);
}
