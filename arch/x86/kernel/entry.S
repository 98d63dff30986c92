/*
 * Trap entry: one 16-byte stub per IDT vector (0..X86_NR_VECTORS-1) pushes
 * a zero error code where the CPU pushes none and the vector number, then
 * trap_common completes struct pt_regs (asm/ptrace.h) and calls do_trap().
 * The probe traps, int3 and #DB, have gates of their own straight to
 * x86_int3_entry and x86_debug_entry (one jmp less on every trap hit).
 * Every gate is an interrupt gate: IF is clear until iret.
 *
 * In ring 0 the CPU pushes its words right below the interrupted sp, and
 * the frame is built in place under them. Only a simulated push (kprobes
 * simulating `call rel32`) needs the word below sp, which is the frame's
 * flags: it lowers sp by one word and leaves the word to push in the
 * frame's error-code slot (asm/ptrace.h), and the way out (frame_return)
 * stores it and rebuilds the iret words below the new sp. Every other
 * return pops the frame where it is.
 */
#include <asm/ptrace.h>
#include <asm/traps.h>
#include <ek/noprobe.h>

	.section .noprobe.text, "ax"
	.balign	16
	.globl	x86_trap_stubs
	.type	x86_trap_stubs, @function
x86_trap_stubs:
	.irp	v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23, \
		24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	.balign	16
	.if	\v == 3
	jmp	x86_int3_entry
	.elseif	\v == 1
	jmp	x86_debug_entry
	.else
	/* The CPU pushes an error code for #DF, #TS, #NP, #SS, #GP, #PF, #AC. */
	.if	!(\v == 8 || (\v >= 10 && \v <= 14) || \v == 17)
	pushl	$0
	.endif
	pushl	$\v
	jmp	trap_common
	.endif
	.endr
	.size	x86_trap_stubs, . - x86_trap_stubs
	/* Every trap and interrupt a probe hit takes starts here. */
	NOPROBE_ROOT(x86_trap_stubs)

	/* (%esp): vector, error, ip, cs, flags: the registers go below. */
	.macro	build_frame
	pushal
	/* The interrupted stack pointer, just above the CPU's words
	 * (pushal saved the one below them, at the vector). */
	addl	$S_FRAME_SIZE - S_VECTOR, S_SP(%esp)
	cld
	.endm

trap_common:
	build_frame
to_do_trap:
	push	%esp
	call	do_trap
	add	$4, %esp
	jmp	frame_return

/* int3 goes to kprobes first, with ip moved back onto the breakpoint (the
 * core wants its address, include/ek/kprobes.h); not a probe's: do_trap()
 * reports it where the CPU left it. */
	.globl	x86_int3_entry
	.type	x86_int3_entry, @function
x86_int3_entry:
	pushl	$0
	pushl	$X86_TRAP_BP
	build_frame
	mov	%esp, %eax
	decl	S_IP(%eax)
	mov	S_IP(%eax), %edx
	call	kprobe_handle_trap
	test	%eax, %eax
	jz	frame_return
	incl	S_IP(%esp)
	jmp	to_do_trap

/* #DB: the end of a trap-flag step (x86_kprobe_debug()), else do_trap(). */
	.globl	x86_debug_entry
	.type	x86_debug_entry, @function
x86_debug_entry:
	pushl	$0
	pushl	$X86_TRAP_DB
	build_frame
	push	%esp
	call	x86_kprobe_debug
	add	$4, %esp
	test	%eax, %eax
	jz	frame_return
	jmp	to_do_trap

/*
 * Continue with the frame at %esp. Its sp where the trap left it: pop it
 * in place. Moved (a simulated push, one word down, or a handler moving it
 * up): the iret words go just below the new sp, after the pushed word
 * (from the error-code slot) went to the new sp; ip, cs and flags are read
 * first, since both may overlap them. The general registers lie below
 * all of it.
 */
	.globl	frame_return
	.type	frame_return, @function
frame_return:
	lea	S_FRAME_SIZE(%esp), %eax
	cmp	%eax, S_SP(%esp)
	jne	1f
	popal
	add	$8, %esp		/* vector, error */
	iret
1:	mov	S_IP(%esp), %ebx
	mov	S_CS(%esp), %ecx
	mov	S_FLAGS(%esp), %edx
	sub	$4, %eax
	cmp	%eax, S_SP(%esp)
	mov	S_SP(%esp), %eax
	jne	2f
	mov	S_ERROR(%esp), %esi	/* the simulated push */
	mov	%esi, (%eax)
2:	mov	%edx, -4(%eax)
	mov	%ecx, -8(%eax)
	mov	%ebx, -12(%eax)
	sub	$12, %eax
	mov	%eax, S_VECTOR(%esp)
	popal
	mov	(%esp), %esp
	iret
	.size	frame_return, . - frame_return
	NOPROBE_ROOT(frame_return)

/*
 * void arch_resume_frame(struct pt_regs *frame): continue at frame->ip with
 * every register of @frame, the stack at frame->sp; the stack the caller
 * ran on (a faulting handler's, below the frame) is abandoned.
 */
	.globl	arch_resume_frame
	.type	arch_resume_frame, @function
arch_resume_frame:
	cli
	mov	4(%esp), %esp
	jmp	frame_return
	.size	arch_resume_frame, . - arch_resume_frame
