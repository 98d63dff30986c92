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

struct pt_regs;
/* At a kretprobe's entry (arch/x86/kernel/kretprobe.c). */
unsigned long arch_kretprobe_divert(struct pt_regs *regs, unsigned long *sp);

#endif
