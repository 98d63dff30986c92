/*
 * kretprobes on top of kprobes. Each CPU's active instances form one stack
 * (struct kprobe_cpu): returns happen in reverse order of calls,
 * interrupts included, so the trampoline always pops the newest instance.
 * The entry stack pointer recorded with each instance lets the trampoline
 * drop instances whose frames were abandoned (a function that never
 * returned normally).
 *
 * Instances are per CPU, not per task: there is no scheduler and no
 * migration, so a call returns on the CPU it entered on. Each kretprobe
 * has a free list per CPU, which only that CPU takes from and gives back
 * to, with interrupts masked (hits and returns run so): no lock, and no
 * cache line another CPU writes. Unregistering on another CPU reaches
 * each CPU's calls in flight through that CPU's own quiescent points
 * (kretprobe_quiescent()).
 *
 * Outside probe-able text, like the rest of the trap path.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/kprobes.h>
#include <ek/mm.h>
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/printk.h>
#include <ek/quiesce.h>
#include <ek/spinlock.h>
#include <ek/string.h>

#define DEFAULT_MAXACTIVE 16

/* Every CPU's active stack, newest first, ends with this sentinel: its
 * entry sp below any real one sends a return that finds it to the slow
 * path, which is where such a return must go anyway. */
static struct kretprobe_instance bottom;

static void cpu_init(unsigned int cpu)
{
	struct kprobe_cpu *kc = per_cpu_ptr(&kprobe_cpu, cpu);

	kc->ret_stack = &bottom;
	kc->free_off = (unsigned int)offsetof(struct kretprobe, free_instances[cpu]);
}
PERCPU_INIT(cpu_init);

void kretprobes_init(void)
{
	cpu_init(0);
}

/* This CPU's free list of @rp. */
static inline struct kretprobe_instance **free_list(struct kretprobe *rp,
						    const struct kprobe_cpu *kc)
{
	return (struct kretprobe_instance **)((char *)rp + kc->free_off);
}

/* Out of line: the common entry path stays short (and makes no call, so
 * it saves no register). */
static __noinline struct kretprobe_instance *missed(struct kretprobe *rp)
{
	kprobe_count(&rp->nmissed);
	return NULL;
}

static __noinline int missed_entry(struct kretprobe *rp)
{
	missed(rp);
	return 0;
}

/* A free instance of @rp on this CPU (instances on a free list always
 * belong to its kretprobe), or NULL counted as missed. */
static inline struct kretprobe_instance *take(struct kretprobe *rp, const struct kprobe_cpu *kc)
{
	struct kretprobe_instance **head = free_list(rp, kc), *ri = *head;

	if (unlikely(!ri))
		return missed(rp);
	*head = ri->next;
	return ri;
}

static inline void give_back(struct kretprobe *rp, struct kretprobe_instance *ri,
			     const struct kprobe_cpu *kc)
{
	struct kretprobe_instance **head = free_list(rp, kc);

	ri->next = *head;
	*head = ri;
}

/* The function will return through the trampoline, which finds @ri. */
static inline void divert(struct kretprobe_instance *ri, struct pt_regs *regs, bool ftrace,
			  struct kprobe_cpu *kc)
{
	if (unlikely(ftrace))
		ri->ret_addr = arch_kretprobe_divert_ftrace(regs, &ri->entry_sp);
	else
		ri->ret_addr = arch_kretprobe_divert(regs, &ri->entry_sp);
	ri->next = kc->ret_stack;
	kc->ret_stack = ri;
}

/* This CPU's state, computed once and kept across the calls (else it is
 * computed again after them). */
static inline struct kprobe_cpu *kc_once(void)
{
	struct kprobe_cpu *kc = this_kprobe_cpu();

	__asm__("" : "+r"(kc));
	return kc;
}

int kretprobe_track(struct kretprobe *rp, struct pt_regs *regs, u64 cookie, bool ftrace_site)
{
	struct kprobe_cpu *kc = kc_once();
	struct kretprobe_instance *ri = take(rp, kc);

	if (!ri)
		return -ENOSPC;
	ri->data[0] = cookie;
	divert(ri, regs, ftrace_site, kc);
	return 0;
}

/* The entry probe of a kretprobe with an entry handler, which may decline
 * to track the call; it sees the return address and sp it will get. */
static inline int entry_with_handler(struct kretprobe *rp, struct pt_regs *regs)
{
	struct kprobe_cpu *kc = kc_once();
	struct kretprobe_instance *ri = take(rp, kc);

	if (!ri)
		return 0;
	ri->ret_addr = regs_get_return_addr(regs);
	ri->entry_sp = regs_get_sp(regs);
	if (rp->entry_handler(ri, regs))
		give_back(rp, ri, kc);
	else
		divert(ri, regs, rp->kp.flags & KPROBE_FLAG_FTRACE, kc);
	return 0;
}

