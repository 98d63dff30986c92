/*
 * `selftest kprobes_arm`: what ARM asks of the probe path beyond the
 * generic checks (kernel/kprobes_selftest*.c), trap and optimized:
 *  - handlers get an AAPCS stack (8-byte aligned) at a probe point where
 *    the interrupted code's sp % 8 == 4: an aligned local really is
 *    aligned, and a 64-bit vararg prints right;
 *  - a kretprobe on an ARM function called from Thumb code returns to
 *    the caller in Thumb state;
 *  - a handler that unregisters its own probe on an instruction using the
 *    PC: the hit still runs it (an optimized one in the detour's
 *    emulating tail, which must not need the probe's site any more);
 *  - an undefined instruction in a handler, ARM or Thumb, is contained:
 *    reported (the Thumb one as a Thumb encoding, at its own address),
 *    the probe disabled, the probed code unharmed.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/kprobes.h>
#include <ek/noprobe.h>
#include <ek/printk.h>
#include <ek/quiesce.h>
#include <ek/shell.h>
#include <ek/string.h>

u32 selftest_misaligned_target(u32 x);
int selftest_thumb_call(int (*fn)(int), int x);
void selftest_thumb_udf(void);
int selftest_arm_callee(int x);
u32 selftest_pc_target(void);

static int failures;
#define CHECK(cond, ...) SELFTEST_CHECK("kprobes_arm", failures, cond, __VA_ARGS__)

static u32 (*volatile misaligned_fn)(u32) = selftest_misaligned_target;
static u32 (*volatile pc_fn)(void) = selftest_pc_target;
static unsigned int hits, aligned_hits;
static char printed[24];

static int aapcs_pre(struct kprobe *p, struct pt_regs *regs)
{
	/* On the stack (volatile), placed by the compiler on the premise
	 * that sp is 8-byte aligned at the call. */
	volatile u64 local __aligned(8) = 0x1122334455667788ull;

	(void)p;
	(void)regs;
	hits++;
	aligned_hits += ((uintptr_t)&local & 7) == 0;
	/* A 64-bit vararg: va_arg aligns its slot by absolute address. */
	ksnprintf(printed, sizeof(printed), "%llx", (unsigned long long)local);
	return 0;
}

static void check_aapcs(bool optimize)
{
	struct kprobe kp = { .symbol_name = "selftest_misaligned_target", .offset = 4,
			     .pre_handler = aapcs_pre };
	u32 r;

	kprobes_set_optimization(optimize);
	hits = aligned_hits = 0;
	printed[0] = '\0';
	CHECK(register_kprobe(&kp) == 0, "register");
	CHECK(!!(kp.flags & KPROBE_FLAG_OPTIMIZED) == optimize, "optimized flag %x", kp.flags);
	r = misaligned_fn(41);
	unregister_kprobe(&kp);
	CHECK(r == 42, "probed code returned %u", r);
	CHECK(hits == 1 && aligned_hits == 1, "%s: %u hit(s), %u with an aligned stack",
	      optimize ? "optimized" : "trap", hits, aligned_hits);
	CHECK(!strcmp(printed, "1122334455667788"), "%s: u64 vararg printed as %s",
	      optimize ? "optimized" : "trap", printed);
}

__noinline notrace int selftest_arm_callee(int x)
{
	barrier();
	return x * 2;
}

static unsigned int returns;
static unsigned long ret_value;

static int ret_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	(void)ri;
	returns++;
	ret_value = regs_return_value(regs);
	return 0;
}

static void check_thumb_return(bool optimize)
{
	struct kretprobe rp = { .kp.symbol_name = "selftest_arm_callee", .handler = ret_handler };
	int (*volatile call)(int (*)(int), int) = selftest_thumb_call;
	int r;

	kprobes_set_optimization(optimize);
	returns = 0;
	CHECK(register_kretprobe(&rp) == 0, "register kretprobe");
	r = call(selftest_arm_callee, 20);
	unregister_kretprobe(&rp);
	CHECK(r == 41, "Thumb caller got %d", r);
	CHECK(returns == 1 && ret_value == 40, "%u return(s), value %lu", returns, ret_value);
}

static void (*volatile thumb_udf)(void) = selftest_thumb_udf;

static int udf_arm_pre(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	hits++; /* stored first: the "memory" clobber orders it */
	__asm__ __volatile__(".inst 0xe7f000f0" ::: "memory"); /* UDF #0 */
	return 0;
}

static int udf_thumb_pre(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	hits++;
	barrier(); /* stored before the call that faults */
	thumb_udf();
	return 0;
}

static void check_undef_in_handler(bool optimize, kprobe_pre_handler_t pre, const char *what)
{
	struct kprobe kp = { .symbol_name = "selftest_misaligned_target", .offset = 4,
			     .pre_handler = pre };
	u32 r;

	kprobes_set_optimization(optimize);
	hits = 0;
	CHECK(register_kprobe(&kp) == 0, "register");
	r = misaligned_fn(1);
	CHECK(r == 2, "%s: probed code returned %u after the fault", what, r);
	CHECK(kp.flags & KPROBE_FLAG_DISABLED, "%s: probe not disabled", what);
	r = misaligned_fn(2);
	CHECK(r == 3 && hits == 1, "%s: disabled probe: %u, %u hit(s)", what, r, hits);
	unregister_kprobe(&kp);
}

static int unregister_self(struct kprobe *p, struct pt_regs *regs)
{
	(void)regs;
	hits++;
	unregister_kprobe(p); /* from a handler: no wait, p->site cleared */
	return 0;
}

static void check_emulated_self_unregister(bool optimize)
{
	struct kprobe kp = { .symbol_name = "selftest_pc_target", .pre_handler = unregister_self };
	u32 want = (u32)(uintptr_t)selftest_pc_target + 8, r;

	kprobes_set_optimization(optimize);
	hits = 0;
	CHECK(register_kprobe(&kp) == 0, "register");
	CHECK(!!(kp.flags & KPROBE_FLAG_OPTIMIZED) == optimize, "optimized flag %x", kp.flags);
	r = pc_fn();
	CHECK(r == want && hits == 1, "self-unregistering PC probe: %08x (want %08x), %u hit(s)",
	      r, want, hits);
	CHECK(pc_fn() == want && hits == 1, "probe still hit after unregistering");
	quiesce_sync();
	quiescent_point(); /* its detour and site go */
}

static int selftest_kprobes_arm(void)
{
	bool saved = kprobes_optimization();

	failures = 0;
	for (int opt = 0; opt < 2; opt++) {
		check_aapcs(opt);
		check_thumb_return(opt);
		check_emulated_self_unregister(opt);
		check_undef_in_handler(opt, udf_arm_pre, "ARM UDF");
		check_undef_in_handler(opt, udf_thumb_pre, "Thumb UDF");
	}
	kprobes_set_optimization(saved);
	console_printf("selftest kprobes_arm: %s\n", failures ? "FAIL" : "PASS");
	return failures ? -EIO : 0;
}
static const struct selftest kprobes_arm_test = { "kprobes_arm", selftest_kprobes_arm };
SELFTEST_DECLARE(kprobes_arm_test);
