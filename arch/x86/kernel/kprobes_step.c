/*
 * Executing a probed instruction out of line on x86, three ways:
 *
 * - simulated, for what reads ip (jmp/jcc/call rel, loop, jecxz): the
 *   target is computed from the probed address, as ARM simulates branches;
 * - boosted: the trap returns into a copy followed by a jmp back, so no
 *   second trap happens (x86_insn_boostable(): NOPs, 66 90 included);
 * - stepped: the trap returns into the copy with TF set and IF clear; the
 *   debug trap after it (x86_kprobe_debug()) moves ip back to the probed
 *   code, repairs what the copy's address leaked into (a return address
 *   pushed by `call *`, TF/IF in what pushf pushed) and tells the core,
 *   which runs the post handlers that waited.
 *
 * IF stays clear during the step so no interrupt (and no probe in its
 * handler) comes between the copy and its debug trap: one step in flight
 * per CPU, recorded here and in kprobe_cpu.stepping.
 */
#include <ek/arch.h>
#include <ek/insn_slots.h>
#include <ek/kprobes.h>
#include <ek/noprobe.h>
#include <ek/string.h>
#include <asm/traps.h>
#include "kprobes.h"

#define EFL_CF 0x001u
#define EFL_PF 0x004u
#define EFL_ZF 0x040u
#define EFL_SF 0x080u
#define EFL_OF 0x800u
#define OP_PUSHF 0x9c

/* The step in flight: @insn outlives it (the probe's, or early_insn). */
static struct {
	const struct x86_insn *insn;
	unsigned long slot, end, addr, next; /* end: past the copy */
	u32 flags;	/* TF and IF of the probed code */
	bool active;
} step;

void x86_jmp_rel32(u8 *code, unsigned long at, unsigned long to)
{
	u32 rel = (u32)(to - (at + JMP_REL32_LEN));

	code[0] = JMP_REL32;
	memcpy(code + 1, &rel, 4);
}

bool x86_kp_boostable(const struct x86_insn *insn)
{
	return x86_insn_boostable(insn) && insn->len <= BOOST_LEN_MAX;
}

bool x86_kp_fill_slot(u8 *slot, const struct x86_insn *insn, const u8 *bytes,
		      unsigned long addr, bool boost)
{
	u8 code[INSN_SMALL_SLOT_SIZE];
	size_t n = insn->len;

	/* int3 after a stepped copy: a step that fell through unnoticed traps. */
	memset(code, INT3, sizeof(code));
	memcpy(code, bytes, n);
	if (boost)
		x86_jmp_rel32(code + n, (unsigned long)slot + n, addr + n);
	return !insn_slot_write(slot, code, sizeof(code));
}

/* Condition @cc (the low nibble of jcc) on @f. */
static bool cond(unsigned int cc, u32 f)
{
	bool sf_ne_of = !(f & EFL_SF) != !(f & EFL_OF), r;

	switch (cc >> 1) {
	case 0: r = f & EFL_OF; break;
	case 1: r = f & EFL_CF; break;
	case 2: r = f & EFL_ZF; break;
	case 3: r = f & (EFL_CF | EFL_ZF); break;
	case 4: r = f & EFL_SF; break;
	case 5: r = f & EFL_PF; break;
	case 6: r = sf_ne_of; break;
	default: r = (f & EFL_ZF) || sf_ne_of; break;
	}
	return (cc & 1) ? !r : r;
}

/* An ip-relative branch on @regs; false if @insn is none. */
static bool simulate(const struct x86_insn *insn, unsigned long addr, struct pt_regs *regs)
{
	unsigned long next = addr + insn->len;
	unsigned long target = next + (unsigned long)(long)insn->rel;
	bool taken = true;

	if (!(insn->cls & X86_C_REL))
		return false;
	if (insn->cls & X86_C_CALL) {
		/* The word below sp is the trap frame's flags: the return
		 * address goes there when the trap returns (asm/ptrace.h). */
		regs->sp -= 4;
		regs->error_code = (u32)next;
	} else if (insn->map == 0 && insn->opcode >= 0xe0 && insn->opcode <= 0xe3) {
		/* loopnz, loopz, loop (ecx first decremented), jecxz */
		if (insn->opcode != 0xe3)
			regs->cx--;
		taken = insn->opcode == 0xe3 ? regs->cx == 0 : regs->cx != 0;
		if (insn->opcode == 0xe0)
			taken = taken && !(regs->flags & EFL_ZF);
		else if (insn->opcode == 0xe1)
			taken = taken && (regs->flags & EFL_ZF);
	} else if (insn->cls & X86_C_COND) {
		taken = cond(insn->opcode & 0xf, regs->flags);
	}
	regs->ip = (u32)(taken ? target : next);
	return true;
}

