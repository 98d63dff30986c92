/*
 * Early probes. Everything here runs before the MMU, the allocator and
 * interrupts: definitions come from the DTB and the command line, events
 * and slots from static pools, and text is patched in place. The probes are
 * armed as breakpoints in static slots; kprobes_handover() later moves them
 * to dynamic slots and optimizes them without disarming.
 */
#include <ek/cmdline.h>
#include <ek/early_probes.h>
#include <ek/fdt.h>
#include <ek/early_sources.h>
#include <ek/kprobes.h>
#include <ek/printk.h>
#include <ek/probe_event.h>
#include <ek/string.h>
#include <ek/trace.h>

struct early_ctx {
	const struct early_options *opt;
	unsigned int armed;
	unsigned int registered;
};

static void add_probe(const struct early_probe_spec *spec, void *arg)
{
	struct early_ctx *ctx = arg;
	unsigned int flags = PROBE_EVENT_EARLY;
	bool disarmed = spec->disabled || !ctx->opt->enabled;

	if (disarmed)
		flags |= PROBE_EVENT_DISABLED;
	struct probe_error err;
	char msg[160];

	if (probe_event_command(spec->def, strlen(spec->def), spec->group, NULL, flags,
				&err) == 0) {
		ctx->registered++;
		ctx->armed += !disarmed;
		return;
	}
	if (spec->synthesized)
		err.pos = -1; /* a column in "p SYM" would point at nothing the user wrote */
	probe_error_format(&err, msg, sizeof(msg));
	printk("ekprobes: error: %s: %s\n", spec->source, msg);
}

static void report(const char *source, const char *message, void *arg)
{
	(void)arg;
	printk("ekprobes: error: %s: %s\n", source, message);
}

static void ignore_probe(const struct early_probe_spec *spec, void *arg)
{
	(void)spec;
	(void)arg;
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
	struct early_options opt, scratch;
	struct early_ctx ctx = { .opt = &opt };
	/* Options (enabled, print, buffer size) apply to every probe, so
	 * read them in a silent first pass. */
	struct early_sources_ops options_pass = { ignore_probe, NULL, NULL };
	struct early_sources_ops probes_pass = { add_probe, report, &ctx };

	if (fdt)
		check_bootargs_length(fdt);
	early_sources_scan(fdt, cmdline, &options_pass, &opt);
	if (opt.buffer_entries) {
		int ret = trace_buffer_set_entries(opt.buffer_entries);

		if (ret)
			printk("ekprobes: error: /chosen/ekprobes:buffer-entries: %u is more than "
			       "the %u entries built in (make TRACE_BUF_ENTRIES=...)\n",
			       opt.buffer_entries, (unsigned int)TRACE_BUF_ENTRIES);
	}
	probe_event_set_print(opt.print);
	/* The second pass re-reads the options as it goes (a DT probe comes
	 * before ekprobes.enabled=0 on the command line): the probes use the
	 * complete set from the first pass, the scratch copy is ignored. */
	early_sources_scan(fdt, cmdline, &probes_pass, &scratch);
	printk("ekprobes: %u early probe(s) armed", ctx.armed);
	if (ctx.registered != ctx.armed)
		printk(", %u registered disarmed", ctx.registered - ctx.armed);
	printk("\n");
}
