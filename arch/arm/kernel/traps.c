/*
 * Exception handlers called from entry.S with the saved register frame:
 * undefined instructions go to registered hooks (the kprobes breakpoint is
 * one), aborts either resume at an exception-table fixup or report
 * registers and a symbolized backtrace and stop the CPU.
 */
#include <ek/arch.h>
#include <ek/irq.h>
#include <ek/kprobes.h>
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/printk.h>
#include <ek/trace_dump.h>
#include <asm/assembler.h>
#include <asm/cp15.h>
#include <asm/traps.h>

extern const struct ex_entry __ex_table_start[], __ex_table_end[];

static struct undef_hook *undef_hooks;

void register_undef_hook(struct undef_hook *hook)
{
	unsigned long flags = arch_irq_save();

	hook->next = undef_hooks;
	undef_hooks = hook;
	arch_irq_restore(flags);
}

void unregister_undef_hook(struct undef_hook *hook)
{
	unsigned long flags = arch_irq_save();

	for (struct undef_hook **p = &undef_hooks; *p; p = &(*p)->next) {
		if (*p == hook) {
			*p = hook->next;
			break;
		}
	}
	arch_irq_restore(flags);
}

const struct ex_entry *search_exception_table(unsigned long pc)
{
	for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++)
		if ((unsigned long)&e->insn + (unsigned long)(long)e->insn == pc)
			return e;
	return NULL;
}

static unsigned long ex_fixup_addr(const struct ex_entry *e)
{
	return (unsigned long)&e->fixup + (unsigned long)(long)e->fixup;
}

static const char *const mode_names[32] = {
	[0x10] = "USR", [0x11] = "FIQ", [0x12] = "IRQ", [0x13] = "SVC",
	[0x16] = "MON", [0x17] = "ABT", [0x1a] = "HYP", [0x1b] = "UND", [0x1f] = "SYS",
};

void arch_show_regs(const struct pt_regs *regs)
{
	const u32 *r = regs->uregs;
	const char *mode = mode_names[regs->cpsr & 0x1f];

	printk("PC is at %pS\n", (void *)regs->ARM_pc);
	printk("LR is at %pS\n", (void *)regs->ARM_lr);
	printk("pc : [<%08x>]    lr : [<%08x>]    psr: %08x\n", r[15], r[14], regs->cpsr);
	printk("sp : %08x  ip : %08x  fp : %08x\n", r[13], r[12], r[11]);
	printk("r10: %08x  r9 : %08x  r8 : %08x\n", r[10], r[9], r[8]);
	printk("r7 : %08x  r6 : %08x  r5 : %08x  r4 : %08x\n", r[7], r[6], r[5], r[4]);
	printk("r3 : %08x  r2 : %08x  r1 : %08x  r0 : %08x\n", r[3], r[2], r[1], r[0]);
	printk("Flags: %c%c%c%c  IRQs %s  FIQs %s  Mode %s\n",
	       regs->cpsr & (1u << 31) ? 'N' : 'n', regs->cpsr & (1u << 30) ? 'Z' : 'z',
	       regs->cpsr & (1u << 29) ? 'C' : 'c', regs->cpsr & (1u << 28) ? 'V' : 'v',
	       regs->cpsr & 0x80 ? "off" : "on", regs->cpsr & 0x40 ? "off" : "on",
	       mode ? mode : "???");
}

/* A fatal sink: it halts the CPU, never returning into the probe path. */
NOPROBE_BOUNDARY(die);
void die(const char *msg, struct pt_regs *regs, u32 fsr, unsigned long far)
{
	printk("Internal error: %s: fsr %08x far %08lx\n", msg, fsr, far);
	arch_show_regs(regs);
	arch_dump_backtrace(regs);
	trace_dump_oops();
	printk("---[ end trace ]---\n");
	printk("System halted.\n");
	arch_halt();
}

/* entry.S's vector_bad_stack builds its frame here. */
DEFINE_PER_CPU(u64[BAD_STACK_SIZE / 8], bad_stack);
void do_bad_stack(struct pt_regs *regs);

/*
 * An abort inside exception entry or exit (entry.S): the SVC sp pointed
 * nowhere usable, so no frame could be built or reloaded (a fault path
 * that resumed a bad frame, a corrupted sp). Without this each attempt
 * aborted again, forever and silently. Reported once from the emergency
 * stack (no backtrace: it would walk the bad one) and this CPU stops.
 */
void do_bad_stack(struct pt_regs *regs)
{
	printk("Internal error: abort in exception entry/exit: kernel stack unusable, sp %08x\n",
	       regs->ARM_sp);
	arch_show_regs(regs);
	printk("---[ end trace ]---\n");
	printk("CPU halted.\n");
	arch_halt();
}
NOPROBE_BOUNDARY(do_bad_stack);

static const char *fault_name(u32 fsr)
{
	switch ((fsr & 0xf) | ((fsr >> 6) & 0x10)) {
	case 0x01: return "alignment fault";
	case 0x03: case 0x06: return "access flag fault";
	case 0x05: return "section translation fault";
	case 0x07: return "page translation fault";
	case 0x08: return "synchronous external abort";
	case 0x09: case 0x0b: return "domain fault";
	case 0x0d: return "section permission fault";
	case 0x0f: return "page permission fault";
	case 0x16: return "asynchronous external abort";
	default: return "unknown fault";
	}
}

