/*
 * Actions simulated in C: everything whose effect depends on where it runs
 * (branches, PC-relative literal loads) or that moves the PC or the stack
 * in ways a slot copy could not (LDM/STM, PUSH/POP with the PC), plus the
 * few status-register and hint instructions that are plain bookkeeping.
 * Each follows the ARM ARM pseudocode of its class, written from scratch.
 */
#include "decode_table.h"

u32 probe_reg_read(const struct arm_probe_insn *pi, const struct pt_regs *regs, unsigned int n)
{
	/* Reading the PC in ARM state gives the instruction's address + 8. */
	return n == 15 ? (u32)pi->addr + 8 : regs->uregs[n];
}

void probe_write_pc(struct pt_regs *regs, u32 val)
{
	if (val & 1) {
		regs->cpsr |= PSR_T_BIT;
		regs->ARM_pc = val & ~1u;
	} else {
		regs->cpsr &= ~PSR_T_BIT;
		regs->ARM_pc = val;
	}
}

static void reg_write(struct pt_regs *regs, unsigned int n, u32 val)
{
	if (n == 15)
		probe_write_pc(regs, val);
	else
		regs->uregs[n] = val;
}

static s32 branch_offset(u32 insn)
{
	/* imm24, sign-extended, in words */
	return (s32)(insn << 8) >> 6;
}

void sim_branch(struct arm_probe_insn *pi, struct pt_regs *regs)
{
	if (pi->insn & (1u << 24)) /* BL */
		regs->ARM_lr = (u32)pi->addr + 4;
	regs->ARM_pc = (u32)pi->addr + 8 + (u32)branch_offset(pi->insn);
}

void sim_blx_imm(struct arm_probe_insn *pi, struct pt_regs *regs)
{
	u32 h = (pi->insn >> 23) & 2; /* H: halfword offset into Thumb code */

	regs->ARM_lr = (u32)pi->addr + 4;
	regs->cpsr |= PSR_T_BIT;
	regs->ARM_pc = (u32)pi->addr + 8 + (u32)branch_offset(pi->insn) + h;
}

void sim_bx_reg(struct arm_probe_insn *pi, struct pt_regs *regs)
{
	u32 target = probe_reg_read(pi, regs, insn_reg(pi->insn, 0));

	if (pi->insn & (1u << 5)) /* BLX: the link is written after Rm is read */
		regs->ARM_lr = (u32)pi->addr + 4;
	probe_write_pc(regs, target);
}

/* Literal pools may in theory be unaligned; before the MMU is on an
 * unaligned word access faults, so assemble bytes then. */
static u32 load_word(u32 addr)
{
	const volatile u8 *p = (const volatile u8 *)addr;

	if (!(addr & 3))
		return *(const volatile u32 *)addr;
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

void sim_ldr_literal(struct arm_probe_insn *pi, struct pt_regs *regs)
{
	u32 imm = pi->insn & 0xfff;
	u32 base = ((u32)pi->addr + 8) & ~3u;
	u32 val = load_word(INSN_U(pi->insn) ? base + imm : base - imm);

	regs->ARM_pc = (u32)pi->addr + 4;
	reg_write(regs, insn_reg(pi->insn, 12), val);
}

void sim_ldm_stm(struct arm_probe_insn *pi, struct pt_regs *regs)
{
	u32 insn = pi->insn, list = insn & 0xffff;
	unsigned int n = insn_reg(insn, 16), count = (unsigned int)__builtin_popcount(list);
	u32 base = regs->uregs[n];
	u32 lowest = INSN_U(insn) ? base + (INSN_P(insn) ? 4 : 0)
				  : base - 4 * count + (INSN_P(insn) ? 0 : 4);
	volatile u32 *mem = (volatile u32 *)lowest;
	u32 loaded[16];

	/* Registers go to ascending addresses in ascending order; all values
	 * are read before any is written, as the hardware does. */
	for (unsigned int i = 0; i < 16; i++) {
		if (!(list & (1u << i)))
			continue;
		if (INSN_L(insn))
			loaded[i] = *mem++;
		else
			*mem++ = regs->uregs[i]; /* the checker refused the PC */
	}
	regs->ARM_pc = (u32)pi->addr + 4;
	if (INSN_W(insn)) /* the checker refused Rn in the list */
		regs->uregs[n] = INSN_U(insn) ? base + 4 * count : base - 4 * count;
	if (INSN_L(insn))
		for (unsigned int i = 0; i < 16; i++)
			if (list & (1u << i))
				reg_write(regs, i, loaded[i]);
}

void sim_mrs(struct arm_probe_insn *pi, struct pt_regs *regs)
{
	regs->uregs[insn_reg(pi->insn, 12)] = regs->cpsr;
	regs->ARM_pc = (u32)pi->addr + 4;
}

void sim_msr(struct arm_probe_insn *pi, struct pt_regs *regs)
{
	u32 insn = pi->insn, val;

	if (insn & (1u << 25)) { /* immediate, rotated right by twice bits 11:8 */
		u32 rot = ((insn >> 8) & 15) * 2, imm = insn & 0xff;

		val = rot ? (imm >> rot) | (imm << (32 - rot)) : imm;
	} else {
		val = regs->uregs[insn_reg(insn, 0)];
	}
	/* The checker allowed only the APSR fields: nzcvq (bit 19), g (bit 18). */
	if (insn & (1u << 19))
		regs->cpsr = (regs->cpsr & ~0xf8000000u) | (val & 0xf8000000u);
	if (insn & (1u << 18))
		regs->cpsr = (regs->cpsr & ~0x000f0000u) | (val & 0x000f0000u);
	regs->ARM_pc = (u32)pi->addr + 4;
}

void sim_nop(struct arm_probe_insn *pi, struct pt_regs *regs)
{
	regs->ARM_pc = (u32)pi->addr + 4;
}

void sim_barrier(struct arm_probe_insn *pi, struct pt_regs *regs)
{
	arm_probe_barrier();
	regs->ARM_pc = (u32)pi->addr + 4;
}

bool sim_writes_pc(const struct arm_probe_insn *pi)
{
	decode_sim_fn sim = pi->row->sim;

	if (sim == sim_branch || sim == sim_blx_imm || sim == sim_bx_reg)
		return true;
	if (sim == sim_ldm_stm)
		return INSN_L(pi->insn) && (pi->insn & 0x8000);
	if (sim == sim_ldr_literal)
		return insn_reg(pi->insn, 12) == 15;
	return false;
}
