/*
 * Exception vectors and entry/exit.
 *
 * Every exception is handled in SVC mode on the SVC stack with a full
 * struct pt_regs, so C handlers (kprobes included) see and may rewrite every
 * register of the interrupted code, sp and cpsr too. The frame sits
 * S_STACK_GAP bytes below the interrupted sp: a simulated "push" of the
 * probed code writes into that gap, not into the frame.
 */
#include <asm/assembler.h>
#include <asm/ptrace.h>
#include <ek/noprobe.h>

	.syntax unified
	.arm
	.section .noprobe.text, "ax"

	.align	5
	.globl	vectors
vectors:
	b	vector_reset
	b	vector_und
	b	vector_swi
	b	vector_pabt
	b	vector_dabt
	b	vector_reset		@ unused
	b	vector_irq
	b	vector_fiq
	/* Every exception a hit takes starts here (scripts/noprobe_check). */
	NOPROBE_ROOT(vectors)

/*
 * Stub for an exception taken to @mode: make lr point at the instruction to
 * return to, stash r0/lr/spsr in the mode's 3-word scratch, enter SVC mode
 * with IRQs masked, build the frame and call @handler(regs). Aborts
 * (@check) first look where they came from: an abort inside this file's
 * entry or exit code means the SVC sp is unusable (a frame could not be
 * built or reloaded there), and building one again would abort again,
 * forever: vector_bad_stack instead.
 */
	.macro	vector_stub, name, correction, handler, check=0
vector_\name:
	.if	\correction
	sub	lr, lr, #\correction
	.endif
	stmia	sp, {r0, lr}
	mrs	lr, spsr
	str	lr, [sp, #8]
	.if	\check
	ldr	r0, [sp, #4]		@ where it aborted
	adr	lr, vectors
	cmp	r0, lr
	adrhs	lr, entry_code_end
	cmphs	lr, r0
	bhi	vector_bad_stack	@ vectors <= pc < entry_code_end
	.endif
	mov	r0, sp
	cpsid	if, #MODE_SVC
	sub	sp, sp, #(S_FRAME_SIZE + S_STACK_GAP)
	stmib	sp, {r1 - r12}
	ldmia	r0, {r4 - r6}		@ r0, return pc, cpsr of the interrupted code
	add	r7, sp, #(S_FRAME_SIZE + S_STACK_GAP)
	str	r4, [sp, #S_R0]
	add	r8, sp, #S_SP
	stmia	r8, {r7, lr}		@ sp, lr (SVC mode: the interrupted code's own)
	str	r5, [sp, #S_PC]
	str	r6, [sp, #S_PSR]
	mov	fp, #0			@ backtraces stop at the exception
	mov	r0, sp
	mov	r4, sp			@ the frame, kept across the call (callee-saved)
	bic	sp, sp, #7		@ AAPCS: 8-byte aligned at the call, whatever
					@ the interrupted code's alignment was
	bl	\handler
	mov	sp, r4
	b	ret_from_exception
	.endm

	vector_stub	und, 4, do_undefinstr
	vector_stub	pabt, 4, do_prefetch_abort, 1
	vector_stub	dabt, 8, do_data_abort, 1
	vector_stub	irq, 4, do_irq
	vector_stub	fiq, 4, do_fiq
	vector_stub	swi, 0, do_swi
	vector_stub	reset, 0, do_bad_vector

/*
 * Restore the frame at sp. Handlers may have rewritten any saved register,
 * sp included (a simulated push, pop or stack adjustment): one LDM with the
 * exception-return form reloads r0-r15 from the frame and cpsr from spsr, so
 * the new sp may even point into the frame being read.
 */
	.globl	ret_from_exception
ret_from_exception:
	ldr	r1, [sp, #S_PSR]
	msr	spsr_cxsf, r1
	ldmia	sp, {r0 - pc}^
entry_code_end:

/*
 * An abort in the entry or exit code above: the SVC sp points nowhere
 * usable. The frame goes on this CPU's emergency stack (the bad sp in it,
 * for the report), and do_bad_stack() reports once and stops the CPU.
 * In abort mode r0 and lr are free (saved in the scratch).
 */
vector_bad_stack:
	adr_l	r0, bad_stack
	mrc	p15, 0, lr, c13, c0, 4	@ TPIDRPRW: this CPU's copy
	add	r0, r0, lr
	add	r0, r0, #(BAD_STACK_SIZE - S_FRAME_SIZE)
	cpsid	if, #MODE_SVC
	stmib	r0, {r1 - r12}
	str	sp, [r0, #S_SP]		@ the unusable one
	str	lr, [r0, #S_LR]
	mov	sp, r0
	cps	#MODE_ABT
	ldmia	sp, {r1 - r3}		@ r0, pc, cpsr from the scratch
	cps	#MODE_SVC
	str	r1, [sp, #S_R0]
	str	r2, [sp, #S_PC]
	str	r3, [sp, #S_PSR]
	mov	r0, sp
	mov	fp, #0
	bl	do_bad_stack		@ does not return
