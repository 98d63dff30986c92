/*
 * The CPUs that are up, what the secondaries do once up, and the two ways
 * CPUs talk to each other (include/ek/smp.h):
 *
 *  - the text-patching rendezvous: the patching CPU sends IPI_RENDEZVOUS
 *    and waits until every other online CPU spins with interrupts masked
 *    (in that interrupt, or in any loop waiting for a lock or a grace
 *    period, which polls for it: smp_spin_poll()); it writes, then
 *    releases them, and each runs an ISB;
 *  - calls in thread context: each CPU has one work slot; the boot CPU
 *    posts a function there and wakes the CPU with IPI_WAKE; the CPU's
 *    idle loop runs it with interrupts on and its local tick running (a
 *    pinned shell command, smpstress's loop), then wakes the poster.
 *
 * A secondary CPU's idle loop passes a quiescent point each time round
 * (include/ek/quiesce.h); a CPU that waits for a grace period wakes the
 * idle ones with IPI_WAKE, so an idle CPU needs no tick.
 *
 * Never probed: the rendezvous and the waits run with interrupts masked
 * inside text patching and lock acquisition.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/quiesce.h>
#include <ek/shell.h>
#include <ek/smp.h>
#include <ek/spinlock.h>
#include <ek/time.h>

volatile u32 cpu_online_mask = 1;

/* ---- the rendezvous ------------------------------------------------ */

/*
 * Waiting CPUs sleep (smp_wait_until(), interrupts masked): the last CPU to
 * arrive wakes the patcher, the patcher's release wakes the others.
 * (Spinning instead starved the patcher of host time under QEMU's threaded
 * TCG; a real CPU saves the power.)
 */
static struct {
	volatile u32 gen;      /* a new rendezvous: each CPU joins once per value */
	u32 arrived;           /* CPUs spinning in this one */
	volatile u32 released; /* == gen: go on */
	u32 others;            /* how many are to arrive */
	u32 patcher;           /* the CPU to wake when they have */
} rv;
static DEFINE_PER_CPU(u32, rv_seen);
/* One rendezvous at a time: text patches (under their own lock) and trace
 * ring changes (kernel/trace/trace_buffer.c) start them from any CPU. A
 * CPU waiting for it joins the rendezvous in progress (smp_spin_poll()),
 * so two starters never wait for each other. Held from begin to end. */
static spinlock_t rv_lock = SPINLOCK_INIT;

__noprobe void smp_rendezvous_begin(void)
{
	u32 others = num_online_cpus() - 1, gen;

	if (!others)
		return;
	spin_lock(&rv_lock);
	WRITE_ONCE(rv.arrived, 0);
	rv.others = others;
	rv.patcher = smp_processor_id();
	arch_smp_mb(); /* all that before anyone can see the new generation */
	gen = rv.gen + 1;
	WRITE_ONCE(rv.gen, gen);
	*this_cpu_ptr(&rv_seen) = gen;
	arch_send_ipi_others(IPI_RENDEZVOUS);
	smp_wait_until(READ_ONCE(rv.arrived) >= others);
	arch_smp_mb();
}

__noprobe void smp_rendezvous_end(void)
{
	if (num_online_cpus() == 1)
		return;
	arch_smp_mb(); /* the writes and their maintenance before the release */
	WRITE_ONCE(rv.released, rv.gen);
	arch_cpu_send_event();
	arch_send_ipi_others(IPI_WAKE);
	spin_unlock(&rv_lock);
}

__noprobe void smp_wake(unsigned int cpu)
{
	arch_cpu_send_event();
	arch_send_ipi(cpu, IPI_WAKE);
}

static __noprobe void rendezvous_join(u32 gen)
{
	*this_cpu_ptr(&rv_seen) = gen;
	if (arch_atomic_add_return(&rv.arrived, 1) == READ_ONCE(rv.others))
		smp_wake(READ_ONCE(rv.patcher));
	smp_wait_until(READ_ONCE(rv.released) == gen);
	arch_smp_mb();
	arch_isb(); /* fetch what the patcher wrote */
}

__noprobe void smp_spin_poll(void)
{
	u32 gen = READ_ONCE(rv.gen);

	if (gen != *this_cpu_ptr(&rv_seen)) {
		arch_smp_mb();
		rendezvous_join(gen);
	}
}

__noprobe void smp_handle_ipi(unsigned int ipi)
{
	/* IPI_WAKE has done its work by waking the CPU from WFI. */
	if (ipi == IPI_RENDEZVOUS)
		smp_spin_poll();
}

/* ---- work in thread context ---------------------------------------- */

enum { WORK_FREE, WORK_CLAIMED, WORK_POSTED, WORK_RUNNING, WORK_DONE };

struct cpu_work {
	int (*fn)(void *arg);
	void *arg;
	int ret;
	bool wait;          /* the poster waits for WORK_DONE */
	unsigned int from;  /* the poster's CPU, woken when done */
	u32 state;
};
static DEFINE_PER_CPU(struct cpu_work, cpu_work);
/* smp_quiet_others(): the request, and each idle CPU's answer given right
 * before its WFI. */
