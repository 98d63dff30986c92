/*
 * probetest: the instruction-level test suite of the ARM probe decoder.
 *
 * For every leaf row of the decode tables, every encoding of the test table
 * (probetest_table.S) that falls into the row is run twice from the same
 * registers, flags and memory: natively, from a scratch slot, and through
 * arm_probe_decode()/arm_probe_execute() as if it lived at that same slot
 * address. Registers, flags, the next PC and the memory buffer must agree.
 * Encodings marked as rejected must be refused, by the row they name.
 *
 * Real probes do not always go through arm_probe_execute(): the trap
 * returns into a "boost" copy for instructions that leave the PC alone, and
 * an optimized probe's detour runs its own copy. So each accepted encoding
 * is also written, with the same landing stubs, into probetest_probe_area
 * (ordinary .text, arch/arm/kernel/probetest_area.S) and run under a registered kprobe:
 * once with optimization off (trap) and, when the probe then reports
 * KPROBE_FLAG_OPTIMIZED, once with it on. Each such run is compared with a
 * native run at that same address (the probe disabled, so the original
 * instruction is in place), with the same checks plus the handler count.
 * The native runs of a mode come first, then the probed ones: the probe
 * is disabled and enabled once per mode, not per run (each is a text
 * patch, and with other CPUs online a rendezvous of them all).
 *
 * Native layout of the scratch slot (offsets in bytes): every exit of the
 * instruction under test lands on a stub that records where it landed.
 *    0  landing "back"   (stub: park r0, r0 = offset, b capture)
 *   12  instruction under test
 *   16  landing "next"   (fall-through)
 *   28  landing "fwd"
 *   40  landing "thumb"  (Thumb "bx pc; nop", then an ARM stub at 44)
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/insn_slots.h>
#include <ek/kprobes.h>
#include <ek/mm.h>
#include <ek/quiesce.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>
#include <asm/ptrace.h>
#include "decode_table.h"
#include "probetest.h"

struct pt_frame {
	u32 r[16]; /* r15: landing offset */
	u32 cpsr;
	u32 ksp;
};

void probetest_native_enter(const u32 *in, struct pt_frame *out, u32 apsr);
void probetest_capture(void);
void probetest_probe_area(void);

/* Where the real probes go (see arch/arm/kernel/probetest_area.S). */
#define PROBE_AREA ((void *)probetest_probe_area)

#define MCR_R0_TPIDRURW 0xee0d0f50u
#define MOV_R0_IMM 0xe3a00000u
#define THUMB_BX_PC_NOP 0x46c04778u /* "bx pc" then "nop" */
#define SLOT_WORDS 14
#define SEEDS 3
#define BUF_WORDS 256

/*
 * The buffer has scratch room below it: under a real probe the exception
 * entry (or the detour) builds its frame S_STACK_GAP bytes below the
 * interrupted sp and the handlers' C calls nest further down. Tests that
 * point sp into the buffer would otherwise have that run below its start
 * into unrelated data.
 */
static struct {
	u32 room[1024];
	u32 buf[BUF_WORDS];
} pt_mem __aligned(64);
#define test_buf pt_mem.buf
static u32 init_buf[BUF_WORDS], native_buf[BUF_WORDS];
#define BUF_MID ((u32)&test_buf[BUF_WORDS / 2])

/* Flags to run under: NZCV mixes plus Q and GE bits. */
static const u32 apsr_some[] = {
	0x00000000, 0xf80f0000, 0x20000000, 0x40000000, 0x90050000, 0x680a0000,
};

struct suite {
	void *slot;		/* native scratch code */
	u32 base_cpsr;		/* mode and mask bits of the test context */
	unsigned int encodings, rows, rejected;
	unsigned int via_trap, via_opt; /* encodings checked under real probes */
	bool real_probes;		/* kprobes globally enabled: probe runs on */
	bool fail;
	/* per row */
	unsigned int row_encodings, row_failures;
	bool row_reported;	/* the first difference of a row is printed */
};

static u32 branch_to(const void *from, const void *to)
{
	u32 off = (u32)to - ((u32)from + 8);

	return 0xea000000u | ((off >> 2) & 0x00ffffffu);
}

