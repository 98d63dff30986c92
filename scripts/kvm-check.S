/*
 * make kvm-check: the smallest multiboot (v1) images that do, one at a
 * time, what the i386 kernel does before its shell and what a KVM that
 * runs it must therefore allow. Each prints "ok" on COM1 and leaves
 * through isa-debug-exit (QEMU exits 33); a general protection fault
 * prints where it happened and exits 35; any other fault has no gate and
 * triple-faults (-no-reboot: QEMU exits 0); an emulation failure stops
 * QEMU with "KVM internal error". Nothing here is the
 * kernel's code: a failure is the hypervisor's, not ekprobes'.
 *
 * TEST (scripts/kvm-check.sh builds one image per value):
 *   1 int3     int3 with paging off: an early probe's breakpoint
 *   2 paging   32-bit paging, 4 KiB pages, CR0.WP (arch_setup())
 *   3 pse      32-bit paging with a 4 MiB page (CR4.PSE)
 *   4 pae      PAE paging, a 2 MiB page
 *   5 long     long-mode paging (PAE, EFER.LME; needs qemu-system-x86_64)
 */
#ifndef TEST
#error "TEST=1..5"
#endif

	.text				/* the header first: -Ttext puts it at 1 MiB */
	.long	0x1badb002, 0x00000003, -(0x1badb002 + 3)
	.globl	_start
_start:
	cli
	lgdt	gdt_desc
	ljmp	$0x08, $1f
1:	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	$stack_top, %esp
	mov	$handler, %eax		/* interrupt gates: #BP (3) and #GP (13) */
	mov	$idt + 3 * 8, %edi
	call	set_gate
	mov	$gp_handler, %eax
	mov	$idt + 13 * 8, %edi
	call	set_gate
	lidt	idt_desc

#if TEST == 1
	movl	$0, hits
	int3
	cmpl	$1, hits
	jne	fail
#elif TEST == 2
	mov	$pt, %edi		/* identity, the first 4 MiB */
	mov	$0x003, %eax
	mov	$1024, %ecx
2:	mov	%eax, (%edi)
	add	$4096, %eax
	add	$4, %edi
	loop	2b
	movl	$pt + 0x003, pd
	mov	$pd, %eax
	mov	%eax, %cr3
	mov	%cr0, %eax
	or	$0x80010000, %eax	/* PG | WP */
	mov	%eax, %cr0
#elif TEST == 3
	movl	$0x083, pd		/* 4 MiB page at 0 */
	mov	$pd, %eax
	mov	%eax, %cr3
	mov	%cr4, %eax
	or	$0x10, %eax		/* PSE */
	mov	%eax, %cr4
	mov	%cr0, %eax
	or	$0x80000000, %eax
	mov	%eax, %cr0
#elif TEST == 4
	movl	$pd + 0x001, pdpt
	movl	$0x083, pd		/* 2 MiB page at 0 */
	mov	%cr4, %eax
	or	$0x20, %eax		/* PAE */
	mov	%eax, %cr4
	mov	$pdpt, %eax
	mov	%eax, %cr3
	mov	%cr0, %eax
	or	$0x80000000, %eax
	mov	%eax, %cr0
#elif TEST == 5
	movl	$pdpt + 0x003, pml4
	movl	$pd + 0x003, pdpt
	movl	$0x083, pd
	mov	%cr4, %eax
	or	$0x20, %eax
	mov	%eax, %cr4
	mov	$pml4, %eax
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx	/* EFER.LME */
	rdmsr
	or	$0x100, %eax
	wrmsr
	mov	%cr0, %eax
	or	$0x80000000, %eax	/* compatibility mode from here */
	mov	%eax, %cr0
#endif
	mov	$msg_ok, %esi
	call	puts
	mov	$0x501, %dx		/* isa-debug-exit: QEMU exits 0x10 * 2 + 1 */
	mov	$0x10, %al
	out	%al, %dx
fail:	mov	$msg_fail, %esi
	call	puts
3:	hlt
	jmp	3b

puts:	mov	$0x3f8, %dx
4:	lodsb
	test	%al, %al
	jz	5f
	out	%al, %dx
	jmp	4b
5:	ret

set_gate:
	mov	%ax, (%edi)
	movw	$0x08, 2(%edi)
	movw	$0x8e00, 4(%edi)
	shr	$16, %eax
	mov	%ax, 6(%edi)
	ret

handler:
	incl	hits
	iret

gp_handler:				/* (%esp): error code, eip */
	mov	$msg_gp, %esi
	call	puts
	mov	4(%esp), %ebx
	mov	$8, %ecx
6:	rol	$4, %ebx
	mov	%ebx, %eax
	and	$0xf, %eax
	mov	hex(%eax), %al
	out	%al, %dx
	loop	6b
	mov	$'\n', %al
	out	%al, %dx
	mov	$0x501, %dx
	mov	$0x11, %al
	out	%al, %dx
	jmp	3b

	.section .rodata
msg_ok:	.asciz	"kvm-check: ok\n"
msg_fail: .asciz "kvm-check: FAIL\n"
msg_gp:	.asciz	"kvm-check: general protection fault at eip "
hex:	.ascii	"0123456789abcdef"

	.data
	.balign	8
gdt:	.quad	0, 0x00cf9b000000ffff, 0x00cf93000000ffff
	.word	0
gdt_desc: .word	3 * 8 - 1
	.long	gdt
	.word	0
idt_desc: .word	14 * 8 - 1
	.long	idt

	.bss
	.balign	4096
pml4:	.space	4096
pdpt:	.space	4096
pd:	.space	4096
pt:	.space	4096
idt:	.space	14 * 8
hits:	.long	0
	.balign	16
	.space	4096
stack_top:
