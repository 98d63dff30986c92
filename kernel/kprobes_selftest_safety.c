/*
 * `selftest kprobes_safety`: what handlers may do and the system must
 * survive, trap and optimized:
 *  - a handler unregisters its own probe (alone on its site and shared):
 *    the hit completes through the site, slot and detour it just gave
 *    up, which are freed only after a quiescent point;
 *  - a handler faults (data abort; a call through a NULL pointer, a
 *    prefetch abort; in a post handler; in a kretprobe's return handler):
 *    reported once, that probe disabled, the probed code runs on exactly
 *    as if unprobed (its instruction executed once, its return intact).
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/kprobes.h>
#include <ek/printk.h>
#include <ek/quiesce.h>
#include <ek/shell.h>

int kprobe_target_add(int a, int b); /* kernel/kprobes_selftest.c */
int kprobe_target_fact(int n);

static int failures;
#define CHECK(cond, ...) SELFTEST_CHECK("kprobes_safety", failures, cond, __VA_ARGS__)

static int (*volatile add_fn)(int, int) = kprobe_target_add;
static int (*volatile fact_fn)(int) = kprobe_target_fact;
static unsigned int hits, other_hits;

static int self_unregister(struct kprobe *p, struct pt_regs *regs)
{
	(void)regs;
	hits++;
	unregister_kprobe(p);
	return 0;
}

static int count_other(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	other_hits++;
	return 0;
}

static void check_self_unregister(bool optimize)
{
	struct kprobe a = { .symbol_name = "kprobe_target_add", .pre_handler = self_unregister };
	struct kprobe b = { .symbol_name = "kprobe_target_add", .pre_handler = count_other };
	u32 before = *(volatile u32 *)(void *)kprobe_target_add;
	int r1, r2;

	kprobes_set_optimization(optimize);
	quiescent_point();
	hits = other_hits = 0;
	/* Alone: the site, its slot and detour go with the probe. */
	CHECK(register_kprobe(&a) == 0, "register");
	r1 = add_fn(2, 3);
	r2 = add_fn(4, 5);
	CHECK(r1 == 5 && r2 == 9, "probed code returned %d, %d", r1, r2);
	CHECK(hits == 1 && !a.site, "%u hit(s); site %p", hits, (void *)a.site);
	CHECK(*(volatile u32 *)(void *)kprobe_target_add == before, "text not restored");
	CHECK(quiesce_pending() > 0, "site freed while its hit was still returning");
	quiesce_sync(); /* the other CPUs' quiescent points, if any */
	quiescent_point();
	CHECK(quiesce_pending() == 0, "%u free(s) still pending after a quiescent point",
	      quiesce_pending());
	/* Shared: the other probe on the site keeps firing. */
	CHECK(register_kprobe(&a) == 0 && register_kprobe(&b) == 0, "register both");
	r1 = add_fn(1, 1);
	r2 = add_fn(1, 2);
	CHECK(r1 == 2 && r2 == 3, "probed code returned %d, %d", r1, r2);
	CHECK(hits == 2 && other_hits == 2, "shared: %u self-removing hit(s), %u other", hits,
	      other_hits);
	unregister_kprobe(&b);
	quiescent_point();
}

/* The handlers count their hit before they fault; barrier(): the count is
 * stored before the faulting access (a contained handler is abandoned
 * where it faulted). */
static volatile u32 *volatile bad_ptr; /* NULL: a data abort */
static void (*volatile bad_fn)(void); /* NULL: a prefetch abort */

static int read_bad(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	hits++;
	barrier();
	return (int)*bad_ptr;
}

static int call_bad(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	hits++;
	barrier();
	bad_fn();
	return 0;
}

static void post_read_bad(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	(void)p;
	(void)regs;
	(void)flags;
	hits++;
	barrier();
	(void)*bad_ptr;
}

static void check_pre_fault(bool optimize, kprobe_pre_handler_t pre, const char *what)
{
	struct kprobe kp = { .symbol_name = "kprobe_target_add", .pre_handler = pre };
	u32 before = *(volatile u32 *)(void *)kprobe_target_add;
	int r;

	kprobes_set_optimization(optimize);
	hits = 0;
	CHECK(register_kprobe(&kp) == 0, "register");
	r = add_fn(20, 22);
	CHECK(r == 42, "%s: probed code returned %d", what, r);
	CHECK(hits == 1 && (kp.flags & KPROBE_FLAG_DISABLED), "%s: %u hit(s), flags %x", what,
	      hits, kp.flags);
	CHECK(*(volatile u32 *)(void *)kprobe_target_add == before, "%s: still armed", what);
	r = add_fn(1, 2);
	CHECK(r == 3 && hits == 1, "%s: disabled probe: %d, %u hit(s)", what, r, hits);
	unregister_kprobe(&kp);
}

/* A post handler runs after the instruction: the fault must not run it
 * again (add r0, r0, r1 twice would return a + 2b). */
static void check_post_fault(void)
{
	struct kprobe kp = { .symbol_name = "kprobe_target_add", .pre_handler = count_other,
			     .post_handler = post_read_bad };
	int r;

	hits = other_hits = 0;
	CHECK(register_kprobe(&kp) == 0, "register");
	r = add_fn(20, 22);
	CHECK(r == 42, "post handler fault: probed code returned %d", r);
	CHECK(hits == 1 && other_hits == 1 && (kp.flags & KPROBE_FLAG_DISABLED),
	      "post handler fault: %u post, %u pre, flags %x", hits, other_hits, kp.flags);
	unregister_kprobe(&kp);
}

static int ret_read_bad(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	(void)ri;
	(void)regs;
	hits++;
	barrier();
	return (int)*bad_ptr;
}

/* The return handler of the innermost of 3 nested calls faults: every
 * call still returns its value to its caller; the two outer calls were
 * in flight, so their handler runs (and faults, contained) too. */
static void check_return_fault(bool optimize)
{
	struct kretprobe rp = { .kp.symbol_name = "kprobe_target_fact", .handler = ret_read_bad,
				.maxactive = 4 };
	int r;

	kprobes_set_optimization(optimize);
	hits = 0;
	CHECK(register_kretprobe(&rp) == 0, "register kretprobe");
	r = fact_fn(3);
	CHECK(r == 6, "return handler fault: fact(3) = %d", r);
	CHECK(hits == 3 && (rp.kp.flags & KPROBE_FLAG_DISABLED),
	      "return handler fault: %u return(s), flags %x", hits, rp.kp.flags);
	r = fact_fn(4);
	CHECK(r == 24 && hits == 3, "disabled kretprobe: fact(4) = %d, %u return(s)", r, hits);
	unregister_kretprobe(&rp);
}

static int selftest_kprobes_safety(void)
{
	bool saved = kprobes_optimization();

	failures = 0;
	for (int opt = 0; opt < 2; opt++) {
		check_self_unregister(opt);
		check_pre_fault(opt, read_bad, "data abort");
		check_pre_fault(opt, call_bad, "prefetch abort");
		check_return_fault(opt);
	}
	check_post_fault();
	kprobes_set_optimization(saved);
	console_printf("selftest kprobes_safety: %s\n", failures ? "FAIL" : "PASS");
	return failures ? -EIO : 0;
}
static const struct selftest kprobes_safety_test = { "kprobes_safety", selftest_kprobes_safety };
SELFTEST_DECLARE(kprobes_safety_test);
