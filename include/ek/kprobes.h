/*
 * kprobes: run handlers when the CPU reaches an instruction. The core
 * (kernel/kprobes.c) is arch-neutral; it keeps one "site" per probed address
 * (several probes on one address share one breakpoint) and calls the arch
 * through include/ek/arch.h to decode, arm, disarm and single-step.
 */
#ifndef EK_KPROBES_H
#define EK_KPROBES_H

#include <ek/arch.h>
#include <ek/ftrace.h>
#include <ek/percpu.h>
#include <ek/types.h>

struct pt_regs;
struct kprobe;
struct kprobe_site;

typedef int (*kprobe_pre_handler_t)(struct kprobe *p, struct pt_regs *regs);
typedef void (*kprobe_post_handler_t)(struct kprobe *p, struct pt_regs *regs,
				      unsigned long flags);

#define KPROBE_FLAG_GONE 0x1u      /* the probed code went away */
#define KPROBE_FLAG_DISABLED 0x2u  /* registered but not firing */
#define KPROBE_FLAG_OPTIMIZED 0x4u /* a branch to a detour, no trap */
#define KPROBE_FLAG_FTRACE 0x8u    /* on an ftrace site */
#define KPROBE_FLAG_EARLY 0x10u    /* armed before the kprobes subsystem */

struct kprobe {
	/* set by the user */
	void *addr;              /* or symbol_name + offset; set to the probed
				  * address by registration */
	const char *symbol_name;
	unsigned long offset;
	/* Returns nonzero when it changed the PC itself (skip single-step). */
	kprobe_pre_handler_t pre_handler;
	kprobe_post_handler_t post_handler;
	u32 flags;
	/* maintained by the core (atomically: a miss on any CPU); hits are
	 * the handler's to count (the hit path stays a handler call) */
	unsigned long nmissed;
	struct kprobe_site *site;
	struct kprobe *next_on_site;
};

/* Hook the arch trap; called first thing in start_kernel. */
void kprobes_init(void);
/* The full subsystem: once the allocator is up, give probes dynamic slots
 * and convert every early probe into a normal (optimized) one in place. */
void kprobes_handover(void);

/* Both print a one-line reason on failure; the _why variants print nothing
 * and hand back the reason (a static string) for the caller to report.
 * Unregistering returns once no CPU can still run the probe's handlers
 * (a grace period, include/ek/quiesce.h): the caller may free @p then.
 * From a handler (its own probe, say) it cannot wait for itself: @p must
 * then stay valid until a quiescent point. unregister_kprobes() waits
 * once for the whole batch. */
int register_kprobe(struct kprobe *p);
int register_kprobe_why(struct kprobe *p, const char **why);
void unregister_kprobe(struct kprobe *p);
int register_kprobes(struct kprobe **kps, int num);
void unregister_kprobes(struct kprobe **kps, int num);
int enable_kprobe(struct kprobe *p);
/* Swap a registered probe's pre handler (a non-NULL one) in place: no
 * hit is lost, the next one calls @handler. */
int kprobe_set_pre_handler(struct kprobe *p, kprobe_pre_handler_t handler);
int disable_kprobe(struct kprobe *p);

static inline bool kprobe_disabled(const struct kprobe *p)
{
	return p->flags & (KPROBE_FLAG_DISABLED | KPROBE_FLAG_GONE);
}

static inline bool kprobe_is_early(const struct kprobe *p)
{
	return p->flags & KPROBE_FLAG_EARLY;
}

/* Global switch (/sys/kernel/debug/kprobes/enabled): disarms every site
 * without unregistering. */
int kprobes_set_enabled(bool on);
bool kprobes_enabled(void);

/* Optimized probes (a branch to a detour instead of a trap) where the
 * instruction allows; /proc/sys/debug/kprobes-optimization. */
int kprobes_set_optimization(bool on);
bool kprobes_optimization(void);

/* Where a probe asked for at @addr goes: the function tracer's call site
 * when @addr is a traced function's first instruction (on ARM the site
 * follows the prologue), else @addr. Such a probe is ftrace-based
 * (KPROBE_FLAG_FTRACE): the site branches to a detour, never traps, and
 * stays shared with the tracer. */
unsigned long kprobe_entry_addr(unsigned long addr);
/* Nonzero (and *why) when @addr may not be probed. */
int kprobe_check_blacklist(unsigned long addr, const char **why);
/* Everything register_kprobe() checks about @addr before decoding it: an
 * instruction boundary inside a kernel function, not blacklisted. */
int kprobe_check_addr(unsigned long addr, const char **why);

