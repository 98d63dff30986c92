/*
 * The inline half of the arch interface for host builds of kernel code
 * (tests, ektrace): one CPU, whose per-CPU variables are the section
 * itself.
 */
#ifndef ASM_ARCH_INLINE_H
#define ASM_ARCH_INLINE_H

static inline unsigned long arch_percpu_offset(void)
{
	return 0;
}

#define ARCH_SPARE_CALLEE_SAVED 0

static inline void *arch_percpu_hot(void *cpu0)
{
	return cpu0;
}

#endif
