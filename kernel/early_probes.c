/*
 * Early probes. Everything here runs before the MMU, the allocator and
 * interrupts: definitions come from the DTB and the command line, and
 * become compact static records (kernel/trace/early_events.c) armed as
 * breakpoints in place; kprobes_handover() later turns them into normal,
 * optimized events without disarming them.
 */
#include <ek/cmdline.h>
#include <ek/early_events.h>
#include <ek/early_probes.h>
#include <ek/fdt.h>
#include <ek/early_sources.h>
#include <ek/error_log.h>
#include <ek/kprobes.h>
#include <ek/persist.h>
#include <ek/boot_watch.h>
#include <ek/printk.h>
#include <ek/probe_event.h>
#include <ek/string.h>
#include <ek/trace.h>
#include <ek/trace_dump.h>

static void add_probe(const struct early_probe_spec *spec, void *arg)
{
	struct probe_error err;
	char msg[160], source[EARLY_SOURCE_LEN];

	(void)arg;
	if (early_event_add(spec, &err) == 0)
		return;
	if (early_spec_synthesized(spec))
		err.pos = -1; /* a column in "p SYM" would point at nothing the user wrote */
	probe_error_format(&err, msg, sizeof(msg));
	early_spec_source(spec, source, sizeof(source));
	printk("ekprobes: error: %s: %s\n", source, msg);
	/* The Linux way too: boot-time kprobe_event= errors are logged. */
	{
		char line[EARLY_DEF_LEN];
		int n = early_spec_def(spec, line, sizeof(line));

		if (n >= 0)
			trace_error_log("trace_kprobe", line, (size_t)n, err.pos, err.msg);
	}
}

static void report(const char *source, const char *message, void *arg)
{
	(void)arg;
	printk("ekprobes: error: %s: %s\n", source, message);
}

/* bootargs longer than the kernel keeps: whatever probes it named past
 * the cut are lost, and the user must hear about it. */
static void check_bootargs_length(const void *fdt)
{
	int chosen = dtb_path_offset(fdt, "/chosen", 7);
	int len = 0;
	const char *args = chosen >= 0 ? dtb_getprop(fdt, chosen, "bootargs", &len) : NULL;
	size_t n = args && len > 0 ? strnlen(args, (size_t)len) : 0;

	if (n >= CMDLINE_MAX)
		printk("ekprobes: error: bootargs: command line is %lu bytes; only the first %u "
		       "are read, probes after that are ignored\n",
		       (unsigned long)n, CMDLINE_MAX - 1);
}

void early_probes_init(const void *fdt, const char *cmdline)
{
	struct early_options opt;
	struct early_sources_ops probes_pass = { add_probe, report, NULL };
	unsigned int armed, registered;

	trace_buffer_init(); /* CPU 0's ring, before any probe can record */
	if (fdt)
		check_bootargs_length(fdt);
	/* One pass: definitions are checked and recorded as they come, and
	 * armed only once every option is known (a DT probe comes before
	 * ekprobes.enabled=0 on the command line). */
	early_sources_scan(fdt, cmdline, &probes_pass, &opt);
	persist_setup(fdt, &opt); /* the ring's home, before anything records */
	if (opt.buffer_entries) {
		int ret = trace_buffer_set_entries(opt.buffer_entries);

		if (ret)
			printk("ekprobes: error: /chosen/ekprobes:buffer-entries: %u is more than "
			       "the %u entries per CPU %s\n", opt.buffer_entries,
			       trace_buffer_max_entries(),
			       trace_buffer_max_entries() < TRACE_BUF_ENTRIES
				       ? "the boot trace's kept region holds (CPU 0's ring is there)"
				       : "built in (make TRACE_BUF_ENTRIES=...)");
	}
	probe_event_set_print(opt.print);
	armed = early_events_arm(opt.enabled, &registered);
	printk("ekprobes: %u early probe(s) armed", armed);
	if (registered != armed)
		printk(", %u registered disarmed", registered - armed);
	printk("\n");
	/* Right after that line: a boot that hangs again where the last one
	 * did still says what the last one recorded. */
	persist_boot_report();
	trace_dump_set_on_oops(opt.dump_on_oops);
	boot_watch_set_timeout(opt.hang_timeout_ms);
}
