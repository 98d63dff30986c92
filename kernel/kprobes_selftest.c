/*
 * `selftest kprobes`: the core's behaviour on real code, trap and optimized.
 * Targets are ordinary non-inlined functions in this file; each check calls
 * them a known number of times and compares hit counts, return values and
 * the text bytes (which must come back exactly after removal). They are
 * notrace: an entry probe of a traced function is ftrace-based (no trap,
 * no optimization switch), and these check the breakpoint and the detour
 * on an ordinary instruction; `selftest kprobes_ftrace` checks the sites.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/kprobes.h>
#include <ek/noprobe.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>

int kprobe_target_add(int a, int b);
int kprobe_target_fact(int n);
void kprobe_target_helper(void);

__noinline notrace int kprobe_target_add(int a, int b)
{
	barrier();
	return a + b;
}

static int (*volatile fact_fn)(int) = kprobe_target_fact;

/* Really recursive: the call goes through a volatile pointer, so the
 * compiler cannot turn it into a loop. */
__noinline notrace int kprobe_target_fact(int n)
{
	barrier();
	return n <= 1 ? 1 : n * fact_fn(n - 1);
}

static unsigned int helper_calls;

__noinline notrace void kprobe_target_helper(void)
{
	barrier();
	helper_calls++;
}

static int failures;
#define CHECK(cond, ...) SELFTEST_CHECK("kprobes", failures, cond, __VA_ARGS__)

static unsigned long pre_hits, post_hits;
static unsigned long seen_arg0;

/* The core counts misses only; handlers count their own hits. */
struct counted {
	struct kprobe kp;
	unsigned long hits;
};

static int count_pre(struct kprobe *p, struct pt_regs *regs)
{
	container_of(p, struct counted, kp)->hits++;
	pre_hits++;
	/* The ABI's first argument (ARM: r0; i386 cdecl: the stack). */
	if (regs_get_argument(regs, 0, &seen_arg0))
		seen_arg0 = ~0ul;
	return 0;
}

static void count_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	(void)p;
	(void)regs;
	(void)flags;
	post_hits++;
}

/* A handler that calls a probed function: that hit must count as missed. */
static int calling_pre(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	kprobe_target_helper();
	return 0;
}

static int (*volatile add_fn)(int, int) = kprobe_target_add;
static void (*volatile helper_fn)(void) = kprobe_target_helper;

static void check_basic(bool optimize)
{
	struct counted a = { .kp = { .symbol_name = "kprobe_target_add", .pre_handler = count_pre,
				     .post_handler = count_post } };
	struct counted b = { .kp = { .symbol_name = "kprobe_target_add", .pre_handler = count_pre } };
	u32 before = *(volatile u32 *)(void *)kprobe_target_add;
	int sum = 0;

	kprobes_set_optimization(optimize);
	pre_hits = post_hits = 0;
	CHECK(register_kprobe(&a.kp) == 0, "register a");
	CHECK(register_kprobe(&b.kp) == 0, "register b on the same address");
	CHECK(a.kp.site == b.kp.site, "probes on one address share a site");
	CHECK(*(volatile u32 *)(void *)kprobe_target_add != before, "text not patched");
	CHECK(!!(a.kp.flags & KPROBE_FLAG_OPTIMIZED) == optimize, "optimized flag %x", a.kp.flags);
	for (int i = 0; i < 100; i++)
		sum += add_fn(i, 1);
	CHECK(sum == 5050, "probed function computed %d", sum);
	CHECK(a.hits == 100 && b.hits == 100, "hits a=%lu b=%lu", a.hits, b.hits);
	CHECK(pre_hits == 200 && post_hits == 100, "pre %lu post %lu", pre_hits, post_hits);
	CHECK(seen_arg0 == 99, "first argument at entry %lu", seen_arg0);
	disable_kprobe(&a.kp);
	add_fn(1, 2);
	CHECK(a.hits == 100 && b.hits == 101, "disabled a: a=%lu b=%lu", a.hits, b.hits);
	disable_kprobe(&b.kp);
	CHECK(*(volatile u32 *)(void *)kprobe_target_add == before, "all disabled: text restored");
	add_fn(1, 2);
	CHECK(b.hits == 101, "disabled b still hit");
	enable_kprobe(&b.kp);
	add_fn(1, 2);
	CHECK(b.hits == 102, "re-enabled b not hit");
	kprobes_set_enabled(false);
	CHECK(*(volatile u32 *)(void *)kprobe_target_add == before, "global off: text restored");
	add_fn(1, 2);
	kprobes_set_enabled(true);
	add_fn(1, 2);
	CHECK(b.hits == 103, "global off/on: b=%lu", b.hits);
	CHECK(!!(b.kp.flags & KPROBE_FLAG_OPTIMIZED) == optimize, "re-optimized after enable");
	unregister_kprobe(&a.kp);
	unregister_kprobe(&b.kp);
	CHECK(*(volatile u32 *)(void *)kprobe_target_add == before, "unregistered: text restored");
	add_fn(1, 2);
	CHECK(b.hits == 103, "unregistered probe hit");
}

