/*
 * bench_early_f0000 .. bench_early_f0999: a thousand functions built with
 * -pg like the rest of kernel/, each a call site of the function tracer,
 * probed at boot from a generated DTB ("p bench_early_fNNNN", one per
 * function, scripts/bench.c) to measure arming early probes on ftrace
 * sites (each one makes its site the NOP first). Never called.
 */
#include <ek/types.h>

#define BENCH_F(a, b, c, d)                                        \
	void bench_early_f##a##b##c##d(void);                      \
	__noinline void bench_early_f##a##b##c##d(void)            \
	{                                                          \
		barrier();                                         \
	}
#define BENCH_F10(a, b, c)                                                          \
	BENCH_F(a, b, c, 0) BENCH_F(a, b, c, 1) BENCH_F(a, b, c, 2) BENCH_F(a, b, c, 3) \
	BENCH_F(a, b, c, 4) BENCH_F(a, b, c, 5) BENCH_F(a, b, c, 6) BENCH_F(a, b, c, 7) \
	BENCH_F(a, b, c, 8) BENCH_F(a, b, c, 9)
#define BENCH_F100(a, b)                                                  \
	BENCH_F10(a, b, 0) BENCH_F10(a, b, 1) BENCH_F10(a, b, 2) BENCH_F10(a, b, 3) \
	BENCH_F10(a, b, 4) BENCH_F10(a, b, 5) BENCH_F10(a, b, 6) BENCH_F10(a, b, 7) \
	BENCH_F10(a, b, 8) BENCH_F10(a, b, 9)

BENCH_F100(0, 0)
BENCH_F100(0, 1)
BENCH_F100(0, 2)
BENCH_F100(0, 3)
BENCH_F100(0, 4)
BENCH_F100(0, 5)
BENCH_F100(0, 6)
BENCH_F100(0, 7)
BENCH_F100(0, 8)
BENCH_F100(0, 9)
