/*
 * NOT IMPLEMENTED YET: the kprobes half of the arch interface on x86
 * (int3, single-step with TF, boosting, jump-optimized probes, kretprobes,
 * early probes) is a later piece of issue 12. Until then every probe
 * request is refused here with one reason, so the core prints its normal
 * one-line error and the boot goes on; nothing is ever patched, so the
 * functions that act on a prepared probe are never reached.
 */
#include <ek/arch.h>
#include <ek/errno.h>

static const char not_yet[] = "kprobes are not implemented on x86 yet";

void arch_kprobes_init(void)
{
}

int arch_prepare_kprobe(unsigned long addr, struct kprobe *entry, struct arch_kprobe **ap,
			const char **reason)
{
	(void)addr;
	(void)entry;
	*ap = NULL;
	*reason = not_yet;
	return -EOPNOTSUPP;
}

int arch_early_kprobe_prepare(unsigned long addr, void *slot, u8 *saved, size_t len,
			      const char **why)
{
	(void)addr;
	(void)slot;
	(void)saved;
	(void)len;
	*why = not_yet;
	return -EOPNOTSUPP;
}

/* Nothing beyond .noprobe.text is off limits yet, and no instruction is
 * checked: prepare refuses them all. */
int arch_kprobe_blacklisted(unsigned long addr, const char **why)
{
	(void)addr;
	(void)why;
	return 0;
}

int arch_kprobe_check_insn(unsigned long addr, const char **why)
{
	(void)addr;
	(void)why;
	return 0;
}

/* Unreachable without a prepared probe. */
bool arch_kprobe_set_entry(struct arch_kprobe *ap, struct kprobe *entry)
{
	(void)ap;
	(void)entry;
	return false;
}

void arch_arm_kprobe(struct arch_kprobe *ap, bool optimize)
{
	(void)ap;
	(void)optimize;
}

bool arch_kprobe_optimized(const struct arch_kprobe *ap)
{
	(void)ap;
	return false;
}

void arch_disarm_kprobe(struct arch_kprobe *ap)
{
	(void)ap;
}

void arch_disarm_kprobe_now(struct arch_kprobe *ap)
{
	(void)ap;
}

void arch_remove_kprobe(struct arch_kprobe *ap)
{
	(void)ap;
}

bool arch_kprobe_may_skip(const struct arch_kprobe *ap)
{
	(void)ap;
	return false;
}

bool arch_kprobe_would_run(struct arch_kprobe *ap, const struct pt_regs *regs)
{
	(void)ap;
	(void)regs;
	return true;
}

void arch_kprobe_single_step(struct arch_kprobe *ap, struct pt_regs *regs)
{
	(void)ap;
	(void)regs;
}

void arch_kprobe_resume(struct arch_kprobe *ap, struct pt_regs *regs)
{
	(void)ap;
	(void)regs;
}

void arch_early_kprobe_arm(unsigned long addr)
{
	(void)addr;
}

void arch_early_kprobes_sync(void)
{
}

bool arch_early_kprobe_would_run(const u8 *saved, size_t len, const struct pt_regs *regs)
{
	(void)saved;
	(void)len;
	(void)regs;
	return true;
}

void arch_early_kprobe_resume(unsigned long addr, const u8 *saved, size_t len, void *slot,
			      bool first, struct pt_regs *regs)
{
	(void)addr;
	(void)saved;
	(void)len;
	(void)slot;
	(void)first;
	(void)regs;
}

unsigned long arch_kretprobe_divert(struct pt_regs *regs, unsigned long *sp)
{
	(void)regs;
	*sp = 0;
	return 0;
}

bool arch_kretprobe_frame(const struct pt_regs *regs)
{
	(void)regs;
	return false;
}

int arch_kprobe_ftrace_set(struct arch_kprobe *ap, bool call)
{
	(void)ap;
	(void)call;
	return -EOPNOTSUPP;
}

unsigned long arch_kretprobe_divert_ftrace(struct pt_regs *regs, unsigned long *sp)
{
	return arch_kretprobe_divert(regs, sp);
}

/* No trampoline yet: no return address is ever diverted to it. */
unsigned long arch_kretprobe_trampoline_addr(void)
{
	return 0;
}
