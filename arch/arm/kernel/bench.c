/*
 * Retired-instruction counter for `bench` (kernel/bench.c): PMU event
 * counter 0 programmed with event 0x08, INST_RETIRED. head.S starts it at
 * kernel entry on CPUs that have a PMU (ID_DFR0.PerfMon), so the boot
 * benchmark can count from the first instructions of the image.
 *
 * Why this is exact under QEMU -icount: QEMU only implements INST_RETIRED
 * when instruction counting is precise (icount), and then returns the
 * icount itself; PMU registers are I/O-class coprocessor accesses, so the
 * translation block ends at the read and the count is the exact number of
 * guest instructions retired before it. Without -icount the event is
 * reported as unsupported and the counter stays still, which
 * arch_bench_counter_ok() detects.
 *
 * A Cortex-A9 has no PMU in QEMU; there the MPCore global timer stands in.
 * It counts QEMU's virtual clock / (10 x (prescaler + 1)), and under
 * -icount shift=0 that clock advances 1 ns per guest instruction; its
 * reads are MMIO, which icount also performs at an exact instruction
 * boundary. So at prescaler 0 one tick is 10 instructions, and
 * bench_gt_read() (bench_gt.S) reads it on a tick edge, which makes the
 * count exact. On real hardware it counts time, not instructions:
 * kernel/bench.c's known-loop check tells the two apart and refuses.
 */
#include <ek/arch.h>
#include <ek/arch_bench.h>
#include <asm/cp15.h>

CP15_READ(id_dfr0, 0, c0, c1, 2)
CP15_WRITE(pmselr, 0, c9, c12, 5)
CP15_WRITE(pmxevtyper, 0, c9, c13, 1)
CP15_READ(pmxevcntr, 0, c9, c13, 2)

#define PMU_EVT_INST_RETIRED 0x08

static bool cpu_has_pmu(void)
{
	u32 perfmon = (read_id_dfr0() >> 24) & 0xf;

	return perfmon != 0 && perfmon != 0xf; /* 0xf: IMPLEMENTATION DEFINED */
}

#define GT_OFFSET 0x200 /* global timer in the MPCore private region */
#define GT_COUNTER_LO 0
#define GT_CONTROL 2
#define GT_PRESCALER(ctl) (((ctl) >> 8) & 0xff)

/* Non-NULL when the global timer is the counter (set by counter_ok). */
static volatile u32 *gt;

u32 bench_gt_read(const volatile u32 *counter_lo);

/* The running global timer of a Cortex-A9 MPCore (head.S starts it at
 * entry), or NULL. Mapped once: ioremap() is an identity map that stays
 * valid when the MMU comes on, and a probe on ioremap should not see
 * every `bench` command. */
static volatile u32 *a9_global_timer(void)
{
	static volatile u32 *t;
	u32 periphbase;

	if (!t) {
		periphbase = read_cbar() & ~0x1fffu;
		if (((read_midr() >> 4) & 0xfff) != 0xc09 || !periphbase)
			return NULL;
		t = ioremap(periphbase + GT_OFFSET, 0x20);
	}
	return t[GT_CONTROL] & 1 ? t : NULL;
}

/* Program counter 0 without resetting it: head.S may have started it. */
static void insn_counter_setup(void)
{
	write_pmselr(0);
	write_pmxevtyper(PMU_EVT_INST_RETIRED); /* count at PL1 too */
	write_pmcntenset(1u << 0);
	write_pmcr(read_pmcr() | 1u); /* E: enable */
	isb();
}

u32 arch_bench_insns(void)
{
	/* The low word is enough: counts are used modulo 2^32 (differences,
	 * counts from entry), and 2^32 ticks are 0 instructions modulo 2^32. */
	if (gt)
		return bench_gt_read(&gt[GT_COUNTER_LO]);
	/* PMSELR stays 0: only this file selects counters. */
	return read_pmxevcntr();
}

const char *arch_bench_counter_name(void)
{
	return gt ? "a9-global-timer" : "pmu-inst-retired";
}

bool arch_bench_counter_ok(void)
{
	u32 a, b;

	gt = NULL;
	if (cpu_has_pmu()) {
		insn_counter_setup();
	} else {
		volatile u32 *t = a9_global_timer();

		/* bench_gt_read() knows 10-instruction ticks only. */
		if (!t || GT_PRESCALER(t[GT_CONTROL]))
			return false;
		gt = t;
	}
	a = arch_bench_insns();
	b = arch_bench_insns();
	/* Still, or no tick edge found: no precise instruction counting. */
	return a != b && b;
}

/* Instructions head.S executes before counter 0 starts: the zImage header
 * (8 NOPs and a branch) and the 15 instructions of the PMU start, the
 * enabling PMCR write included. */
#define BENCH_HEAD_INSNS 24
/* Before the global timer starts on a Cortex-A9: the header (9), the PMU
 * test (5) and the 15 instructions of the timer start, up to the enabling
 * store. */
#define BENCH_HEAD_INSNS_A9 29

u32 arch_bench_boot_insns(void)
{
	return arch_bench_insns() + (gt ? BENCH_HEAD_INSNS_A9 : BENCH_HEAD_INSNS);
}

void bench_insn_load(u32 *scratch);
void bench_insn_store(u32 *scratch);
void bench_insn_branch(u32 *scratch);
void bench_insn_literal(u32 *scratch);

/* bench_targets.S: the probed instruction is the second of each. */
static const struct arch_bench_target targets[] = {
	{ "load", bench_insn_load, 4 },
	{ "store", bench_insn_store, 4 },
	{ "branch", bench_insn_branch, 4 },
	{ "pcrel_load", bench_insn_literal, 4 },
};

const struct arch_bench_target *arch_bench_targets(unsigned int *n)
{
	*n = ARRAY_SIZE(targets);
	return targets;
}
