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
 */
#include <ek/arch.h>
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
	/* PMSELR stays 0: only this file selects counters. */
	return read_pmxevcntr();
}

bool arch_bench_counter_ok(void)
{
	u32 a, b;

	if (!cpu_has_pmu())
		return false;
	insn_counter_setup();
	a = arch_bench_insns();
	b = arch_bench_insns();
	return a != b; /* still: no precise instruction counting (-icount) */
}

/* Instructions head.S executes before counter 0 starts: the zImage header
 * (8 NOPs and a branch) and the 15 instructions of the PMU start, the
 * enabling PMCR write included. */
#define BENCH_HEAD_INSNS 24

u32 arch_bench_boot_insns(void)
{
	return arch_bench_insns() + BENCH_HEAD_INSNS;
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
