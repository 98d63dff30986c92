/*
 * probetest on i386: the `probetest` shell command, as on ARM. Every case
 * of probetest_cases.S (one instruction class GCC emits here, at a case
 * function's offset 0) runs from the same registers, flags and memory:
 * natively, then under a real registered kprobe on it, three ways:
 *
 *  - trap: optimization off, a pre handler: int3, then the instruction
 *    boosted, simulated (ip-relative) or stepped with the trap flag;
 *  - step: the same with a post handler, which needs the result: stepped
 *    (or simulated), never boosted;
 *  - optimized: optimization on; run only when the probe reports
 *    KPROBE_FLAG_OPTIMIZED (the jmp to a detour).
 *
 * Each probed run must match the native one: every general register, the
 * arithmetic flags plus TF/IF, where the case landed (next ip), the test
 * buffer from the lowest word the native run wrote below sp, or from its
 * final sp when it raised it, upward (trap frames and detours may scribble
 * below that, as interrupts may), and exactly one handler
 * call (and one post handler call) seeing ip = the case.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/kallsyms.h>
#include <ek/kprobes.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>

struct pt_state {
	u32 ax, cx, dx, bx, sp, bp, si, di, flags; /* probetest_runner.S's order */
};

void probetest_enter(const struct pt_state *in, struct pt_state *out, void *code);
void probetest_land_ret(void);
void probetest_land_ind(void);
extern const u32 probetest_cases[], probetest_cases_end[];
extern volatile u32 probetest_landed;

#define BUF_WORDS 256
#define SP_WORD 16
#define FLAGS_CHECKED 0xfd5u /* CF PF AF ZF SF TF IF DF OF */

/* Room below the buffer: a probed run's trap frame and handlers use it.
 * Seeded before every run, so not cleared at boot (.noinit). */
static struct {
	u32 room[1024];
	u32 buf[BUF_WORDS];
} pt_mem __aligned(64) __section(".noinit");

/* Register and flag seeds: jcc taken and not, rep/loop counts 0..3. */
static const struct {
	u32 ax, cx, dx, flags;
} seeds[] = {
	{ 0x12345678, 3, 0x80000001, 0x002 },
	{ 0x80000000, 1, 7, 0x8d7 },
	{ 0, 0, 0xffff, 0x0c3 },
	{ 0xffffffff, 2, 0, 0x882 },
};

struct run {
	struct pt_state out;
	u32 landed;
	u32 buf[BUF_WORDS];
};

struct counter {
	struct kprobe kp;
	unsigned long hits, posts, bad;
};

static int count_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct counter *c = container_of(p, struct counter, kp);

	c->hits++;
	c->bad += regs_get_pc(regs) != (unsigned long)p->addr;
	return 0;
}

static void count_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	struct counter *c = container_of(p, struct counter, kp);

	(void)regs;
	(void)flags;
	c->posts++;
}

static void seed_state(unsigned int s, struct pt_state *in)
{
	for (unsigned int i = 0; i < BUF_WORDS; i++)
		pt_mem.buf[i] = (0x9e3779b9u * (i + 1)) ^ (s * 0x01010101u);
	pt_mem.buf[SP_WORD] = (u32)(uintptr_t)probetest_land_ret;
	*in = (struct pt_state){
		.ax = seeds[s].ax, .cx = seeds[s].cx, .dx = seeds[s].dx,
		.bx = (u32)(uintptr_t)&pt_mem.buf[128], .sp = (u32)(uintptr_t)&pt_mem.buf[SP_WORD],
		.bp = (u32)(uintptr_t)probetest_land_ind, .si = (u32)(uintptr_t)&pt_mem.buf[144],
		.di = (u32)(uintptr_t)&pt_mem.buf[160], .flags = seeds[s].flags,
	};
}

static void run_case(unsigned int s, void *code, struct run *r)
{
	struct pt_state in;
	unsigned long flags;

	seed_state(s, &in);
	probetest_landed = 0;
	flags = arch_irq_save(); /* no interrupt frame on the test stack */
	probetest_enter(&in, &r->out, code);
	arch_irq_restore(flags);
	r->landed = probetest_landed;
	memcpy(r->buf, pt_mem.buf, sizeof(r->buf));
}

/*
 * The first buffer word compared: the lowest one the native run wrote below
 * sp (its pushes), or, when it raised sp (pop, ret), its final sp: what it
 * left below that is dead, and the step's debug trap builds its frame there.
 */