/* The scratch layout (see the top) for @insn running at @slot. */
static void fill_code(u32 code[SLOT_WORDS], void *slot, u32 insn)
{
	static const u8 stubs[] = { PT_LAND_BACK, PT_LAND_NEXT, PT_LAND_FWD, PT_LAND_THUMB + 4 };
	u8 *base = slot;

	for (unsigned int i = 0; i < ARRAY_SIZE(stubs); i++) {
		unsigned int w = stubs[i] / 4;
		u32 land = stubs[i] == PT_LAND_THUMB + 4 ? PT_LAND_THUMB : stubs[i];

		code[w] = MCR_R0_TPIDRURW;
		code[w + 1] = MOV_R0_IMM | land;
		code[w + 2] = branch_to(base + 4 * (w + 2), (const void *)probetest_capture);
	}
	code[PT_INSN / 4] = insn;
	code[PT_LAND_THUMB / 4] = THUMB_BX_PC_NOP;
}

static int write_native_slot(void *slot, u32 insn)
{
	u32 code[SLOT_WORDS];

	fill_code(code, slot, insn);
	return insn_slot_write(slot, code, sizeof(code));
}

static u32 mix(u32 x)
{
	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	return x ^ (x >> 16);
}

/* Seed 0: edge values; the others pseudo-random. */
static u32 seed_value(unsigned int seed, unsigned int i)
{
	static const u32 edge[15] = {
		0x00000000, 0x00000001, 0xffffffff, 0x80000000, 0x7fffffff,
		0x0000ffff, 0xffff0000, 0x12345678, 0x80008000, 0x7fff7fff,
		0xfffe0001, 0x55aa55aa, 0x00000020, 0xa5a5a5a5, 0x0000001f,
	};

	return seed ? mix(seed * 0x9e3779b9u + i) : edge[i];
}

static void setup(const struct probetest *t, unsigned int seed, void *slot, u32 *in)
{
	for (unsigned int i = 0; i < 15; i++)
		in[i] = seed_value(seed, i);
	in[15] = (u32)slot + PT_INSN;
	for (unsigned int i = 0; i < BUF_WORDS; i++)
		test_buf[i] = mix(seed * 977u + i + 1);
	for (unsigned int i = 0; i < PT_SETS; i++) {
		u32 kind = t->set[i].key >> 16, idx = t->set[i].key & 0xffff;
		s32 val = t->set[i].val;
		u32 *mem = (u32 *)(BUF_MID + (u32)(s32)(s16)idx);

		switch (kind) {
		case PT_REG: in[idx] = (u32)val; break;
		case PT_REG_BUF: in[idx] = BUF_MID + (u32)val; break;
		case PT_REG_LAND: in[idx] = (u32)slot + (u32)val; break;
		case PT_MEM_LAND: *mem = (u32)slot + (u32)val; break;
		case PT_MEM: *mem = (u32)val; break;
		}
	}
	memcpy(init_buf, test_buf, sizeof(test_buf));
}

static void report_diff(struct suite *s, u32 insn, unsigned int seed, u32 apsr,
			const struct pt_frame *nat, const struct pt_regs *regs, u32 nat_pc,
			u32 nat_t)
{
	if (s->row_reported)
		return; /* the first difference of a row says enough */
	s->row_reported = true;
	console_printf("probetest:   insn %08x seed %u apsr %08x differs:", insn, seed, apsr);
	for (unsigned int i = 0; i < 15; i++)
		if (nat->r[i] != regs->uregs[i])
			console_printf(" r%u %08x/%08x", i, nat->r[i], regs->uregs[i]);
	if (nat_pc != regs->ARM_pc || nat_t != (regs->cpsr & PSR_T_BIT))
		console_printf(" pc %08x%s/%08x%s", nat_pc, nat_t ? "(T)" : "", regs->ARM_pc,
			       regs->cpsr & PSR_T_BIT ? "(T)" : "");
	if ((nat->cpsr ^ regs->cpsr) & APSR_MASK)
		console_printf(" apsr %08x/%08x", nat->cpsr & APSR_MASK, regs->cpsr & APSR_MASK);
	if (memcmp(native_buf, test_buf, sizeof(test_buf)))
		console_printf(" memory");
	console_printf(" (native/probed)\n");
}

