/*
 * Word accesses that may fault. Each faulting instruction has an entry in
 * __ex_table; the page-fault handler resumes at the fixup, which returns
 * -EFAULT. Entries are PC-relative, as on ARM. Each keeps a frame
 * (push %ebp) so an oops backtrace from the fault names its caller.
 */
	.macro	ex_entry, insn, fixup, flags
	.pushsection __ex_table, "a"
	.balign	4
	.long	\insn - .
	.long	\fixup - .
	.long	\flags
	.popsection
	.endm

	.text
	/* int name(unsigned long addr, u32 *val) */
	.macro	reader, name, flags
	.globl	\name
	.type	\name, @function
\name:
	push	%ebp
	mov	%esp, %ebp
	mov	8(%ebp), %eax
	mov	12(%ebp), %edx
1:	mov	(%eax), %ecx
	mov	%ecx, (%edx)
	xor	%eax, %eax
	pop	%ebp
	ret
2:	mov	$-14, %eax		/* -EFAULT */
	pop	%ebp
	ret
	ex_entry 1b, 2b, \flags
	.size	\name, . - \name
	.endm

	/* int name(unsigned long addr, u32 val) */
	.macro	writer, name, flags
	.globl	\name
	.type	\name, @function
\name:
	push	%ebp
	mov	%esp, %ebp
	mov	8(%ebp), %eax
	mov	12(%ebp), %edx
1:	mov	%edx, (%eax)
	xor	%eax, %eax
	pop	%ebp
	ret
2:	mov	$-14, %eax
	pop	%ebp
	ret
	ex_entry 1b, 2b, \flags
	.size	\name, . - \name
	.endm

	reader	arch_probe_read32, 0
	reader	arch_debug_read32, 1
	writer	arch_probe_write32, 0
	writer	arch_debug_write32, 1
