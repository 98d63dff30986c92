/*
 * probetest's cases (arch/x86/kernel/probetest.c): one function per
 * instruction under test, in ordinary probe-able text, the instruction
 * first (the probe goes there, offset 0). Every way out lands on a stub
 * that stores where it landed in probetest_landed and jumps to
 * probetest_capture (probetest_runner.S); stores of an immediate to memory
 * leave registers and flags alone.
 *
 *   1: fell through    2: a jump's target (1f)    3: a call's target (2f)
 *   4: probetest_land_ret (the word at sp on entry)
 *   5: probetest_land_ind (%ebp on entry: `call *%ebp`, `jmp *%ebp`)
 *
 * The register inputs (probetest.c): %ebx, %esi and %edi point into the
 * test buffer above sp, %ecx is small, %ebp is probetest_land_ind.
 * The classes are those GCC emits in this kernel (objdump of vmlinux).
 */
#include <ek/noprobe.h>

	.macro	land n
	movl	$\n, probetest_landed
	jmp	probetest_capture
	.endm

	.macro	case name, insn:vararg
	.text
	.p2align 4
	.globl	pt_\name
	.type	pt_\name, @function
pt_\name:
	\insn
	land	1
1:	land	2
2:	land	3
	.size	pt_\name, . - pt_\name
	.pushsection .rodata
	.long	pt_\name
	.popsection
	.endm

	.text
	.globl	probetest_land_ret, probetest_land_ind
	.type	probetest_landings, @function
probetest_landings:
probetest_land_ret:
	land	4
probetest_land_ind:
	land	5
	.size	probetest_landings, . - probetest_landings

	.pushsection .rodata
	.p2align 2
	.globl	probetest_cases, probetest_cases_end
probetest_cases:
	.popsection

	/* moves and address arithmetic */
	case	mov_rr,		mov %eax, %ecx
	case	mov_imm,	mov $0x12345678, %edx
	case	mov_load,	mov 4(%ebx), %eax
	case	mov_store,	mov %eax, 8(%ebx)
	case	mov_store_imm,	movl $7, 12(%ebx)
	case	mov_sib,	mov -8(%ebx,%ecx,4), %edx
	case	mov_esp_load,	mov 4(%esp), %eax
	case	mov_esp_store,	mov %ecx, 8(%esp)
	case	movb_store,	movb %al, 3(%esi)
	case	movw_store,	movw %dx, 6(%edi)
	case	movzbl,		movzbl 1(%ebx), %eax
	case	movzwl,		movzwl 2(%esi), %ecx
	case	movsbl,		movsbl 5(%ebx), %edx
	case	lea,		lea 8(%ebx,%ecx,4), %eax
	case	lea_esp,	lea -12(%esp), %esi
	case	xchg_rr,	xchg %eax, %edx
	case	xchg_mem,	xchg %ecx, 4(%edi)
	case	bswap,		bswap %eax
	case	cmovz,		cmovz %ecx, %eax
	case	cmovl,		cmovl 4(%ebx), %edx
	case	sete,		sete %al
	case	setb_mem,	setb 7(%esi)
	case	cltd,		cltd
	/* the stack */
	case	push_r,		push %ebx
	case	push_imm8,	push $-3
	case	push_imm32,	push $0x1234567
	case	push_mem,	pushl 4(%ebx)
	case	push_esp,	push %esp
	case	pop_r,		pop %eax
	case	pop_mem,	popl 16(%ebx)
	case	pushf,		pushf
	case	add_esp,	add $16, %esp
	case	sub_esp,	sub $0x20, %esp
	/* arithmetic and logic: every flag they set is compared */
	case	add_rr,		add %ecx, %eax
	case	add_imm8,	add $5, %edx
	case	add_mem,	add 4(%ebx), %eax
	case	add_to_mem,	add %ecx, 8(%esi)
	case	adc,		adc %edx, %eax
	case	sub_rr,		sub %edx, %eax
	case	sub_imm32,	sub $0x10000, %ecx
	case	sbb,		sbb $1, %eax
	case	cmp_rr,		cmp %ecx, %eax
	case	cmp_imm8,	cmp $3, %ecx
	case	cmpl_mem,	cmpl $0, 4(%ebx)
	case	cmpb_mem,	cmpb $0x2f, 1(%esi)
	case	test_rr,	test %eax, %eax
	case	test_imm8,	test $1, %al
	case	testl_mem,	testl $0x100, 4(%edi)
	case	and,		and $0xff00ff, %eax
	case	or,		or %ecx, %edx
	case	xor,		xor %eax, %eax
	case	orl_mem,	orl $0x80, 12(%ebx)
	case	inc,		inc %ecx
	case	dec,		dec %eax
	case	decl_mem,	decl 4(%esi)
	case	neg,		neg %edx
	case	not,		not %eax
	case	shl,		shl $2, %eax
	case	shr_cl,		shr %cl, %edx
	case	sar,		sar $3, %eax
	case	rol,		rol $5, %edx
	case	shld,		shld $4, %edx, %eax
	case	imul_rr,	imul %ecx, %eax
	case	imul_imm,	imul $3, %edx, %eax
	case	imul_mem,	imul 4(%ebx), %ecx
	case	mul,		mull 4(%ebx)
	case	bt,		bt $3, %eax
	/* branches: simulated (rel), boosted (ret, through a register) */
	case	jmp8,		jmp 1f
	case	jmp32,		{disp32} jmp 1f
	case	jz8,		jz 1f
	case	jnz8,		jnz 1f
	case	jb8,		jb 1f
	case	jae8,		jae 1f
	case	jbe8,		jbe 1f
	case	ja8,		ja 1f
	case	js8,		js 1f
	case	jl8,		jl 1f
	case	jge8,		jge 1f
	case	jle8,		jle 1f
	case	jg8,		jg 1f
	case	jo8,		jo 1f
	case	jp8,		jp 1f
	case	jz32,		{disp32} jz 1f
	case	jne32,		{disp32} jne 1f
	case	jg32,		{disp32} jg 1f
	case	jecxz,		jecxz 1f
	case	loop,		loop 1f
	case	call_rel,	call 2f
	case	call_reg,	call *%ebp
	case	call_mem,	call *probetest_ind_ptr
	case	jmp_reg,	jmp *%ebp
	case	jmp_mem,	jmp *probetest_ind_ptr
	case	ret,		ret
	case	ret_imm,	ret $8
	/* NOPs (the compiler's padding and the fentry site's) */
	case	nop1,		nop
	case	nop2,		xchg %ax, %ax
	case	nop3,		nopl (%eax)
	case	nop4,		nopl 0(%eax)
	case	nop5,		nopl 0(%eax,%eax,1)
	case	nop6,		nopw 0(%eax,%eax,1)
	case	nop7,		nopl 0x12345678(%eax)
	/* strings (rep with the small %ecx) */
	case	rep_movsb,	rep movsb
	case	movsl,		movsl
	case	rep_stosl,	rep stosl

	.pushsection .rodata
probetest_cases_end:
	.popsection

	.section .rodata
	.p2align 2
	.globl	probetest_ind_ptr
probetest_ind_ptr:
	.long	probetest_land_ind

	.bss
	.p2align 2
	.globl	probetest_landed
probetest_landed:
	.long	0
