/*
 * `selftest kprobes_x86`: the traps only x86 has, taken inside a probe's
 * handler, trap and optimized (the twin of ARM's kprobes_arm undefined-
 * instruction cases): an invalid opcode (ud2) and an int3 that is no
 * probe's are contained like a page fault there: reported once with the
 * registers, the probe disabled, the probed code unharmed.
 */
#include <ek/errno.h>
#include <ek/kprobes.h>
#include <ek/printk.h>
#include <ek/shell.h>

u32 selftest_x86_target(u32 x);
void selftest_ud2(void);
void selftest_int3(void);

static int failures;
#define CHECK(cond, ...) SELFTEST_CHECK("kprobes_x86", failures, cond, __VA_ARGS__)

static u32 (*volatile target_fn)(u32) = selftest_x86_target;
static void (*volatile trap_fn)(void);
static unsigned int hits;

static int trapping_pre(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	hits++;
	barrier(); /* stored before the call that traps */
	trap_fn();
	return 0;
}

static void check_trap_in_handler(bool optimize, void (*fn)(void), const char *what)
{
	struct kprobe kp = { .symbol_name = "selftest_x86_target", .offset = 4,
			     .pre_handler = trapping_pre };
	u32 r;

	kprobes_set_optimization(optimize);
	trap_fn = fn;
	hits = 0;
	CHECK(register_kprobe(&kp) == 0, "register");
	CHECK(!!(kp.flags & KPROBE_FLAG_OPTIMIZED) == optimize, "%s: optimized flag %x", what,
	      kp.flags);
	r = target_fn(1);
	CHECK(r == 2, "%s: probed code returned %u after the trap", what, r);
	CHECK(kp.flags & KPROBE_FLAG_DISABLED, "%s: probe not disabled", what);
	r = target_fn(2);
	CHECK(r == 3 && hits == 1, "%s: disabled probe: %u, %u hit(s)", what, r, hits);
	unregister_kprobe(&kp);
}

static int selftest_kprobes_x86(void)
{
	bool saved = kprobes_optimization();

	failures = 0;
	for (int opt = 0; opt < 2; opt++) {
		check_trap_in_handler(opt, selftest_ud2, "ud2");
		check_trap_in_handler(opt, selftest_int3, "int3");
	}
	kprobes_set_optimization(saved);
	console_printf("selftest kprobes_x86: %s\n", failures ? "FAIL" : "PASS");
	return failures ? -EIO : 0;
}
static const struct selftest kprobes_x86_test = { "kprobes_x86", selftest_kprobes_x86 };
SELFTEST_DECLARE(kprobes_x86_test);
