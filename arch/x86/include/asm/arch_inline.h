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

#endif
