/*
 * Benchmark targets whose probed instruction must be exactly one kind
 * (kernel/bench.c, arch/x86/kernel/bench.c): written in assembly so the
 * compiler cannot change it. Each is called with a pointer to two scratch
 * words (cdecl: at 4(%esp)); the probe sits on the second instruction.
 * Ordinary probe-able text.
 */
	.text
	.macro	target, name
	.globl	\name
	.type	\name, @function
\name:
	.endm

	target	bench_insn_load
	mov	4(%esp), %edx
	mov	4(%edx), %ecx		/* probed: load (boosted) */
	ret
	.size	bench_insn_load, . - bench_insn_load

	target	bench_insn_store
	mov	4(%esp), %edx
	mov	%ecx, 4(%edx)		/* probed: store (boosted) */
	ret
	.size	bench_insn_store, . - bench_insn_store

	target	bench_insn_branch
	mov	4(%esp), %edx
	jmp	1f			/* probed: jmp rel8 (simulated) */
1:	ret
	.size	bench_insn_branch, . - bench_insn_branch

	/* pushf is never boosted (it would push the trap handler's TF/IF
	 * view): int3 and a trap-flag single-step, the general path. */
	target	bench_insn_step
	mov	4(%esp), %edx
	pushf				/* probed: stepped with TF */
	popf
	ret
	.size	bench_insn_step, . - bench_insn_step

	/* The 2-byte NOP, boosted (the seed's patch 3/26). */
	target	bench_insn_nop2
	mov	4(%esp), %edx
	.byte	0x66, 0x90		/* probed: xchg %ax,%ax */
	ret
	.size	bench_insn_nop2, . - bench_insn_nop2

/*
 * Targets for the early-arming benchmark: bench_early_t0000 ..
 * bench_early_t1023, probed at boot from a generated DTB (scripts/bench.c)
 * and never executed, each a usual function entry.
 */
	.macro	early_target, d3, d2, d1, d0
	.globl	bench_early_t\d3\d2\d1\d0
	.type	bench_early_t\d3\d2\d1\d0, @function
bench_early_t\d3\d2\d1\d0:
	push	%ebp
	mov	%esp, %ebp
	pop	%ebp
	ret
	.size	bench_early_t\d3\d2\d1\d0, . - bench_early_t\d3\d2\d1\d0
	.endm

	.altmacro
	.set	early_i, 0
	.rept	1024
	early_target %(early_i / 1000), %(early_i / 100 - early_i / 1000 * 10), \
		     %(early_i / 10 - early_i / 100 * 10), %(early_i - early_i / 10 * 10)
	.set	early_i, early_i + 1
	.endr
	.noaltmacro

/*
 * void bench_empty(u32 a, u32 b): overrides kernel/bench.c's weak one,
 * which GCC makes a lone one-byte `ret` here (no room for a 5-byte jmp).
 * This is the entry every non-trivial i386 function of this kernel has
 * (frame pointers): push %ebp; mov %esp, %ebp (3 bytes), then the same
 * undone, 5 bytes in all.
 */
	.globl	bench_empty
	.type	bench_empty, @function
bench_empty:
	push	%ebp
	mov	%esp, %ebp
	pop	%ebp
	ret
	.size	bench_empty, . - bench_empty
