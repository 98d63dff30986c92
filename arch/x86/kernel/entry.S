/*
 * Trap entry: one 16-byte stub per IDT vector (0..X86_NR_VECTORS-1) pushes
 * a zero error code where the CPU pushes none and the vector number, then
 * trap_common completes struct pt_regs (asm/ptrace.h) and calls do_trap().
 * Every gate is an interrupt gate: IF is clear until iret.
 *
 * In ring 0 the CPU pushes its words right below the interrupted sp, so a
 * simulated push there (kprobes simulating `call rel32`) would overwrite
 * them. trap_common therefore copies them S_STACK_GAP bytes lower and
 * builds the frame there; the way out (frame_return) rebuilds the iret
 * words just below the frame's sp, which a handler may have moved.
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
	/* The CPU pushes an error code for #DF, #TS, #NP, #SS, #GP, #PF, #AC. */
	.if	!(\v == 8 || (\v >= 10 && \v <= 14) || \v == 17)
	pushl	$0
	.endif
	pushl	$\v
	.if	\v == 3
	jmp	int3_common
	.elseif	\v == 1
	jmp	debug_common
	.else
	jmp	trap_common
	.endif
	.endr
	.size	x86_trap_stubs, . - x86_trap_stubs
	/* Every trap and interrupt a probe hit takes starts here. */
	NOPROBE_ROOT(x86_trap_stubs)

	/* (%esp): vector, error, ip, cs, flags. Copy the five S_STACK_GAP
	 * lower (each push reads before it moves esp, so one displacement
	 * walks them from flags down to vector), then the registers. */
	.macro	build_frame
	sub	$S_STACK_GAP, %esp
	.rept	5
	pushl	S_STACK_GAP + 16(%esp)
	.endr
	pushal
	/* The interrupted stack pointer, above the CPU's words and the gap. */
	lea	S_FRAME_SIZE + S_STACK_GAP + 20(%esp), %eax
	mov	%eax, S_SP(%esp)
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
int3_common:
	build_frame
	decl	S_IP(%esp)
	pushl	S_IP(%esp)
	push	%eax			/* lea'd above: the frame + its size */
	subl	$S_FRAME_SIZE + S_STACK_GAP + 20, (%esp)
	call	kprobe_handle_trap
	add	$8, %esp
	test	%eax, %eax
	jz	frame_return
	incl	S_IP(%esp)
	jmp	to_do_trap

/* #DB: the end of a trap-flag step (x86_kprobe_debug()), else do_trap(). */
debug_common:
	build_frame
	push	%esp
	call	x86_kprobe_debug
	add	$4, %esp
	test	%eax, %eax
	jz	frame_return
	jmp	to_do_trap

/*
 * Continue with the frame at %esp: the iret words go just below its sp
 * (for a detour's frame, exactly where its ip/cs/flags already are), its
 * general registers are reloaded, and iret switches to that stack. The
 * new stack lies above the frame's general registers (a handler moves sp
 * by a few words at most, less than the gap); the iret words may overlap
 * the frame's own ip/cs/flags a little higher up (the kretprobe
 * trampoline's frame: sp is one word above it), so they are copied from
 * the top down.
 */
	.globl	frame_return
	.type	frame_return, @function
frame_return:
	mov	S_SP(%esp), %eax
	sub	$12, %eax
	mov	S_FLAGS(%esp), %ecx
	mov	%ecx, 8(%eax)
	mov	S_CS(%esp), %ecx
	mov	%ecx, 4(%eax)
	mov	S_IP(%esp), %ecx
	mov	%ecx, 0(%eax)
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
