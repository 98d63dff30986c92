/*
 * u32 bench_gt_read(const volatile u32 *counter_lo): a Cortex-A9 global
 * timer read made exact under QEMU -icount shift=0 (arch/arm/kernel/bench.c).
 *
 * There the counter is (instructions since it was started) / 10, rounded
 * down, so one read says the count only to 10 instructions. Two reads
 * exactly 9 instructions apart give the same value only when the first
 * was on a tick edge, where the count is 10 x value exactly; and each
 * further pair starts one instruction earlier in the tick, so one of the
 * first ten pairs is such a pair. From the edge read and its position in
 * the routine this returns the exact count at the routine's entry. The
 * routine then pads itself to the same length whatever the pair was, so
 * the difference of two reads is exact too.
 *
 * On a counter not driven by instructions (real hardware, QEMU without
 * -icount) an equal pair means nothing, and kernel/bench.c's known-loop
 * check rejects the result; with no equal pair in 11 reads this returns
 * 0, which arch_bench_counter_ok() takes as "no counter". Interrupts are
 * masked so nothing runs between the reads.
 */
#include <asm/assembler.h>

	.syntax unified
	.arm
	.text

ENTRY(bench_gt_read)
	mrs	r3, cpsr
	cpsid	i
	ldr	r2, [r0]		@ read 0: instruction 3 of the routine
	mov	ip, #0
	b	2f
	/* Read i: 9 instructions after read i - 1 on every path. */
1:	ldr	r2, [r0]
	cmp	r2, r1
	beq	3f			@ read i - 1 was on an edge
2:	mov	r1, r2
	add	ip, ip, #1		@ ip = i + 1
	cmp	ip, #11
	bhs	5f
	nop
	b	1b

	/* Read j = ip - 1 (value r1) was on an edge at 3 + 9j instructions
	 * into the routine: entry = 10 * r1 - 9 * ip + 6. */
3:	add	r0, r1, r1, lsl #2
	lsl	r0, r0, #1
	sub	r0, r0, ip, lsl #3
	sub	r0, r0, ip
	add	r0, r0, #6
	/* 11 - ip turns of 9 instructions: every exit takes as long. */
	rsb	ip, ip, #10
4:	subs	ip, ip, #1
	.rept	7
	nop
	.endr
	bpl	4b
	msr	cpsr_c, r3
	bx	lr

5:	mov	r0, #0			@ no equal pair: not an instruction count
	msr	cpsr_c, r3
	bx	lr
ENDPROC(bench_gt_read)
