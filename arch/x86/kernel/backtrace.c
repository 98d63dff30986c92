/*
 * Backtraces from the frame-pointer chain: every function (built with
 * -fno-omit-frame-pointer) starts `push %ebp; mov %esp, %ebp`, so
 * [ebp] is the caller's ebp and [ebp + 4] the return address. head.S
 * clears ebp, which ends the chain. Words are read fault-tolerantly: a
 * corrupt chain ends the trace, not the report.
 */
#include <ek/arch.h>
#include <ek/printk.h>
#include <ek/sections.h>
#include <asm/ptrace.h>

#define MAX_FRAMES 32

void arch_dump_backtrace(const struct pt_regs *regs)
{
	unsigned long bp, ip;

	printk("Backtrace:\n");
	if (regs) {
		ip = regs->ip;
		bp = regs->bp;
	} else {
		bp = (unsigned long)__builtin_frame_address(0);
		ip = (unsigned long)&&here;
here:;
	}
	printk(" [<%08lx>] %pS\n", ip, (void *)ip);
	for (int i = 0; i < MAX_FRAMES && bp; i++) {
		u32 next, ret;

		if ((bp & 3) || arch_probe_read32(bp, &next) || arch_probe_read32(bp + 4, &ret))
			break;
		if (!addr_in_text(ret))
			break;
		/* The call before the return address. */
		printk(" [<%08x>] %pS\n", ret - 1, (void *)(uintptr_t)(ret - 1));
		if (next <= bp)
			break; /* stacks grow down: callers' frames lie above */
		bp = next;
	}
}
