/*
 * `selftest kprobes_smp`: probes hit on every online CPU at once.
 *
 *  - counts: a kprobe and a kretprobe (with an entry handler) on one
 *    function that every CPU calls SMP_CALLS times at once, trap and
 *    optimized: hits, entries and returns each equal the calls made,
 *    nothing missed (per-CPU counters in the handlers, summed here: the
 *    core itself takes no lock and writes nothing shared on a hit);
 *  - a breakpoint gone between fetch and trap: the other CPUs call a
 *    probed function in a loop while this one takes its breakpoint away
 *    and puts it back behind the probe core's back, without the
 *    rendezvous (which ARMv7 forbids for real: this provokes on purpose
 *    the race the trap path must survive). A trap that finds the
 *    original instruction again must run it (kprobe_trap_gone()), not
 *    report an undefined instruction; every call must return its value.
 *
 * Every online CPU takes part but CPU 0 when the test runs elsewhere
 * (oncpu: CPU 0 then waits in the shell). With one CPU taking part the
 * counts run on it alone and the race is skipped.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/kprobes.h>
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/printk.h>
#include <ek/quiesce.h>
#include <ek/shell.h>
#include <ek/smp.h>
#include <ek/spinlock.h>
#include <ek/string.h>
#include <ek/time.h>

#define SMP_CALLS 20000
#define RACE_NS (2 * NSEC_PER_SEC)

int smp_target(int x);
int smp_race_target(int x);

__noinline notrace int smp_target(int x)
{
	return x + 1;
}

__noinline notrace int smp_race_target(int x)
{
	return x * 3;
}

static int failures;
#define CHECK(cond, ...) SELFTEST_CHECK("kprobes_smp", failures, cond, __VA_ARGS__)

struct counts {
	unsigned long hits, entries, returns, calls, bad;
};
static DEFINE_PER_CPU(struct counts, counts);
static int (*volatile target_fn)(int);
static volatile bool race_on;
static u32 busy_cpus; /* CPUs still in worker(), a bit each */
static u32 taking_part; /* CPUs running the calls, a bit each */

static int count_hit(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	this_cpu_ptr(&counts)->hits++;
	return 0;
}

static int count_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	(void)ri;
	(void)regs;
	this_cpu_ptr(&counts)->entries++;
	return 0;
}

static int count_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	(void)ri;
	if (regs_return_value(regs) == 0)
		this_cpu_ptr(&counts)->bad++;
	this_cpu_ptr(&counts)->returns++;
	return 0;
}

/* SMP_CALLS calls (or, while race_on, calls until it ends), each checked. */
static int worker(void *arg)
{
	struct counts *c = this_cpu_ptr(&counts);

	(void)arg;
	for (int i = 1; race_on || i <= SMP_CALLS; i++) {
		int (*fn)(int) = target_fn;

		if (fn(i) != (fn == smp_target ? i + 1 : i * 3))
			c->bad++;
		c->calls++;
	}
	atomic_update_bits(&busy_cpus, 1u << smp_processor_id(), 0);
	return 0;
}

/* The CPUs that can take part: this one, and every other online one
 * but CPU 0 (which runs the shell, waiting for this test if it is not
 * this one). */
static u32 participants(void)
{
	return (cpu_online_mask & ~1u) | 1u << smp_processor_id();
}

/* worker() on every participant at once: the others as posted work; this
 * one runs @while_self meanwhile (worker() when NULL); then they are
 * waited for. */
static void on_all(void (*while_self)(void))
{
	unsigned int self = smp_processor_id();

	taking_part = participants();
	WRITE_ONCE(busy_cpus, taking_part & ~(1u << self));
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		/* (a CPU that never came up has no copy of its own) */
		if (!(taking_part & (1u << cpu)))
			continue;
		memset(per_cpu_ptr(&counts, cpu), 0, sizeof(struct counts));
		if (cpu == self)
			continue;
		if (smp_call_on_cpu_nowait(cpu, worker, NULL)) {
			atomic_update_bits(&busy_cpus, 1u << cpu, 0);
			taking_part &= ~(1u << cpu);
			CHECK(false, "cpu%u busy", cpu);
		}
	}
	if (while_self)
		while_self();
	else
		worker(NULL);
	while (READ_ONCE(busy_cpus))
		quiescent_point(); /* thread context: let their frees go */
}

