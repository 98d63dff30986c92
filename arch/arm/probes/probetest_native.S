/*
 * Native execution for the probe test suite. probetest_native_enter()
 * loads all sixteen registers (the PC last, which jumps to the instruction
 * under test in the scratch slot); every way out of the slot lands on a
 * stub that parks r0 in TPIDRURW and jumps here with its landing offset.
 * probetest_capture() then dumps r0-r14, the landing and CPSR into the out
 * frame and returns to the C caller on its own saved stack pointer: the
 * instruction under test may have changed any register, sp and lr too.
 */
#include <asm/assembler.h>

	.syntax unified
	.arm
	.section .noprobe.text, "ax"

@ void probetest_native_enter(const u32 in[16], struct pt_frame *out, u32 apsr)
ENTRY(probetest_native_enter)
	push	{r4-r11, lr}
	str	sp, [r1, #68]		@ out->ksp: how capture gets back
	adr_l	r3, probetest_out
	str	r1, [r3]
	msr	APSR_nzcvqg, r2
	ldm	r0, {r0-r15}
ENDPROC(probetest_native_enter)

@ Entered from a landing stub: r0 = landing offset, real r0 in TPIDRURW.
ENTRY(probetest_capture)
	mcr	p15, 0, r0, c13, c0, 3	@ landing offset -> TPIDRURO (the trace
				@ buffer's: run_native() puts that back)
	adr_l	r0, probetest_out
	ldr	r0, [r0]
	stmib	r0, {r1-r14}
	mrc	p15, 0, r1, c13, c0, 2
	str	r1, [r0]
	mrc	p15, 0, r1, c13, c0, 3
	str	r1, [r0, #60]
	mrs	r1, cpsr
	str	r1, [r0, #64]
	ldr	sp, [r0, #68]
	pop	{r4-r11, pc}
ENDPROC(probetest_capture)

	.bss
	.align	2
probetest_out:
	.word	0
