/* A function whose first instruction the patch_text self-test rewrites. */
#include <asm/assembler.h>

	.syntax unified
	.arm
	.text
ENTRY(selftest_patch_target)
	mov	r0, #0x11
	bx	lr
ENDPROC(selftest_patch_target)

/* u32 selftest_misaligned_target(u32 x): returns x + 1 with sp % 8 == 4
 * at +4 (entered 8-aligned, one word pushed), where `selftest kprobes_arm`
 * puts trap and optimized probes whose handlers must still get an AAPCS
 * stack. */
ENTRY(selftest_misaligned_target)
	push	{r0}
	add	r0, r0, #1
	add	sp, sp, #4
	bx	lr
ENDPROC(selftest_misaligned_target)

/* u32 selftest_pc_target(void): its own address + 8, read by a first
 * instruction that uses the PC, so an optimized probe there runs it in
 * the detour's emulating tail (optprobe_emulate()). */
ENTRY(selftest_pc_target)
	mov	r0, pc
	bx	lr
ENDPROC(selftest_pc_target)

/*
 * Thumb code for `selftest kprobes_arm`. Not probe-able (the decoder is
 * A32 only), hence .noprobe.text.
 *
 * int selftest_thumb_call(int (*fn)(int), int x): fn(x) + 1, called from
 * Thumb state, so fn (ARM) returns to Thumb code.
 * void selftest_thumb_udf(void): an undefined Thumb instruction.
 */
	.section .noprobe.text, "ax"
	.thumb
	.align	2
	.globl	selftest_thumb_call
	.type	selftest_thumb_call, %function
	.thumb_func
selftest_thumb_call:
	push	{r4, lr}
	mov	r4, r0
	mov	r0, r1
	blx	r4
	adds	r0, r0, #1
	pop	{r4, pc}
	.size	selftest_thumb_call, . - selftest_thumb_call

	.globl	selftest_thumb_udf
	.type	selftest_thumb_udf, %function
	.thumb_func
selftest_thumb_udf:
	udf	#1
	bx	lr
	.size	selftest_thumb_udf, . - selftest_thumb_udf
	.arm
