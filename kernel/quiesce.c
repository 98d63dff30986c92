/*
 * One quiescence mechanism for every deferred free of the probe machinery
 * (include/ek/quiesce.h). A callback queued in generation g runs once every
 * CPU has passed a quiescent point in a generation after g: no context that
 * could see the object before it was unlinked is left. With one CPU the
 * only contexts are the thread and a (non-nesting) IRQ, and a quiescent
 * point is only called from the thread outside any probe, so one point
 * after the queueing is enough. SMP extends this with a generation seen
 * per CPU: the minimum over the online CPUs replaces @seen.
 *
 * Outside probe-able text: the probe core calls it with IRQs masked.
 */
#include <ek/arch.h>
#include <ek/kprobes.h>
#include <ek/printk.h>
#include <ek/quiesce.h>

static struct quiesce_head *pending, **pending_tail = &pending;
static unsigned long gen = 1;
static unsigned int npending;

void call_after_quiescence(struct quiesce_head *h, void (*fn)(struct quiesce_head *h))
{
	unsigned long flags = arch_irq_save();

	h->fn = fn;
	h->gen = gen;
	h->next = NULL;
	*pending_tail = h;
	pending_tail = &h->next;
	npending++;
	arch_irq_restore(flags);
}

void quiescent_point(void)
{
	struct quiesce_head *done, *stop, *h;
	unsigned long flags, seen;

	if (!READ_ONCE(pending))
		return;
	if (kprobe_running()) {
		/* Called from under a handler: not a quiescent point. */
		printk("quiesce: quiescent_point() called from a probe handler at %pS\n",
		       __builtin_return_address(0));
		return;
	}
	flags = arch_irq_save();
	seen = gen++; /* this CPU has left every context of generation <= seen */
	done = pending;
	/* Callbacks are queued in generation order: take the prefix. */
	while (pending && pending->gen <= seen) {
		pending = pending->next;
		npending--;
	}
	if (!pending)
		pending_tail = &pending;
	stop = pending; /* callbacks may queue more: those wait */
	arch_irq_restore(flags);
	while (done != stop) {
		h = done;
		done = h->next;
		h->fn(h);
	}
}

unsigned int quiesce_pending(void)
{
	return READ_ONCE(npending);
}
