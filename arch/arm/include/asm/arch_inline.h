/*
 * The inline half of the arch interface (include/ek/arch.h includes it):
 * what hot paths use without a call. ARMv7-A.
 */
#ifndef ASM_ARCH_INLINE_H
#define ASM_ARCH_INLINE_H

/* TPIDRPRW: this CPU's per-CPU offset (head.S sets 0, smp_head.S a
 * secondary's). Not volatile: it never changes under a running CPU (there
 * is no migration), so the compiler may read it once per function. */
static inline unsigned long arch_percpu_offset(void)
{
	unsigned long off;

	__asm__("mrc p15, 0, %0, c13, c0, 4" : "=r"(off));
	return off;
}

#endif
