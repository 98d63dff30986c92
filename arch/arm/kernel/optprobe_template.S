/*
 * Detour of an optimized probe. The probed instruction is replaced by a
 * branch here; the detour builds the same struct pt_regs an exception
 * would (S_STACK_GAP left below the interrupted sp for simulated pushes),
 * calls optprobe_callback(regs), which runs the handlers and the original
 * instruction, then reloads every register, sp and pc included, from the
 * frame. No trap, no mode change.
 *
 * This is a template: arch/arm/kernel/kprobes.c copies it into an
 * instruction slot, fills in the probed address and fixes the BL.
 */
#include <asm/assembler.h>
#include <asm/ptrace.h>

	.syntax unified
	.arm
	.section .noprobe.text, "ax"
	.align	2
	.globl	optprobe_template, optprobe_template_call, optprobe_template_addr
	.globl	optprobe_template_end
optprobe_template:
	sub	sp, sp, #(S_FRAME_SIZE + S_STACK_GAP)
	stmia	sp, {r0 - r12}
	add	r0, sp, #(S_FRAME_SIZE + S_STACK_GAP)	@ interrupted sp
	mov	r1, lr
	ldr	r2, optprobe_template_addr		@ pc: the probed instruction
	mrs	r3, cpsr
	add	ip, sp, #S_SP
	stmia	ip, {r0 - r3}				@ sp, lr, pc, cpsr
	mov	r0, sp
optprobe_template_call:
	bl	optprobe_template_call			@ fixed up: bl optprobe_callback
	ldr	r0, [sp, #S_PSR]
	msr	APSR_nzcvqg, r0
	ldmia	sp, {r0 - pc}				@ sp from the frame, then pc
optprobe_template_addr:
	.word	0
optprobe_template_end:
