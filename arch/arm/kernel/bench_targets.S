/*
 * Benchmark targets whose probed instruction must be exactly one kind:
 * written in assembly so the compiler cannot change it. Each function is
 * entered with r0 pointing at a scratch word; the probe sits on the second
 * instruction ("mid-function"), the first only makes it not an entry.
 * Ordinary probe-able text: these are probed by `bench` (kernel/bench.c).
 */
#include <asm/assembler.h>

	.syntax unified
	.arm
	.text

ENTRY(bench_insn_load)
	mov	ip, r0
	ldr	r1, [ip, #4]		@ probed: load
	bx	lr
ENDPROC(bench_insn_load)

ENTRY(bench_insn_store)
	mov	ip, r0
	str	r1, [ip, #4]		@ probed: store
	bx	lr
ENDPROC(bench_insn_store)

ENTRY(bench_insn_branch)
	mov	ip, r0
	b	1f			@ probed: branch (writes the PC: trap only)
1:	bx	lr
ENDPROC(bench_insn_branch)

ENTRY(bench_insn_literal)
	mov	ip, r0
	ldr	r1, 2f			@ probed: PC-relative load
	bx	lr
2:	.word	0x5a5a5a5a
ENDPROC(bench_insn_literal)

/*
 * A loop of known length to check the counter: r0 iterations of exactly
 * two instructions (subs, bne), plus the mov/bx around them. Counting
 * bench_known_loop(n) - bench_known_loop(0) must give 2n exactly.
 */
ENTRY(bench_known_loop)
	add	r0, r0, #1
1:	subs	r0, r0, #1
	bne	1b
	bx	lr
ENDPROC(bench_known_loop)

/*
 * Targets for the early-arming benchmark: 1024 distinct small functions,
 * bench_early_t0000 .. bench_early_t1023, probed at boot from a generated
 * DTB ("p bench_early_tNNNN", one per function, scripts/bench.c) and never
 * executed. Distinct names, as a real device tree has, so that every probe
 * pays for its own symbol lookup. Each body is a usual function entry: a
 * push (simulated on a hit) then a mov (run out of line).
 */
	.macro	early_target, d3, d2, d1, d0
ENTRY(bench_early_t\d3\d2\d1\d0)
	push	{r4, lr}
	mov	r4, r0
	pop	{r4, pc}
ENDPROC(bench_early_t\d3\d2\d1\d0)
	.endm

	.altmacro
	.set	early_i, 0
	.rept	1024
	early_target %(early_i / 1000), %(early_i / 100 - early_i / 1000 * 10), \
		     %(early_i / 10 - early_i / 100 * 10), %(early_i - early_i / 10 * 10)
	.set	early_i, early_i + 1
	.endr
	.noaltmacro
