/*
 * The tracefs files of the probe event layer, in Linux's formats:
 * kprobe_events and dynamic_events, kprobe_profile, trace, trace_pipe,
 * trace_clock, tracing_on. (events/ is event_files.c's, trace_options
 * trace_options.c's.)
 */
#include <ek/arch.h>
#include <ek/driver.h>
#include <ek/early_events.h>
#include <ek/errno.h>
#include <ek/printk.h>
#include <ek/probe_event.h>
#include <ek/shell.h>
#include <ek/string.h>
#include <ek/trace.h>

#define TRACING "/sys/kernel/tracing/"

/* ---- kprobe_events ------------------------------------------------- */

static void show_def(struct probe_event *ev, void *ctx)
{
	char line[PROBE_SYM_MAX + PROBE_MAX_ARGS * (PROBE_ARG_NAME_MAX + PROBE_ARG_TEXT_MAX) + 128];

	probe_def_format(probe_event_def(ev), line, sizeof(line));
	seq_printf(ctx, "%s\n", line);
}

static int kprobe_events_show(struct seq *s, void *data)
{
	(void)data;
	probe_event_for_each(show_def, s);
	return 0;
}

static bool blank_or_comment(const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\t' || *p == '\r')) {
		p++;
		n--;
	}
	return !n || *p == '#';
}

/*
 * Like Linux: a truncating write (echo >) first deletes every event,
 * then each line is a command; "-:EVENT" deletes. Events added here start
 * disabled until their enable file is set. Stops at the first bad line.
 * dynamic_events takes the same commands (kprobes are the only dynamic
 * events here); @data names the file in error lines.
 */
static int kprobe_events_write(const char *text, size_t len, bool append, void *data)
{
	const char *file = data ? data : "kprobe_events";
	struct probe_error err;
	char msg[160];
	int ret;

	if (!append) {
		ret = probe_event_delete_all();
		if (ret) {
			console_printf("ekprobes: error: %s: an event is enabled; "
				       "disable it before clearing\n", file);
			return ret;
		}
	}
	while (len) {
		const char *nl = memchr(text, '\n', len);
		size_t n = nl ? (size_t)(nl - text) : len;

		if (!blank_or_comment(text, n)) {
			ret = probe_event_command(text, n, NULL, NULL, PROBE_EVENT_DISABLED, &err);
			if (ret) {
				probe_error_format(&err, msg, sizeof(msg));
				console_printf("ekprobes: error: %s: %s\n", file, msg);
				return ret;
			}
		}
		text += n + (nl ? 1 : 0);
		len -= n + (nl ? 1 : 0);
	}
	return 0;
}

static const struct pfile kprobe_events_file = { .path = TRACING "kprobe_events",
						 .show = kprobe_events_show,
						 .write = kprobe_events_write };
PFILE_DECLARE(kprobe_events_file);


/* ---- kprobe_profile ------------------------------------------------ */

static void show_profile(struct probe_event *ev, void *ctx)
{
	unsigned long hits, missed;

	probe_event_stats(ev, &hits, &missed);
	seq_printf(ctx, "  %-44s %15lu %15lu\n", probe_event_def(ev)->event, hits, missed);
}

static void show_early_profile(const struct probe_def *def, unsigned long hits,
			       unsigned long missed, void *ctx)
{
	seq_printf(ctx, "  %-44s %15lu %15lu\n", def->event, hits, missed);
}

static int kprobe_profile_show(struct seq *s, void *data)
{
	(void)data;
	probe_event_for_each(show_profile, s);
	early_events_for_each_left(show_early_profile, s);
	return 0;
}

static const struct pfile kprobe_profile_file = { .path = TRACING "kprobe_profile",
						  .show = kprobe_profile_show };
PFILE_DECLARE(kprobe_profile_file);

/* ---- trace --------------------------------------------------------- */

/* The rings of the CPUs in @cpus merged in time order, as far as each was
 * written when the reading started: a probe on the console path adds
 * entries while we print, which must not loop forever. */
void trace_show_cpus(struct seq *s, u32 cpus)
{
	/* A slot per CPU: off the shell stack, and written before it is read
	 * (.noinit: not cleared on the way to the early probes). */
	static struct ring_merge m __section(".noinit");
	static struct trace_slot slot __section(".noinit");

	trace_print_header(s, cpus);
	trace_iter_start(&m, cpus);
	while (trace_iter_next(&m, &slot))
		trace_print_entry(s, &slot);
}

