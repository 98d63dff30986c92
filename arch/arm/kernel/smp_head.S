/*
 * Where a secondary CPU starts (arch/arm/kernel/smp.c wakes it): SVC mode,
 * MMU and caches off, interrupts masked. It makes its own caches and
 * branch predictor clean (nothing it holds from reset may be trusted),
 * joins the coherency domain, loads the boot CPU's translation tables and
 * system control settings from secondary_boot, and calls
 * secondary_start_kernel() on its own stack. Never probed or traced (the
 * C code it calls is an ordinary CPU's).
 */
#include <asm/assembler.h>
#include <asm/smp.h>
#include <ek/noprobe.h>

	.syntax unified
	.arm
	.section .noprobe.text, "ax"

ENTRY(secondary_entry)
	cpsid	aif
	mov	r0, #0
	mcr	p15, 0, r0, c7, c5, 0		@ ICIALLU
	mcr	p15, 0, r0, c7, c5, 6		@ BPIALL
	dsb
	isb
	bl	l1_dcache_invalidate		@ a Cortex-A9 resets it to garbage

	mrc	p15, 0, r0, c1, c0, 1		@ ACTLR.SMP before the caches
	orr	r0, r0, #(1 << 6)
	mcr	p15, 0, r0, c1, c0, 1

	adr_l	r4, secondary_boot		@ read with the caches off: the
	ldr	r0, [r4, #SB_TTBCR]		@ boot CPU cleaned it to memory
	mcr	p15, 0, r0, c2, c0, 2
	ldr	r0, [r4, #SB_TTBR0]
	mcr	p15, 0, r0, c2, c0, 0
	ldr	r0, [r4, #SB_DACR]
	mcr	p15, 0, r0, c3, c0, 0
	ldr	r0, [r4, #SB_VBAR]
	mcr	p15, 0, r0, c12, c0, 0
	mov	r0, #0
	mcr	p15, 0, r0, c8, c7, 0		@ TLBIALL
	dsb
	isb
	ldr	r0, [r4, #SB_SCTLR]
	mcr	p15, 0, r0, c1, c0, 0		@ MMU and caches on: the identity
	isb					@ map keeps this fetch in place

	ldr	r5, [r4, #SB_PERCPU]
	mcr	p15, 0, r5, c13, c0, 4		@ TPIDRPRW: its per-CPU offset
	adr_l	r6, trace_buf
	add	r6, r6, r5
	mcr	p15, 0, r6, c13, c0, 3		@ TPIDRURO: its trace buffer
	ldr	r5, [r4, #SB_CPU]
	/* Its own 3-word scratch per exception mode (see head.S). */
	ldr	r6, [r4, #SB_SCRATCH]
	cps	#MODE_IRQ
	mov	sp, r6
	add	r6, r6, #12
	cps	#MODE_ABT
	mov	sp, r6
	add	r6, r6, #12
	cps	#MODE_UND
	mov	sp, r6
	add	r6, r6, #12
	cps	#MODE_FIQ
	mov	sp, r6
	cps	#MODE_SVC
	ldr	sp, [r4, #SB_STACK]		@ 8-byte aligned (AAPCS)
	mov	fp, #0				@ ends backtraces
	mov	r0, r5
	bl	secondary_start_kernel
1:	wfi
	b	1b
ENDPROC(secondary_entry)
NOPROBE_ROOT(secondary_entry)

/* Invalidate (not clean: its contents are not data) the level-1 data
 * cache by set and way. Clobbers r0-r3, r5, r6, ip. */
ENTRY(l1_dcache_invalidate)
	mov	r0, #0
	mcr	p15, 2, r0, c0, c0, 0		@ CSSELR: level 1, data
	isb
	mrc	p15, 1, r0, c0, c0, 0		@ CCSIDR
	and	r1, r0, #7
	add	r1, r1, #4			@ log2(line bytes): set shift
	ubfx	r2, r0, #3, #10			@ ways - 1
	ubfx	r3, r0, #13, #15		@ sets - 1
	clz	ip, r2				@ way shift: 32 - log2(ways)
1:	mov	r5, r2
2:	lsl	r6, r5, ip
	orr	r6, r6, r3, lsl r1
	mcr	p15, 0, r6, c7, c6, 2		@ DCISW
	subs	r5, r5, #1
	bge	2b
	subs	r3, r3, #1
	bge	1b
	dsb
	bx	lr
ENDPROC(l1_dcache_invalidate)
