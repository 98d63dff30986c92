/*
 * The function tracer's assembly (kernel/trace/ftrace.c): the hook GCC's
 * -pg calls, and the trampoline an enabled site calls instead. Both are in
 * .noprobe.text: never probed, never traced.
 *
 * A traced function runs, after its prologue:
 *	push	{lr}			@ the caller's return address: the parent ip
 *	bl	__gnu_mcount_nc		@ the site: NOP, or bl ftrace_caller
 * The NOP is `pop {lr}` (ldr lr, [sp], #4). Both routines must leave every
 * register as the NOP does (r0-r3 hold the arguments); ip and the flags
 * are theirs (the compiler sees a call).
 */
#include <asm/assembler.h>
#include <asm/ftrace.h>
#include <ek/noprobe.h>

	.syntax unified
	.arm
	.section .noprobe.text, "ax"

/* Until ftrace_init() (start_kernel's own site runs before it): as the NOP. */
ENTRY(__gnu_mcount_nc)
	mov	ip, lr
	ldr	lr, [sp], #4
	bx	ip
ENDPROC(__gnu_mcount_nc)
NOPROBE_ROOT(__gnu_mcount_nc)

/*
 * An enabled site: record a TRACE_TYPE_FUNCTION entry (ip = site + 4, the
 * return address of the site's call, inside the traced function; parent =
 * the return address the site pushed; the raw clock) in this CPU's ring
 * with IRQs masked. This CPU's trace_buf is in TPIDRURO (head.S,
 * smp_head.S; asm/arch_inline.h). The clock is read first, then the slot reserved,
 * filled and published (DMB, then next: a reader on another CPU sees it
 * whole) with no call in between, so nothing else can record on this CPU
 * while the slot is taken (an entry nested in the clock read, which only
 * an exception there could make, goes in whole before this one). The clock
 * is called through trace_buf.clock with an 8-byte aligned stack (AAPCS)
 * without aligning it here: scripts/mcount.c knows each site's sp modulo
 * 8 from its prologue, and a site whose sp is 4 modulo 8 calls the _odd
 * twin, which saves one register less (r8 is only padding). When CPU 0's
 * ring is in a kept region (trace_checked(), fixed before ftrace_init()),
 * sites call the _checked twins, which also store the entry's check word,
 * ts_lo ^ parent (include/ek/persist_format.h), on every CPU: one site,
 * one trampoline. Every entry also gets the traced code's cpsr as its
 * status word (the irqs-off column). Per hit, with the clock: see README
 * "Benchmarks".
 */
	.macro	ftrace_trampoline, name, regs, nregs, checked
ENTRY(\name)
	push	{\regs, lr}		@ lr = site + 4; above it, the parent ip
	mrs	r5, cpsr
	cpsid	i
	mrc	p15, 0, r4, c13, c0, 3	@ TPIDRURO: this CPU's trace_buf
	ldr	r3, [r4, #TB_CLOCK]
	blx	r3			@ r0:r1 = raw timestamp
	ldrd	r6, r7, [r4, #TB_NEXT]	@ ring_buffer_reserve(), inline: next, limit
	cmp	r6, r7
	bhs	7f
2:	strd	r0, r1, [r6, #TE_TS]	@ e.ts
	ldrd	r2, r3, [r4, #TB_FN_HDR] @ event_id|cpu|faults, len|flags
	.if \checked
	ldr	r1, [sp, #4 * (\nregs) + 4] @ parent ip
	eor	ip, r0, r1		@ the check word: ts_lo ^ parent
	ldr	r0, [sp, #4 * (\nregs)]	@ site + 4
	stm	r6, {r0, r2, r3, r5, ip} @ e.ip (the call's return address), ...,
					@ e.status (the traced code's cpsr), e.check
	.else
	ldrd	r0, r1, [sp, #4 * (\nregs)] @ site + 4, parent ip
	stm	r6, {r0, r2, r3, r5}	@ e.ip (the call's return address), ...,
					@ e.status: the traced code's cpsr
	.endif
	str	r1, [r6, #TE_DATA]	@ data: the parent ip
	add	r6, r6, #TRACE_SLOT_SIZE
	dmb	ishst			@ ring_buffer_commit(): the entry,
	str	r6, [r4, #TB_NEXT]	@ then next
9:	msr	cpsr_c, r5
	pop	{\regs, ip, lr}		@ ip = site + 4, lr = parent: as the NOP
	bx	ip

7:	push	{r0, r1}		@ the slow path: wrap, full or off
	mov	r0, r4
	bl	ring_buffer_reserve_slow
	movs	r6, r0
	pop	{r0, r1}
	bne	2b
	b	9b
ENDPROC(\name)
NOPROBE_ROOT(\name)
	.endm

	/* sp at the site 0 mod 8: ten registers keep it aligned */
	ftrace_trampoline ftrace_caller, "r0 - r8", 9, 0
	/* sp at the site 4 mod 8: nine registers align it */
	ftrace_trampoline ftrace_caller_odd, "r0 - r7", 8, 0
	ftrace_trampoline ftrace_caller_checked, "r0 - r8", 9, 1
	ftrace_trampoline ftrace_caller_odd_checked, "r0 - r7", 8, 1
