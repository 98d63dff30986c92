/*
 * The instruction counter for `bench` (kernel/bench.c): the time stamp
 * counter. Under QEMU -icount shift=0 RDTSC advances exactly one per guest
 * instruction (see BOARD-NOTES); elsewhere it counts time, which the
 * known-loop check in kernel/bench.c tells apart and refuses. The
 * mid-function targets are in bench_targets.S.
 */
#include <ek/arch.h>
#include <ek/arch_bench.h>
#include <asm/setup.h>

u32 arch_bench_insns(void)
{
	return (u32)arch_counter_read(); /* differences only: the low word */
}

const char *arch_bench_counter_name(void)
{
	return "tsc";
}

bool arch_bench_counter_ok(void)
{
	u32 a = arch_bench_insns(), b = arch_bench_insns();

	return a != b;
}

/* From the rdtsc at the image's second instruction (head.S). */
u32 arch_bench_boot_insns(void)
{
	return (u32)(arch_counter_read() - boot_tsc);
}

void bench_insn_load(u32 *scratch);
void bench_insn_store(u32 *scratch);
void bench_insn_branch(u32 *scratch);
void bench_insn_step(u32 *scratch);
void bench_insn_nop2(u32 *scratch);

/* bench_targets.S: the probed instruction follows a 4-byte mov. */
static const struct arch_bench_target targets[] = {
	{ "load", bench_insn_load, 4 },
	{ "store", bench_insn_store, 4 },
	{ "branch", bench_insn_branch, 4 },
	{ "step", bench_insn_step, 4 },
	{ "nop2", bench_insn_nop2, 4 },
};

const struct arch_bench_target *arch_bench_targets(unsigned int *n)
{
	*n = ARRAY_SIZE(targets);
	return targets;
}
