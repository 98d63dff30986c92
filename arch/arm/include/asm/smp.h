/* Secondary CPU start-up (arch/arm/kernel/smp.c, smp_head.S). */
#ifndef ASM_SMP_H
#define ASM_SMP_H

/* Offsets in struct secondary_boot, for smp_head.S (checked in smp.c). */
#define SB_CPU 0
#define SB_STACK 4
#define SB_SCRATCH 8
#define SB_TTBR0 12
#define SB_TTBCR 16
#define SB_DACR 20
#define SB_SCTLR 24
#define SB_VBAR 28
#define SB_PERCPU 32

#ifndef __ASSEMBLER__
#include <ek/types.h>

/* What a starting CPU needs before it has a stack or the MMU: written by
 * the boot CPU and cleaned to memory, one CPU at a time. */
struct secondary_boot {
	u32 cpu, stack, scratch, ttbr0, ttbcr, dacr, sctlr, vbar;
	u32 percpu; /* its per-CPU offset, for TPIDRPRW */
};
extern struct secondary_boot secondary_boot;

void secondary_entry(void);
void secondary_start_kernel(unsigned int cpu) __noreturn;
#endif

#endif
