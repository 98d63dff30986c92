/*
 * Detour of an optimized probe. The probed instruction is replaced by a
 * branch here; the detour builds the same struct pt_regs an exception
 * would (S_STACK_GAP left below the interrupted sp, pc = the probed
 * address), masks IRQs as the trap path does, and calls the core directly
 * with what it needs, found at no cost: kprobe_site_hit(site, regs).
 *
 * When that returns 0 the instruction is still to run: the detour reloads
 * flags, IRQ mask and r0-lr from the frame (so register changes made by
 * handlers take effect) and executes its own copy of the instruction, then
 * branches back. Only instructions that neither read nor write the PC get
 * this copy; for the others the call goes to optprobe_emulate(ap, regs)
 * (arch/arm/kernel/kprobes.c), which runs the instruction on the frame and
 * returns nonzero. Nonzero means the frame is final: it is reloaded whole,
 * pc and cpsr included, through SPSR_svc (free here: SVC exceptions are
 * never taken while the kernel runs).
 *
 * This is a template: arch/arm/kernel/kprobes.c copies it into a full
 * instruction slot and fills in the call, the instruction, the way back
 * and the two literals.
 */
#include <asm/assembler.h>
#include <asm/ptrace.h>

	.syntax unified
	.arm
	.section .noprobe.text, "ax"
	.align	2
	.globl	optprobe_template, optprobe_template_call, optprobe_template_insn
	.globl	optprobe_template_addr, optprobe_template_arg, optprobe_template_end
optprobe_template:
	sub	sp, sp, #(S_FRAME_SIZE + S_STACK_GAP)
	stmia	sp, {r0 - r12}
	add	r0, sp, #(S_FRAME_SIZE + S_STACK_GAP)	@ interrupted sp
	mov	r1, lr
	ldr	r2, optprobe_template_addr		@ pc: the probed instruction
	mrs	r3, cpsr
	add	ip, sp, #S_SP
	stmia	ip, {r0 - r3}				@ sp, lr, pc, cpsr
	cpsid	i
	ldr	r0, optprobe_template_arg		@ site (or arch_kprobe)
	mov	r1, sp
optprobe_template_call:
	bl	optprobe_template_call			@ fixed up
	cmp	r0, #0
	ldr	r0, [sp, #S_PSR]
	bne	1f
	msr	cpsr_fsxc, r0				@ flags and IRQ mask back
	ldmia	sp, {r0 - lr}				@ sp from the frame too
optprobe_template_insn:
	.word	0					@ the probed instruction
	.word	0					@ b addr + 4 (or ldr pc, [pc, #-4])
	.word	0					@ (its literal)
1:	msr	spsr_cxsf, r0
	ldmia	sp, {r0 - pc}^				@ the frame, whole
optprobe_template_addr:
	.word	0
optprobe_template_arg:
	.word	0
optprobe_template_end:
