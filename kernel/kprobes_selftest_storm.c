/*
 * `selftest kprobes_storm`: probes under an interrupt storm. The tick runs
 * at STORM_HZ and calls storm_work() from its interrupt, while this thread
 * calls storm_work() in a loop with interrupts on, so interrupts land in
 * boost slots, detour tails and diverted returns. Probed: storm_work's
 * entry (optimized when optimization is on), its first instruction that
 * cannot be optimized (a trap probe whatever the switch), and storm_leaf(),
 * which storm_work() calls and every handler calls too, with a kprobe and
 * a kretprobe. The functions count their own calls; for every probe, hits
 * plus misses must equal those counts, exactly. Run with optimization on
 * and off.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/kallsyms.h>
#include <ek/kprobes.h>
#include <ek/noprobe.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/time.h>

#define STORM_HZ 20000
#define STORM_TICKS 4000
#define STORM_MAX_NS (3 * NSEC_PER_SEC)

void storm_work(void);
void storm_leaf(void);

static volatile unsigned long work_calls, leaf_calls, ticks;

/* The tick calls these too: a load-add-store interrupted by a tick that
 * increments the same counter would lose a call (on i386 a probe's copy
 * of the load widened that window until the check failed). */
static inline void count_call(volatile unsigned long *n)
{
	unsigned long flags = arch_irq_save();

	(*n)++;
	arch_irq_restore(flags);
}

__noinline notrace void storm_leaf(void)
{
	count_call(&leaf_calls);
	barrier();
}

__noinline notrace void storm_work(void)
{
	count_call(&work_calls);
	storm_leaf();
	barrier();
}

static void storm_tick(void)
{
	ticks++;
	storm_work();
}

static int failures;
#define CHECK(cond, ...) SELFTEST_CHECK("kprobes_storm", failures, cond, __VA_ARGS__)

struct counted {
	struct kprobe kp;
	unsigned long hits;
};

/* Every handler calls storm_leaf(): those calls are the probes' misses. */
static int count_and_call(struct kprobe *p, struct pt_regs *regs)
{
	(void)regs;
	container_of(p, struct counted, kp)->hits++;
	storm_leaf();
	return 0;
}

static unsigned long returns;

static int return_and_call(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	(void)ri;
	(void)regs;
	returns++;
	storm_leaf();
	return 0;
}

/* The first instruction of storm_work() after its entry that the arch
 * cannot optimize: registered there, @c is a trap probe. */
/* A trap probe inside storm_work, off the bytes @entry's jump replaces
 * (a probe there would keep @entry from being optimized: x86). */
static int register_trap_probe(struct counted *c, const struct kprobe *entry)
{
	unsigned long start = kallsyms_lookup_name("storm_work"), size = 0;
	bool entry_opt = entry->flags & KPROBE_FLAG_OPTIMIZED;

	if (!start || !kallsyms_lookup(start, NULL, NULL, &size))
		return -ENOENT;
	for (unsigned long off = 1; off < size; off++) {
		c->kp = (struct kprobe){ .addr = (void *)(start + off), .pre_handler = count_and_call };
		if (register_kprobe_why(&c->kp, &(const char *){ NULL }))
			continue;
		if (!(c->kp.flags & KPROBE_FLAG_OPTIMIZED) &&
		    entry_opt == !!(entry->flags & KPROBE_FLAG_OPTIMIZED))
			return 0;
		unregister_kprobe(&c->kp);
	}
	return -ENOENT;
}

static void storm(bool optimize)
{
	struct counted entry = { .kp = { .symbol_name = "storm_work", .pre_handler = count_and_call } };
	struct counted leaf = { .kp = { .symbol_name = "storm_leaf", .pre_handler = count_and_call } };
	struct counted trap = { .hits = 0 };
	struct kretprobe rp = { .kp.symbol_name = "storm_leaf", .handler = return_and_call,
				.maxactive = 8 };
	const char *mode = optimize ? "optimized" : "trap";
	unsigned long flags, loops = 0;
	u64 end;
	int ret;

	kprobes_set_optimization(optimize);
	work_calls = leaf_calls = ticks = returns = 0;
	CHECK(register_kprobe(&entry.kp) == 0 && register_kprobe(&leaf.kp) == 0 &&
	      register_kretprobe(&rp) == 0, "register");
	CHECK(register_trap_probe(&trap, &entry.kp) == 0,
	      "no unoptimizable instruction in storm_work");
	CHECK(!!(entry.kp.flags & KPROBE_FLAG_OPTIMIZED) == optimize, "entry flags %x",
	      entry.kp.flags);
	timer_set_tick_hook(storm_tick);
	ret = timer_set_tick_rate(STORM_HZ);
	CHECK(ret == 0, "tick rate %d Hz: %d", STORM_HZ, ret);
	end = time_ns() + STORM_MAX_NS;
	while (ticks < STORM_TICKS && time_ns() < end) {
		storm_work();
		loops++;
	}
	timer_set_tick_rate(0);
	timer_set_tick_hook(NULL);
	flags = arch_irq_save(); /* a last tick may still be on its way */
	unregister_kretprobe(&rp);
	unregister_kprobe(&leaf.kp);
	unregister_kprobe(&entry.kp);
	unregister_kprobe(&trap.kp);
	arch_irq_restore(flags);
	console_printf("selftest kprobes_storm: %s: %lu ticks at %u Hz, %lu thread calls; "
		       "storm_work %lu calls: entry %lu+%lu, trap %lu+%lu; storm_leaf %lu calls: "
		       "%lu+%lu, return %lu+%lu+%lu (hits+missed)\n",
		       mode, (unsigned long)ticks, STORM_HZ, loops, (unsigned long)work_calls,
		       entry.hits, entry.kp.nmissed, trap.hits, trap.kp.nmissed,
		       (unsigned long)leaf_calls, leaf.hits, leaf.kp.nmissed, returns,
		       rp.kp.nmissed, rp.nmissed);
	CHECK(ticks >= STORM_TICKS / 4, "%s: only %lu ticks", mode, (unsigned long)ticks);
	CHECK(entry.hits + entry.kp.nmissed == work_calls, "%s: entry probe", mode);
	CHECK(trap.hits + trap.kp.nmissed == work_calls, "%s: trap probe", mode);
	CHECK(leaf.hits + leaf.kp.nmissed == leaf_calls, "%s: leaf probe", mode);
	CHECK(returns + rp.kp.nmissed + rp.nmissed == leaf_calls, "%s: leaf return probe", mode);
	/* Which ones: storm_work() calls storm_leaf() once per call, and
	 * every handler once per hit, the leaf's own two included. */
	CHECK(leaf.hits == work_calls &&
	      leaf.kp.nmissed == entry.hits + trap.hits + leaf.hits + returns,
	      "%s: leaf hits %lu, misses %lu", mode, leaf.hits, leaf.kp.nmissed);
}

static int selftest_kprobes_storm(void)
{
	bool saved = kprobes_optimization();

	failures = 0;
	storm(true);
	storm(false);
	kprobes_set_optimization(saved);
	console_printf("selftest kprobes_storm: %s\n", failures ? "FAIL" : "PASS");
	return failures ? -EIO : 0;
}
static const struct selftest kprobes_storm_test = { "kprobes_storm", selftest_kprobes_storm };
SELFTEST_DECLARE(kprobes_storm_test);
