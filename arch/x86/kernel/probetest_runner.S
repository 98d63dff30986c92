/*
 * probetest's runner (arch/x86/kernel/probetest.c): load every general
 * register and the flags from a struct pt_state, jump to a case
 * (probetest_cases.S), and when the case lands (its landing stubs store
 * which way it went in probetest_landed, then jump to probetest_capture)
 * store every register and the flags back, before anything changes them.
 *
 * struct pt_state: eax ecx edx ebx esp ebp esi edi flags (9 words).
 * Not reentrant: one CPU, interrupts masked by the caller.
 */
#include <ek/noprobe.h>

	.section .noprobe.text, "ax"

/* void probetest_enter(const struct pt_state *in, struct pt_state *out, void *code) */
	.globl	probetest_enter
	.type	probetest_enter, @function
probetest_enter:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	pushfl					# the caller's flags (DF, IF) come back
	movl	28(%esp), %eax
	movl	%eax, pt_out
	movl	32(%esp), %eax
	movl	%eax, pt_code
	movl	%esp, pt_saved_sp
	movl	24(%esp), %eax			# in
	pushl	32(%eax)
	popfl
	movl	4(%eax), %ecx
	movl	8(%eax), %edx
	movl	12(%eax), %ebx
	movl	16(%eax), %esp
	movl	20(%eax), %ebp
	movl	24(%eax), %esi
	movl	28(%eax), %edi
	movl	0(%eax), %eax
	jmp	*pt_code			# no register or flag changes on the way

	.globl	probetest_capture
probetest_capture:
	movl	%eax, pt_regs			# moves leave the flags alone
	movl	%esp, pt_regs + 4		# the case's sp, before ours comes back
	movl	pt_saved_sp, %esp
	pushfl
	movl	pt_out, %eax
	popl	32(%eax)
	movl	%ecx, 4(%eax)
	movl	%edx, 8(%eax)
	movl	%ebx, 12(%eax)
	movl	%ebp, 20(%eax)
	movl	%esi, 24(%eax)
	movl	%edi, 28(%eax)
	movl	pt_regs, %ecx
	movl	%ecx, 0(%eax)
	movl	pt_regs + 4, %ecx
	movl	%ecx, 16(%eax)
	popfl
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret
	.size	probetest_enter, . - probetest_enter
NOPROBE_ROOT(probetest_enter)

	.bss
	.p2align 2
pt_out:		.long 0
pt_code:	.long 0
pt_saved_sp:	.long 0
pt_regs:	.long 0, 0
