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

#endif
