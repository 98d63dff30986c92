/*
 * The x86 kprobes files' shared view (arch/x86/kernel/kprobes*.c): a
 * probed instruction is decoded once (arch/x86/probes/), then either
 * simulated (it reads ip: jmp/jcc/call rel), run from a "boost" copy that
 * jumps back (no second trap), or stepped out of line with the trap flag
 * (a debug trap ends the step). An optimized probe replaces whole
 * instructions with a 5-byte jmp to a detour (kprobes_opt.c).
 */
#ifndef X86_KERNEL_KPROBES_H
#define X86_KERNEL_KPROBES_H

#include <ek/types.h>
#include <asm/ptrace.h>
#include "../probes/insn.h"

#define INT3 0xcc
#define JMP_REL32 0xe9
#define JMP_REL32_LEN 5
/* Bytes an optimized probe may replace: whole instructions from the probed
 * one until at least 5 are covered. */
#define OPT_SPAN_MAX (JMP_REL32_LEN - 1 + X86_INSN_MAX)
/* A boost copy is the instruction and a jmp rel32 in a small slot. */
#define BOOST_LEN_MAX (INSN_SMALL_SLOT_SIZE - JMP_REL32_LEN)

struct arch_kprobe {
	u8 *addr;
	struct kprobe *entry;	/* what a hit calls */
	struct x86_insn insn;
	u8 orig[OPT_SPAN_MAX];	/* the original bytes: the instruction, or the span */
	u8 *slot;		/* small slot: the copy (+ jmp back when boosted) */
	bool boost;
	bool boost_now;		/* a trap hit returns into the boost copy */
	bool step_now;		/* a trap hit steps the copy with TF */
	bool optimized;		/* armed as the jmp to the detour */
	u8 span;		/* bytes the jmp would replace; 0: not optimizable */
	u8 *detour;		/* full slot, built the first time it is armed so */
	/* On a function tracer's call site (kprobes_ftrace.c): the instruction
	 * is its NOP; with @ftrace_call the tracer wants the site, so a hit
	 * records the entry and disarming restores the tracer's call. */
	bool ftrace_site;
	bool ftrace_call;
};

/* Write a jmp rel32 at @code (its bytes), for code that will sit at @at,
 * to @to. */
void x86_jmp_rel32(u8 *code, unsigned long at, unsigned long to);

/* kprobes_decode.c */
/* Up to @n bytes of text at @addr as they were before any probe patched
 * them (other probes' breakpoints and jumps replaced by what they saved). */
void x86_kp_read_orig(unsigned long addr, u8 *buf, size_t n);
/* Decode the instruction at @addr from its original bytes; refuse the ones
 * no probe may sit on. 0, or a negative errno and *why. */
int x86_kp_decode(unsigned long addr, struct x86_insn *insn, u8 *bytes, const char **why);
int x86_kp_refused(const struct x86_insn *insn, const char **why);
/* The bytes a jmp at @addr may replace (0: the probe is not optimizable). */
size_t x86_kp_opt_span(unsigned long addr, u8 *orig);

/* kprobes_step.c */
/* Execute the decoded instruction @insn (bytes @bytes, probed at @addr;
 * @insn must outlive a step) on @regs: simulated, through the boost copy at @slot, or stepped from
 * @slot with the trap flag (false: the debug trap finishes it; execution
 * then goes on at @next when the copy falls through). */
bool x86_kp_execute(const struct x86_insn *insn, const u8 *bytes, unsigned long addr,
		    const u8 *slot, bool boost, unsigned long next, struct pt_regs *regs);
/* Step @insn (probed at @addr; it must outlive the step) from @slot with
 * the trap flag; the debug trap finishes it, going on at @next. */
void x86_kp_step(const struct x86_insn *insn, unsigned long addr, const u8 *slot,
		 unsigned long next, struct pt_regs *regs);
/* x86_kp_step() for @ap's instruction (not simulated, not boosted), the
 * step marked in flight for the core. */
void x86_kp_step_probe(struct arch_kprobe *ap, struct pt_regs *regs);
/* Fill a small slot with the copy of @bytes (and the jmp back to @addr +
 * len when @boost); false when it cannot be written. */
bool x86_kp_fill_slot(u8 *slot, const struct x86_insn *insn, const u8 *bytes,
		      unsigned long addr, bool boost);
bool x86_kp_boostable(const struct x86_insn *insn);

/* kprobes_opt.c */
bool x86_kp_prepare_detour(struct arch_kprobe *ap);
bool x86_kp_detour_set_entry(struct arch_kprobe *ap, struct kprobe *entry);
/* Where the detour's copy of the instruction at @addr + @off runs. */
unsigned long x86_kp_detour_copy(const struct arch_kprobe *ap, unsigned long off);

/* kprobes_ftrace.c: probes on function tracer call sites */
/* Prepare @ap (its addr set) on call site @site: decode, slot, span. */
int x86_kp_ftrace_prepare(struct arch_kprobe *ap, u32 site, const char **why);
/* x86_kp_prepare_detour() with the site's tail in the copy. */
bool x86_kp_ftrace_detour(struct arch_kprobe *ap);
void x86_kp_ftrace_refresh(struct arch_kprobe *ap);
void x86_kp_ftrace_step(struct arch_kprobe *ap, struct pt_regs *regs);

#endif