static void check_recursion(bool optimize)
{
	struct kprobe outer = { .symbol_name = "kprobe_target_add", .pre_handler = calling_pre };
	struct counted inner = { .kp = { .symbol_name = "kprobe_target_helper",
					 .pre_handler = count_pre } };

	kprobes_set_optimization(optimize);
	helper_calls = 0;
	CHECK(register_kprobe(&outer) == 0 && register_kprobe(&inner.kp) == 0, "register");
	for (int i = 0; i < 10; i++)
		add_fn(i, i);
	helper_fn();
	CHECK(helper_calls == 11, "helper ran %u times", helper_calls);
	CHECK(inner.kp.nmissed == 10 && inner.hits == 1, "inner hit %lu missed %lu", inner.hits,
	      inner.kp.nmissed);
	unregister_kprobe(&outer);
	unregister_kprobe(&inner.kp);
}

static unsigned long other_hits;

static int count_other(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	other_hits++;
	return 0;
}

/* Swapping the handler of a live probe: alone on its site (called straight
 * from the trap or detour) and sharing it (called by the dispatcher). */
static void check_swap(bool optimize)
{
	struct counted a = { .kp = { .symbol_name = "kprobe_target_add", .pre_handler = count_pre } };
	struct counted b = { .kp = { .symbol_name = "kprobe_target_add", .pre_handler = count_pre } };

	kprobes_set_optimization(optimize);
	other_hits = 0;
	CHECK(register_kprobe(&a.kp) == 0, "register");
	add_fn(1, 1);
	kprobe_set_pre_handler(&a.kp, count_other);
	add_fn(1, 1);
	add_fn(1, 1);
	CHECK(a.hits == 1 && other_hits == 2, "alone: old %lu new %lu", a.hits, other_hits);
	CHECK(register_kprobe(&b.kp) == 0, "register b");
	add_fn(1, 1);
	kprobe_set_pre_handler(&a.kp, count_pre);
	add_fn(1, 1);
	CHECK(a.hits == 2 && b.hits == 2 && other_hits == 3, "shared: a %lu b %lu other %lu",
	      a.hits, b.hits, other_hits);
	unregister_kprobe(&b.kp);
	kprobe_set_pre_handler(&a.kp, count_other);
	add_fn(1, 1);
	CHECK(a.hits == 2 && other_hits == 4, "alone again: a %lu other %lu", a.hits, other_hits);
	CHECK(!!(a.kp.flags & KPROBE_FLAG_OPTIMIZED) == optimize, "optimized flag %x", a.kp.flags);
	unregister_kprobe(&a.kp);
}

static unsigned long ret_values[16];
static int nret;