bool x86_kp_execute(const struct x86_insn *insn, const u8 *bytes, unsigned long addr,
		    const u8 *slot, bool boost, unsigned long next, struct pt_regs *regs)
{
	(void)bytes;
	if (simulate(insn, addr, regs))
		return true;
	if (boost) {
		regs->ip = (u32)(uintptr_t)slot;
		return true;
	}
	x86_kp_step(insn, addr, slot, next, regs);
	return false;
}

void x86_kp_step(const struct x86_insn *insn, unsigned long addr, const u8 *slot,
		 unsigned long next, struct pt_regs *regs)
{
	u32 f = regs->flags;

	step.insn = insn;
	step.slot = (unsigned long)slot;
	step.end = (unsigned long)slot + insn->len;
	step.addr = addr;
	step.next = next;
	step.flags = f & (X86_EFLAGS_TF | X86_EFLAGS_IF);
	step.active = true;
	regs->ip = (u32)step.slot;
	regs->flags = (f | X86_EFLAGS_TF) & ~X86_EFLAGS_IF;
}

void x86_kp_step_probe(struct arch_kprobe *ap, struct pt_regs *regs)
{
	kprobe_cpu.stepping = true;
	x86_kp_step(&ap->insn, (unsigned long)ap->addr, ap->slot,
		    (unsigned long)ap->addr + ap->insn.len, regs);
}

static inline unsigned long read_dr6(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%db6, %0" : "=r"(v));
	return v;
}

static inline void clear_dr6(void)
{
	__asm__ __volatile__("mov %0, %%db6" : : "r"(0ul));
}

#define DR6_BS 0x4000u

/* Put @regs as the step of the copy would have left them in place. */
static void finish(struct pt_regs *regs)
{
	const struct x86_insn *in = step.insn;
	u32 keep = X86_EFLAGS_TF | X86_EFLAGS_IF, *top = (u32 *)regs->sp;

	/* Fell through the copy: continue after the original. A branch
	 * through a register or the stack went where it would have. */
	if (regs->ip == step.end)
		regs->ip = (u32)step.next;
	if (in->cls & (X86_C_CALL | X86_C_IF)) {
		if (in->map == 0 && in->opcode == OP_PUSHF) {
			/* It pushed the step's TF and IF. */
			*top = (*top & ~keep) | step.flags;
		} else {
			/* `call *`: the return address pushed is the copy's. */
			if ((in->cls & X86_C_CALL) && *top == step.end)
				*top = (u32)(step.addr + in->len);
			/* popf and cli set IF themselves: theirs stays. */
			if (in->cls & X86_C_IF)
				keep = X86_EFLAGS_TF;
		}
	}
	regs->flags = (regs->flags & ~keep) | (step.flags & keep);
	step.active = false;
}

int x86_kprobe_debug(struct pt_regs *regs)
{
	unsigned long dr6 = read_dr6();

	if (!step.active || !(dr6 & DR6_BS))
		return -1;
	clear_dr6();
	finish(regs);
	/* 0: every step in flight here is one the core counts as stepping
	 * (a tail call: this runs on every stepped hit). */
	return kprobe_step_done(regs);
}
NOPROBE_ROOT(x86_kprobe_debug);

/* The copy faulted (a bad pointer in the probed instruction): the step is
 * abandoned and the fault reported where the instruction really is. */
void x86_kprobe_fault_fixup(struct pt_regs *regs)
{
	if (!step.active || regs->ip != step.slot)
		return;
	regs->ip = (u32)step.addr;
	regs->flags = (regs->flags & ~(X86_EFLAGS_TF | X86_EFLAGS_IF)) | step.flags;
	step.active = false;
	kprobe_cpu.stepping = false;
	kprobe_cpu.step_post = NULL;
}
