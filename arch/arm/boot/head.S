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
	 * executed before counting starts; keep it in step with this code.
	 * Without a PMU, .La9_timer_start (out of line: the PMU path must not
	 * change) starts a Cortex-A9's global timer instead. */
	mrc	p15, 0, r4, c0, c1, 2	@ ID_DFR0
	ubfx	r4, r4, #24, #4		@ PerfMon
	cmp	r4, #0
	cmpne	r4, #0xf
	beq	.La9_timer_start
	mov	r4, #0
	mcr	p15, 0, r4, c9, c12, 5	@ PMSELR: counter 0
	mov	r4, #0x08
	mcr	p15, 0, r4, c9, c13, 1	@ PMXEVTYPER: INST_RETIRED, all levels
	mov	r4, #1
	mcr	p15, 0, r4, c9, c12, 1	@ PMCNTENSET: counter 0
	mrc	p15, 0, r4, c9, c12, 0
	orr	r4, r4, #0x3		@ PMCR: E (enable), P (reset event counters)
	mcr	p15, 0, r4, c9, c12, 0
.Lcounting:
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

	/* Relocate: r9 = load address = runtime address of link address 0.
	 * Every entry is R_ARM_RELATIVE (scripts/check-image.sh fails the
	 * build otherwise), so r_info is not looked at: four entries per
	 * turn (r_offset in r0, r2, r4, r6), then the last zero to three. */
	adr	r9, _start
	adr_l	r10, __rel_dyn_start
	adr_l	r11, __rel_dyn_end
	sub	r12, r11, #24		@ r10 < r12: at least four entries left
	cmp	r10, r12
	bhs	3f
2:	ldmia	r10!, {r0 - r7}
	ldr	r1, [r0, r9]
	ldr	r3, [r2, r9]
	ldr	r5, [r4, r9]
	ldr	r7, [r6, r9]
	add	r1, r1, r9
	add	r3, r3, r9
	add	r5, r5, r9
	add	r7, r7, r9
	str	r1, [r0, r9]
	str	r3, [r2, r9]
	str	r5, [r4, r9]
	str	r7, [r6, r9]
	cmp	r10, r12
	blo	2b
3:	cmp	r10, r11
	ldrlo	r0, [r10], #8
	ldrlo	r1, [r0, r9]
	addlo	r1, r1, r9
	strlo	r1, [r0, r9]
	blo	3b

	/* Clear .bss (the image carries none of it), 128 bytes per turn: the
	 * linker script aligns both ends to 128. r8 has the DTB, r9 the load
	 * address; the boot arguments in r0-r2 are no longer needed. */
	adr_l	r10, __bss_start
	adr_l	r11, __bss_end
	mov	r0, #0
	mov	r1, #0
	mov	r2, #0
	mov	r3, #0
	mov	r4, #0
	mov	r5, #0
	mov	r6, #0
	mov	r7, #0
	cmp	r10, r11
	bhs	5f
4:	stmia	r10!, {r0 - r7}
	stmia	r10!, {r0 - r7}
	stmia	r10!, {r0 - r7}
	stmia	r10!, {r0 - r7}
	cmp	r10, r11
	blo	4b
5:
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
	mcr	p15, 0, fp, c13, c0, 4	@ TPIDRPRW: CPU 0's per-CPU offset
	adr_l	r4, trace_buf
	mcr	p15, 0, r4, c13, c0, 3	@ TPIDRURO: CPU 0's trace buffer
	mov	r0, r8			@ DTB
	mov	r1, r9			@ load address
	bl	start_kernel
6:	wfi
	b	6b

	/* Cortex-A9 MPCore: start the global timer (PERIPHBASE + 0x200) from
	 * 0 with prescaler 0, whatever a loader left in it, so it counts from
	 * kernel entry: under QEMU -icount that is 1 tick per 10 instructions
	 * (arch/arm/kernel/bench.c, BENCH_HEAD_INSNS_A9). The timer driver
	 * keeps it running; the counter is writable only while stopped. */
.La9_timer_start:
	mrc	p15, 0, r4, c0, c0, 0	@ MIDR
	ubfx	r4, r4, #4, #12		@ primary part number
	movw	r5, #0xc09		@ Cortex-A9
	cmp	r4, r5
	bne	.Lcounting
	mrc	p15, 4, r4, c15, c0, 0	@ CBAR
	bfc	r4, #0, #13		@ PERIPHBASE[31:13]
	cmp	r4, #0			@ 0: no MPCore private peripherals
	beq	.Lcounting
	mov	r5, #0
	str	r5, [r4, #0x208]	@ control: stop
	str	r5, [r4, #0x200]	@ counter low
	str	r5, [r4, #0x204]	@ counter high
	mov	r5, #1
	str	r5, [r4, #0x208]	@ control: enable, prescaler 0
	b	.Lcounting

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
