/*
 * kretprobes on x86: at a function's entry (cdecl, no -mregparm) the word
 * at sp is the return address; it becomes the trampoline's
 * (kretprobe_trampoline.S; arch_kretprobe_divert(), on every hit, is
 * inline in asm/arch_inline.h). The entry sp the core matches returns
 * with is the caller's sp after the return (sp + 4), which is what the
 * trampoline reports.
 */
#include <ek/arch.h>
#include <ek/noprobe.h>
#include <asm/ptrace.h>

_Static_assert(ARCH_FRAME_SP_WORD * 4 == S_SP,
	       "arch_kretprobe_divert() (asm/arch_inline.h) reads the frame by word");

/* A function tracer's call site is the function's first instruction
 * (`call __fentry__`): the entry's rule, the return address at sp. */
unsigned long __probecall arch_kretprobe_divert_ftrace(struct pt_regs *regs, unsigned long *sp)
{
	return arch_kretprobe_divert(regs, sp);
}

unsigned long arch_kretprobe_trampoline_addr(void)
{
	return (unsigned long)kretprobe_trampoline;
}

bool arch_kretprobe_frame(const struct pt_regs *regs)
{
	return regs->ip == (u32)(uintptr_t)kretprobe_trampoline;
}
