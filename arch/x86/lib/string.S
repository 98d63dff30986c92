/*
 * memcpy() and memset() with string moves: one instruction a word where
 * kernel/lib/string.c's C loops take four or more, which shows in every
 * boot (the DTB copy, printk's lines) before the early probes are armed.
 * kernel/lib/string.c's versions are renamed away on i386
 * (arch/x86/rules.mk). DF is clear throughout the kernel (head.S, the
 * trap entry). Leaves without a frame: a fault in one is reported at the
 * caller's frame.
 */
#include <ek/noprobe.h>

	.section .noprobe.text, "ax"

	/* void *memcpy(void *dst, const void *src, size_t n) */
	.globl	memcpy
	.type	memcpy, @function
memcpy:
	push	%edi
	push	%esi
	mov	12(%esp), %edi
	mov	16(%esp), %esi
	mov	20(%esp), %ecx
	mov	%edi, %eax
	mov	%ecx, %edx
	shr	$2, %ecx
	rep movsl
	and	$3, %edx
	jz	1f
	mov	%edx, %ecx
	rep movsb
1:	pop	%esi
	pop	%edi
	ret
	.size	memcpy, . - memcpy

	/* void *memset(void *dst, int c, size_t n) */
	.globl	memset
	.type	memset, @function
memset:
	push	%edi
	mov	8(%esp), %edi
	movzbl	12(%esp), %eax
	mov	16(%esp), %ecx
	imul	$0x01010101, %eax, %eax
	mov	%ecx, %edx
	shr	$2, %ecx
	rep stosl
	and	$3, %edx
	jz	1f
	mov	%edx, %ecx
	rep stosb
1:	mov	8(%esp), %eax
	pop	%edi
	ret
	.size	memset, . - memset