/*
 * Early probes (kernel/trace/early_events.c) live outside the core until
 * the handover: the core asks them about breakpoints it has no site for.
 * @trap handles such a breakpoint (0) or not (-ENOENT), with this CPU
 * already marked busy; @missed_trap the same hit while a handler runs
 * (count it, execute the instruction); @missed counts a miss of the early
 * probe (KPROBE_FLAG_EARLY) at @addr on a normal site; @disarm removes a
 * breakpoint at @pc for good (0) that the probe machinery itself ran into;
 * @fault contains a fault in an early handler (see kprobe_handler_fault(),
 * false if it was not theirs); @orig_insn gives the bytes an early
 * breakpoint replaced, so a normal probe can be registered on top of it;
 * @handover (from kprobes_handover()) turns them into normal probes;
 * @ftrace_fix is the core's ftrace fixer (include/ek/ftrace.h) for a call
 * site with an early probe and no normal one.
 */
struct kprobe_early_ops {
	int (*trap)(struct pt_regs *regs);
	int (*missed_trap)(struct pt_regs *regs);
	void (*missed)(unsigned long addr);
	int (*disarm)(unsigned long pc);
	bool (*fault)(struct pt_regs *frame, struct pt_regs *fault_regs, const char *what,
		      bool resume);
	bool (*orig_insn)(unsigned long addr, u8 *saved, size_t len);
	void (*handover)(void);
	int (*ftrace_fix)(unsigned long site, enum ftrace_insn want);
};
void kprobes_set_early_ops(const struct kprobe_early_ops *ops);
bool kprobe_early_orig_insn(unsigned long addr, u8 *saved, size_t len);

/* Each CPU's probe state (a per-CPU variable, reached through the per-CPU
 * offset: the detours and the kretprobe trampoline read TPIDRPRW on ARM):
 * the probe whose handlers are running there, if any, and the stack of
 * kretprobe instances of calls in flight. One object, so the return path
 * reaches both from one address. */
struct kretprobe_instance;
struct kprobe_cpu {
	struct kprobe *current; /* first: detours use the object's address */
	/* The register frame of the hit whose handlers run (set with
	 * current): where a handler that faults is unwound to. Second: the
	 * detours store it at offset 4. */
	struct pt_regs *frame;
	struct kretprobe_instance *ret_stack; /* newest first (kretprobes.c) */
	/* An out-of-line step in flight (an arch that steps asynchronously,
	 * see arch_kprobe_single_step()): set from the trap that started it to
	 * the arch's trap that ends it, and @step_post, the site whose post
	 * handlers wait for it (NULL: none). Never set on ARM. */
	bool stepping;
	struct kprobe_site *step_post;
	/* This CPU's free list in every struct kretprobe: the byte offset of
	 * free_instances[this CPU] (kretprobes.c). */
	unsigned int free_off;
	bool in_fault; /* containing a faulting handler (kprobes.c) */
};
_Static_assert(__builtin_offsetof(struct kprobe_cpu, frame) == 4 || sizeof(void *) != 4,
	       "arch detours store the frame at offset 4");
DECLARE_PER_CPU(struct kprobe_cpu, kprobe_cpu);

static inline struct kprobe_cpu *this_kprobe_cpu(void)
{
	return this_cpu_ptr(&kprobe_cpu);
}

static inline struct kprobe *kprobe_running(void)
{
	return this_kprobe_cpu()->current;
}

/* One more of a counter any CPU may count (a miss). */
static inline void kprobe_count(unsigned long *n)
{
	_Static_assert(sizeof(unsigned long) == sizeof(u32), "32-bit counters");
	arch_atomic_add_return((u32 *)n, 1);
}

/* Called by the arch breakpoint trap. The arch reports the probed
 * address: regs' PC and @pc are the address of the breakpoint itself (an
 * arch whose trap leaves the PC past it, as x86's int3 does, moves it back
 * first). Returns 0 when the trap belonged to a probe. */
int __probecall kprobe_handle_trap(struct pt_regs *regs, unsigned long pc);
/* Called by the arch for an undefined-instruction trap at @pc whose word
 * is not the breakpoint (any more): true when @pc is a probe address,
 * whose breakpoint another CPU removed after this one fetched it; the
 * trap then returns to run the instruction again. Counted:
 * kprobe_trap_retries(). */
bool kprobe_trap_gone(unsigned long pc);
unsigned long kprobe_trap_retries(void);
/*
 * A hit is one call: the site's entry probe's pre handler with
 * kprobe_cpu.current set to it (the only probe's own handler, or the core's
 * dispatcher for the general case). Nonzero means @regs are final (a
 * handler moved the PC, or the instruction already ran for the post
 * handlers); 0 that the caller must still execute the probed instruction.
 * A hit while kprobe_cpu.current is set (a handler ran into a probe) calls
 * kprobe_missed_hit() instead, which counts it and returns 0.
 */
