/*
 * Frame-pointer backtrace (the kernel is built -fno-omit-frame-pointer in
 * ARM state). GCC's frames: a non-leaf function pushes {fp, lr} and points fp
 * at the saved lr; a leaf pushes only fp and points fp at it, its return
 * address staying in lr. Which one we are looking at is told by whether the
 * word at fp is a text address. Every read is fault-safe and bounded by the
 * stack, so a corrupt chain ends the trace instead of faulting again.
 */
#include <ek/arch.h>
#include <ek/kallsyms.h>
#include <ek/printk.h>
#include <ek/sections.h>
#include <asm/ptrace.h>

extern char boot_stack_base[], boot_stack_top[];

#define MAX_FRAMES 32

static bool on_stack(unsigned long fp)
{
	return fp >= (unsigned long)boot_stack_base + 4 && fp < (unsigned long)boot_stack_top &&
	       !(fp & 3);
}

static bool same_function(unsigned long a, unsigned long b)
{
	unsigned long oa, ob;

	return kallsyms_lookup(a, NULL, &oa, NULL) && kallsyms_lookup(b, NULL, &ob, NULL) &&
	       a - oa == b - ob;
}

static void walk(unsigned long pc, unsigned long lr, unsigned long fp)
{
	u32 w;

	printk(" [<%08lx>] %pS\n", pc, (void *)pc);
	/* A leaf without a frame of its own (assembly helpers): fp is still
	 * the caller's, whose return address is lr, not in any frame. */
	if (addr_in_text(lr) && !same_function(pc, lr) && on_stack(fp) &&
	    !arch_probe_read32(fp, &w) && addr_in_text(w) && w != lr)
		printk(" [<%08lx>] %pS\n", lr - 4, (void *)(lr - 4));
	for (int i = 0; i < MAX_FRAMES && on_stack(fp); i++) {
		u32 w, prev_fp;
		unsigned long ret;

		if (arch_probe_read32(fp, &w))
			break;
		if (addr_in_text(w)) {
			ret = w;
			if (arch_probe_read32(fp - 4, &prev_fp))
				break;
		} else if (i == 0 && addr_in_text(lr)) {
			ret = lr; /* leaf frame: [fp] is the caller's fp */
			prev_fp = w;
		} else {
			break;
		}
		/* ret is the instruction after the call; show the call itself */
		printk(" [<%08lx>] %pS\n", ret - 4, (void *)(ret - 4));
		if (prev_fp <= fp)
			break;
		fp = prev_fp;
	}
}

void arch_dump_backtrace(const struct pt_regs *regs)
{
	printk("Backtrace:\n");
	if (regs) {
		walk(regs->ARM_pc, regs->ARM_lr, regs->ARM_fp);
	} else {
		walk((unsigned long)arch_dump_backtrace, (unsigned long)__builtin_return_address(0),
		     (unsigned long)__builtin_frame_address(0));
	}
}
