/*
 * Kernel entry. One image for every board: it is linked at address 0 and
 * runs wherever the boot loader put it (QEMU -kernel, U-Boot bootz), so the
 * first job is to apply its own R_ARM_RELATIVE relocations.
 *
 * ARM boot protocol on entry: r0 = 0, r1 = machine type, r2 = DTB address,
 * MMU off, D-cache off, interrupts masked (possibly HYP mode).
 */
#include <asm/assembler.h>

	.syntax unified
	.arm
	.arch_extension virt		@ HYP-mode exit below (MSR banked, ERET)
	.section .head.text, "ax"

	.globl	_start
_start:
	/* zImage layout: eight NOPs, a branch, then the header at 0x24. */
	.rept	8
	mov	r0, r0
	.endr
	b	reset
	.word	0x016f2818		@ 0x24: zImage magic (U-Boot bootz checks it)
	.word	0			@ 0x28: start: 0 = position independent
	.word	__image_size		@ 0x2c: end: image + bss, so loaders reserve it
	.word	0x04030201		@ 0x30: little-endian

reset:
	/* Start the PMU's retired-instruction counter (event counter 0,
	 * INST_RETIRED) as the very first thing, where the CPU has a PMU
	 * (ID_DFR0.PerfMon neither 0 nor 0xf; QEMU's Cortex-A9 has none):
	 * `bench boot` measures boot costs from here. r0-r2 stay untouched.
	 * BENCH_HEAD_INSNS in arch/arm/kernel/bench.c counts the instructions
	 * executed before counting starts; keep it in step with this code. */
	mrc	p15, 0, r4, c0, c1, 2	@ ID_DFR0
	ubfx	r4, r4, #24, #4		@ PerfMon
	cmp	r4, #0
	cmpne	r4, #0xf
	beq	0f
	mov	r4, #0
	mcr	p15, 0, r4, c9, c12, 5	@ PMSELR: counter 0
	mov	r4, #0x08
	mcr	p15, 0, r4, c9, c13, 1	@ PMXEVTYPER: INST_RETIRED, all levels
	mov	r4, #1
	mcr	p15, 0, r4, c9, c12, 1	@ PMCNTENSET: counter 0
	mrc	p15, 0, r4, c9, c12, 0
	orr	r4, r4, #0x3		@ PMCR: E (enable), P (reset event counters)
	mcr	p15, 0, r4, c9, c12, 0
0:
	mov	r8, r2			@ keep the DTB pointer for start_kernel

	/* A hypervisor-capable loader may enter in HYP mode: drop to SVC. */
	mrs	r4, cpsr
	and	r5, r4, #MODE_MASK
	cmp	r5, #MODE_HYP
	bne	1f
	bic	r4, r4, #MODE_MASK
	orr	r4, r4, #(MODE_SVC | PSR_I | PSR_F)
	orr	r4, r4, #PSR_A
	msr	spsr_cxsf, r4		@ SPSR_hyp (own mode: the banked form is UNPREDICTABLE)
	adr	r5, 1f
	msr	elr_hyp, r5
	eret
1:	cpsid	aif, #MODE_SVC

	/* The protocol says MMU and D-cache are off; make sure the MMU is. */
	mrc	p15, 0, r4, c1, c0, 0	@ SCTLR
	bic	r4, r4, #0x1		@ M
	bic	r4, r4, #0x2		@ A: no alignment faults
	orr	r4, r4, #0x800		@ Z: branch prediction (no effect w/o MMU)
	mcr	p15, 0, r4, c1, c0, 0
	isb
	mov	r4, #0
	mcr	p15, 0, r4, c7, c5, 0	@ ICIALLU: loader's code may be stale in I-cache
	mcr	p15, 0, r4, c7, c5, 6	@ BPIALL
	dsb
	isb

	/* Relocate: r9 = load address = runtime address of link address 0. */
	adr	r9, _start
	adr_l	r4, __rel_dyn_start
	adr_l	r5, __rel_dyn_end
2:	cmp	r4, r5
	bhs	3f
	ldmia	r4!, {r6, r7}		@ r_offset, r_info
	and	r7, r7, #0xff
	cmp	r7, #23			@ R_ARM_RELATIVE (the link only emits these)
	bne	2b
	ldr	r10, [r6, r9]
	add	r10, r10, r9
	str	r10, [r6, r9]
	b	2b
3:
	/* Clear .bss (the image carries none of it), 32 bytes per store:
	 * the linker script aligns both ends. r0-r2 are free (r8 has the
	 * DTB), and this loop is most of the work before start_kernel. */
	adr_l	r4, __bss_start
	adr_l	r5, __bss_end
	mov	r0, #0
	mov	r1, #0
	mov	r2, #0
	mov	r3, #0
	mov	r6, #0
	mov	r7, #0
	mov	r10, #0
	mov	r11, #0
4:	cmp	r4, r5
	stmialo	r4!, {r0 - r3, r6, r7, r10, r11}
	blo	4b

	/* Each exception mode only needs a 3-word scratch area: entry.S moves
	 * straight to SVC mode and builds the full frame on the SVC stack. */
	adr_l	r4, exc_scratch
	cps	#MODE_IRQ
	mov	sp, r4
	add	r4, r4, #12
	cps	#MODE_ABT
	mov	sp, r4
	add	r4, r4, #12
	cps	#MODE_UND
	mov	sp, r4
	add	r4, r4, #12
	cps	#MODE_FIQ
	mov	sp, r4
	cps	#MODE_SVC
	adr_l	r4, boot_stack_top
	mov	sp, r4

	/* Low vectors through VBAR (SCTLR.V = 0). */
	adr_l	r4, vectors
	mcr	p15, 0, r4, c12, c0, 0	@ VBAR
	mrc	p15, 0, r4, c1, c0, 0
	bic	r4, r4, #0x2000		@ V
	mcr	p15, 0, r4, c1, c0, 0
	isb

	mov	fp, #0			@ ends backtraces
	mov	r0, r8			@ DTB
	mov	r1, r9			@ load address
	bl	start_kernel
5:	wfi
	b	5b

	.bss
	.align	3
exc_scratch:
	.space	4 * 12

	/* The stack needs no clearing: .noinit (see kernel.lds). */
	.section .noinit, "aw", %nobits
	.align	3
	.globl	boot_stack_base
boot_stack_base:
	.space	16384
	.globl	boot_stack_top
boot_stack_top:
