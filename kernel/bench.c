/*
 * `bench`: probe costs counted in retired guest instructions (the arch
 * counter, exact under QEMU -icount; verify_counter() checks that before
 * any figure is given).
 *
 * Every figure is the difference of two runs of the same loop, N calls of
 * a target through a volatile pointer with interrupts masked: once
 * unprobed (baseline), once probed. The loop, the call and the counter
 * reads cancel out, so (probed - baseline) / N is exactly the extra
 * instructions per hit. Each probed run also checks that the probe fired N
 * times and, for events, that the last record holds the right values:
 * a fast probe that records garbage would be worthless.
 *
 * Output lines are "bench: KEY CALLS BASELINE PROBED" (totals over CALLS
 * calls) for scripts/bench.c, which prints the table and the JSON.
 */
#include <ek/arch.h>
#include <ek/arch_bench.h>
#include <ek/bench.h>
#include <ek/errno.h>
#include <ek/ftrace.h>
#include <ek/noprobe.h>
#include <ek/kallsyms.h>
#include <ek/kprobes.h>
#include <ek/printk.h>
#include <ek/probe_event.h>
#include <ek/quiesce.h>
#include <ek/shell.h>
#include <ek/smp.h>
#include <ek/string.h>
#include <ek/trace.h>

#define BENCH_CALLS_DEFAULT 10000

/* Calls per measurement; `bench hits N` lowers it for profiling runs. */
static u32 bench_calls = BENCH_CALLS_DEFAULT;
#define BENCH_CALLS bench_calls

void bench_empty(u32 a, u32 b);

/* The empty non-inlined function: the probe lands on its first
 * instruction. Called through a pointer so no call can be elided. Built
 * without -pg (its body is `bx lr`, as the per-hit figures have always
 * measured); bench_empty_pg is the same with the mcount site. */
/* Weak: an arch whose empty function is too short to hold a jump (i386's
 * one-byte ret) supplies the usual frame-pointer function instead. */
__attribute__((weak)) __noinline notrace void bench_empty(u32 a, u32 b)
{
	(void)a;
	(void)b;
}

/* The same with -pg: push {lr}; NOP (pop {lr}); bx lr. */
void bench_empty_pg(u32 a, u32 b);
__noinline void bench_empty_pg(u32 a, u32 b)
{
	(void)a;
	(void)b;
}

static void (*volatile empty_fn)(u32, u32) = bench_empty;
static void (*volatile insn_fn)(u32 *);
static u32 scratch[2];
static unsigned long counter_hits;
static int failures;

/* Every count is of all CPUs' instructions (-icount): the others asleep,
 * nothing left to wake them, before counting. */
static unsigned long quiet_irq_save(void)
{
	smp_quiet_others();
	return arch_irq_save();
}

static u32 loop_empty(u32 n)
{
	unsigned long flags = quiet_irq_save();
	u32 t0 = arch_bench_insns(), t1;

	for (u32 i = 0; i < n; i++)
		empty_fn(i, ~i);
	t1 = arch_bench_insns();
	arch_irq_restore(flags);
	return t1 - t0;
}

static u32 loop_insn(u32 n)
{
	unsigned long flags = quiet_irq_save();
	u32 t0 = arch_bench_insns(), t1;

	for (u32 i = 0; i < n; i++)
		insn_fn(scratch);
	t1 = arch_bench_insns();
	arch_irq_restore(flags);
	return t1 - t0;
}

struct find_ctx {
	unsigned long addr;
	bool optimized;
};

static void find_probe(struct kprobe *p, void *arg)
{
	struct find_ctx *c = arg;

	if ((unsigned long)p->addr == c->addr && (p->flags & KPROBE_FLAG_OPTIMIZED))
		c->optimized = true;
}

/* One probed run; the last field says whether the probe at @addr really
 * ran as an optimized probe (a branch cannot). */
static void report(const char *key, u32 (*loop)(u32), u32 base, void *addr)
{
	u32 probed = loop(BENCH_CALLS);
	struct find_ctx c = { (unsigned long)addr, false };

	kprobe_for_each(find_probe, &c);
	console_printf("bench: %s %u %u %u %d\n", key, BENCH_CALLS, base, probed, c.optimized);
}

static void check(bool ok, const char *key, const char *what)
{
	if (!ok) {
		console_printf("bench: FAIL %s: %s\n", key, what);
		failures++;
	}
}

static notrace int count_hit(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	counter_hits++;
	return 0;
}

static notrace int count_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	(void)ri;
	(void)regs;
	counter_hits++;
	return 0;
}

static void bench_kprobe(const char *key, void *addr, u32 (*loop)(u32), u32 base)
{
	struct kprobe kp = { .addr = addr, .pre_handler = count_hit };

	counter_hits = 0;
	if (register_kprobe(&kp)) {
		check(false, key, "cannot register");
		return;
	}
	report(key, loop, base, addr);
	check(counter_hits == BENCH_CALLS, key, "hit count");
	unregister_kprobe(&kp);
}

static void bench_kretprobe(const char *key, u32 base)
{
	struct kretprobe rp = { .kp.addr = (void *)bench_empty, .handler = count_ret };

	counter_hits = 0;
	if (register_kretprobe(&rp)) {
		check(false, key, "cannot register");
		return;
	}
	report(key, loop_empty, base, (void *)bench_empty);
	check(counter_hits == BENCH_CALLS && rp.nmissed == 0, key, "hit count");
	unregister_kretprobe(&rp);
}

static void bench_event(const char *key, const char *def, int nargs, u32 base)
{
	struct probe_error err;
	struct trace_slot last;
	u64 entries, written, overruns, seq;

	trace_buffer_clear();
	if (probe_event_command(def, strlen(def), "bench", "bench", 0, &err)) {
		check(false, key, "cannot create the event");
		return;
	}
	report(key, loop_empty, base, (void *)bench_empty);
	trace_buffer_stats(&entries, &written, &overruns);
	check(written == BENCH_CALLS, key, "records written");
	seq = written - 1;
	if (trace_buffer_read(&seq, &last) && nargs == 2) {
		u32 a, b;

		/* The last call was bench_empty(N - 1, ~(N - 1)). */
		memcpy(&a, last.data, 4);
		memcpy(&b, last.data + 4, 4);
		check(last.e.len == 8 && a == BENCH_CALLS - 1 && b == ~(u32)(BENCH_CALLS - 1), key,
		      "recorded argument values");
	}
	probe_event_enable(probe_event_find("bench", "ev"), false);
	probe_event_delete("bench", "ev");
	trace_buffer_clear();
}

static void run_mode(bool optimized)
{
	const char *m = optimized ? "opt" : "trap";
	char key[48];
	u32 base = loop_empty(BENCH_CALLS);
	unsigned int n;
	const struct arch_bench_target *t = arch_bench_targets(&n);

	kprobes_set_optimization(optimized);
	console_printf("bench: %s baseline_empty %u %u %u 0\n", m, BENCH_CALLS, base, base);
	ksnprintf(key, sizeof(key), "%s kprobe", m);
	bench_kprobe(key, (void *)bench_empty, loop_empty, base);
	ksnprintf(key, sizeof(key), "%s kretprobe", m);
	bench_kretprobe(key, base);
	ksnprintf(key, sizeof(key), "%s event0", m);
	bench_event(key, "p:bench/ev bench_empty", 0, base);
	ksnprintf(key, sizeof(key), "%s event2", m);
	bench_event(key, "p:bench/ev bench_empty a=$arg1:x32 b=$arg2:x32", 2, base);
	for (unsigned int i = 0; i < n; i++) {
		insn_fn = t[i].fn;
		base = loop_insn(BENCH_CALLS);
		ksnprintf(key, sizeof(key), "%s insn_%s", m, t[i].kind);
		bench_kprobe(key, (char *)t[i].fn + t[i].offset, loop_insn, base);
	}
	bench_smp_hits(m, BENCH_CALLS);
}

/*
 * Probes on a call site (ftrace-based: the site branches to a detour,
 * whatever the optimization switch), against the unprobed NOP site: a
 * probe on bench_empty_pg's entry goes on its site.
 */
static void bench_ftrace_probes(u32 nop)
{
	struct kprobe kp = { .addr = (void *)bench_empty_pg, .pre_handler = count_hit };

	empty_fn = bench_empty_pg;
	counter_hits = 0;
	if (register_kprobe(&kp) || !(kp.flags & KPROBE_FLAG_FTRACE)) {
		check(false, "ftrace kprobe", "not an ftrace-based probe");
	} else {
		report("ftrace kprobe", loop_empty, nop, kp.addr);
		check(counter_hits == BENCH_CALLS, "ftrace kprobe", "hit count");
	}
	unregister_kprobe(&kp);
	quiescent_point(); /* its detour goes back to the pool */
	bench_event("ftrace event0", "p:bench/ev bench_empty_pg", 0, nop);
	bench_event("ftrace event2", "p:bench/ev bench_empty_pg a=$arg1:x32 b=$arg2:x32", 2, nop);
	empty_fn = bench_empty;
}

/*
 * The function tracer: bench_empty_pg's NOP site against bench_empty (no
 * -pg), then bench_empty_pg traced (the filter names it alone) against its
 * NOP. Every call must give one entry, the last one naming bench_empty_pg
 * called from loop_empty.
 */
