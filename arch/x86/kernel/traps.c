/*
 * Exception handlers, called from entry.S with the saved register frame:
 * interrupts go to the irqchip layer; a page fault at an instruction with
 * an exception-table entry resumes at its fixup; anything else inside a
 * probe handler is contained by the core, and otherwise reported
 * (registers, symbolized backtrace) before the CPU stops.
 */
#include <ek/arch.h>
#include <ek/irq.h>
#include <ek/kprobes.h>
#include <ek/noprobe.h>
#include <ek/printk.h>
#include <ek/trace_dump.h>
#include <asm/traps.h>

extern const struct ex_entry __ex_table_start[], __ex_table_end[];

const struct ex_entry *search_exception_table(unsigned long ip)
{
	for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++)
		if ((unsigned long)&e->insn + (unsigned long)(long)e->insn == ip)
			return e;
	return NULL;
}

static unsigned long ex_fixup_addr(const struct ex_entry *e)
{
	return (unsigned long)&e->fixup + (unsigned long)(long)e->fixup;
}

static const char *const trap_names[32] = {
	[0] = "divide error", [1] = "debug", [2] = "NMI", [3] = "int3",
	[4] = "overflow", [5] = "bounds", [6] = "invalid opcode",
	[7] = "device not available", [8] = "double fault",
	[10] = "invalid TSS", [11] = "segment not present", [12] = "stack segment",
	[13] = "general protection fault", [14] = "page fault",
	[16] = "coprocessor error", [17] = "alignment check", [18] = "machine check",
	[19] = "SIMD exception",
};

static unsigned long read_cr(int n)
{
	unsigned long v = 0;

	switch (n) {
	case 0: __asm__ __volatile__("mov %%cr0, %0" : "=r"(v)); break;
	case 2: __asm__ __volatile__("mov %%cr2, %0" : "=r"(v)); break;
	case 3: __asm__ __volatile__("mov %%cr3, %0" : "=r"(v)); break;
	case 4: __asm__ __volatile__("mov %%cr4, %0" : "=r"(v)); break;
	}
	return v;
}

void arch_show_regs(const struct pt_regs *regs)
{
	/* "PC is at" as on ARM: the same words for the same fact. */
	printk("PC is at %pS\n", (void *)(uintptr_t)regs->ip);
	printk("EIP: %04x:[<%08x>] EFLAGS: %08x  vector %u error %08x\n", regs->cs, regs->ip,
	       regs->flags, regs->vector, regs->error_code);
	printk("EAX: %08x EBX: %08x ECX: %08x EDX: %08x\n", regs->ax, regs->bx, regs->cx,
	       regs->dx);
	printk("ESI: %08x EDI: %08x EBP: %08x ESP: %08x\n", regs->si, regs->di, regs->bp,
	       regs->sp);
	printk("CR0: %08lx CR2: %08lx CR3: %08lx CR4: %08lx\n", read_cr(0), read_cr(2),
	       read_cr(3), read_cr(4));
	printk("Flags: %c%c%c%c  IRQs %s\n", regs->flags & 0x800 ? 'O' : 'o',
	       regs->flags & 0x80 ? 'S' : 's', regs->flags & 0x40 ? 'Z' : 'z',
	       regs->flags & 0x1 ? 'C' : 'c', regs->flags & 0x200 ? "on" : "off");
}

/* A fatal sink: it halts the CPU, never returning into the probe path. */
NOPROBE_BOUNDARY(die);
void die(const char *msg, struct pt_regs *regs, unsigned long addr)
{
	printk("Internal error: %s: error %04x addr %08lx\n", msg, regs->error_code, addr);
	arch_show_regs(regs);
	arch_dump_backtrace(regs);
	trace_dump_oops();
	printk("---[ end trace ]---\n");
	printk("System halted.\n");
	arch_halt();
}

/* Report a page fault, then halt, or (@fixup, an EX_REPORT entry: the
 * shell's peek/poke) go on to resume there. */
static __noinline void report_page_fault(struct pt_regs *regs, unsigned long addr,
					 const struct ex_entry *fixup)
{
	u32 err = regs->error_code;

	printk("Unable to handle kernel paging request at virtual address %08lx: %s (%s)\n",
	       addr, err & 1 ? "page protection violation" : "page not present",
	       err & 2 ? "write" : err & 16 ? "instruction fetch" : "read");
	printk("Internal error: Oops: error %04x\n", err);
	arch_show_regs(regs);
	arch_dump_backtrace(regs);
	trace_dump_oops();
	printk("---[ end trace ]---\n");
	if (fixup) {
		printk("Recovered through exception table fixup at %pS\n",
		       (void *)ex_fixup_addr(fixup));
		return;
	}
	printk("System halted.\n");
	arch_halt();
}
NOPROBE_BOUNDARY(report_page_fault);

static void do_page_fault(struct pt_regs *regs)
{
	unsigned long addr = read_cr(2);
	const struct ex_entry *e = search_exception_table(regs->ip);

	if (e) {
		if (e->flags & EX_REPORT)
			report_page_fault(regs, addr, e);
		regs->ip = (u32)ex_fixup_addr(e);
		return;
	}
	/* In a probe handler: contained there (does not return). */
	kprobe_handler_fault(regs, "page fault");
	report_page_fault(regs, addr, NULL);
}

/*
 * Not on the probe path, as on ARM: IRQs are masked from a hit's trap
 * (interrupt gates) and in the function tracer's trampoline until they
 * return, so no interrupt is taken inside either. A probe or a traced
 * function in interrupt code is an ordinary hit.
 */
static __noinline void do_irq(struct pt_regs *regs)
{
	handle_irq(regs);
}
NOPROBE_BOUNDARY(do_irq);

void do_trap(struct pt_regs *regs)
{
	unsigned int v = regs->vector;

	if (v >= X86_IRQ_VECTOR_BASE) {
		do_irq(regs);
		return;
	}
	/* int3 and #DB came here from entry.S only when kprobes did not
	 * claim them (int3_common, debug_common). A fault in an out-of-line copy is reported at the probed address. */
	x86_kprobe_fault_fixup(regs);
	if (v == X86_TRAP_PF) {
		do_page_fault(regs);
		return;
	}
	kprobe_handler_fault(regs, trap_names[v] ? trap_names[v] : "exception");
	die(trap_names[v] ? trap_names[v] : "unknown exception", regs, regs->ip);
}
NOPROBE_ROOT(do_trap);
