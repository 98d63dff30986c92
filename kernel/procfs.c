/* /proc files: symbols, interrupts, memory, devices, command line. */
#include <ek/arch.h>
#include <ek/cmdline.h>
#include <ek/driver.h>
#include <ek/irq.h>
#include <ek/kallsyms.h>
#include <ek/mm.h>
#include <ek/shell.h>
#include <ek/time.h>

static int kallsyms_show(struct seq *s, void *data)
{
	unsigned long addr;
	const char *name;
	char type;

	(void)data;
	for (unsigned int i = 0; kallsyms_entry(i, &addr, &type, &name); i++)
		seq_printf(s, "%08lx %c %s\n", addr, type, name);
	return 0;
}
static const struct pfile kallsyms_file = { .path = "/proc/kallsyms", .show = kallsyms_show };
PFILE_DECLARE(kallsyms_file);

static void irq_line(unsigned int irq, const char *name, u64 count, void *ctx)
{
	const struct irq_chip *chip = irq_get_chip();

	if (irq >= NR_IRQS)
		seq_printf(ctx, "ERR: %10llu\n", (unsigned long long)count);
	else
		seq_printf(ctx, "%3u: %10llu  %s  %s\n", irq, (unsigned long long)count,
			   chip ? chip->name : "-", name);
}

static int interrupts_show(struct seq *s, void *data)
{
	(void)data;
	irq_for_each(irq_line, s);
	return 0;
}
static const struct pfile interrupts_file = { .path = "/proc/interrupts",
					      .show = interrupts_show };
PFILE_DECLARE(interrupts_file);

static int meminfo_show(struct seq *s, void *data)
{
	size_t total, freep;

	(void)data;
	page_stats(&total, &freep);
	seq_printf(s, "MemTotal: %8lu kB\nMemFree:  %8lu kB\nKzallocCalls: %lu\n",
		   (unsigned long)(total * (PAGE_SIZE / 1024)),
		   (unsigned long)(freep * (PAGE_SIZE / 1024)), kzalloc_call_count());
	return 0;
}
static const struct pfile meminfo_file = { .path = "/proc/meminfo", .show = meminfo_show };
PFILE_DECLARE(meminfo_file);

static void device_line(const char *drv, const char *path, void *ctx)
{
	seq_printf(ctx, "%-20s %s\n", drv, path);
}

static int devices_show(struct seq *s, void *data)
{
	(void)data;
	driver_for_each_bound(device_line, s);
	return 0;
}
static const struct pfile devices_file = { .path = "/proc/devices", .show = devices_show };
PFILE_DECLARE(devices_file);

static int cmdline_show(struct seq *s, void *data)
{
	(void)data;
	seq_printf(s, "%s\n", boot_command_line);
	return 0;
}
static const struct pfile cmdline_file = { .path = "/proc/cmdline", .show = cmdline_show };
PFILE_DECLARE(cmdline_file);

static int uptime_show(struct seq *s, void *data)
{
	u64 ns = time_ns();

	(void)data;
	seq_printf(s, "%lu.%02lu %llu\n", (unsigned long)(ns / NSEC_PER_SEC),
		   (unsigned long)(ns % NSEC_PER_SEC / 10000000), (unsigned long long)jiffies);
	return 0;
}
static const struct pfile uptime_file = { .path = "/proc/uptime", .show = uptime_show };
PFILE_DECLARE(uptime_file);
