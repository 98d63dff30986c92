/*
 * Trap entry: one 16-byte stub per IDT vector (0..X86_NR_VECTORS-1) pushes
 * a zero error code where the CPU pushes none and the vector number, then
 * trap_common completes struct pt_regs (asm/ptrace.h) and calls do_trap().
 * Every gate is an interrupt gate: IF is clear until iret.
 */
#include <asm/ptrace.h>
#include <asm/traps.h>

	.text
	.balign	16
	.globl	x86_trap_stubs
x86_trap_stubs:
	.irp	v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23, \
		24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	.balign	16
	/* The CPU pushes an error code for #DF, #TS, #NP, #SS, #GP, #PF, #AC. */
	.if	!(\v == 8 || (\v >= 10 && \v <= 14) || \v == 17)
	pushl	$0
	.endif
	pushl	$\v
	jmp	trap_common
	.endr

trap_common:
	sub	$4, %esp		/* pt_regs.sp, filled below */
	push	%ebp
	push	%edi
	push	%esi
	push	%edx
	push	%ecx
	push	%ebx
	push	%eax
	/* Same privilege level: the CPU pushed no esp, the interrupted
	 * stack pointer is just above the frame. */
	lea	S_FRAME_SIZE(%esp), %eax
	mov	%eax, S_SP(%esp)
	cld
	mov	%esp, %eax
	push	%eax
	call	do_trap
	add	$4, %esp
	pop	%eax
	pop	%ebx
	pop	%ecx
	pop	%edx
	pop	%esi
	pop	%edi
	pop	%ebp
	add	$12, %esp		/* sp, vector, error code */
	iret

/*
 * void arch_resume_frame(struct pt_regs *frame): continue at frame->ip with
 * every register of @frame, the stack at frame->sp. An iret frame is built
 * just below that sp (for a trap frame, exactly where its ip/cs/flags
 * already are); nothing of @frame is read after the switch but its
 * general registers, which lie below the new esp with interrupts off.
 */
	.globl	arch_resume_frame
	.type	arch_resume_frame, @function
arch_resume_frame:
	cli
	mov	4(%esp), %eax
	mov	S_SP(%eax), %ecx
	sub	$12, %ecx
	mov	S_IP(%eax), %edx
	mov	%edx, 0(%ecx)
	mov	S_CS(%eax), %edx
	mov	%edx, 4(%ecx)
	mov	S_FLAGS(%eax), %edx
	mov	%edx, 8(%ecx)
	mov	%ecx, %esp
	mov	S_BX(%eax), %ebx
	mov	S_CX(%eax), %ecx
	mov	S_DX(%eax), %edx
	mov	S_SI(%eax), %esi
	mov	S_DI(%eax), %edi
	mov	S_BP(%eax), %ebp
	mov	S_AX(%eax), %eax
	iret
	.size	arch_resume_frame, . - arch_resume_frame
