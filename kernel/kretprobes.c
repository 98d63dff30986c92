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
#include <ek/noprobe.h>
#include <ek/printk.h>
#include <ek/string.h>

#define DEFAULT_MAXACTIVE 16

/* The active stack, newest first, ends with this sentinel: its entry sp
 * below any real one sends a return that finds it to the slow path,
 * which is where such a return must go anyway. */
static struct kretprobe_instance bottom;

void kretprobes_init(void)
{
	kprobe_cpu.ret_stack = &bottom;
}

/* Out of line: the common entry path stays short. */
static __noinline struct kretprobe_instance *missed(struct kretprobe *rp)
{
	rp->nmissed++;
	return NULL;
}

/* A free instance of @rp (instances on a free list always belong to its
 * kretprobe), or NULL counted as missed. */
static inline struct kretprobe_instance *take(struct kretprobe *rp)
{
	struct kretprobe_instance *ri = rp->free_instances;

	if (unlikely(!ri))
		return missed(rp);
	rp->free_instances = ri->next;
	return ri;
}

static inline void give_back(struct kretprobe *rp, struct kretprobe_instance *ri)
{
	ri->next = rp->free_instances;
	rp->free_instances = ri;
}

/* The function will return through the trampoline, which finds @ri. */
static inline void divert(struct kretprobe_instance *ri, struct pt_regs *regs, bool ftrace)
{
	struct kprobe_cpu *kc = &kprobe_cpu;

	__asm__("" : "+r"(kc)); /* computed once, kept across the call */
	if (unlikely(ftrace))
		ri->ret_addr = arch_kretprobe_divert_ftrace(regs, &ri->entry_sp);
	else
		ri->ret_addr = arch_kretprobe_divert(regs, &ri->entry_sp);
	ri->next = kc->ret_stack;
	kc->ret_stack = ri;
}

int kretprobe_track(struct kretprobe *rp, struct pt_regs *regs, u64 cookie, bool ftrace_site)
{
	struct kretprobe_instance *ri = take(rp);

	if (!ri)
		return -ENOSPC;
	ri->data[0] = cookie;
	divert(ri, regs, ftrace_site);
	return 0;
}

/* The entry probe of a kretprobe with an entry handler, which may decline
 * to track the call; it sees the return address and sp it will get. */
static inline int entry_with_handler(struct kretprobe *rp, struct pt_regs *regs)
{
	struct kretprobe_instance *ri = take(rp);

	if (!ri)
		return 0;
	ri->ret_addr = regs_get_return_addr(regs);
	ri->entry_sp = regs_get_sp(regs);
	if (rp->entry_handler(ri, regs))
		give_back(rp, ri);
	else
		divert(ri, regs, rp->kp.flags & KPROBE_FLAG_FTRACE);
	return 0;
}

/* The entry probe of a kretprobe without an entry handler (the usual). */
static int kretprobe_entry(struct kprobe *p, struct pt_regs *regs)
{
	struct kretprobe_instance *ri = take(container_of(p, struct kretprobe, kp));

	if (likely(ri))
		divert(ri, regs, false);
	return 0;
}

/* The same at a function tracer's call site (a traced function's entry):
 * its own handler, so the usual one tests nothing. */
static int kretprobe_entry_ftrace(struct kprobe *p, struct pt_regs *regs)
{
	struct kretprobe_instance *ri = take(container_of(p, struct kretprobe, kp));

	if (likely(ri))
		divert(ri, regs, true);
	return 0;
}

static int kretprobe_entry_handler(struct kprobe *p, struct pt_regs *regs)
{
	return entry_with_handler(container_of(p, struct kretprobe, kp), regs);
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
	return p->pre_handler == kretprobe_entry || p->pre_handler == kretprobe_entry_ftrace ||
	       p->pre_handler == kretprobe_entry_handler;
}

/* Where instances of unregistered kretprobes end (see
 * unregister_kretprobe()): no handler, a free list nobody takes from. */
static struct kretprobe orphans;

static __always_inline unsigned long finish_return(struct kretprobe_instance *ri,
						    struct pt_regs *regs)
{
	struct kretprobe *rp = ri->rp;
	struct kprobe_cpu *kc = &kprobe_cpu;

	/* One address for the per-CPU state, kept across the call (else it
	 * is computed again after it). */
	__asm__("" : "+r"(kc));
	if (likely(rp->handler && !kc->current)) {
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
	give_back(rp, ri);
	return ri->ret_addr;
}

/* Drop the instances of frames already gone first: at the trampoline sp is
 * back above the returning frame's entry sp, so those with a lower entry
 * sp were abandoned (a function that never returned normally). */
static __noinline unsigned long return_pruning(unsigned long sp, struct pt_regs *regs)
{
	struct kretprobe_instance *ri = kprobe_cpu.ret_stack;

	while (ri->entry_sp < sp) {
		if (ri == &bottom)
			panic("kretprobe trampoline reached with no active instance");
		kprobe_cpu.ret_stack = ri->next;
		give_back(ri->rp, ri);
		ri = kprobe_cpu.ret_stack;
	}
	return finish_return(ri, regs);
}
NOPROBE_ROOT(kretprobe_trampoline_handler);

unsigned long kretprobe_trampoline_handler(unsigned long sp, struct pt_regs *regs)
{
	struct kretprobe_instance *ri = kprobe_cpu.ret_stack;

	if (unlikely(ri->entry_sp < sp))
		return return_pruning(sp, regs);
	return finish_return(ri, regs);
}

unsigned long kretprobe_unwrap(unsigned long addr)
{
	struct kretprobe_instance *ri = kprobe_cpu.ret_stack;

	return addr == arch_kretprobe_trampoline_addr() && ri != &bottom ? ri->ret_addr : addr;
}

void kretprobe_fault_fixup(struct pt_regs *frame)
{
	struct kretprobe_instance *ri = kprobe_cpu.ret_stack;
	struct kretprobe *rp = ri->rp;

	if (!arch_kretprobe_frame(frame) || ri == &bottom)
		return;
	kprobe_cpu.ret_stack = ri->next;
	give_back(rp, ri);
	regs_set_return_addr_pc(frame, ri->ret_addr);
}

int register_kretprobe_why(struct kretprobe *rp, const char **why)
{
	int n = rp->maxactive > 0 ? rp->maxactive : DEFAULT_MAXACTIVE;
	bool enabled;
	int ret;

	struct kretprobe_instance *arr = kzalloc(sizeof(*arr) * (size_t)n);

	if (!arr) {
		*why = "no memory for the return-probe instances";
		return -ENOMEM;
	}
	kretprobe_init_instances(rp, arr, n);
	rp->nmissed = 0;
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

void unregister_kretprobe(struct kretprobe *rp)
{
	unsigned long flags;

	unregister_kprobe(&rp->kp);
	/* Calls still in flight keep their instance: let them return through
	 * the trampoline without a handler, then forget them. */
	bool in_flight = false;

	flags = arch_irq_save();
	for (struct kretprobe_instance *ri = kprobe_cpu.ret_stack; ri != &bottom; ri = ri->next) {
		if (ri->rp == rp) {
			ri->rp = &orphans;
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
