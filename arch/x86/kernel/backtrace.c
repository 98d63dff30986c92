/*
 * Backtraces from the frame-pointer chain, printed as Linux i386 prints
 * its "Call Trace:". Every C function that sets up a frame (built with
 * -fno-omit-frame-pointer) starts `push %ebp; mov %esp, %ebp`, so [ebp] is
 * the caller's ebp and [ebp + 4] the return address; head.S clears ebp,
 * which ends the chain. Words are read fault-tolerantly: a corrupt chain
 * ends the trace, not the report.
 *
 * A return address is printed as Linux's %pBb does: the symbol of the call
 * before it, with the offset of the return address itself. Between the
 * interrupted sp and the first frame lie the words of code that has no
 * frame of its own (a leaf, a function's first instruction, a call to a
 * bad address, whose return address is right at sp): text addresses found
 * there are printed first, marked "? " as Linux marks what its stack scan
 * finds outside the frame chain.
 */
#include <ek/arch.h>
#include <ek/kallsyms.h>
#include <ek/printk.h>
#include <ek/sections.h>
#include <asm/ptrace.h>

#define MAX_FRAMES 32
/* Words scanned between the interrupted sp and the first frame. */
#define MAX_SCAN 64

static void print_ret(unsigned long ret, bool reliable)
{
	const char *name;
	unsigned long off, size;
	/* The trampoline is a return address only (nothing calls it). */
	unsigned long at = ret == arch_kretprobe_trampoline_addr() ? ret : ret - 1;

	if (kallsyms_lookup(at, &name, &off, &size))
		printk(" %s%s+0x%lx/0x%lx\n", reliable ? "" : "? ", name, off + (ret - at), size);
	else
		printk(" %s0x%lx\n", reliable ? "" : "? ", ret);
}

static void scan_below_frame(unsigned long sp, unsigned long bp)
{
	for (unsigned int i = 0; i < MAX_SCAN && sp < bp; i++, sp += 4) {
		u32 w;

		if (arch_probe_read32(sp, &w))
			return;
		if (addr_in_text(w))
			print_ret(w, false);
	}
}

void arch_dump_backtrace(const struct pt_regs *regs)
{
	unsigned long bp;

	printk("Call Trace:\n");
	printk(" <TASK>\n");
	if (regs) {
		bp = regs->bp;
		/* The faulting instruction is the report's EIP: not again. */
		scan_below_frame(regs->sp, bp >= regs->sp ? bp : regs->sp + 4 * MAX_SCAN);
	} else {
		bp = (unsigned long)__builtin_frame_address(0);
	}
	for (int i = 0; i < MAX_FRAMES && bp; i++) {
		u32 next, ret;

		if ((bp & 3) || arch_probe_read32(bp, &next) || arch_probe_read32(bp + 4, &ret))
			break;
		if (!addr_in_text(ret) && ret != arch_kretprobe_trampoline_addr())
			break;
		print_ret(ret, true);
		if (next <= bp)
			break; /* stacks grow down: callers' frames lie above */
		bp = next;
	}
	printk(" </TASK>\n");
}