static int ret_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	(void)ri;
	if (nret < 16)
		ret_values[nret] = regs_return_value(regs);
	nret++;
	return 0;
}

static void check_kretprobe(bool optimize)
{
	struct kretprobe rp = { .kp.symbol_name = "kprobe_target_fact", .handler = ret_handler,
				.maxactive = 8 };
	int r;

	kprobes_set_optimization(optimize);
	nret = 0;
	CHECK(register_kretprobe(&rp) == 0, "register kretprobe");
	r = fact_fn(5);
	CHECK(r == 120, "fact(5) = %d", r);
	/* innermost call returns first: 1, 2, 6, 24, 120 */
	CHECK(nret == 5, "%d returns", nret);
	CHECK(ret_values[0] == 1 && ret_values[4] == 120, "return values %lu..%lu", ret_values[0],
	      ret_values[4]);
	nret = 0;
	r = fact_fn(10); /* 10 nested calls, 8 instances: 2 missed */
	CHECK(r == 3628800, "fact(10) = %d", r);
	CHECK(nret == 8 && rp.nmissed == 2, "returns %d missed %lu", nret, rp.nmissed);
	unregister_kretprobe(&rp);
	nret = 0;
	fact_fn(3);
	CHECK(nret == 0, "unregistered kretprobe fired");
}

/* Batch registration: all or nothing. */
static void check_batch(void)
{
	struct counted a = { .kp = { .symbol_name = "kprobe_target_add", .pre_handler = count_pre } };
	struct counted h = { .kp = { .symbol_name = "kprobe_target_helper",
				     .pre_handler = count_pre } };
	struct kprobe bad = { .symbol_name = "no_such_function_anywhere" };
	struct kprobe *good[] = { &a.kp, &h.kp }, *mixed[] = { &a.kp, &h.kp, &bad };
	u32 before = *(volatile u32 *)(void *)kprobe_target_helper;

	CHECK(register_kprobes(good, 2) == 0, "batch of two");
	add_fn(1, 1);
	helper_fn();
	CHECK(a.hits == 1 && h.hits == 1, "batch hits a=%lu h=%lu", a.hits, h.hits);
	unregister_kprobes(good, 2);
	int ret = register_kprobes(mixed, 3);

	CHECK(ret == -ENOENT, "batch with a bad probe: %d", ret);
	CHECK(!a.kp.site && !h.kp.site, "failed batch left probes registered");
	CHECK(*(volatile u32 *)(void *)kprobe_target_helper == before, "failed batch: text restored");
}

static void check_rejections(void)
{
	struct kprobe p = { .symbol_name = "kprobe_target_add", .offset = 2 };
	struct kprobe q = { .symbol_name = "no_such_function_anywhere" };
	struct kprobe r = { .symbol_name = "kprobe_handle_trap" };
	struct kprobe s = { .symbol_name = "kprobe_target_add", .offset = 0x10000 };

	CHECK(register_kprobe(&p) == -EILSEQ, "misaligned offset accepted");
	CHECK(register_kprobe(&q) == -ENOENT, "unknown symbol accepted");
	CHECK(register_kprobe(&r) == -EPERM, "blacklisted function accepted");
	CHECK(register_kprobe(&s) == -EINVAL, "offset past the function accepted");
}

static int selftest_kprobes(void)
{
	bool saved = kprobes_optimization();

	failures = 0;
	fact_fn = kprobe_target_fact;
	for (int opt = 0; opt < 2; opt++) {
		check_basic(opt);
		check_recursion(opt);
		check_swap(opt);
		check_kretprobe(opt);
	}
	check_batch();
	check_rejections();
	kprobes_set_optimization(saved);
	console_printf("selftest kprobes: %s\n", failures ? "FAIL" : "PASS");
	return failures ? -EIO : 0;
}
static const struct selftest kprobes_test = { "kprobes", selftest_kprobes };
SELFTEST_DECLARE(kprobes_test);