static u32 read_tpidr(bool ro)
{
	u32 v;

	if (ro)
		__asm__ __volatile__("mrc p15, 0, %0, c13, c0, 3" : "=r"(v));
	else
		__asm__ __volatile__("mrc p15, 0, %0, c13, c0, 2" : "=r"(v));
	return v;
}

static void write_tpidr(bool ro, u32 v)
{
	if (ro)
		__asm__ __volatile__("mcr p15, 0, %0, c13, c0, 3" ::"r"(v));
	else
		__asm__ __volatile__("mcr p15, 0, %0, c13, c0, 2" ::"r"(v));
}

/* The native run, IRQs off (it has the test's sp and lr in the real
 * registers). probetest_capture() parks the landing offset in TPIDRURO,
 * which holds this CPU's trace buffer (asm/arch_inline.h): put back before
 * an interrupt or a probe hit can record. */
static void run_native(const u32 *in, struct pt_frame *out, u32 apsr)
{
	unsigned long flags = arch_irq_save();
	u32 uro = read_tpidr(true);

	probetest_native_enter(in, out, apsr);
	write_tpidr(true, uro);
	arch_irq_restore(flags);
}

/* One run: native, then probed, then compare. IRQs are off throughout:
 * the native run has the test's sp and lr in the real registers. */
static bool run_once(struct suite *s, const struct probetest *t, u32 insn, unsigned int seed,
		     u32 apsr, void *ctx)
{
	struct arm_probe_insn *pi = ctx;
	struct pt_frame nat;
	struct pt_regs regs;
	u32 in[16], nat_pc, nat_t;
	unsigned long flags;

	setup(t, seed, s->slot, in);
	run_native(in, &nat, apsr);
	memcpy(native_buf, test_buf, sizeof(test_buf));

	memcpy(test_buf, init_buf, sizeof(test_buf));
	memcpy(regs.uregs, in, sizeof(in));
	regs.cpsr = s->base_cpsr | apsr;
	regs.pad = 0;
	flags = arch_irq_save();
	arm_probe_execute(pi, &regs);
	arch_irq_restore(flags);

	nat_pc = (u32)s->slot + nat.r[15];
	nat_t = nat.r[15] == PT_LAND_THUMB ? PSR_T_BIT : 0;
	if (memcmp(nat.r, regs.uregs, 15 * sizeof(u32)) || nat_pc != regs.ARM_pc ||
	    nat_t != (regs.cpsr & PSR_T_BIT) || ((nat.cpsr ^ regs.cpsr) & APSR_MASK) ||
	    (regs.cpsr & ~(APSR_MASK | PSR_T_BIT)) != s->base_cpsr ||
	    memcmp(native_buf, test_buf, sizeof(test_buf))) {
		report_diff(s, insn, seed, apsr, &nat, &regs, nat_pc, nat_t);
		return false;
	}
	return true;
}

typedef bool run_fn(struct suite *s, const struct probetest *t, u32 insn, unsigned int seed,
		    u32 apsr, void *ctx);

/* Every seed under every flag mix the entry asks for; false if any differs. */
static bool run_all(struct suite *s, const struct probetest *t, u32 insn, run_fn *fn, void *ctx)
{
	bool ok = true;

	for (unsigned int seed = 0; seed < SEEDS; seed++) {
		if (t->flags & PT_ALLCOND) {
			for (u32 nzcv = 0; nzcv < 16; nzcv++)
				ok &= fn(s, t, insn, seed, nzcv << 28 | apsr_some[nzcv % 6], ctx);
		} else {
			for (unsigned int f = 0; f < ARRAY_SIZE(apsr_some); f++)
				ok &= fn(s, t, insn, seed, apsr_some[f], ctx);
		}
	}
	return ok;
}

/* Real probes: the state of one registration, shared with its handler. */
struct probe_run {
	struct kprobe kp;
	bool optimized;   /* the mode under test */
	const char *mode; /* for messages */
	unsigned int run; /* index into natives[] */
};

/* The native runs at the probe area of one encoding and mode, in run_all()
 * order (at most SEEDS x 16), kept for the probed runs. */
#define MAX_RUNS (SEEDS * 16)
struct native_run {
	struct pt_frame nat;
	u32 buf[BUF_WORDS];
};
static struct native_run *natives; /* taken for the suite */

