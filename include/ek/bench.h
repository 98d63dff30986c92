/* `bench` (kernel/bench.c, kernel/bench_boot.c): probe costs in guest
 * instructions, for `make bench` (scripts/bench.py). */
#ifndef EK_BENCH_H
#define EK_BENCH_H

#include <ek/types.h>

/* Print "bench: boot_armed INSNS": instructions from kernel entry to the
 * "early probe(s) armed" line, when booted with bench=boot. */
void bench_boot_report(void);
/* kernel/bench_smp.c: "bench: MODE kprobe_smp ..." (a kprobe hit on every
 * online CPU at once, @calls each) and "bench: patch text ..." (one text
 * patch, with and without the rendezvous of the CPUs online). */
void bench_smp_hits(const char *mode, u32 calls);
void bench_patch_cost(void);

#endif