static int trace_show(struct seq *s, void *data)
{
	(void)data;
	trace_show_cpus(s, ~0u);
	return 0;
}

static int trace_write(const char *text, size_t len, bool append, void *data)
{
	(void)text;
	(void)len;
	(void)data;
	if (!append)
		trace_buffer_clear(); /* opened with O_TRUNC in Linux terms */
	return 0;
}

static const struct pfile trace_file = { .path = TRACING "trace",
					 .show = trace_show,
					 .write = trace_write };
PFILE_DECLARE(trace_file);

/* ---- trace_pipe ---------------------------------------------------- */

/* A key on the console, without waiting. */
static bool key_pressed(void)
{
	unsigned long flags = arch_irq_save();
	int c = console_getc();

	arch_irq_restore(flags);
	return c >= 0;
}

/*
 * Linux's consuming read: each entry is printed once and is gone from
 * `trace` too; with nothing to read it waits for more. Every CPU's ring,
 * merged in time order as `trace` shows them; each is consumed up to the
 * entry printed. At the shell it streams until a key is pressed on the
 * console.
 */
static int trace_pipe_show(struct seq *s, void *data)
{
	/* Off the shell stack, written before they are read (.noinit). */
	static struct ring_merge m __section(".noinit");
	static struct trace_slot slot __section(".noinit");
	bool reading = false;

	(void)data;
	while (!key_pressed()) {
		struct trace_cpu_stats st;
		unsigned long flags;

		if (!reading) /* from what is not consumed, as far as written now */
			trace_iter_start(&m, ~0u);
		reading = trace_iter_next(&m, &slot);
		if (reading) {
			trace_iter_consume(&m);
			trace_print_entry(s, &slot);
			continue;
		}
		/* Idle until an interrupt: new entries, or the key. */
		flags = arch_irq_save();
		trace_task_idle(true);
		trace_buffer_stats_all(&st);
		if (!st.entries)
			arch_wait_for_interrupt();
		arch_irq_restore(flags);
		trace_task_idle(false);
	}
	return 0;
}


/* ---- trace_clock --------------------------------------------------- */

/*
 * Only clocks that are real here: "local" is the clocksource every
 * timestamp is a raw count of; "global" is the same counter, which is one
 * for all CPUs (the generic timer, the A9 global timer, the TSC), so in
 * sync across CPUs as Linux's global clock must be.
 */
static const char clocks[][8] = { "local", "global" };
static unsigned int clock_sel;

static int trace_clock_show(struct seq *s, void *data)
{
	(void)data;
	for (unsigned int i = 0; i < ARRAY_SIZE(clocks); i++)
		seq_printf(s, i == clock_sel ? "%s[%s]" : "%s%s", i ? " " : "", clocks[i]);
	seq_puts(s, "\n");
	return 0;
}

static int trace_clock_write(const char *text, size_t len, bool append, void *data)
{
	(void)append;
	(void)data;
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	for (unsigned int i = 0; i < ARRAY_SIZE(clocks); i++) {
		if (strlen(clocks[i]) == len && !memcmp(clocks[i], text, len)) {
			clock_sel = i;
			return 0;
		}
	}
	return -EINVAL;
}

/* The files added since: registered by code (pfile_add()). */
static int trace_files_init(void)
{
	static struct pfile files[3] __section(".noinit"); /* pfile_add() fills them */

	pfile_add(&files[0], TRACING "dynamic_events", kprobe_events_show, kprobe_events_write,
		  (void *)"dynamic_events");
	pfile_add(&files[1], TRACING "trace_pipe", trace_pipe_show, NULL, NULL);
	pfile_add(&files[2], TRACING "trace_clock", trace_clock_show, trace_clock_write, NULL);
	return 0;
}
device_initcall(trace_files_init);

/* ---- tracing_on ---------------------------------------------------- */

static int tracing_on_show(struct seq *s, void *data)
{
	(void)data;
	seq_printf(s, "%d\n", trace_is_on());
	return 0;
}

static int tracing_on_write(const char *text, size_t len, bool append, void *data)
{
	(void)append;
	(void)data;
	if (len && (text[0] == '0' || text[0] == '1') && (len == 1 || text[1] == '\n')) {
		trace_set_on(text[0] == '1');
		return 0;
	}
	return -EINVAL;
}

static const struct pfile tracing_on_file = { .path = TRACING "tracing_on",
					      .show = tracing_on_show,
					      .write = tracing_on_write };
PFILE_DECLARE(tracing_on_file);
