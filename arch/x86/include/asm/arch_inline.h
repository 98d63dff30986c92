/*
 * The inline half of the arch interface (include/ek/arch.h includes it).
 * i386 runs one CPU: its per-CPU variables are the section itself.
 */
#ifndef ASM_ARCH_INLINE_H
#define ASM_ARCH_INLINE_H

static inline unsigned long arch_percpu_offset(void)
{
	return 0;
}

/* No register of its own for the hot per-CPU object: the offset. */
static inline void *arch_percpu_hot(void *cpu0)
{
	return (char *)cpu0 + arch_percpu_offset();
}

/* ebx, esi, edi: a value kept across a call costs a save and a restore. */
#define ARCH_SPARE_CALLEE_SAVED 0

static inline void arch_smp_mb(void)
{
	__asm__ __volatile__("lock; addl $0, (%%esp)" ::: "memory", "cc");
}

static inline void arch_cpu_wait_event(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

static inline void arch_cpu_send_event(void)
{
	__asm__ __volatile__("" ::: "memory");
}

/* Modified code: a serializing instruction would be needed on a CPU that
 * did not write it; with one CPU nothing else runs it. */
static inline void arch_isb(void)
{
	__asm__ __volatile__("" ::: "memory");
}

/*
 * At a kretprobe's entry, on every hit: the word at the trapped sp is the
 * return address; it becomes the trampoline's. Returns the real one, and
 * in *@sp the caller's sp after that return (what the trampoline reports).
 * Inline: a call and its argument set-up are most of what it costs. The
 * frame is read by word (struct pt_regs stays opaque to the core;
 * kretprobe.c checks the index against asm/ptrace.h).
 */
#define ARCH_FRAME_SP_WORD 3
struct pt_regs;
extern const char kretprobe_trampoline[];

static inline unsigned long arch_kretprobe_divert(struct pt_regs *regs, unsigned long *sp)
{
	unsigned long *slot = (unsigned long *)((unsigned int *)regs)[ARCH_FRAME_SP_WORD];
	unsigned long ret = *slot;

	*sp = (unsigned long)(slot + 1);
	*slot = (unsigned long)kretprobe_trampoline;
	return ret;
}

#endif