static unsigned long probe_hits;

static int count_hit(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	probe_hits++;
	return 0;
}

/* ARM condition check, written out independently of the kprobes core so the
 * expected handler count does not trust the code under test. */
static bool cond_passes(u32 insn, u32 apsr)
{
	bool n = apsr >> 31 & 1, z = apsr >> 30 & 1, c = apsr >> 29 & 1, v = apsr >> 28 & 1;
	u32 cond = insn >> 28;
	bool pass;

	if (cond >= 14)
		return true;
	switch (cond >> 1) {
	case 0: pass = z; break;
	case 1: pass = c; break;
	case 2: pass = n; break;
	case 3: pass = v; break;
	case 4: pass = c && !z; break;
	case 5: pass = n == v; break;
	default: pass = !z && n == v; break;
	}
	return cond & 1 ? !pass : pass;
}

/* Under a real probe the sp is live at the hit: frames and handler calls
 * go below it. Keep the table's buffer sp; anything else (edge values,
 * random ones) becomes the top of the scratch room, for both runs alike. */
static bool sp_in_buffer(const struct probetest *t)
{
	for (unsigned int i = 0; i < PT_SETS; i++)
		if (t->set[i].key == (PT_REG_BUF << 16 | 13))
			return true;
	return false;
}

static void report_probe_diff(struct suite *s, u32 insn, unsigned int seed, u32 apsr,
			      const struct probe_run *pr, const struct native_run *n,
			      const struct pt_frame *got, unsigned long want_hits, int bad_word)
{
	const struct pt_frame *nat = &n->nat;

	if (s->row_reported)
		return;
	s->row_reported = true;
	console_printf("probetest:   insn %08x seed %u apsr %08x differs via %s probe:", insn, seed,
		       apsr, pr->mode);
	for (unsigned int i = 0; i < 15; i++)
		if (nat->r[i] != got->r[i])
			console_printf(" r%u %08x/%08x", i, nat->r[i], got->r[i]);
	if (nat->r[15] != got->r[15])
		console_printf(" landing +%u/+%u", nat->r[15], got->r[15]);
	if (nat->cpsr != got->cpsr)
		console_printf(" cpsr %08x/%08x", nat->cpsr, got->cpsr);
	if (bad_word >= 0)
		console_printf(" memory buf[%d] %08x/%08x", bad_word - BUF_WORDS / 2,
			       n->buf[bad_word], test_buf[bad_word]);
	if (probe_hits != want_hits)
		console_printf(" handler hits %lu/%lu", want_hits, probe_hits);
	console_printf(" (native/probed)\n");
}

/* Registers and memory of one run at the probe area; the sp it starts
 * with. Under a real probe the sp is live at the hit (see sp_in_buffer()). */
static u32 setup_area(const struct probetest *t, unsigned int seed, u32 *in)
{
	setup(t, seed, PROBE_AREA, in);
	if (!sp_in_buffer(t))
		in[13] = (u32)&pt_mem.buf[0];
	return in[13];
}

/* One native run at the probe area, the probe disabled (the original
 * instruction back in place), kept for run_probed(). */
static bool run_native_area(struct suite *s, const struct probetest *t, u32 insn,
			    unsigned int seed, u32 apsr, void *ctx)
{
	struct probe_run *pr = ctx;
	struct native_run *n = &natives[pr->run++];
	u32 in[16];

	(void)s;
	(void)insn;
	setup_area(t, seed, in);
	run_native(in, &n->nat, apsr);
	memcpy(n->buf, test_buf, sizeof(test_buf));
	return true;
}

/*
 * The same run through the armed probe @ctx, compared with its native run.
 * Memory more than S_STACK_GAP below the starting sp is the exception's
 * own stack: there only what the native run wrote must match.
 */