/* The entry probe of a kretprobe without an entry handler (the usual):
 * take() and divert() written out, the miss a tail call. */
static int kretprobe_entry(struct kprobe *p, struct pt_regs *regs)
{
	struct kretprobe *rp = container_of(p, struct kretprobe, kp);
	struct kprobe_cpu *kc = this_kprobe_cpu();
	struct kretprobe_instance **head = free_list(rp, kc), *ri = *head;

	if (unlikely(!ri))
		return missed_entry(rp);
	*head = ri->next;
	divert(ri, regs, false, kc);
	return 0;
}

/* The same at a function tracer's call site (a traced function's entry):
 * its own handler, so the usual one tests nothing. */
static int kretprobe_entry_ftrace(struct kprobe *p, struct pt_regs *regs)
{
	struct kprobe_cpu *kc = kc_once();
	struct kretprobe_instance *ri = take(container_of(p, struct kretprobe, kp), kc);

	if (likely(ri))
		divert(ri, regs, true, kc);
	return 0;
}

static int kretprobe_entry_handler(struct kprobe *p, struct pt_regs *regs)
{
	return entry_with_handler(container_of(p, struct kretprobe, kp), regs);
}

void kretprobe_init_instances(struct kretprobe *rp, struct kretprobe_instance *arr, int n)
{
	struct kretprobe_instance **head = free_list(rp, this_kprobe_cpu());

	rp->instances = arr;
	rp->maxactive = n;
	memset(rp->free_instances, 0, sizeof(rp->free_instances));
	for (int i = 0; i < n; i++) {
		arr[i].rp = rp;
		arr[i].next = *head;
		*head = &arr[i];
	}
}

bool kprobe_is_kretprobe(const struct kprobe *p)
{
	return p->pre_handler == kretprobe_entry || p->pre_handler == kretprobe_entry_ftrace ||
	       p->pre_handler == kretprobe_entry_handler;
}

/* What returns call for a kretprobe without a handler: the return path
 * then tests for nothing. */
static int no_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	(void)ri;
	(void)regs;
	return 0;
}

/* Where instances of unregistered kretprobes end (see
 * unregister_kretprobe()): no handler, free lists nobody takes from. */
static struct kretprobe orphans = { .handler = no_handler };

static __always_inline unsigned long finish_return(struct kretprobe_instance *ri,
						    struct pt_regs *regs, struct kprobe_cpu *kc)
{
	struct kretprobe *rp = ri->rp;

	if (likely(!kc->current)) {
		/* Probes hit by the handler count as missed, as for kprobes.
		 * @ri stays on top of the stack meanwhile: a handler that
		 * faults is unwound to @regs, kretprobe_fault_fixup() then
		 * finishes this return. */
		kc->current = &rp->kp;
		kc->frame = regs;
		rp->handler(ri, regs);
		kc->current = NULL;
	}
	kc->ret_stack = ri->next;
	give_back(rp, ri, kc);
	return ri->ret_addr;
}

/* Drop the instances of frames already gone first: at the trampoline sp is
 * back above the returning frame's entry sp, so those with a lower entry
 * sp were abandoned (a function that never returned normally). */
static __noinline unsigned long return_pruning(unsigned long sp, struct pt_regs *regs,
					       struct kprobe_cpu *kc)
{
	struct kretprobe_instance *ri = kc->ret_stack;

	while (ri->entry_sp < sp) {
		if (ri == &bottom)
			panic("kretprobe trampoline reached with no active instance");
		kc->ret_stack = ri->next;
		give_back(ri->rp, ri, kc);
		ri = kc->ret_stack;
	}
	return finish_return(ri, regs, kc);
}
NOPROBE_ROOT(kretprobe_trampoline_handler);

unsigned long __probecall kretprobe_trampoline_handler(unsigned long sp, struct pt_regs *regs)
{
	struct kprobe_cpu *kc = kc_once();
	struct kretprobe_instance *ri = kc->ret_stack;

	if (unlikely(ri->entry_sp < sp))
		return return_pruning(sp, regs, kc);
	return finish_return(ri, regs, kc);
}

unsigned long kretprobe_unwrap(unsigned long addr)
{
	struct kretprobe_instance *ri = this_kprobe_cpu()->ret_stack;

	return addr == arch_kretprobe_trampoline_addr() && ri != &bottom ? ri->ret_addr : addr;
}

void kretprobe_fault_fixup(struct pt_regs *frame)
{
	struct kprobe_cpu *kc = this_kprobe_cpu();
	struct kretprobe_instance *ri = kc->ret_stack;
	struct kretprobe *rp = ri->rp;

	if (!arch_kretprobe_frame(frame) || ri == &bottom)
		return;
	kc->ret_stack = ri->next;
	give_back(rp, ri, kc);
	regs_set_return_addr_pc(frame, ri->ret_addr);
}