static struct counts sum(void)
{
	struct counts t = { 0 };

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		const struct counts *c = per_cpu_ptr(&counts, cpu);

		if (!(taking_part & (1u << cpu)))
			continue;
		t.hits += c->hits;
		t.entries += c->entries;
		t.returns += c->returns;
		t.calls += c->calls;
		t.bad += c->bad;
	}
	return t;
}

static void check_counts(bool optimize)
{
	struct kprobe kp = { .symbol_name = "smp_target", .pre_handler = count_hit };
	struct kretprobe rp = { .kp.symbol_name = "smp_target", .entry_handler = count_entry,
				.handler = count_return };
	const char *mode = optimize ? "optimized" : "trap";
	struct counts t;

	kprobes_set_optimization(optimize);
	target_fn = smp_target;
	CHECK(register_kprobe(&kp) == 0 && register_kretprobe(&rp) == 0, "%s: register", mode);
	on_all(NULL);
	t = sum();
	console_printf("selftest kprobes_smp: %s: %u CPU(s), %lu calls: %lu hits, %lu entries, "
		       "%lu returns, missed %lu+%lu+%lu\n", mode,
		       (unsigned int)__builtin_popcount(taking_part), t.calls, t.hits, t.entries,
		       t.returns, kp.nmissed, rp.kp.nmissed, rp.nmissed);
	CHECK(t.calls == (unsigned long)SMP_CALLS * (unsigned int)__builtin_popcount(taking_part) &&
	      !t.bad,
	      "%s: %lu calls, %lu wrong results", mode, t.calls, t.bad);
	CHECK(t.hits == t.calls && t.entries == t.calls && t.returns == t.calls,
	      "%s: hits, entries, returns", mode);
	CHECK(!kp.nmissed && !rp.kp.nmissed && !rp.nmissed, "%s: missed", mode);
	CHECK(!!(kp.flags & KPROBE_FLAG_OPTIMIZED) == optimize, "%s: flags %x", mode, kp.flags);
	unregister_kretprobe(&rp);
	unregister_kprobe(&kp);
}

/* This CPU's part of the race: take the armed breakpoint away and put it
 * back, again and again, while the others call the function. */
static void toggle_breakpoint(void)
{
	u32 *at = (u32 *)(void *)smp_race_target, armed = *at, orig;
	u8 bytes[4];
	u64 end = time_ns() + RACE_NS;
	unsigned long retries0 = kprobe_trap_retries();

	arch_kprobe_orig_bytes(kprobe_arch_at((unsigned long)at), bytes, sizeof(bytes));
	memcpy(&orig, bytes, sizeof(orig));
	while (time_ns() < end && kprobe_trap_retries() - retries0 < 100) {
		patch_text_fresh(at, &orig, 4);
		patch_text_fresh(at, &armed, 4);
	}
	race_on = false;
}

static void check_gone_breakpoint(void)
{
	struct kprobe kp = { .symbol_name = "smp_race_target", .pre_handler = count_hit };
	unsigned long retries = kprobe_trap_retries();
	struct counts t;

	if (__builtin_popcount(participants()) < 2)
		return;
	kprobes_set_optimization(false);
	target_fn = smp_race_target;
	CHECK(register_kprobe(&kp) == 0, "race: register");
	race_on = true;
	on_all(toggle_breakpoint);
	t = sum();
	retries = kprobe_trap_retries() - retries;
	console_printf("selftest kprobes_smp: breakpoint gone at the trap: %lu calls, %lu hits, "
		       "%lu trap(s) retried\n", t.calls, t.hits, retries);
	CHECK(!t.bad && t.calls > 0, "race: %lu wrong results", t.bad);
	CHECK(retries > 0, "race: no trap found its breakpoint gone");
	unregister_kprobe(&kp);
}

static int selftest_kprobes_smp(void)
{
	bool saved = kprobes_optimization();

	failures = 0;
	check_counts(true);
	check_counts(false);
	check_gone_breakpoint();
	kprobes_set_optimization(saved);
	console_printf("selftest kprobes_smp: %s\n", failures ? "FAIL" : "PASS");
	return failures ? -EIO : 0;
}
static const struct selftest kprobes_smp_test = { "kprobes_smp", selftest_kprobes_smp };
SELFTEST_DECLARE(kprobes_smp_test);
