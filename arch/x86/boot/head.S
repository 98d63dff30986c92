/*
 * Kernel entry from a multiboot (v1) loader: QEMU -kernel, GRUB.
 *
 * On entry: eax = MB_BOOT_MAGIC, ebx = the multiboot information (physical),
 * 32-bit protected mode, flat segments from the loader's GDT (which may be
 * gone by now), paging off, interrupts off.
 */
#include <asm/multiboot.h>

#define MB_FLAGS (MB_HDR_PAGE_ALIGN | MB_HDR_MEMINFO)

	.section .multiboot, "a"
	.balign	4
	.long	MB_HEADER_MAGIC
	.long	MB_FLAGS
	.long	-(MB_HEADER_MAGIC + MB_FLAGS)

	.section .head.text, "ax"
	.globl	_start
_start:
	/* The time stamp counter at entry, first thing: `bench boot` counts
	 * from here (QEMU -icount makes it count instructions). */
	mov	%eax, %esi
	rdtsc
	mov	%eax, boot_tsc
	mov	%edx, boot_tsc + 4
	cli
	cld
	/* Our own GDT: the loader's may live in memory we reuse. */
	lgdt	boot_gdt_desc
	ljmp	$0x08, $1f
1:	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	%eax, %fs
	mov	%eax, %gs
	mov	$boot_stack_top, %esp

	/* Clear .bss (the loader zeroes it too, but GRUB-like loaders need
	 * not for NOLOAD sections); ebx and esi survive. */
	mov	$__bss_start, %edi
	mov	$__bss_end, %ecx
	sub	%edi, %ecx
	shr	$2, %ecx
	xor	%eax, %eax
	rep stosl

	xor	%ebp, %ebp		/* ends backtraces */
	push	%ebx			/* multiboot information */
	push	%esi			/* magic */
	call	x86_boot
2:	hlt
	jmp	2b

	/* Flat 4 GiB code (0x08) and data (0x10), ring 0. The accessed bit
	 * is preset (types 0x9b, 0x93, as Linux's): a segment load whose
	 * descriptor lacks it makes the CPU write it into the GDT, and once
	 * paging maps .rodata read-only with CR0.WP set, that write faults. */
	.section .rodata
	.balign	8
	.globl	boot_gdt
boot_gdt:
	.quad	0
	.quad	0x00cf9b000000ffff
	.quad	0x00cf93000000ffff
boot_gdt_end:
	.balign	4
	.word	0
boot_gdt_desc:
	.word	boot_gdt_end - boot_gdt - 1
	.long	boot_gdt

	.data
	.balign	8
	.globl	boot_tsc
boot_tsc:
	.quad	0

	/* The stack needs no clearing: .noinit (see kernel.lds). */
	.section .noinit, "aw", @nobits
	.balign	16
	.globl	boot_stack_base
boot_stack_base:
	.space	16384
	.globl	boot_stack_top
boot_stack_top:
