/*
 * start_kernel: the staged boot. Each stage is a real function doing real
 * work, because these are exactly the places early probes are meant for.
 */
#include <ek/arch.h>
#include <ek/cmdline.h>
#include <ek/driver.h>
#include <ek/early_probes.h>
#include <ek/fdt.h>
#include <ek/ftrace.h>
#include <ek/irq.h>
#include <ek/kallsyms.h>
#include <ek/kprobes.h>
#include <ek/mm.h>
#include <ek/printk.h>
#include <ek/quiesce.h>
#include <ek/sections.h>
#include <ek/shell.h>
#include <ek/smp.h>
#include <ek/string.h>
#include <ek/time.h>
#include <ek/trace.h>

extern const initcall_t __initcall_start[], __initcall_end[];

#define EK_VERSION "0.1"

static void __noreturn halt_no_dtb(const char *why)
{
	/* Without a usable DTB nothing board-specific is known: say so on
	 * any console the arch can find, then stop cleanly. */
	if (arch_fallback_console() == 0) {
		printk("ekprobes: fatal: %s\n", why);
		printk("ekprobes: cannot continue without a valid device tree; halting\n");
	}
	arch_halt();
}

/* Stage 1: find and validate the flattened device tree. */
static __noinline int early_fdt_scan(const void *fdt, struct dtb_err *err)
{
	int ret = dtb_check_index(fdt, 0, err);

	if (ret == 0)
		boot_fdt = fdt;
	return ret;
}

/* Stage 2: console from /chosen/stdout-path, else a guessed UART. */
static __noinline void early_console_init(const void *fdt)
{
	if (earlycon_setup(fdt) == 0)
		return;
	if (arch_fallback_console() == 0)
		printk("console: /chosen/stdout-path names no usable UART; using a guessed one\n");
	else
		arch_halt();
}

static __noinline void parse_bootargs(const void *fdt)
{
	int chosen = dtb_path_offset(fdt, "/chosen", 7);
	int len = 0;
	const char *args = chosen >= 0 ? dtb_getprop(fdt, chosen, "bootargs", &len) : NULL;

	if (!args || len <= 0)
		args = "";
	cmdline_setup(args, strnlen(args, (size_t)(len > 0 ? len : 0)));
	printk("Kernel command line: %s\n", boot_command_line);
}

/* Stage 3: MMU, caches, read-only text. */
static __noinline void setup_arch(void)
{
	arch_setup();
}

/* Stage 5: interrupt controller from the DT. */
static __noinline int irq_init(void)
{
	int ret = dt_probe_irqchip();

	if (ret)
		printk("irq: no supported interrupt controller in the device tree\n");
	return ret;
}

/* Stage 6: clocksource and tick from the DT. */
static __noinline int time_init(void)
{
	int ret = dt_probe_timer();

	if (ret)
		printk("time: no supported timer; no tick\n");
	return ret;
}

/* Announces each stage; one call per stage makes it a handy probe target
 * (p:stage boot_stage name=+0(%r0):string). */
__noinline void boot_stage(const char *name)
{
	trace_task_enter(name); /* the trace's task column */
	printk("boot: stage %s\n", name);
}

static __noinline int do_initcalls(void)
{
	int failed = 0;

	for (const initcall_t *fn = __initcall_start; fn < __initcall_end; fn++) {
		int ret = (*fn)();

		if (ret) {
			printk("initcall %pS returned %d\n", (void *)*fn, ret);
			failed++;
		}
	}
	return failed;
}

void __noreturn start_kernel(const void *fdt, unsigned long load_addr)
{
	struct dtb_err err = { 0, "" };
	int ret;

	kallsyms_init(&kallsyms_generated, (unsigned long)_text);
	ret = early_fdt_scan(fdt, &err);
	if (ret) {
		char why[160];

		ksnprintf(why, sizeof(why), "no valid device tree at r2=%p: %s (offset %d)",
			  fdt, err.what, err.offset);
		halt_no_dtb(why);
	}
	early_console_init(fdt);
	printk("ekprobes " EK_VERSION " on %s, loaded at 0x%08lx\n", arch_cpu_name(), load_addr);
	printk("boot: stage fdt: DTB at %p, %u bytes\n", fdt, dtb_totalsize(fdt));
	parse_bootargs(fdt);
	kprobes_init();
	early_probes_init(fdt, boot_command_line);
	/* Every mcount site becomes a NOP: right after the early probes are
	 * armed (one on a site made that site the NOP already, and the
	 * early events' fixer answers for it), MMU still off. Until here the
	 * sites call __gnu_mcount_nc, which only returns. */
	boot_stage("ftrace");
	ftrace_init();
	ftrace_boot_report();
	ftrace_early_start(fdt); /* ftrace=function: traced from here on, MMU still off */

	boot_stage("setup_arch");
	setup_arch();
	boot_stage("mem_init");
	if (mem_init(fdt))
		panic("no memory");
	boot_stage("kprobes");
	kprobes_handover();
	quiescent_point(); /* the early slots the handover let go */
	boot_stage("irq_init");
	irq_init();
	boot_stage("time_init");
	time_init();
	arch_irq_enable();
	boot_stage("drivers");
	driver_probe_all();
	boot_stage("smp");
	smp_init();
	boot_stage("initcalls");
	do_initcalls();
	boot_stage("shell");
	shell_run();
}