static bool run_probed(struct suite *s, const struct probetest *t, u32 insn, unsigned int seed,
		       u32 apsr, void *ctx)
{
	struct probe_run *pr = ctx;
	const struct native_run *n = &natives[pr->run++];
	struct pt_frame got;
	unsigned long want_hits = cond_passes(insn, apsr);
	u32 in[16], scratch_below = setup_area(t, seed, in) - S_STACK_GAP;
	int bad_word = -1;
	bool same;

	probe_hits = 0;
	run_native(in, &got, apsr);

	for (unsigned int i = 0; i < BUF_WORDS && bad_word < 0; i++) {
		if (n->buf[i] == test_buf[i])
			continue;
		if ((u32)&test_buf[i] < scratch_below && n->buf[i] == init_buf[i])
			continue; /* exception stack, untouched by the instruction */
		bad_word = (int)i;
	}
	same = !memcmp(n->nat.r, got.r, sizeof(got.r)) && n->nat.cpsr == got.cpsr &&
	       bad_word < 0 && probe_hits == want_hits;
	if (!same)
		report_probe_diff(s, insn, seed, apsr, pr, n, &got, want_hits, bad_word);
	return same;
}

/*
 * Register a real probe on @insn in the probe area, trap-only or optimized,
 * run everything through it and unregister. Returns false on a difference;
 * *ran says whether the mode applied (an optimized run needs the probe to
 * come out optimized).
 */
static bool probe_mode(struct suite *s, const struct probetest *t, u32 insn, bool optimized,
		       bool *ran)
{
	struct probe_run pr = { .optimized = optimized, .mode = optimized ? "optimized" : "trap" };
	u32 *at = (u32 *)((u8 *)PROBE_AREA + PT_INSN);
	const char *why;
	bool ok = true;

	*ran = false;
	kprobes_set_optimization(optimized);
	pr.kp.addr = at;
	pr.kp.pre_handler = count_hit;
	if (register_kprobe_why(&pr.kp, &why)) {
		console_printf("probetest:   insn %08x: cannot place a %s probe: %s\n", insn,
			       pr.mode, why);
		return false;
	}
	if (!!(pr.kp.flags & KPROBE_FLAG_OPTIMIZED) == optimized) {
		*ran = true;
		disable_kprobe(&pr.kp);
		run_all(s, t, insn, run_native_area, &pr);
		enable_kprobe(&pr.kp);
		pr.run = 0;
		if (!!(pr.kp.flags & KPROBE_FLAG_OPTIMIZED) != optimized) {
			console_printf("probetest:   insn %08x: %s probe is%s optimized after "
				       "re-enabling\n", insn, pr.mode, optimized ? " not" : "");
			ok = false;
		} else {
			ok = run_all(s, t, insn, run_probed, &pr);
		}
		if (pr.kp.nmissed) {
			console_printf("probetest:   insn %08x: %s probe missed %lu hits\n", insn,
				       pr.mode, pr.kp.nmissed);
			ok = false;
		}
	} else if (!optimized) {
		console_printf("probetest:   insn %08x: optimized with optimization off\n", insn);
		ok = false;
	}
	unregister_kprobe(&pr.kp);
	/* Thread context, no handler running: a quiescent point, so the
	 * slot and detour come back now, not after the whole suite. */
	quiescent_point();
	if (*at != insn) {
		console_printf("probetest:   insn %08x: %s probe left %08x behind\n", insn, pr.mode,
			       *at);
		ok = false;
	}
	return ok;
}

/* The probe-area half of one encoding: trap, then optimized where it can. */
static bool run_real_probes(struct suite *s, const struct probetest *t, u32 insn)
{
	u32 code[SLOT_WORDS];
	bool ok, ran;

	fill_code(code, PROBE_AREA, insn);
	/* Only this CPU runs the probe area (nothing probes it but this
	 * suite), and not now: no rendezvous needed. */
	if (patch_text_fresh(PROBE_AREA, code, sizeof(code))) {
		console_printf("probetest:   insn %08x: cannot write the probe area\n", insn);
		return false;
	}
	ok = probe_mode(s, t, insn, false, &ran);
	s->via_trap += ok && ran;
	if (probe_mode(s, t, insn, true, &ran))
		s->via_opt += ran;
	else
		ok = false;
	return ok;
}

