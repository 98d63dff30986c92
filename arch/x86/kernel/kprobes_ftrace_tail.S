/*
 * The tail of an ftrace-based probe whose site the function tracer wants
 * (arch/x86/kernel/kprobes_ftrace.c): the detour's copy, or the trap's
 * boost slot, is `push $site+5; jmp ftrace_probe_tail`, so this runs as if
 * the site had called it: [esp] = site + 5 (where it returns), [esp+4] =
 * the traced function's return address. It records the entry through
 * ftrace_record_function(), not ftrace_caller, because a kretprobe
 * handler on the same hit may have diverted that return address and only
 * the C side unwraps it. Every register and the flags come back as the
 * NOP leaves them (GCC may pass a local function's arguments in %eax,
 * %edx, %ecx).
 */
#include <ek/noprobe.h>

	.section .noprobe.text, "ax"
	.globl	ftrace_probe_tail
	.type	ftrace_probe_tail, @function
ftrace_probe_tail:
	pushfl
	cli					# a probe handler's rule
	pushl	%eax
	pushl	%ecx
	pushl	%edx
	pushl	12(%esp)			# status: the traced code's flags (pushfl's)
	pushl	24(%esp)			# parent: the traced function's return address
	movl	24(%esp), %eax			# site + 5 (two words further now)
	subl	$5, %eax
	pushl	%eax				# site
	call	ftrace_record_function
	addl	$12, %esp
	popl	%edx
	popl	%ecx
	popl	%eax
	popfl
	ret					# to site + 5: the NOP is done
	.size	ftrace_probe_tail, . - ftrace_probe_tail
NOPROBE_ROOT(ftrace_probe_tail)
/* Its path records like the trampoline's: never traced. */
NOTRACE_ROOT(ftrace_probe_tail)
