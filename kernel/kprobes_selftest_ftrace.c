/*
 * `selftest kprobes_ftrace`: probes on function tracer call sites through
 * the C interface, which probe events do not reach: two probes (one with a
 * post handler) and a kretprobe sharing a traced function's site with the
 * tracer, in every order of turning the two on and off. Every call is a
 * hit of each enabled probe and, while the tracer is on, one entry with
 * the real caller as parent (a kretprobe diverted it); the post handler
 * sees the site's NOP done (pc past the site, ftrace_site_len bytes; the
 * return address into the caller where regs_get_return_addr() finds it,
 * a kretprobe's diversion undone); the return probes see the results;
 * with everything off the sites are the NOP again.
 * The targets are ordinary traced functions (this object has -pg): a leaf
 * and a caller (on ARM, one whose return address the site's NOP reloads
 * and one whose prologue saves it; on x86 the site is the first
 * instruction of both).
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/ftrace.h>
#include <ek/kallsyms.h>
#include <ek/kprobes.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>
#include <ek/trace.h>

int ftrace_target_leaf(int a, int b);
int ftrace_target_outer(int x);

__noinline int ftrace_target_leaf(int a, int b)
{
	barrier();
	return a * b + 1;
}

static int (*volatile leaf_fn)(int, int) = ftrace_target_leaf;

__noinline int ftrace_target_outer(int x)
{
	return leaf_fn(x, 2) + leaf_fn(x, 3);
}

static int (*volatile outer_fn)(int) = ftrace_target_outer;

static int failures;
#define CHECK(cond, ...) SELFTEST_CHECK("kprobes_ftrace", failures, cond, __VA_ARGS__)

struct counted {
	struct kprobe kp;
	unsigned long hits, posts, bad;
	unsigned long site;
};

/* Whether @addr lies in the function named @name. */
static bool in_function(unsigned long addr, const char *name)
{
	const char *found;

	return kallsyms_lookup(addr, &found, NULL, NULL) && !strcmp(found, name);
}

static int count_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct counted *c = container_of(p, struct counted, kp);

	c->hits++;
	if (regs_get_pc(regs) != c->site)
		c->bad++;
	return 0;
}

/* After the site's NOP: past it, with the return address into the caller
 * (ARM: in lr, the word the site's push stored; x86: at sp, maybe
 * diverted by the return probe's entry, which ran before). */
static void count_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	struct counted *c = container_of(p, struct counted, kp);

	(void)flags;
	c->posts++;
	if (regs_get_pc(regs) != c->site + ftrace_site_len ||
	    !in_function(kretprobe_unwrap(regs_get_return_addr(regs)), "run"))
		c->bad++;
}

struct returns {
	struct kretprobe rp;
	unsigned long hits, sum;
};

static int count_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct returns *r = container_of(ri->rp, struct returns, rp);

	r->hits++;
	r->sum += regs_return_value(regs);
	return 0;
}

/* Function-tracer entries for @site written since @from; those whose
 * parent is not in @parent (the real caller, never the kretprobe
 * trampoline) are counted in *@bad. */
static unsigned long tracer_entries(unsigned long site, u64 from, const char *parent,
				    unsigned long *bad)
{
	static struct trace_slot slot;
	unsigned long n = 0;
	u64 seq = from;

	while (trace_buffer_read(&seq, &slot)) {
		u32 p;

		if (slot.e.event_id != TRACE_TYPE_FUNCTION || slot.e.ip != site + ftrace_site_len)
			continue;
		memcpy(&p, slot.data, sizeof(p));
		n++;
		*bad += !in_function(p, parent);
	}
	return n;
}

static u64 written(void)
{
	u64 entries, total, overruns;

	trace_buffer_stats(&entries, &total, &overruns);
	return total;
}

static void tracer(bool on)
{
	const char *why;

	ftrace_list_clear(FTRACE_FILTER);
	if (on)
		ftrace_list_add(FTRACE_FILTER, "ftrace_target_*", 15, &why);
	CHECK(ftrace_set_function(on) == 0, "tracer %s: sites not changed", on ? "on" : "off");
}

struct state {
	struct counted a, b;         /* on the outer function: pre+post, pre */
	struct returns rl, ro;       /* returns of the leaf and the outer one */
	unsigned long want_hits, want_trace, want_leaf_sum, want_outer_sum;
	bool probes, traced;
};

static void probes(struct state *st, bool on)
{
	if (on) {
		CHECK(register_kprobe(&st->a.kp) == 0, "register a");
		CHECK(register_kprobe(&st->b.kp) == 0, "register b");
		CHECK(register_kretprobe(&st->rl.rp) == 0, "register the leaf's return probe");
		CHECK(register_kretprobe(&st->ro.rp) == 0, "register the outer return probe");
		CHECK(st->a.kp.site == st->b.kp.site && st->a.kp.site == st->ro.rp.kp.site &&
		      (st->a.kp.flags & KPROBE_FLAG_FTRACE) && (st->rl.rp.kp.flags & KPROBE_FLAG_FTRACE) &&
		      !(st->a.kp.flags & KPROBE_FLAG_OPTIMIZED),
		      "not one ftrace-based site: flags %x %x", st->a.kp.flags, st->rl.rp.kp.flags);
	} else {
		unregister_kretprobe(&st->rl.rp);
		unregister_kretprobe(&st->ro.rp);
		unregister_kprobe(&st->a.kp);
		unregister_kprobe(&st->b.kp);
	}
	st->probes = on;
}

