/*
 * Probed functions return here instead of to their caller (the word at
 * their entry sp was swapped, arch/x86/kernel/kretprobe.c). No trap: the
 * trampoline builds the struct pt_regs a trap would (return value in eax,
 * sp as the caller has it after the return, ip = the trampoline), masks
 * interrupts, and asks kretprobe_trampoline_handler() where the function
 * really returns; the answer goes into the word reserved above the frame,
 * flags (IF included) come back from the frame, and `ret` goes there.
 */
#include <asm/ptrace.h>
#include <ek/noprobe.h>

	.section .noprobe.text, "ax"
	.globl	kretprobe_trampoline
	.type	kretprobe_trampoline, @function
kretprobe_trampoline:
	sub	$4, %esp			/* the real return address, below */
	pushf
	push	%cs
	push	$kretprobe_trampoline		/* ip */
	sub	$8, %esp			/* vector, error code */
	pushal
	lea	S_FRAME_SIZE + 4(%esp), %eax	/* sp of the caller after the return */
	mov	%eax, S_SP(%esp)
	cli
	mov	%esp, %edx			/* regs */
	call	kretprobe_trampoline_handler	/* (sp, regs) */
	mov	%eax, S_FRAME_SIZE(%esp)
	popal
	add	$16, %esp			/* vector, error, ip, cs */
	popf
	ret
	.size	kretprobe_trampoline, . - kretprobe_trampoline
	NOPROBE_ROOT(kretprobe_trampoline)