/*
 * Report an abort, then halt, or (@fixup, an EX_REPORT entry: the shell's
 * peek/poke) go on to resume there. From the probe path this is reached
 * only as a crash, or for a fixup outside it: a sink as far as the walk is
 * concerned (fetch arguments that fault take their silent fixup, with the
 * CPU busy, without coming here).
 */
static __noinline void report_abort(const char *kind, struct pt_regs *regs, u32 fsr,
				    unsigned long far, const struct ex_entry *fixup)
{
	printk("Unable to handle kernel %s at virtual address %08lx: %s (%s)\n",
	       kind, far, fault_name(fsr), fsr & (1u << 11) ? "write" : "read");
	printk("Internal error: Oops: fsr %08x\n", fsr);
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
NOPROBE_BOUNDARY(report_abort);

void do_data_abort(struct pt_regs *regs)
{
	u32 fsr = read_dfsr();
	unsigned long far = read_dfar();
	const struct ex_entry *e = search_exception_table(regs->ARM_pc);

	if (e) {
		if (e->flags & EX_REPORT)
			report_abort("paging request", regs, fsr, far, e);
		regs->ARM_pc = (u32)ex_fixup_addr(e);
		return;
	}
	/* In a probe handler: contained there (does not return). */
	kprobe_handler_fault(regs, "data abort");
	report_abort("paging request", regs, fsr, far, NULL);
}

void do_prefetch_abort(struct pt_regs *regs)
{
	kprobe_handler_fault(regs, "prefetch abort");
	die("prefetch abort", regs, read_ifsr(), read_ifar());
}

/* A Thumb instruction as the ARM ARM writes it: the first halfword in the
 * high half for a 32-bit one (0b11101, 0b11110, 0b11111 prefixes). */
static u32 thumb_insn(unsigned long pc, bool *wide)
{
	const u16 *p = (const u16 *)pc;
	u32 first = p[0];

	*wide = (first >> 11) >= 0x1d;
	return *wide ? first << 16 | p[1] : first;
}

/*
 * The end of an undefined instruction nobody claimed: reported; inside a
 * probe handler, contained by kprobe_handler_fault() (which does not
 * return), else fatal. A boundary for scripts/noprobe_check: it runs for
 * no probe hit (a breakpoint never gets here), only for a fault, with the
 * faulting handler's probe still marking the CPU busy.
 */
static __noinline void bad_undefinstr(struct pt_regs *regs, u32 instr, bool thumb, bool wide)
{
	if (!thumb)
		printk("Undefined instruction %08x (ARM)\n", instr);
	else if (wide)
		printk("Undefined instruction %04x %04x (Thumb)\n", instr >> 16, instr & 0xffff);
	else
		printk("Undefined instruction %04x (Thumb)\n", instr);
	kprobe_handler_fault(regs, "undefined instruction");
	die("undefined instruction", regs, 0, regs->ARM_pc);
}
NOPROBE_BOUNDARY(bad_undefinstr);

void do_undefinstr(struct pt_regs *regs)
{
	bool thumb = regs->cpsr & PSR_T_BIT, wide = true;
	u32 instr;

	/* Probe hits are the one frequent undefined instruction: no walk,
	 * no indirect call. All kernel code runs in SVC mode, and the
	 * breakpoint is an ARM encoding. */
	if (!thumb) {
		instr = *(const u32 *)regs->ARM_pc;
		if ((regs->cpsr & 0x1f) == 0x13) {
			if (instr == KPROBE_BREAKPOINT) {
				if (kprobe_handle_trap(regs, regs->ARM_pc) == 0)
					return;
			} else if (kprobe_trap_gone(regs->ARM_pc)) {
				/* A defined instruction at a probe address:
				 * another CPU removed the breakpoint between
				 * this CPU's fetch and the read above; the
				 * instruction runs again. */
				return;
			}
		}
	} else {
		/* The vector took 4 off lr, which is 2 past a Thumb one. */
		regs->ARM_pc += 2;
		instr = thumb_insn(regs->ARM_pc, &wide);
	}
	/* Not a table for scripts/noprobe_check: the hooks run only for an
	 * undefined instruction no probe claimed, never inside a hit. */
	for (struct undef_hook *h = undef_hooks; h; h = h->next)
		if ((instr & h->instr_mask) == h->instr_val &&
		    (regs->cpsr & h->cpsr_mask) == h->cpsr_val && h->fn(regs, instr) == 0)
			return;
	bad_undefinstr(regs, instr, thumb, wide);
}
NOPROBE_ROOT(do_undefinstr);

void do_irq(struct pt_regs *regs)
{
	handle_irq(regs);
}
/*
 * Not on the probe path: IRQs are masked from the exception entry of a hit
 * (vector stubs), in the detours and the kretprobe trampoline, until they
 * return, so no interrupt is taken inside it. A probe in interrupt code is
 * an ordinary hit.
 */
NOPROBE_BOUNDARY(do_irq);

void do_fiq(struct pt_regs *regs)
{
	die("unexpected FIQ", regs, 0, 0);
}

void do_swi(struct pt_regs *regs)
{
	die("unexpected SVC", regs, 0, regs->ARM_pc);
}

void do_bad_vector(struct pt_regs *regs)
{
	die("bad exception vector", regs, 0, 0);
}