static unsigned int low_word(unsigned int s, const struct run *native)
{
	u32 sp_word = (native->out.sp - (u32)(uintptr_t)pt_mem.buf) / 4;
	struct pt_state in;

	seed_state(s, &in);
	for (unsigned int i = 0; i < SP_WORD; i++)
		if (native->buf[i] != pt_mem.buf[i])
			return i;
	return sp_word > SP_WORD && sp_word < BUF_WORDS ? sp_word : SP_WORD;
}

/* Why @got differs from @want, or NULL. */
static const char *differs(const struct run *want, const struct run *got, unsigned int low)
{
	const u32 *w = &want->out.ax, *g = &got->out.ax;

	for (unsigned int i = 0; i < 8; i++)
		if (w[i] != g[i])
			return "a register";
	if ((want->out.flags ^ got->out.flags) & FLAGS_CHECKED)
		return "the flags";
	if (want->landed != got->landed)
		return "the next ip";
	if (memcmp(&want->buf[low], &got->buf[low], (BUF_WORDS - low) * 4))
		return "memory";
	return NULL;
}

struct suite {
	unsigned int cases, via_trap, via_step, via_opt, failures;
};

enum mode { TRAP, STEP, OPT };
static const char *const mode_names[] = { "trap", "step", "optimized" };

/* One case under a probe in @mode for every seed; false when it could
 * not be probed that way (OPT not optimized). */
static bool probed_runs(struct suite *st, void *code, const char *name, enum mode m,
			const struct run *native)
{
	static struct counter c;
	static struct run got;
	const char *why;
	unsigned int s;

	memset(&c, 0, sizeof(c));
	c.kp.addr = code;
	c.kp.pre_handler = count_pre;
	c.kp.post_handler = m == STEP ? count_post : NULL;
	kprobes_set_optimization(m == OPT);
	if (register_kprobe(&c.kp)) {
		console_printf("probetest: %s: FAIL (%s probe refused)\n", name, mode_names[m]);
		st->failures++;
		return false;
	}
	if (m == OPT && !(c.kp.flags & KPROBE_FLAG_OPTIMIZED)) {
		unregister_kprobe(&c.kp);
		return false;
	}
	for (s = 0; s < ARRAY_SIZE(seeds); s++) {
		run_case(s, code, &got);
		why = differs(&native[s], &got, low_word(s, &native[s]));
		if (!why && (c.hits != s + 1 || c.bad || (m == STEP && c.posts != s + 1)))
			why = "the handler calls";
		if (why) {
			console_printf("probetest: %s: FAIL (%s probe, seed %u: %s differs)\n", name,
				       mode_names[m], s, why);
			st->failures++;
			break;
		}
	}
	unregister_kprobe(&c.kp);
	return true;
}

static void test_case(struct suite *st, void *code)
{
	/* Written by run_case() before it is read: .noinit. */
	static struct run native[ARRAY_SIZE(seeds)] __section(".noinit");
	const char *name = "?";

	kallsyms_lookup((unsigned long)code, &name, NULL, NULL);
	for (unsigned int s = 0; s < ARRAY_SIZE(seeds); s++)
		run_case(s, code, &native[s]);
	st->cases++;
	st->via_trap += probed_runs(st, code, name, TRAP, native);
	st->via_step += probed_runs(st, code, name, STEP, native);
	st->via_opt += probed_runs(st, code, name, OPT, native);
}

static int cmd_probetest(int argc, char **argv)
{
	struct suite st = { 0 };
	bool saved_opt = kprobes_optimization();

	(void)argc;
	(void)argv;
	if (!kprobes_enabled()) {
		console_printf("probetest: kprobes are disabled: nothing to compare\n");
		return -EINVAL;
	}
	for (const u32 *p = probetest_cases; p < probetest_cases_end; p++)
		test_case(&st, (void *)(uintptr_t)*p);
	kprobes_set_optimization(saved_opt);
	/* A line of its own: the summary below must keep ending in PASS/FAIL. */
	console_printf("probetest: %u cases checked via trap probes, %u stepped for a post "
		       "handler, %u via optimized probes\n", st.via_trap, st.via_step, st.via_opt);
	console_printf("probetest: %u cases, %u seeds each: %s\n", st.cases,
		       (unsigned int)ARRAY_SIZE(seeds), st.failures ? "FAIL" : "PASS");
	return st.failures ? -EIO : 0;
}

static const struct shell_cmd probetest_cmd = {
	"probetest", ": run the i386 probe instruction tests (native vs. probed)", cmd_probetest
};
SHELL_CMD(probetest_cmd);
