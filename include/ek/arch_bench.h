/*
 * The arch side of `make bench` (kernel/bench.c, kernel/bench_boot.c):
 * benchmark-only hooks, kept out of the arch interface (include/ek/arch.h)
 * that the probe core uses.
 */
#ifndef EK_ARCH_BENCH_H
#define EK_ARCH_BENCH_H

#include <ek/types.h>

/* Benchmarks (kernel/bench.c). An exact count of retired instructions
 * where the CPU and the emulator provide one (ARM under QEMU -icount: PMU
 * INST_RETIRED, or a Cortex-A9's global timer, which -icount drives by
 * instructions); arch_bench_counter_ok() sets it up and says whether it
 * moves; whether it really counts instructions is for the caller to check.
 * The boot variant counts from the first instructions of the image (the
 * arch starts the counter at entry). */
bool arch_bench_counter_ok(void);
u32 arch_bench_insns(void);
const char *arch_bench_counter_name(void);
u32 arch_bench_boot_insns(void);
/* Small functions whose instruction at @offset is of one @kind ("load",
 * "store", "branch", "pcrel_load"): mid-function probe targets. Each takes
 * a pointer to two scratch words. */
struct arch_bench_target {
	const char *kind;
	void (*fn)(u32 *scratch);
	unsigned long offset;
};
const struct arch_bench_target *arch_bench_targets(unsigned int *n);
/* Runs exactly 2 * @n instructions more than bench_known_loop(0). */
void bench_known_loop(u32 n);

#endif
