/*
 * ftrace-based probes on i386 (include/ek/arch.h, arch_kprobe_ftrace_set):
 * a probe on a function tracer's call site, which is the traced
 * function's first instruction (`call __fentry__`, 5 bytes). The probed
 * instruction is the site's NOP whatever the site holds (the NOP, the
 * tracer's call, an early probe's int3 over the NOP), the site is armed
 * as the jmp to a detour (the core asks for it whatever the optimization
 * switch says), and what follows the handlers, the "tail", is one of two:
 *
 *  - the NOP and a jmp back to site + 5 (the tracer does not want it);
 *  - `push $site+5; jmp ftrace_probe_tail`, which records the function
 *    entry as the tracer's call would have and returns to site + 5.
 *
 * The same tail is the trap's boost slot (a site left as int3 when no
 * detour could be built), and ap->orig holds what disarming restores:
 * the tracer's call or the NOP.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/ftrace.h>
#include <ek/insn_slots.h>
#include <ek/kprobes.h>
#include <ek/noprobe.h>
#include <ek/string.h>
#include <asm/ftrace.h>
#include "kprobes.h"

#define PUSH_IMM32 0x68
#define TAIL_LEN (2 * JMP_REL32_LEN)

_Static_assert(TAIL_LEN <= INSN_SMALL_SLOT_SIZE, "a tail fits a small slot");
_Static_assert(FTRACE_X86_SITE_LEN == JMP_REL32_LEN, "the jmp covers the site exactly");

void ftrace_probe_tail(void);

/* The tail of @ap as it sits at @at (TAIL_LEN bytes into @code). */
static void build_tail(const struct arch_kprobe *ap, unsigned long at, u8 *code)
{
	unsigned long next = (unsigned long)ap->addr + FTRACE_X86_SITE_LEN;
	u32 ret = (u32)next;

	if (ap->ftrace_call) {
		code[0] = PUSH_IMM32;
		memcpy(code + 1, &ret, sizeof(ret));
		x86_jmp_rel32(code + 5, at + 5, (unsigned long)ftrace_probe_tail);
		return;
	}
	arch_ftrace_insn((unsigned long)ap->addr, FTRACE_INSN_NOP, code);
	x86_jmp_rel32(code + 5, at + 5, next);
}

/* What the unprobed site holds: the tracer's call or the NOP. */
static void unprobed(const struct arch_kprobe *ap, u8 *buf)
{
	arch_ftrace_insn((unsigned long)ap->addr, ap->ftrace_call ? FTRACE_INSN_CALL :
				FTRACE_INSN_NOP, buf);
}

/* The boost slot and, once built, the detour's copy get @ap's tail. */
static bool write_tails(struct arch_kprobe *ap)
{
	u8 code[INSN_SMALL_SLOT_SIZE];

	memset(code, INT3, sizeof(code));
	build_tail(ap, (unsigned long)ap->slot, code);
	if (insn_slot_write(ap->slot, code, sizeof(code)))
		return false;
	if (!ap->detour)
		return true;
	build_tail(ap, x86_kp_detour_copy(ap, 0), code);
	return !insn_slot_write((void *)x86_kp_detour_copy(ap, 0), code, TAIL_LEN);
}

int x86_kp_ftrace_prepare(struct arch_kprobe *ap, u32 site, const char **why)
{
	unsigned long addr = (unsigned long)ap->addr;
	u8 nop[FTRACE_SITE_MAX], call[FTRACE_SITE_MAX], early;
	const char *ignored;

	arch_ftrace_insn(addr, FTRACE_INSN_NOP, nop);
	arch_ftrace_insn(addr, FTRACE_INSN_CALL, call);
	/* kernel/kprobes.c made sure ftrace controls the site; an int3 there
	 * is an early probe's (the handover), over the NOP. */
	if (memcmp(ap->addr, nop, FTRACE_X86_SITE_LEN) &&
	    memcmp(ap->addr, call, FTRACE_X86_SITE_LEN) &&
	    !(*ap->addr == INT3 && kprobe_early_orig_insn(addr, &early, 1) && early == nop[0])) {
		*why = "the call site holds neither the tracer's call nor its NOP";
		return -EBUSY;
	}
	if (x86_insn_decode(nop, FTRACE_X86_SITE_LEN, &ap->insn, &ignored))
		return -EILSEQ; /* cannot happen: the NOP is one instruction */
	ap->ftrace_site = true;
	ap->ftrace_call = ftrace_site_traced(site);
	unprobed(ap, ap->orig);
	ap->boost = true;
	/* A whole instruction at the function's entry: nothing jumps into it. */
	ap->span = FTRACE_X86_SITE_LEN;
	if (!write_tails(ap)) {
		*why = "cannot write the instruction slot";
		return -EIO;
	}
	return 0;
}

bool x86_kp_ftrace_detour(struct arch_kprobe *ap)
{
	if (!x86_kp_prepare_detour(ap))
		return false;
	if (write_tails(ap))
		return true;
	insn_slot_free(ap->detour); /* cannot happen: the slot was just written */
	ap->detour = NULL;
	return false;
}

/*
 * The tracer wants (@call) or no longer wants @ap's site (the core's
 * fixer, interrupts masked): the tails switch, and disarming will restore
 * its call or the NOP.
 */
int arch_kprobe_ftrace_set(struct arch_kprobe *ap, bool call)
{
	if (!ap->ftrace_site)
		return -EINVAL;
	if (ap->ftrace_call == call)
		return 0;
	ap->ftrace_call = call;
	unprobed(ap, ap->orig);
	return write_tails(ap) ? 0 : -EIO;
}

/* Before arming: the tracer may have changed the disarmed site since. */
void x86_kp_ftrace_refresh(struct arch_kprobe *ap)
{
	u8 other[FTRACE_SITE_MAX];

	if (!memcmp(ap->addr, ap->orig, FTRACE_X86_SITE_LEN))
		return;
	arch_ftrace_insn((unsigned long)ap->addr, ap->ftrace_call ? FTRACE_INSN_NOP :
			 FTRACE_INSN_CALL, other);
	if (!memcmp(ap->addr, other, FTRACE_X86_SITE_LEN))
		arch_kprobe_ftrace_set(ap, !ap->ftrace_call);
}

/* The NOP's effect for a post handler, synchronously: the tracer's entry
 * first when it wants the site (the return address is at sp). */
void x86_kp_ftrace_step(struct arch_kprobe *ap, struct pt_regs *regs)
{
	if (ap->ftrace_call)
		ftrace_record_function((unsigned long)ap->addr, *(const u32 *)regs->sp,
				       regs->flags);
	regs->ip = (u32)(uintptr_t)ap->addr + FTRACE_X86_SITE_LEN;
}
