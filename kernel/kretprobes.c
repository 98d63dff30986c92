/*
 * kretprobes on top of kprobes. Active instances form one stack (single
 * CPU): returns happen in reverse order of calls, interrupts included, so
 * the trampoline always pops the newest instance. The entry stack pointer
 * recorded with each instance lets the trampoline drop instances whose
 * frames were abandoned (a function that never returned normally).
 *
 * Outside probe-able text, like the rest of the trap path.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/kprobes.h>
#include <ek/mm.h>
#include <ek/printk.h>
#include <ek/string.h>

#define DEFAULT_MAXACTIVE 16

static struct kretprobe_instance *active; /* newest first */

/* kretprobe_entry(): its own kretprobe, nothing to remember per call. */
#define NO_COOKIE (~0ull)

static inline int track(struct kretprobe *rp, struct pt_regs *regs, u64 cookie)
{
	struct kretprobe_instance *ri = rp->free_instances;

	if (!ri) {
		rp->nmissed++;
		return -ENOSPC;
	}
	rp->free_instances = ri->next;
	ri->rp = rp;
	if (cookie != NO_COOKIE)
		ri->data[0] = cookie;
	if (rp->entry_handler) {
		ri->ret_addr = regs_get_return_addr(regs);
		ri->entry_sp = regs_get_sp(regs);
		if (rp->entry_handler(ri, regs)) {
			ri->next = rp->free_instances;
			rp->free_instances = ri;
			return 0;
		}
	}
	ri->ret_addr = arch_kretprobe_divert(regs, &ri->entry_sp);
	ri->next = active;
	active = ri;
	return 0;
}

int kretprobe_track(struct kretprobe *rp, struct pt_regs *regs, u64 cookie)
{
	return track(rp, regs, cookie);
}

static int kretprobe_entry(struct kprobe *p, struct pt_regs *regs)
{
	track(container_of(p, struct kretprobe, kp), regs, NO_COOKIE);
	return 0;
}

void kretprobe_init_instances(struct kretprobe *rp, struct kretprobe_instance *arr, int n)
{
	rp->instances = arr;
	rp->maxactive = n;
	rp->free_instances = NULL;
	for (int i = 0; i < n; i++) {
		arr[i].rp = rp;
		arr[i].next = rp->free_instances;
		rp->free_instances = &arr[i];
	}
}

bool kprobe_is_kretprobe(const struct kprobe *p)
{
	return p->pre_handler == kretprobe_entry;
}

static void recycle(struct kretprobe_instance *ri)
{
	if (!ri->rp)
		return; /* its kretprobe was unregistered while the call ran */
	ri->next = ri->rp->free_instances;
	ri->rp->free_instances = ri;
}

unsigned long kretprobe_trampoline_handler(struct pt_regs *regs, unsigned long sp)
{
	struct kretprobe_instance *ri = active;
	struct kretprobe *rp;
	unsigned long ret;

	/* At the trampoline sp is back above the returning frame's entry sp;
	 * instances with a lower entry sp belong to frames already gone. */
	while (ri && ri->entry_sp < sp) {
		active = ri->next;
		recycle(ri);
		ri = active;
	}
	if (!ri)
		panic("kretprobe trampoline reached with no active instance");
	active = ri->next;
	ret = ri->ret_addr;
	rp = ri->rp;
	if (!rp)
		return ret; /* its kretprobe was unregistered while the call ran */
	if (rp->handler && !kprobe_running()) {
		/* Probes hit by the handler count as missed, as for kprobes. */
		kprobe_set_running(&rp->kp);
		rp->handler(ri, regs);
		kprobe_set_running(NULL);
	}
	ri->next = rp->free_instances;
	rp->free_instances = ri;
	return ret;
}

int register_kretprobe_why(struct kretprobe *rp, const char **why)
{
	int n = rp->maxactive > 0 ? rp->maxactive : DEFAULT_MAXACTIVE;
	int ret;

	struct kretprobe_instance *arr = kzalloc(sizeof(*arr) * (size_t)n);

	if (!arr) {
		*why = "no memory for the return-probe instances";
		return -ENOMEM;
	}
	kretprobe_init_instances(rp, arr, n);
	rp->nmissed = 0;
	rp->kp.pre_handler = kretprobe_entry;
	rp->kp.post_handler = NULL;
	ret = register_kprobe_why(&rp->kp, why);
	if (ret)
		kfree(rp->instances);
	return ret;
}

int register_kretprobe(struct kretprobe *rp)
{
	const char *why;
	int ret = register_kretprobe_why(rp, &why);

	if (ret)
		printk("kprobes: cannot add return probe on %s: %s\n",
		       rp->kp.symbol_name ? rp->kp.symbol_name : "address", why);
	return ret;
}

void unregister_kretprobe(struct kretprobe *rp)
{
	unsigned long flags;

	unregister_kprobe(&rp->kp);
	/* Calls still in flight keep their instance: let them return through
	 * the trampoline without a handler, then forget them. */
	bool in_flight = false;

	flags = arch_irq_save();
	for (struct kretprobe_instance *ri = active; ri; ri = ri->next) {
		if (ri->rp == rp) {
			ri->rp = NULL;
			in_flight = true;
		}
	}
	arch_irq_restore(flags);
	/* In-flight instances stay on the active stack until their call
	 * returns, so their memory is kept (a bounded, rare leak). */
	if (!in_flight)
		kfree(rp->instances);
	rp->instances = NULL;
}
