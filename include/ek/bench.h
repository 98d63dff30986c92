/* `bench` (kernel/bench.c, kernel/bench_boot.c): probe costs in guest
 * instructions, for `make bench` (scripts/bench.py). */
#ifndef EK_BENCH_H
#define EK_BENCH_H

/* Print "bench: boot_armed INSNS": instructions from kernel entry to the
 * "early probe(s) armed" line, when booted with bench=boot. */
void bench_boot_report(void);

#endif
