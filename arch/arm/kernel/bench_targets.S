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
 * Targets for the early-arming benchmark: probes on these are armed at
 * boot from a generated DTB ("p bench_early_targets+OFFS") and never hit.
 * Alternating a simulated (push) and an out-of-line (mov) instruction, as
 * real function entries do; never executed.
 */
ENTRY(bench_early_targets)
	.rept	1024
	push	{r4, lr}
	mov	r4, r0
	.endr
	bx	lr
ENDPROC(bench_early_targets)