static void bench_ftrace(void)
{
	static struct trace_slot slot;
	u64 e0, w0, o0, e1, w1, o1, seq;
	const char *why = "", *fn = "", *parent = "";
	u32 base, nop, traced, pip;

	/* A kernel built without -pg (i386 for now) has no call site to
	 * time: said so, not counted as a failure. */
	if (!ftrace_location((unsigned long)bench_empty_pg)) {
		console_printf("bench: ftrace none (no function tracer call sites)\n");
		return;
	}
	base = loop_empty(BENCH_CALLS);
	empty_fn = bench_empty_pg;
	nop = loop_empty(BENCH_CALLS);
	console_printf("bench: ftrace nop_site %u %u %u 0\n", BENCH_CALLS, base, nop);
	if (ftrace_function_on() || ftrace_list_count(FTRACE_FILTER) || !trace_is_on()) {
		empty_fn = bench_empty;
		check(false, "ftrace function", "the function tracer or the buffer is in use");
		return;
	}
	if (ftrace_list_add(FTRACE_FILTER, "bench_empty_pg", 14, &why) != 1 ||
	    ftrace_set_function(true) || ftrace_enabled_count() != 1) {
		empty_fn = bench_empty;
		check(false, "ftrace function", why);
		ftrace_set_function(false);
		ftrace_list_clear(FTRACE_FILTER);
		return;
	}
	trace_buffer_stats(&e0, &w0, &o0);
	traced = loop_empty(BENCH_CALLS);
	trace_buffer_stats(&e1, &w1, &o1);
	empty_fn = bench_empty;
	ftrace_set_function(false);
	ftrace_list_clear(FTRACE_FILTER);
	console_printf("bench: ftrace function %u %u %u 0\n", BENCH_CALLS, nop, traced);
	check(w1 - w0 == BENCH_CALLS, "ftrace function", "not one entry per call");
	seq = w1 - 1;
	check(trace_buffer_read(&seq, &slot) && slot.e.event_id == TRACE_TYPE_FUNCTION,
	      "ftrace function", "the last entry is not a function entry");
	memcpy(&pip, slot.data, 4);
	kallsyms_lookup(slot.e.ip, &fn, NULL, NULL);
	kallsyms_lookup(pip, &parent, NULL, NULL);
	check(slot.e.ip == ftrace_location((unsigned long)bench_empty_pg) + ftrace_site_len &&
	      !strcmp(fn, "bench_empty_pg") && !strcmp(parent, "loop_empty"), "ftrace function",
	      "the last entry is not bench_empty_pg <-loop_empty");
	trace_buffer_clear();
	bench_ftrace_probes(nop);
}

/* One timed run of the known loop: the same code for every @turns, so the
 * difference of two runs is the loop alone. */
static __noinline u32 timed_known_loop(u32 turns)
{
	u32 t0 = arch_bench_insns();

	bench_known_loop(turns);
	return arch_bench_insns() - t0;
}

/*
 * The counter against a loop of known length, 2 instructions per turn, at
 * two lengths: it must count exactly 2 x 100 000 and 2 x 200 000
 * instructions more than for the empty loop. A clock that is not driven
 * by instructions (a Cortex-A9's global timer on real hardware or without
 * QEMU -icount) fails: its scale is off, and memory or host timing makes
 * the two lengths disagree. No figure is given then.
 */
static bool verify_counter(bool print)
{
	unsigned long flags = quiet_irq_save();
	u32 t0 = arch_bench_insns();
	u32 t1 = arch_bench_insns();
	u32 loop0 = timed_known_loop(0);
	u32 loop1 = timed_known_loop(100000);
	u32 loop2 = timed_known_loop(200000);
	bool ok1 = loop1 - loop0 == 200000, ok2 = loop2 - loop0 == 400000;

	arch_irq_restore(flags);
	if (print || !ok1 || !ok2) {
		console_printf("bench: counter %s\n", arch_bench_counter_name());
		console_printf("bench: verify read_overhead %u loop0 %u loop100000 %u delta %u expect 200000 %s\n",
			       t1 - t0, loop0, loop1, loop1 - loop0, ok1 ? "OK" : "MISMATCH");
		console_printf("bench: verify2 loop200000 %u delta %u expect 400000 %s\n", loop2,
			       loop2 - loop0, ok2 ? "OK" : "MISMATCH");
	}
	check(ok1 && ok2, "verify", "known loop");
	return ok1 && ok2;
}

static int cmd_bench(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "all";
	bool was_optimizing = kprobes_optimization();
	bool all = !strcmp(what, "all");

	if (!arch_bench_counter_ok()) {
		console_printf("bench: no exact instruction counter (needs a PMU or a Cortex-A9 "
			       "global timer, and QEMU -icount)\n");
		return -ENODEV;
	}
	failures = 0;
	unsigned long calls = BENCH_CALLS_DEFAULT;

	if (argc > 2 && (kstrtoul(argv[2], 0, &calls) || !calls))
		return -EINVAL;
	bench_calls = (u32)calls;
	/* Every command checks the counter: no figure from a clock. */
	if (!verify_counter(all || !strcmp(what, "verify"))) {
		console_printf("bench: the counter does not count instructions: not measuring\n");
		console_printf("bench: done FAIL\n");
		return -EIO;
	}
	if (all || !strcmp(what, "hits")) {
		run_mode(false);
		run_mode(true);
		kprobes_set_optimization(was_optimizing);
		bench_patch_cost();
		bench_ftrace();
	}
	if (all || !strcmp(what, "boot"))
		bench_boot_report();
	console_printf("bench: done %s\n", failures ? "FAIL" : "PASS");
	return failures ? -EIO : 0;
}

static const struct shell_cmd bench_cmd = {
	"bench", "[all|verify|hits|boot]: probe costs in guest instructions (QEMU -icount)",
	cmd_bench
};
SHELL_CMD(bench_cmd);