/* @n calls of the outer function (two of the leaf each), from here (noipa:
 * no "run.constprop.0" clone, the handlers look for this name). */
static __attribute__((noipa)) void run(struct state *st, int n)
{
	for (int i = 0; i < n; i++) {
		int got = outer_fn(i);

		CHECK(got == 5 * i + 2, "outer(%d) = %d", i, got);
		if (st->probes) {
			st->want_hits++;
			st->want_leaf_sum += 5 * (unsigned long)i + 2;
			st->want_outer_sum += 5 * (unsigned long)i + 2;
		}
		st->want_trace += st->traced ? 3 : 0;
	}
}

/* @order bit 0: the tracer goes on first; bit 1: it goes off first. */
static void check_order(unsigned int order)
{
	unsigned long leaf = kprobe_entry_addr((unsigned long)ftrace_target_leaf);
	unsigned long outer = kprobe_entry_addr((unsigned long)ftrace_target_outer);
	static struct state st;
	u8 nop[FTRACE_SITE_MAX];
	u8 before[2][FTRACE_SITE_MAX];
	size_t len = arch_ftrace_insn(leaf, FTRACE_INSN_NOP, nop);
	unsigned long bad = 0, traced;
	u64 from = written();

	memcpy(before[0], (const void *)leaf, len);
	memcpy(before[1], (const void *)outer, len);
	memset(&st, 0, sizeof(st));
	st.a = (struct counted){ .kp = { .symbol_name = "ftrace_target_outer",
					 .pre_handler = count_pre, .post_handler = count_post },
				 .site = outer };
	st.b = (struct counted){ .kp = { .addr = (void *)ftrace_target_outer,
					 .pre_handler = count_pre },
				 .site = outer };
	st.rl.rp = (struct kretprobe){ .kp = { .symbol_name = "ftrace_target_leaf" },
				       .handler = count_ret, .maxactive = 4 };
	st.ro.rp = (struct kretprobe){ .kp = { .symbol_name = "ftrace_target_outer" },
				       .handler = count_ret, .maxactive = 4 };
	/* ARM: the site follows the prologue; x86: it is the entry itself. */
	CHECK(ftrace_site_index(leaf) >= 0 && ftrace_site_index(outer) >= 0 &&
	      leaf >= (unsigned long)ftrace_target_leaf &&
	      outer >= (unsigned long)ftrace_target_outer,
	      "the targets' entries are not call sites");
	run(&st, 2);
	if (order & 1) {
		tracer(st.traced = true);
		run(&st, 3);
		probes(&st, true);
	} else {
		probes(&st, true);
		run(&st, 3);
		tracer(st.traced = true);
	}
	run(&st, 4);
	if (order & 2) {
		tracer(st.traced = false);
		run(&st, 5);
		probes(&st, false);
	} else {
		probes(&st, false);
		run(&st, 5);
		tracer(st.traced = false);
	}
	run(&st, 2);
	CHECK(st.a.hits == st.want_hits && st.b.hits == st.want_hits && st.a.posts == st.want_hits,
	      "order %u: hits a=%lu b=%lu posts=%lu, want %lu", order, st.a.hits, st.b.hits,
	      st.a.posts, st.want_hits);
	CHECK(!st.a.bad && !st.b.bad, "order %u: handlers saw the wrong pc or lr", order);
	CHECK(st.ro.hits == st.want_hits && st.ro.sum == st.want_outer_sum,
	      "order %u: outer returns %lu (sum %lu), want %lu", order, st.ro.hits, st.ro.sum,
	      st.want_hits);
	CHECK(st.rl.hits == 2 * st.want_hits && st.rl.sum == st.want_leaf_sum,
	      "order %u: leaf returns %lu (sum %lu), want %lu", order, st.rl.hits, st.rl.sum,
	      2 * st.want_hits);
	traced = tracer_entries(leaf, from, "ftrace_target_outer", &bad) +
		 tracer_entries(outer, from, "run", &bad);
	CHECK(traced == st.want_trace, "order %u: %lu tracer entries, want %lu", order, traced,
	      st.want_trace);
	CHECK(!bad, "order %u: %lu tracer entries with the wrong parent", order, bad);
	CHECK(!memcmp((const void *)leaf, before[0], len) &&
	      !memcmp((const void *)outer, before[1], len) && !memcmp(before[0], nop, len),
	      "order %u: sites not restored to the NOP", order);
}

static int selftest_kprobes_ftrace(void)
{
	bool saved = kprobes_optimization();

	failures = 0;
	for (unsigned int order = 0; order < 4; order++) {
		/* the optimization switch has no say over ftrace sites */
		kprobes_set_optimization(order & 1);
		check_order(order);
	}
	kprobes_set_optimization(saved);
	console_printf("selftest kprobes_ftrace: %s\n", failures ? "FAIL" : "PASS");
	return failures ? -EIO : 0;
}
static const struct selftest kprobes_ftrace_test = { "kprobes_ftrace", selftest_kprobes_ftrace };
SELFTEST_DECLARE(kprobes_ftrace_test);
