/* Trap handling: exception-table fixups, the fatal report, IDT setup. */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <asm/ptrace.h>

#define X86_TRAP_DE 0
#define X86_TRAP_DB 1
#define X86_TRAP_NMI 2
#define X86_TRAP_BP 3
#define X86_TRAP_UD 6
#define X86_TRAP_DF 8
#define X86_TRAP_GP 13
#define X86_TRAP_PF 14
/* The i8259's lines are remapped above the exceptions. */
#define X86_IRQ_VECTOR_BASE 0x20
#define X86_NR_VECTORS 0x30

/* The page-fault error code's bits. */
#define PF_PROT 0x01u	/* a protection violation (else: not present) */
#define PF_WRITE 0x02u
#define PF_USER 0x04u
#define PF_RSVD 0x08u
#define PF_INSTR 0x10u	/* only with NX or SMEP, neither used here */

#ifndef __ASSEMBLER__
/* Exception table entry (arch/x86/lib/access.S): PC-relative like ARM's,
 * flags bit 0 = report the fault before fixing up. */
struct ex_entry {
	s32 insn;
	s32 fixup;
	u32 flags;
};
#define EX_REPORT 1u

const struct ex_entry *search_exception_table(unsigned long ip);
/* Report @regs as Linux's oops "@what: <error code> [#n]" and halt. */
void die(const char *what, struct pt_regs *regs) __noreturn;
/* Called by entry.S for every vector. */
void do_trap(struct pt_regs *regs);
/* kprobes (arch/x86/kernel/kprobes_step.c): the debug trap that ends a
 * trap-flag step (0 when it was one), and the fault of an out-of-line
 * copy moved back to the probed instruction. */
int x86_kprobe_debug(struct pt_regs *regs);
void x86_kprobe_fault_fixup(struct pt_regs *regs);
/* GDT and IDT (arch/x86/kernel/desc.c): before the first trap may come. */
void x86_desc_init(void);
#endif

#endif
