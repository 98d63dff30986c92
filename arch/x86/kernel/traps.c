/*
 * Exception handlers, called from entry.S with the saved register frame:
 * interrupts go to the irqchip layer; a page fault at an instruction with
 * an exception-table entry resumes at its fixup; anything else inside a
 * probe handler is contained by the core, and otherwise reported before
 * the CPU stops.
 *
 * The reports are Linux i386's (6.1: arch/x86/mm/fault.c, dumpstack.c,
 * process_32.c), so tools and eyes that read Linux oopses read these: a
 * page fault's "BUG: ..." and "#PF: ..." lines and page-table entries,
 * the "Oops: 0002 [#1]" header ("invalid opcode: 0000 [#1]" for other
 * traps), "EIP: sym+off/size", the code bytes around it, the register
 * lines, and the "Call Trace:" (backtrace.c). Left out: the CPU/PID/Comm
 * and hardware lines (one CPU, no tasks), and DR0-DR7, which nothing here
 * uses (Linux prints them only when not at their defaults).
 */
#include <ek/arch.h>
#include <ek/irq.h>
#include <ek/kprobes.h>
#include <ek/mm.h>
#include <ek/noprobe.h>
#include <ek/printk.h>
#include <ek/trace_dump.h>
#include <asm/mmu.h>
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

/* The segment registers: constant in this flat ring-0 kernel, so the
 * current ones are the interrupted code's (the CPU pushes no ss or esp
 * for a trap in ring 0, as on Linux i386). */
#define SEG(r) ({ u16 v_; __asm__ __volatile__("mov %%" #r ", %0" : "=r"(v_)); v_; })

/* Linux's "Code:" line: 42 bytes before ip, the one at ip in <>, 21 after,
 * read fault-tolerantly (all or nothing). */
#define CODE_BEFORE 42
#define CODE_AFTER 21

static bool read_bytes(unsigned long start, u8 *buf, size_t n)
{
	if (start + n < start)
		return false; /* wraps past the top: nothing is mapped there */
	for (size_t done = 0; done < n;) {
		unsigned long a = start + done, skip = a & 3;
		u32 v;

		if (arch_probe_read32(a - skip, &v))
			return false;
		for (v >>= 8 * skip; skip < 4 && done < n; skip++, v >>= 8)
			buf[done++] = (u8)v;
	}
	return true;
}

static void show_code(unsigned long ip)
{
	u8 b[CODE_BEFORE + 1 + CODE_AFTER];
	char line[sizeof(b) * 3 + 3];
	unsigned long start = ip - CODE_BEFORE;
	size_t len = 0;

	if (!read_bytes(start, b, sizeof(b))) {
		printk("Code: Unable to access opcode bytes at 0x%lx.\n", start);
		return;
	}
	for (size_t i = 0; i < sizeof(b); i++)
		len += (size_t)kscnprintf(line + len, sizeof(line) - len,
					  i == CODE_BEFORE ? "%s<%02x>" : "%s%02x", i ? " " : "", b[i]);
	printk("Code: %s\n", line);
}

/* Linux i386's __show_regs() (all of it: kernel mode). */
void arch_show_regs(const struct pt_regs *regs)
{
	printk("EIP: %pS\n", (void *)(uintptr_t)regs->ip);
	show_code(regs->ip);
	printk("EAX: %08x EBX: %08x ECX: %08x EDX: %08x\n", regs->ax, regs->bx, regs->cx,
	       regs->dx);
	printk("ESI: %08x EDI: %08x EBP: %08x ESP: %08x\n", regs->si, regs->di, regs->bp,
	       regs->sp);
	printk("DS: %04x ES: %04x FS: %04x GS: %04x SS: %04x EFLAGS: %08x\n", SEG(ds), SEG(es),
	       SEG(fs), SEG(gs), SEG(ss), regs->flags);
	printk("CR0: %08lx CR2: %08lx CR3: %08lx CR4: %08lx\n", read_cr(0), read_cr(2),
	       read_cr(3), read_cr(4));
}

static int die_counter;

/* Linux's oops: "<what>: <error code> [#<n>]", the registers, the call
 * trace and the end marker (6.1's, whose trace id is always 0). */
static void show_oops(const char *what, const struct pt_regs *regs)
{
	printk("%s: %04x [#%d]\n", what, regs->error_code & 0xffff, ++die_counter);
	arch_show_regs(regs);
	arch_dump_backtrace(regs);
	trace_dump_oops(); /* ekprobes.dump_on_oops: the trace, newest last */
	printk("---[ end trace 0000000000000000 ]---\n");
}

/* A fatal sink: it halts the CPU, never returning into the probe path. */
NOPROBE_BOUNDARY(die);
void die(const char *what, struct pt_regs *regs)
{
	show_oops(what, regs);
	printk("System halted.\n");
	arch_halt();
}

/* Report a page fault as Linux does (show_fault_oops(), dump_pagetable()),
 * then halt, or (@fixup, an EX_REPORT entry: the shell's peek/poke) go
 * on to resume there. Everything runs in kernel mode here. */
static __noinline void report_page_fault(struct pt_regs *regs, unsigned long addr,
					 const struct ex_entry *fixup)
{
	u32 err = regs->error_code;

	if (addr < PAGE_SIZE)
		printk("BUG: kernel NULL pointer dereference, address: %08lx\n", addr);
	else
		printk("BUG: unable to handle page fault for address: %08lx\n", addr);
	printk("#PF: %s %s in kernel mode\n", err & PF_USER ? "user" : "supervisor",
	       err & PF_INSTR ? "instruction fetch" : err & PF_WRITE ? "write access" :
	       "read access");
	printk("#PF: error_code(0x%04x) - %s\n", err,
	       !(err & PF_PROT) ? "not-present page" :
	       err & PF_RSVD ? "reserved bit violation" : "permissions violation");
	x86_dump_pagetable(addr);
	show_oops("Oops", regs);
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
	 * claim them (x86_int3_entry, x86_debug_entry). A fault in an out-of-line copy is reported at the probed address. */
	x86_kprobe_fault_fixup(regs);
	if (v == X86_TRAP_PF) {
		do_page_fault(regs);
		return;
	}
	kprobe_handler_fault(regs, trap_names[v] ? trap_names[v] : "exception");
	die(trap_names[v] ? trap_names[v] : "unknown exception", regs);
}
NOPROBE_ROOT(do_trap);
