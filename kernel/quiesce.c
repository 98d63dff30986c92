/*
 * One quiescence mechanism for every deferred free of the probe machinery
 * (include/ek/quiesce.h), and for waiting until no CPU can still run a
 * probe's handlers.
 *
 * Generations: a callback queued in generation g moves the global
 * generation past g; each CPU records, at each of its quiescent points,
 * the generation it saw (per CPU, written by that CPU only). A callback
 * runs once every online CPU has seen a generation after its own: each
 * passed a quiescent point after the object was unlinked, so no context
 * that could see it is left. With one CPU that is one quiescent point
 * after the queueing, as before SMP.
 *
 * Secondary CPUs pass a quiescent point each time round their idle loop;
 * an idle one sleeps without a tick, so a CPU that needs the others'
 * quiescent points (callbacks pending, or quiesce_sync()) wakes the ones
 * lagging with IPI_WAKE.
 *
 * Outside probe-able text: the probe core calls it with IRQs masked.
 */
#include <ek/arch.h>
#include <ek/kprobes.h>
#include <ek/percpu.h>
#include <ek/printk.h>
#include <ek/quiesce.h>
#include <ek/smp.h>
#include <ek/spinlock.h>

static spinlock_t lock = SPINLOCK_INIT;
static struct quiesce_head *pending, **pending_tail = &pending;
static unsigned long gen = 1;
static unsigned int npending;
static DEFINE_PER_CPU(unsigned long, seen);
static u32 sync_waiters; /* CPUs in quiesce_sync(), a bit each: quiescent points wake them */

void call_after_quiescence(struct quiesce_head *h, void (*fn)(struct quiesce_head *h))
{
	unsigned long flags = spin_lock_irqsave(&lock);

	h->fn = fn;
	h->gen = gen++; /* a quiescent point seeing the new value came after */
	h->next = NULL;
	*pending_tail = h;
	pending_tail = &h->next;
	npending++;
	spin_unlock_irqrestore(&lock, flags);
}

/* The oldest generation an online CPU still may be in. */
static unsigned long min_seen(void)
{
	unsigned long m = ~0ul;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu))
			m = MIN(m, READ_ONCE(*per_cpu_ptr(&seen, cpu)));
	return m;
}

/* Wake the online CPUs still in generation @g or before. */
static void kick_lagging(unsigned long g)
{
	unsigned int self = smp_processor_id();

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu != self && cpu_online(cpu) && READ_ONCE(*per_cpu_ptr(&seen, cpu)) <= g)
			arch_send_ipi(cpu, IPI_WAKE);
}

/* This CPU is past every context of the generations before now (thread
 * context, no probe handler running on it). */
static void mark_seen(void)
{
	/* Its part of unregistering kretprobes: its own calls in flight. */
	kretprobe_quiescent();
	arch_smp_mb(); /* what this CPU did with old objects is done */
	WRITE_ONCE(*this_cpu_ptr(&seen), READ_ONCE(gen));
	arch_smp_mb(); /* and what it reads next sees them unlinked */
	for (u32 w = READ_ONCE(sync_waiters) & ~(1u << smp_processor_id()); w; w &= w - 1)
		smp_wake((unsigned int)__builtin_ctz(w));
}

void quiesce_cpu_online(void)
{
	mark_seen();
}

bool quiesce_behind(void)
{
	return READ_ONCE(*this_cpu_ptr(&seen)) != READ_ONCE(gen);
}

void quiescent_point(void)
{
	struct quiesce_head *done, *stop, *h;
	unsigned long flags, m;

	if (kprobe_running()) {
		/* Called from under a handler: not a quiescent point. */
		printk("quiesce: quiescent_point() called from a probe handler at %pS\n",
		       __builtin_return_address(0));
		return;
	}
	mark_seen();
	arch_isb(); /* code another CPU changed (a detour swapped) is refetched */
	if (!READ_ONCE(pending))
		return;
	m = min_seen();
	flags = spin_lock_irqsave(&lock);
	done = pending;
	/* Callbacks are queued in generation order: take the prefix. */
	while (pending && pending->gen < m) {
		pending = pending->next;
		npending--;
	}
	if (!pending)
		pending_tail = &pending;
	stop = pending; /* callbacks may queue more: those wait */
	spin_unlock_irqrestore(&lock, flags);
	if (stop)
		kick_lagging(stop->gen);
	while (done != stop) {
		h = done;
		done = h->next;
		h->fn(h);
	}
}

static void set_waiting(bool on)
{
	u32 bit = 1u << smp_processor_id();

	atomic_update_bits(&sync_waiters, on ? 0 : bit, on ? bit : 0);
}

void quiesce_sync(void)
{
	unsigned long flags, target;

	/* Alone, or inside a handler (which cannot wait for itself): the
	 * caller's own hit finishes before anything it frees is reused. */
	if (num_online_cpus() == 1 || kprobe_running())
		return;
	flags = spin_lock_irqsave(&lock);
	target = gen++;
	spin_unlock_irqrestore(&lock, flags);
	mark_seen(); /* this CPU: a quiescent point itself */
	set_waiting(true);
	kick_lagging(target);
	/* Asleep (interrupts may be masked); the others' quiescent points
	 * wake it (smp_wake()), a rendezvous meanwhile too. */
	smp_wait_until((smp_spin_poll(), min_seen() > target));
	set_waiting(false);
	arch_smp_mb();
}

unsigned int quiesce_pending(void)
{
	return READ_ONCE(npending);
}
