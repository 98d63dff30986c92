/*
 * Detour of an optimized probe: the probed bytes hold `jmp` here. It
 * builds the struct pt_regs a trap would (no gap below the interrupted sp
 * is needed: nothing here simulates a push), with ip = the probed address,
 * masks interrupts as the trap gate does, and makes the hit's one call
 * itself: entry->pre_handler(entry, regs) with kprobe_cpu.current = entry
 * and .frame = regs, or kprobe_missed_hit(entry, regs) when this CPU is
 * already busy (a handler ran into a probe).
 *
 * 0 from the call: the registers and flags (IF included) come back from
 * the frame, and the copy of the replaced instructions runs, followed by a
 * jmp back past them. Nonzero: the frame is final (a handler moved ip, or
 * a post handler waits for a trap-flag step): frame_return (entry.S) puts
 * its iret words right where this frame's ip/cs/flags already are.
 *
 * A template: arch/x86/kernel/kprobes_opt.c copies it into a full
 * instruction slot and fills the immediates, the handler call, the copy,
 * and relocates the two rel32 that leave it.
 */
#include <asm/ptrace.h>
#include <ek/noprobe.h>

#define OPT_COPY_MAX 24

	.section .noprobe.text, "ax"
	.globl	optprobe_template, optprobe_template_ip, optprobe_template_cur
	.globl	optprobe_template_entry, optprobe_template_call, optprobe_template_copy
	.globl	optprobe_template_full, optprobe_template_entry2
	.globl	optprobe_template_missed, optprobe_template_end
	.type	optprobe_template, @function
optprobe_template:
	pushf
	push	%cs
optprobe_template_ip:
	.byte	0x68				/* push imm32: ip, the probed address */
	.long	0
	sub	$8, %esp			/* vector, error code */
	pushal
	/* pushal saved sp as it was after the five words above. */
	addl	$S_FRAME_SIZE - S_VECTOR, S_SP(%esp)
	cli
	cmpl	$0, kprobe_cpu			/* .current */
	jne	3f
optprobe_template_cur:
	movl	$0, kprobe_cpu			/* .current = entry */
	mov	%esp, kprobe_cpu + 4		/* .frame */
	push	%esp
optprobe_template_entry:
	.byte	0x68				/* push imm32: entry */
	.long	0
optprobe_template_call:
	call	optprobe_template_call		/* entry->pre_handler */
	add	$8, %esp
	movl	$0, kprobe_cpu
2:	test	%eax, %eax
	jnz	optprobe_template_full
	popal
	add	$16, %esp			/* vector, error, ip, cs */
	popf
optprobe_template_copy:
	.fill	OPT_COPY_MAX, 1, 0xcc		/* the replaced instructions, jmp back */
optprobe_template_full:
	jmp	frame_return
3:	push	%esp
optprobe_template_entry2:
	.byte	0x68				/* push imm32: entry */
	.long	0
optprobe_template_missed:
	call	kprobe_missed_hit
	add	$8, %esp
	jmp	2b
optprobe_template_end:
	.size	optprobe_template, . - optprobe_template
	/* Its copies run on every optimized hit. */
	NOPROBE_ROOT(optprobe_template)
