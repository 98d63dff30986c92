/*
 * Several CPUs (issue 13). The boot CPU (0) starts the secondaries the DT
 * lists and the hardware has; each then idles in smp_secondary_idle(),
 * taking work from the boot CPU (smp_call_on_cpu()) and joining the
 * rendezvous of every text patch. kernel/smp.c has the core, the arch
 * the start-up and the inter-processor interrupts.
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

static inline bool cpu_online(unsigned int cpu)
{
	return cpu < NR_CPUS && (cpu_online_mask & (1u << cpu));
}

/* This CPU's number: include/ek/percpu.h (a per-CPU variable). */

/*
 * Inter-processor interrupts (arch_send_ipi(); ARM: the GIC's software
 * generated interrupts of these numbers, SGI 0 being the vexpress boot
 * monitor's wake-up). The arch's interrupt for one calls smp_handle_ipi().
 */
#define IPI_RENDEZVOUS 1 /* join the text patch in progress */
#define IPI_WAKE 2       /* leave WFI: work was posted, or a grace period waits */
#define IPI_COUNT 3
void smp_handle_ipi(unsigned int ipi);

/*
 * Text patching with other CPUs online (stop_machine style; patch_text()
 * brackets its writes and maintenance with these, interrupts masked and
 * its own lock held): begin brings every other online CPU to a spin with
 * interrupts masked; end, after the writes and their broadcast
 * maintenance, releases them, and each runs an ISB before going on.
 * Nothing when this CPU is alone.
 */
void smp_rendezvous_begin(void);
void smp_rendezvous_end(void);
/* Called by every loop waiting for another CPU with interrupts masked
 * (spinlocks, grace periods): joins a rendezvous in progress. */
void smp_spin_poll(void);

/*
 * Wait until @cond, which another CPU makes true with a store followed by
 * a wake-up: arch_cpu_send_event() and an IPI_WAKE to this CPU. WFE first
 * (on real hardware the event ends it, interrupts masked or not; under
 * QEMU's single-threaded TCG, -icount, it hands the host thread to the
 * next vCPU), then WFI (ended by an interrupt even while masked, and
 * asleep under threaded TCG, where WFE does not wait at all).
 */
#define smp_wait_until(cond)                                                       \
	do {                                                                       \
		while (!(cond)) {                                                  \
			arch_cpu_wait_event();                                     \
			if (!(cond))                                               \
				arch_wait_for_interrupt();                         \
		}                                                                  \
	} while (0)
/* The wake-up of smp_wait_until() on @cpu, after the store. */
void smp_wake(unsigned int cpu);

/*
 * Run @fn(@arg) on @cpu in thread context (its idle loop, interrupts on,
 * its local tick running) and wait for it, passing quiescent points and
 * answering rendezvous meanwhile; returns what @fn returned. -ENODEV for a
 * CPU that is not online, -EBUSY when it is already running something (or
 * is CPU 0, which runs the shell; on this CPU @fn runs at once). The
 * _nowait form only posts @fn (its result is dropped).
 */
int smp_call_on_cpu(unsigned int cpu, int (*fn)(void *), void *arg);
int smp_call_on_cpu_nowait(unsigned int cpu, int (*fn)(void *), void *arg);

/* Wait until every other secondary CPU is asleep in its idle loop with
 * nothing to do: for measurements (make bench), where QEMU -icount counts
 * every vCPU's instructions as one. */
void smp_quiet_others(void);

/* A secondary CPU, up with its per-CPU state, stack, interrupt controller
 * and local timer: it is online from here and idles for good. */
void smp_secondary_idle(unsigned int cpu) __noreturn;

/* Start the secondary CPUs (arch), after the interrupt controller and
 * the drivers (PSCI, the board's system registers) are up; one boot-log
 * line says how many came up and why any did not. */
void smp_init(void);

/* Services the arch's start-up uses (drivers): */
void gic_raise_sgi(unsigned int cpu, unsigned int id);
void gic_raise_sgi_others(unsigned int id);
void gic_secondary_init(unsigned int cpu);
int vexpress_set_boot_addr(unsigned long addr);
int psci_cpu_on(u32 mpidr, unsigned long entry);

#endif