int register_kretprobe_why(struct kretprobe *rp, const char **why)
{
	int n = rp->maxactive > 0 ? rp->maxactive : DEFAULT_MAXACTIVE;
	struct kretprobe_instance *arr;
	bool enabled;
	int ret;

	/* @n for every CPU that may come up: a probe registered before the
	 * secondaries start (the handover) fires on them too. */
	arr = kzalloc(sizeof(*arr) * (size_t)n * NR_CPUS);
	if (!arr) {
		*why = "no memory for the return-probe instances";
		return -ENOMEM;
	}
	rp->instances = arr;
	rp->maxactive = n;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct kretprobe_instance **head = &rp->free_instances[cpu];

		*head = NULL;
		for (int i = 0; i < n; i++, arr++) {
			arr->rp = rp;
			arr->next = *head;
			*head = arr;
		}
	}
	rp->nmissed = 0;
	if (!rp->handler)
		rp->handler = no_handler;
	rp->kp.pre_handler = rp->entry_handler ? kretprobe_entry_handler : kretprobe_entry;
	rp->kp.post_handler = NULL;
	/* Registered disabled until the entry handler fits the place: only
	 * registration tells whether it is a call site. */
	enabled = !(rp->kp.flags & KPROBE_FLAG_DISABLED);
	rp->kp.flags |= KPROBE_FLAG_DISABLED;
	ret = register_kprobe_why(&rp->kp, why);
	if (ret) {
		rp->kp.flags &= enabled ? ~KPROBE_FLAG_DISABLED : ~0u;
		kfree(rp->instances);
		return ret;
	}
	if ((rp->kp.flags & KPROBE_FLAG_FTRACE) && !rp->entry_handler)
		kprobe_set_pre_handler(&rp->kp, kretprobe_entry_ftrace);
	if (enabled)
		enable_kprobe(&rp->kp);
	return 0;
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

/*
 * Kretprobes being unregistered, and how many of their calls in flight
 * the CPUs found. Each CPU walks its own stack (nobody else may: it
 * changes it without a lock) at its next quiescent point; the
 * unregistering CPU waits for all of them (quiesce_sync()).
 */
#define DYING_MAX 4
static struct dying {
	struct kretprobe *rp;
	u32 in_flight;
} dying[DYING_MAX];
static u32 ndying;
static spinlock_t dying_lock = SPINLOCK_INIT;

void kretprobe_quiescent(void)
{
	struct kprobe_cpu *kc;

	if (!READ_ONCE(ndying))
		return;
	kc = this_kprobe_cpu();
	arch_smp_mb();
	for (struct kretprobe_instance *ri = kc->ret_stack; ri != &bottom; ri = ri->next) {
		for (unsigned int i = 0; i < DYING_MAX; i++) {
			if (ri->rp && READ_ONCE(dying[i].rp) == ri->rp) {
				/* It returns without a handler, onto a free
				 * list nobody takes from. */
				ri->rp = &orphans;
				arch_atomic_add_return(&dying[i].in_flight, 1);
			}
		}
	}
}

/* A slot in dying[] for @rp, waiting for others to finish if all are in
 * use (several CPUs unregistering at once). */
static struct dying *dying_add(struct kretprobe *rp)
{
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&dying_lock);

		for (unsigned int i = 0; i < DYING_MAX; i++) {
			if (!dying[i].rp) {
				dying[i].in_flight = 0;
				WRITE_ONCE(dying[i].rp, rp);
				ndying++;
				spin_unlock_irqrestore(&dying_lock, flags);
				return &dying[i];
			}
		}
		spin_unlock_irqrestore(&dying_lock, flags);
		quiesce_sync();
	}
}

void unregister_kretprobe(struct kretprobe *rp)
{
	struct dying *d;
	unsigned long flags;
	bool in_flight;

	/* No call enters it from here on (that waits for a grace period). */
	unregister_kprobe(&rp->kp);
	/* Calls still in flight keep their instance: let them return through
	 * the trampoline without a handler, then forget them. */
	d = dying_add(rp);
	kretprobe_quiescent(); /* this CPU's own stack */
	quiesce_sync();        /* every other CPU's */
	flags = spin_lock_irqsave(&dying_lock);
	in_flight = d->in_flight != 0;
	WRITE_ONCE(d->rp, NULL);
	ndying--;
	spin_unlock_irqrestore(&dying_lock, flags);
	/* In-flight instances stay on an active stack until their call
	 * returns, so their memory is kept (a bounded, rare leak). */
	if (!in_flight)
		kfree(rp->instances);
	rp->instances = NULL;
}
