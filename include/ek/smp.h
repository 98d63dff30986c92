/*
 * More than one CPU (issue 13, its first step). The boot CPU starts the
 * secondaries the DT lists and the hardware has; each comes up with the
 * boot CPU's tables and settings and parks in .noprobe.text code until the
 * probe path is made safe for several CPUs.
 */
#ifndef EK_SMP_H
#define EK_SMP_H

#include <ek/types.h>

/* The most CPUs the kernel runs: a build option (kernel/rules.mk). */
#ifndef NR_CPUS
#define NR_CPUS 4
#endif

/* The CPUs that came up, a bit each (the boot CPU is 0). */
extern volatile u32 cpu_online_mask;

static inline unsigned int num_online_cpus(void)
{
	return (unsigned int)__builtin_popcount(cpu_online_mask);
}

/* This CPU's number (arch: TPIDRPRW on ARM). */
unsigned int smp_processor_id(void);
/*
 * Text patching with other CPUs online (arch; patch_text() brackets its
 * writes with these, interrupts masked): begin brings every other online
 * CPU to a spin with interrupts masked; end, after the writes and their
 * maintenance, releases them, and each runs an ISB before going on.
 * Nothing when this CPU is alone.
 */
void smp_rendezvous_begin(void);
void smp_rendezvous_end(void);
/* Start the secondary CPUs (arch), after the interrupt controller and
 * the drivers (PSCI, the board's system registers) are up; one boot-log
 * line says how many came up and why any did not. */
void smp_init(void);

/* Services the arch's start-up uses (drivers): */
void gic_raise_sgi(unsigned int cpu, unsigned int id);
void gic_raise_sgi_others(unsigned int id);
void gic_secondary_init(void);
void gic_secondary_ack(void);
int vexpress_set_boot_addr(unsigned long addr);
int psci_cpu_on(u32 mpidr, unsigned long entry);

#endif
