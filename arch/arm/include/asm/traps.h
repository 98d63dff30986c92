/* Undefined-instruction hooks and exception-table fixups. */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <asm/ptrace.h>

/* A hook claims undefined instructions with (instr & mask) == val taken in a
 * mode with (cpsr & cpsr_mask) == cpsr_val; fn returns 0 when it handled it. */
struct undef_hook {
	u32 instr_mask, instr_val;
	u32 cpsr_mask, cpsr_val;
	int (*fn)(struct pt_regs *regs, u32 instr);
	struct undef_hook *next;
};

/* The kprobe breakpoint (UDF #0x18): do_undefinstr() hands it to
 * kprobe_handle_trap() before walking the hooks. */
#define KPROBE_BREAKPOINT 0xe7f001f8u

void register_undef_hook(struct undef_hook *hook);
void unregister_undef_hook(struct undef_hook *hook);

/* Exception table entry (arch/arm/lib/access.S): PC-relative, flags bit 0 =
 * report the fault before fixing up. */
struct ex_entry {
	s32 insn;
	s32 fixup;
	u32 flags;
};
#define EX_REPORT 1u

const struct ex_entry *search_exception_table(unsigned long pc);

void die(const char *msg, struct pt_regs *regs, u32 fsr, unsigned long far);

#endif
