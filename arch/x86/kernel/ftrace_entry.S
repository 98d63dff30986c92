/*
 * The function tracer's i386 assembly (kernel/trace/ftrace.c): the hook
 * GCC's -pg -mfentry calls, and the trampoline an enabled site calls
 * instead. Both are in .noprobe.text: never probed, never traced.
 *
 * A traced function's first instruction is the site, `call __fentry__`
 * (e8 rel32): the 5-byte NOP once ftrace_init() ran, or `call
 * ftrace_caller`. Both routines must leave every register and the stack
 * as the NOP does: GCC may pass a local function's arguments in %eax,
 * %edx and %ecx, so those are saved too; the flags are not live at a
 * function's entry, but the trampoline restores IF.
 */
#include <asm/ftrace.h>
#include <ek/noprobe.h>

	.section .noprobe.text, "ax"

/* Until ftrace_init() (the first C functions run their call): the NOP. */
	.globl	__fentry__
	.type	__fentry__, @function
__fentry__:
	ret
	.size	__fentry__, . - __fentry__
NOPROBE_ROOT(__fentry__)

/*
 * An enabled site: record a TRACE_TYPE_FUNCTION entry (ip = site + 5, the
 * return address of the site's call, inside the traced function; parent =
 * the traced function's return address, the word above it) with IRQs
 * masked and this CPU marked busy (a nested hit, which only an exception
 * inside the record could make, is dropped). i386 runs one CPU, whose
 * per-CPU offset is 0: its trace_buf is the symbol itself. The clock is
 * called through trace_buf.clock (cdecl: %eax, %ecx, %edx are its; the
 * stack needs only its 4-byte alignment, which every site has). The
 * ring's fast path is ring_buffer_reserve() inline, as on ARM, and the
 * entry is published once filled (ring_buffer_commit(): x86 keeps stores
 * in order, so the store of next needs no barrier). pushal/popal keep the three
 * registers that must survive (and the rest, for free) in one instruction
 * each way. When the ring is in a kept region (trace_checked(), fixed
 * before ftrace_init()), sites call ftrace_caller_checked, which also
 * stores the entry's check word, ts_lo ^ parent
 * (include/ek/persist_format.h). Per hit, with the clock: 28 instructions
 * beyond the NOP under QEMU -icount (README "BOARD=pc"), 30 with the check.
 */
#define RET_FLAGS 32	/* the traced code's EFLAGS: above pushal's 8 words */
#define RET_SITE 36	/* site + 5: above pushal's 8 words and the flags */
#define RET_PARENT 40	/* the traced function's return address */
	.macro	ftrace_trampoline, name, checked
	.globl	\name
	.type	\name, @function
	.p2align 4
\name:
	pushfl
	cli
	pushal
	btsw	$0, trace_buf + TB_FTRACE_BUSY	# test and set: the byte and its padding
	jc	9f
	call	*trace_buf + TB_CLOCK		# %edx:%eax = raw timestamp
	movl	trace_buf + TB_NEXT, %ecx
	cmpl	trace_buf + TB_LIMIT, %ecx
	jae	7f
2:	movl	%eax, TE_TS(%ecx)		# e.ts
	movl	%edx, TE_TS + 4(%ecx)
	movl	RET_SITE(%esp), %eax		# site + 5
	movl	%eax, (%ecx)			# e.ip
	movl	trace_buf + TB_FN_HDR, %eax	# event_id | cpu | faults
	movl	%eax, 4(%ecx)
	movl	trace_buf + TB_FN_HDR + 4, %eax	# len | flags (the context's too)
	movl	%eax, 8(%ecx)
	movl	RET_FLAGS(%esp), %eax		# e.status: the traced code's flags
	movl	%eax, TE_STATUS(%ecx)
	movl	RET_PARENT(%esp), %eax		# the parent ip
	movl	%eax, TE_DATA(%ecx)		# data
	.if \checked
	xorl	TE_TS(%ecx), %eax		# the check word: ts_lo ^ parent
	movl	%eax, TE_CHECK(%ecx)		# e.check
	.endif
	addl	$TRACE_SLOT_SIZE, trace_buf + TB_NEXT	# commit: next past the entry
3:	movb	$0, trace_buf + TB_FTRACE_BUSY
9:	popal
	popfl
	ret

7:	pushl	%edx				# the slow path: wrap, full, off or held
	pushl	%eax
	pushl	$trace_buf			# &trace_buf.rb
	call	ring_buffer_reserve_slow
	addl	$4, %esp
	movl	%eax, %ecx
	popl	%eax
	popl	%edx
	testl	%ecx, %ecx
	jnz	2b
	jmp	3b
	.size	\name, . - \name
NOPROBE_ROOT(\name)
/* Its path must not be traced (scripts/mcount_x86.c --check follows it). */
NOTRACE_ROOT(\name)
	.endm

	ftrace_trampoline ftrace_caller, 0
	ftrace_trampoline ftrace_caller_checked, 1
