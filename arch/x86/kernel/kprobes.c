/*
 * x86 side of kprobes (include/ek/arch.h): the breakpoint is int3, one
 * byte, which do_trap() hands to the core with ip moved back onto it. A
 * probe decodes its instruction once (kprobes_decode.c) and keeps a small
 * slot holding its copy: boosted (the copy and a jmp back) when the copy
 * behaves as the original, else stepped there with the trap flag; what
 * reads ip is simulated (kprobes_step.c). Where whole instructions allow,
 * the probe is armed as a 5-byte jmp to a detour instead (kprobes_opt.c).
 *
 * Patching more than one byte of code that may be running follows the
 * cross-modifying rule: int3 first, then the bytes after it, then the
 * first byte, each write serialized by patch_text(); a CPU reaching the
 * site meanwhile traps on the int3 and is handled as a trap hit.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/ftrace.h>
#include <ek/insn_slots.h>
#include <ek/kprobes.h>
#include <ek/mm.h>
#include <ek/noprobe.h>
#include <ek/string.h>
#include "kprobes.h"

void arch_kprobes_init(void)
{
	/* Nothing to hook: do_trap() sends int3 and #DB here. */
}

/* A trap hit returns straight into the boost copy unless the site is the
 * jmp (the detour runs the copy) or the instruction is simulated, and
 * goes straight to a trap-flag step when neither boosted nor simulated:
 * decided here once, tested once per hit. */
static void set_optimized(struct arch_kprobe *ap, bool on)
{
	ap->optimized = on;
	ap->boost_now = !on && ap->boost && !(ap->insn.cls & X86_C_REL);
	ap->step_now = !on && !ap->boost && !(ap->insn.cls & X86_C_REL);
}

int arch_prepare_kprobe(unsigned long addr, struct kprobe *entry, struct arch_kprobe **app,
			const char **reason)
{
	struct arch_kprobe *ap = kzalloc(sizeof(*ap));
	int site = ftrace_site_index(addr);
	int ret;

	if (!ap) {
		*reason = "no memory for the probe's instruction state";
		return -ENOMEM;
	}
	ap->addr = (u8 *)addr;
	ap->entry = entry;
	ap->slot = insn_slot_alloc_small();
	if (!ap->slot) {
		kfree(ap);
		*reason = "no free instruction slot";
		return -ENOMEM;
	}
	/* A function tracer's call site: an ftrace-based probe (kprobes_ftrace.c). */
	if (site >= 0) {
		ret = x86_kp_ftrace_prepare(ap, (u32)site, reason);
		goto out;
	}
	ret = x86_kp_decode(addr, &ap->insn, ap->orig, reason);
	if (ret)
		goto out;
	ap->boost = x86_kp_boostable(&ap->insn);
	set_optimized(ap, false);
	if (!x86_kp_fill_slot(ap->slot, &ap->insn, ap->orig, addr, ap->boost)) {
		*reason = "cannot write the instruction slot";
		ret = -EIO;
		goto out;
	}
	/* The span's bytes land in orig, after the instruction's own. */
	ap->span = (u8)x86_kp_opt_span(addr, ap->orig);
out:
	if (ret) {
		insn_slot_free(ap->slot);
		kfree(ap);
		return ret;
	}
	*app = ap;
	return 0;
}

bool arch_kprobe_set_entry(struct arch_kprobe *ap, struct kprobe *entry)
{
	if (ap->detour && !x86_kp_detour_set_entry(ap, entry))
		return false;
	ap->entry = entry;
	return true;
}
NOPROBE_ROOT(arch_kprobe_set_entry); /* rewrites a live detour */

static void poke(u8 *addr, const u8 *bytes, size_t len)
{
	patch_text(addr, bytes, len);
}

static const u8 int3 = INT3;

/* From a breakpoint (or the original) to the jmp: int3, the tail, then
 * the first byte (see the top of the file). */
static void write_jmp(struct arch_kprobe *ap)
{
	u8 jmp[JMP_REL32_LEN];

	x86_jmp_rel32(jmp, (unsigned long)ap->addr, (unsigned long)ap->detour);
	if (*ap->addr != INT3)
		poke(ap->addr, &int3, 1);
	poke(ap->addr + 1, jmp + 1, JMP_REL32_LEN - 1);
	poke(ap->addr, jmp, 1);
}

/* From the jmp back to a breakpoint: int3 over its first byte, then the
 * original tail under it. */
