/*
 * Probed functions return here instead of to their caller. No trap: the
 * trampoline builds the struct pt_regs a trap would (return value in r0,
 * sp and lr as the function left them, pc = the trampoline), masks IRQs,
 * and asks kretprobe_trampoline_handler() where the function really
 * returns; then it reloads the frame with that pc, restoring the cpsr
 * through SPSR_svc (free: SVC exceptions are never taken by the kernel).
 */
#include <asm/assembler.h>
#include <asm/ptrace.h>
#include <ek/noprobe.h>

	.syntax unified
	.arm
	.section .noprobe.text, "ax"
ENTRY(kretprobe_trampoline)
	/* Unlike a trap or a detour, which interrupt code anywhere, this runs
	 * at a function return, where sp is what the caller had at its call:
	 * 8-byte aligned, as AAPCS requires at every public call (a caller
	 * that broke that broke the probed function first). S_FRAME_SIZE
	 * keeps it so for the handler call. */
	sub	sp, sp, #S_FRAME_SIZE
	stmia	sp, {r0 - r12}
	add	r0, sp, #S_FRAME_SIZE		@ sp of the returning code
	mov	r1, lr
	adr	r2, kretprobe_trampoline	@ pc
	mrs	r4, cpsr			@ r4: kept by the callee
	add	ip, sp, #S_SP
	stmia	ip, {r0 - r2, r4}
	cpsid	i
	mov	r1, sp				@ handler(that sp, regs)
	bl	kretprobe_trampoline_handler
	/* Bit 0 of the real return address is the caller's state: a
	 * function called from Thumb code returns to Thumb (the exception
	 * return ignores bit 0 of a Thumb pc, so it may stay set). The
	 * saved cpsr is this code's, T clear. */
	bfi	r4, r0, #5, #1			@ PSR_T_BIT
	str	r0, [sp, #S_PC]
	msr	spsr_cxsf, r4
	ldmia	sp, {r0 - pc}^
ENDPROC(kretprobe_trampoline)
NOPROBE_ROOT(kretprobe_trampoline)

/*
 * void arch_resume_frame(struct pt_regs *frame): continue with every
 * register of @frame, as an exception return does; the stack the caller
 * ran on (a faulting handler's) is abandoned.
 */
ENTRY(arch_resume_frame)
	mov	sp, r0
	b	ret_from_exception
ENDPROC(arch_resume_frame)