static void run_encoding(struct suite *s, const struct probetest *t, u32 insn)
{
	struct arm_probe_insn pi;
	const char *why = NULL;
	int ret = arm_probe_decode(insn, (unsigned long)s->slot + PT_INSN, &pi, &why);
	bool ok;

	s->row_encodings++;
	if (t->flags & PT_REJECT) {
		s->rejected++;
		if (ret && (!why || !*why)) {
			console_printf("probetest:   insn %08x rejected without a reason\n", insn);
			s->row_failures++;
		} else if (!ret) {
			console_printf("probetest:   insn %08x should be rejected\n", insn);
			s->row_failures++;
			arm_probe_release(&pi);
		}
		return;
	}
	if (ret) {
		console_printf("probetest:   insn %08x rejected: %s\n", insn, why);
		s->row_failures++;
		return;
	}
	if (write_native_slot(s->slot, insn)) {
		s->row_failures++;
		arm_probe_release(&pi);
		return;
	}
	ok = run_all(s, t, insn, run_once, &pi);
	arm_probe_release(&pi);
	if (s->real_probes)
		ok &= run_real_probes(s, t, insn);
	if (!ok)
		s->row_failures++;
}

static void test_row(const struct decode_row *row, void *ctx)
{
	struct suite *s = ctx;

	s->row_encodings = s->row_failures = 0;
	s->row_reported = false;
	for (const struct probetest *t = probetest_table; t < probetest_table_end; t++) {
		if (arm_decode_lookup(t->insn) != row)
			continue;
		if ((t->flags & PT_ALLCOND) && (t->insn >> 28) != 15) {
			for (u32 cond = 0; cond < 15; cond++)
				run_encoding(s, t, (t->insn & 0x0fffffffu) | cond << 28);
		} else {
			run_encoding(s, t, t->insn);
		}
	}
	s->rows++;
	s->encodings += s->row_encodings;
	if (!s->row_encodings) {
		console_printf("probetest: %s: FAIL (no test encodings)\n", row->name);
		s->fail = true;
	} else if (s->row_failures) {
		console_printf("probetest: %s: FAIL (%u of %u encodings)\n", row->name,
			       s->row_failures, s->row_encodings);
		s->fail = true;
	} else {
		console_printf("probetest: %s: %u encodings ok\n", row->name, s->row_encodings);
	}
}

static int cmd_probetest(int argc, char **argv)
{
	struct suite s = { 0 };
	bool saved_opt = kprobes_optimization();
	u32 area_words[SLOT_WORDS];
	u32 saved_urw = read_tpidr(false);
	unsigned long flags;
	u32 cpsr;

	(void)argc;
	(void)argv;
	s.slot = insn_slot_alloc();
	natives = kmalloc(MAX_RUNS * sizeof(*natives));
	if (!s.slot || !natives) {
		console_printf("probetest: no free instruction slot or memory\n");
		if (s.slot)
			insn_slot_free(s.slot);
		kfree(natives);
		return -ENOMEM;
	}
	/* The probed side sees the CPSR the native run has: SVC, IRQs off. */
	flags = arch_irq_save();
	__asm__ __volatile__("mrs %0, cpsr" : "=r"(cpsr));
	arch_irq_restore(flags);
	s.base_cpsr = cpsr & ~(APSR_MASK | PSR_T_BIT);
	/* Disarmed globally, a registered probe never fires: nothing to test. */
	s.real_probes = kprobes_enabled();
	if (!s.real_probes)
		console_printf("probetest: kprobes are disabled: no runs through real probes\n");
	memcpy(area_words, PROBE_AREA, sizeof(area_words));

	arm_decode_for_each_leaf(test_row, &s);

	patch_text_fresh(PROBE_AREA, area_words, sizeof(area_words));
	kprobes_set_optimization(saved_opt);
	insn_slot_free(s.slot);
	kfree(natives);
	natives = NULL;
	write_tpidr(false, saved_urw);
	console_printf("probetest: %u of the encodings checked for rejection\n", s.rejected);
	/* A line of its own: the summary below must keep ending in PASS/FAIL
	 * (board-tests/test_probes.py). */
	console_printf("probetest: %u encodings checked via trap probes, %u via optimized probes\n",
		       s.via_trap, s.via_opt);
	console_printf("probetest: %u encodings in %u rows: %s\n", s.encodings, s.rows,
		       s.fail ? "FAIL" : "PASS");
	return s.fail ? -EIO : 0;
}

static const struct shell_cmd probetest_cmd = {
	"probetest", ": run the ARM probe instruction tests (native vs. probed)", cmd_probetest
};
SHELL_CMD(probetest_cmd);