static u32 quiet_ping;
static unsigned int quiet_from;
static DEFINE_PER_CPU(u32, quiet_ack);

static int post(unsigned int cpu, int (*fn)(void *), void *arg, bool wait)
{
	struct cpu_work *w;

	if (!cpu_online(cpu))
		return -ENODEV;
	if (!cpu)
		return -EBUSY; /* CPU 0 runs the shell, not an idle loop */
	w = per_cpu_ptr(&cpu_work, cpu);
	if (arch_atomic_cmpxchg(&w->state, WORK_FREE, WORK_CLAIMED) != WORK_FREE)
		return -EBUSY;
	w->fn = fn;
	w->arg = arg;
	w->wait = wait;
	w->from = smp_processor_id();
	arch_smp_mb();
	WRITE_ONCE(w->state, WORK_POSTED);
	arch_send_ipi(cpu, IPI_WAKE);
	return 0;
}

/* Wait with interrupts on, in thread context: a quiescent point each time
 * round, asleep in WFI until the worker (or anything else) interrupts. */
static void wait_done(struct cpu_work *w)
{
	while (READ_ONCE(w->state) != WORK_DONE) {
		unsigned long flags;

		quiescent_point();
		flags = arch_irq_save();
		if (READ_ONCE(w->state) != WORK_DONE && !quiesce_behind())
			arch_wait_for_interrupt();
		arch_irq_restore(flags);
	}
	arch_smp_mb();
}

int smp_call_on_cpu(unsigned int cpu, int (*fn)(void *), void *arg)
{
	struct cpu_work *w;
	int ret;

	if (cpu == smp_processor_id())
		return fn(arg);
	ret = post(cpu, fn, arg, true);
	if (ret)
		return ret;
	w = per_cpu_ptr(&cpu_work, cpu);
	wait_done(w);
	ret = w->ret;
	WRITE_ONCE(w->state, WORK_FREE);
	return ret;
}

int smp_call_on_cpu_nowait(unsigned int cpu, int (*fn)(void *), void *arg)
{
	return post(cpu, fn, arg, false);
}

static void run_work(struct cpu_work *w)
{
	int ret;

	WRITE_ONCE(w->state, WORK_RUNNING);
	arch_smp_mb();
	timer_local_tick(true);
	ret = w->fn(w->arg);
	timer_local_tick(false);
	quiescent_point();
	if (!w->wait) {
		arch_smp_mb();
		WRITE_ONCE(w->state, WORK_FREE);
		return;
	}
	w->ret = ret;
	arch_smp_mb();
	WRITE_ONCE(w->state, WORK_DONE);
	smp_wake(w->from);
}

void smp_secondary_idle(unsigned int cpu)
{
	struct cpu_work *w = this_cpu_ptr(&cpu_work);

	/* Past every rendezvous and grace period so far: nothing before
	 * this CPU existed is its business. */
	*this_cpu_ptr(&rv_seen) = READ_ONCE(rv.gen);
	quiesce_cpu_online();
	atomic_update_bits((u32 *)&cpu_online_mask, 0, 1u << cpu);
	arch_cpu_send_event();
	arch_irq_enable();
	for (;;) {
		unsigned long flags;

		quiescent_point();
		if (READ_ONCE(w->state) == WORK_POSTED) {
			run_work(w);
			continue;
		}
		flags = arch_irq_save();
		if (READ_ONCE(w->state) != WORK_POSTED && !quiesce_behind()) {
			u32 ping = READ_ONCE(quiet_ping);

			if (*this_cpu_ptr(&quiet_ack) != ping) {
				*this_cpu_ptr(&quiet_ack) = ping;
				smp_wake(quiet_from);
			}
			arch_wait_for_interrupt();
		}
		arch_irq_restore(flags);
	}
}

void smp_quiet_others(void)
{
	unsigned int self = smp_processor_id();
	u32 ping;

	if (num_online_cpus() == 1)
		return;
	quiet_from = self;
	ping = READ_ONCE(quiet_ping) + 1;
	arch_smp_mb();
	WRITE_ONCE(quiet_ping, ping);
	for (unsigned int cpu = 1; cpu < NR_CPUS; cpu++)
		if (cpu != self && cpu_online(cpu))
			smp_wake(cpu);
	for (unsigned int cpu = 1; cpu < NR_CPUS; cpu++)
		if (cpu != self && cpu_online(cpu))
			smp_wait_until(READ_ONCE(*per_cpu_ptr(&quiet_ack, cpu)) == ping);
}

/* ---- /proc/cpuinfo ------------------------------------------------- */

static int cpuinfo_show(struct seq *s, void *data)
{
	(void)data;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!cpu_online(cpu))
			continue;
		seq_printf(s, "processor\t: %u\nmodel name\t: %s\n\n", cpu, arch_cpu_name());
	}
	return 0;
}
static const struct pfile cpuinfo_file = { .path = "/proc/cpuinfo", .show = cpuinfo_show };
PFILE_DECLARE(cpuinfo_file);
