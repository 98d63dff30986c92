/*
 * The instruction counter for `bench` (kernel/bench.c): the time stamp
 * counter. Under QEMU -icount shift=0 RDTSC advances exactly one per guest
 * instruction (see BOARD-NOTES); elsewhere it counts time, which the
 * known-loop check in kernel/bench.c tells apart and refuses. No x86
 * mid-function probe targets yet: they come with the kprobes half.
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

const struct arch_bench_target *arch_bench_targets(unsigned int *n)
{
	*n = 0;
	return NULL;
}