static void write_int3_over_jmp(struct arch_kprobe *ap)
{
	poke(ap->addr, &int3, 1);
	poke(ap->addr + 1, ap->orig + 1, (size_t)ap->span - 1);
	set_optimized(ap, false);
}

void arch_arm_kprobe(struct arch_kprobe *ap, bool optimize)
{
	if (ap->ftrace_site)
		x86_kp_ftrace_refresh(ap);
	if (optimize && ap->span &&
	    (ap->detour ||
	     (ap->ftrace_site ? x86_kp_ftrace_detour(ap) : x86_kp_prepare_detour(ap)))) {
		if (!ap->optimized)
			write_jmp(ap);
		set_optimized(ap, true);
		return;
	}
	if (ap->optimized)
		write_int3_over_jmp(ap);
	else if (*ap->addr != INT3)
		poke(ap->addr, &int3, 1);
}
NOPROBE_ROOT(arch_arm_kprobe);

bool arch_kprobe_optimized(const struct arch_kprobe *ap)
{
	return ap->optimized;
}

void arch_disarm_kprobe(struct arch_kprobe *ap)
{
	if (ap->optimized)
		write_int3_over_jmp(ap);
	else if (ap->ftrace_site) /* under the int3: the site as the tracer had it then */
		poke(ap->addr + 1, ap->orig + 1, (size_t)ap->span - 1);
	poke(ap->addr, ap->orig, 1);
}
NOPROBE_ROOT(arch_disarm_kprobe);

void arch_disarm_kprobe_now(struct arch_kprobe *ap)
{
	arch_restore_text_now((unsigned long)ap->addr, ap->orig,
			      ap->optimized || ap->ftrace_site ? ap->span : 1);
	set_optimized(ap, false);
}

void arch_remove_kprobe(struct arch_kprobe *ap)
{
	if (ap->detour)
		insn_slot_free(ap->detour);
	insn_slot_free(ap->slot);
	kfree(ap);
}

size_t arch_kprobe_opt_span(const struct arch_kprobe *ap)
{
	return ap->span;
}

/* What is in the text now stands for these: the jmp's span, or the int3
 * (at a tracer's site, the whole site: the tracer may have switched it). */
size_t arch_kprobe_orig_bytes(const struct arch_kprobe *ap, u8 *buf, size_t len)
{
	size_t n = MIN(len, ap->optimized || ap->ftrace_site ? (size_t)ap->span : 1);

	memcpy(buf, ap->orig, n);
	return n;
}

/* No conditional execution outside branches, which are simulated with
 * their condition: every hit runs the handlers. */
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

/* Where execution goes on after the instruction: past it, or, when the
 * site is a jmp over several instructions, into the detour's copy of the
 * next one (the text there holds the jmp's bytes). */
static unsigned long next_ip(const struct arch_kprobe *ap)
{
	if (ap->optimized && ap->insn.len < ap->span)
		return x86_kp_detour_copy(ap, ap->insn.len);
	return (unsigned long)ap->addr + ap->insn.len;
}

bool arch_kprobe_single_step(struct arch_kprobe *ap, struct pt_regs *regs)
{
	if (ap->ftrace_site) {
		x86_kp_ftrace_step(ap, regs);
		return true;
	}
	/* A post handler needs the result: step even what could boost. */
	return x86_kp_execute(&ap->insn, ap->orig, (unsigned long)ap->addr, ap->slot, false,
			      next_ip(ap), regs);
}

static void resume_other(struct arch_kprobe *ap, struct pt_regs *regs);

void __probecall arch_kprobe_resume(struct arch_kprobe *ap, struct pt_regs *regs)
{
	/* The usual case first: the trap returns into the boost copy. */
	if (likely(ap->boost_now)) {
		regs->ip = (u32)(uintptr_t)ap->slot;
		return;
	}
	/* Then a plain trap-flag step, straight to its setup. */
	if (ap->step_now) {
		x86_kp_step_probe(ap, regs);
		return;
	}
	resume_other(ap, regs);
}

/* Simulated, or the site is the jmp: x86_kp_execute() decides. Out of
 * line, so the two usual paths above stay short. */
static __noinline void resume_other(struct arch_kprobe *ap, struct pt_regs *regs)
{
	/* A step with the trap flag ends in the debug trap (kprobes_step.c). */
	if (!x86_kp_execute(&ap->insn, ap->orig, (unsigned long)ap->addr, ap->slot,
			    ap->boost && !ap->optimized, next_ip(ap), regs))
		kprobe_cpu.stepping = true;
}
