/*
 * Detour of an optimized probe. The probed instruction is replaced by a
 * branch here; the detour builds the same struct pt_regs an exception
 * would (S_STACK_GAP left below the interrupted sp, pc = the probed
 * address), masks IRQs as the trap path does, and makes the hit's one
 * call itself: entry->pre_handler(entry, regs) with kprobe_cpu.current set to
 * entry, where entry is the site's only probe or the core's dispatcher
 * (kernel/kprobes.c); kprobe_cpu is this CPU's, CPU 0's copy (the literal)
 * plus the per-CPU offset in TPIDRPRW, reached with register-offset
 * addressing rather than an add. A hit while kprobe_cpu.current is
 * already set (a handler ran into a probe) calls kprobe_missed_hit(entry,
 * regs) instead. Doing that here rather than in a C function saves the call, the frame and the
 * reloads that are most of the optimized path's cost.
 *
 * When the call returns 0 the instruction is still to run. The native
 * tail reloads flags, IRQ mask and r0-lr from the frame (so register
 * changes made by handlers take effect), executes its own copy of the
 * instruction and branches back. An instruction that reads or writes the
 * PC gets optprobe_emul_tail instead: optprobe_emulate(arch, regs) runs
 * it on the frame; @arch is the detour's own word, not the entry's site,
 * which unregistering clears while hits may still be in the detour. Nonzero (or after the emulation) the frame is final: it is
 * reloaded whole, pc and cpsr included, through SPSR_svc (free here: SVC
 * exceptions are never taken while the kernel runs).
 *
 * This is a template: arch/arm/kernel/kprobes.c copies it into a full
 * instruction slot and fills in the calls, the tail and the literals. A
 * detour another CPU may be running is never rewritten: a change builds a
 * new one (kprobes.c, rebuild_detour()).
 */
#include <asm/assembler.h>
#include <asm/ptrace.h>
#include <ek/noprobe.h>

	.syntax unified
	.arm
	.section .noprobe.text, "ax"

/*
 * Three layouts by what is known of sp at the probed instruction (AAPCS
 * wants it 8-byte aligned at a call): \name (align 1) aligns it for the
 * call, for a probe inside a function, which may interrupt code whose sp
 * is 4 off; \name_fentry (align 0) does not, for probes where it is known
 * aligned (a function's first instruction, a call site whose prologue
 * keeps it so): the frame keeps it, S_FRAME_SIZE + S_STACK_GAP being a
 * multiple of 8; \name_odd (align 2), for a call site whose sp is known to
 * be 4 off (scripts/mcount.c's parity), puts the frame 4 lower, which
 * aligns it. The tail, missed and literal parts sit at the same distance
 * from each other in all three.
 */
	.macro	optprobe_layout, name, align
	.align	2
	.globl	\name, \name\()_call, \name\()_tail, \name\()_missed, \name\()_lits
	.globl	\name\()_entry, \name\()_end
	.if	\align == 2
	.set	.Lgap\@, S_FRAME_SIZE + S_STACK_GAP + 4
	.else
	.set	.Lgap\@, S_FRAME_SIZE + S_STACK_GAP
	.endif
\name:
	NOPROBE_ROOT(\name)			/* its copies run every optimized hit */
	sub	sp, sp, #.Lgap\@
	stmia	sp, {r0 - r12}
	add	r0, sp, #.Lgap\@			@ interrupted sp
	mov	r1, lr
	ldrd	r4, r5, \name\()_lits			@ &kprobe_cpu (CPU 0's), probed addr
	mrs	r6, cpsr
	add	r8, sp, #S_SP				@ kept by the callee: the frame
	stmia	r8, {r0, r1, r5, r6}			@ sp, lr, pc, cpsr
	cpsid	i
	mrc	p15, 0, r7, c13, c0, 4			@ TPIDRPRW: per-CPU offset; this
							@ CPU's kprobe_cpu is at r4 + r7
							@ (register offset: no add)
	ldr	r0, \name\()_entry
	mov	r1, sp
	ldr	r5, [r4, r7]				@ r4, r5, r7: kept by the callee
	cmp	r5, #0
	bne	4f
	strd	r0, r1, [r4, r7]			@ kprobe_cpu.current = entry,
							@ .frame = the frame (where a
							@ faulting handler is unwound to)
	.if	\align == 1
	bic	sp, sp, #7				@ AAPCS alignment for the call
	.endif
\name\()_call:
	bl	\name\()_call				@ entry->pre_handler
	.if	\align == 1
	sub	sp, r8, #S_SP				@ back on the frame
	.endif
	str	r5, [r4, r7]				@ kprobe_cpu.current = NULL
2:	cmp	r0, #0
	ldr	r0, [sp, #S_PSR]
	bne	3f
\name\()_tail:					@ native: 4 words
	msr	cpsr_fsxc, r0				@ flags and IRQ mask back
	ldmia	sp, {r0 - lr}				@ sp from the frame too
	.word	0					@ the probed instruction
	.word	0					@ b addr + 4
3:	msr	spsr_cxsf, r0
	ldmia	sp, {r0 - pc}^				@ the frame, whole
\name\()_missed:
4:	bl	\name\()_missed			@ optprobe_missed_aligned:
	b	2b					@ kprobe_missed_hit
\name\()_lits:
	.word	0					@ &kprobe_cpu (CPU 0's)
	.word	0					@ the probed address
\name\()_entry:
	.word	0					@ struct kprobe *entry
	.word	0					@ struct arch_kprobe *
\name\()_end:
	.endm

	optprobe_layout	optprobe_template, 1
	optprobe_layout	optprobe_template_fentry, 0
	optprobe_layout	optprobe_template_odd, 2

/* The tail of a detour whose instruction uses the PC: same size, at the
 * same place, so its literal load reaches the word after the entry (as far
 * from the tail in every layout) and it falls through into the frame
 * reload. */
	.globl	optprobe_emul_tail, optprobe_emul_tail_end
optprobe_emul_tail:
	NOPROBE_ROOT(optprobe_emul_tail)
	ldr	r0, optprobe_emul_tail + (optprobe_template_entry - optprobe_template_tail) + 4
	mov	r1, sp				@ r0: the detour's struct arch_kprobe
	.word	0					@ bl optprobe_call_aligned:
							@ optprobe_emulate
	ldr	r0, [sp, #S_PSR]
optprobe_emul_tail_end:

/*
 * The detours' slow calls, kprobe_missed_hit() and optprobe_emulate(), go
 * through these (r0, r1: the arguments; r6, r7: free in a detour, which
 * reloads them from the frame): the call gets an 8-byte aligned stack
 * (AAPCS) whatever the interrupted code's was.
 */
	.macro	aligned_call, name, fn
	.globl	\name
\name:
	mov	r6, sp
	mov	r7, lr
	bic	sp, sp, #7
	bl	\fn
	mov	sp, r6
	bx	r7
	.endm

	aligned_call	optprobe_missed_aligned, kprobe_missed_hit
	aligned_call	optprobe_emulate_aligned, optprobe_emulate
	/* Called from the detours' copies, which the check cannot read. */
	NOPROBE_ROOT(optprobe_missed_aligned)
	NOPROBE_ROOT(optprobe_emulate_aligned)
