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
	sub	sp, sp, #S_FRAME_SIZE
	stmia	sp, {r0 - r12}
	add	r0, sp, #S_FRAME_SIZE		@ sp of the returning code
	mov	r1, lr
	adr	r2, kretprobe_trampoline	@ pc
	mrs	r3, cpsr
	add	ip, sp, #S_SP
	stmia	ip, {r0 - r3}
	cpsid	i
	mov	r1, sp				@ handler(that sp, regs)
	bl	kretprobe_trampoline_handler
	str	r0, [sp, #S_PC]
	ldr	r1, [sp, #S_PSR]
	msr	spsr_cxsf, r1
	ldmia	sp, {r0 - pc}^
ENDPROC(kretprobe_trampoline)
NOPROBE_ROOT(kretprobe_trampoline)

/*
 * unsigned long arch_kretprobe_divert(struct pt_regs *regs, unsigned long *sp)
 * At a kretprobe's entry: make the function return to the trampoline.
 * Returns the real return address; *sp = the entry stack pointer.
 * Here rather than in C: it is on every kretprobe hit, and needs no frame.
 */
ENTRY(arch_kretprobe_divert)
	ldr	r2, [r0, #S_SP]
	adr	r3, kretprobe_trampoline
	str	r2, [r1]
	ldr	r1, [r0, #S_LR]
	str	r3, [r0, #S_LR]
	mov	r0, r1
	bx	lr
ENDPROC(arch_kretprobe_divert)