int kprobe_missed_hit(struct kprobe *entry, struct pt_regs *regs);
/*
 * Called by the arch fault handlers for a fault nothing fixed up: when a
 * probe handler runs on this CPU, reports the fault once with the probe
 * and the registers, disables the probe and resumes from the hit's frame
 * as if the handler had returned (does not return). False otherwise.
 */
bool kprobe_handler_fault(struct pt_regs *fault_regs, const char *what);
/* The arch state of the site at @addr, or NULL (an arch decoding a
 * function with probes in it asks for the bytes they replaced). */
struct arch_kprobe *kprobe_arch_at(unsigned long addr);
/*
 * Called by the arch when an asynchronous step (kprobe_cpu.stepping)
 * completed, @regs already fixed up as if the probed instruction had run
 * in place: runs the post handlers that waited for it. 0, or -ENOENT when
 * no step was in flight (the trap was not ours).
 */
int kprobe_step_done(struct pt_regs *regs);

void kprobe_for_each(void (*fn)(struct kprobe *p, void *ctx), void *ctx);

/*
 * kretprobes: a kprobe on the function entry swaps the return address for
 * the arch trampoline; when the function returns there, the handler runs
 * and execution continues at the real return address. Instances (one per
 * active call) are preallocated: @maxactive of them for each CPU. They are
 * per CPU, not per task: there is no scheduler, so a call returns on the
 * CPU it was entered on, and each CPU takes and gives back its own
 * instances with interrupts masked, without a lock.
 */
struct kretprobe;

struct kretprobe_instance {
	struct kretprobe *rp;
	unsigned long ret_addr;
	unsigned long entry_sp; /* stack pointer at entry: matches returns to calls */
	struct kretprobe_instance *next;
	u64 data[4]; /* private to the handlers */
};

typedef int (*kretprobe_handler_t)(struct kretprobe_instance *ri, struct pt_regs *regs);

struct kretprobe {
	struct kprobe kp;
	kretprobe_handler_t entry_handler; /* nonzero return: do not track this call */
	kretprobe_handler_t handler;
	int maxactive; /* calls in flight per CPU; 0: a default */
	unsigned long nmissed; /* calls not tracked: no free instance (atomic) */
	struct kretprobe_instance *free_instances[NR_CPUS]; /* each CPU's own */
	struct kretprobe_instance *instances; /* the array, for freeing */
};

int register_kretprobe(struct kretprobe *rp);
int register_kretprobe_why(struct kretprobe *rp, const char **why);
void unregister_kretprobe(struct kretprobe *rp);
bool kprobe_is_kretprobe(const struct kprobe *p);
/* Track one call as @rp's entry would, @cookie in the instance's data[0]:
 * for users sharing one struct kretprobe among many probes (early
 * events); @ftrace_site when the hit is at a call site (not the entry).
 * -ENOSPC (counted in rp->nmissed) when no instance is free. */
int kretprobe_track(struct kretprobe *rp, struct pt_regs *regs, u64 cookie, bool ftrace_site);
void kretprobes_init(void); /* from kprobes_init() */
/* Hand @rp the @n instances of @arr (static memory; not freed), all to
 * this CPU (the early probes' shared pool: they fire on the boot CPU). */
void kretprobe_init_instances(struct kretprobe *rp, struct kretprobe_instance *arr, int n);
/* This CPU's part of unregistering kretprobes on any CPU: its calls in
 * flight of those being unregistered forget their kretprobe (from
 * quiescent points, where this CPU's stack is its own). */
void kretprobe_quiescent(void);

/* @addr, or when it is the trampoline (a kretprobe on this very call site
 * diverted it just now), the return address the newest call in flight
 * really has: for the function tracer's parent at a shared site. */
unsigned long kretprobe_unwrap(unsigned long addr);
/* Called from the arch trampoline with the stack pointer of the returning
 * code and the frame it built: returns the real return address. */
unsigned long __probecall kretprobe_trampoline_handler(unsigned long sp, struct pt_regs *regs);
/* A return handler faulted (kprobe_handler_fault()) with @frame the
 * trampoline's: finish that return on @frame. Nothing otherwise. (Calls
 * already in flight still run the handler; the probe is disabled, so no
 * new call is tracked, and a fault again is contained again.) */
void kretprobe_fault_fixup(struct pt_regs *frame);

#endif
