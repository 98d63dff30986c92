/*
 * The previous boot's trace, as Linux shows its persistent ring buffer:
 * /sys/kernel/tracing/instances/boot_mapped/{trace,kprobe_profile}. Read
 * from the half of the region that boot wrote (this boot writes the other),
 * with what that boot recorded about its events, so the names and
 * arguments are its own even when this boot probes something else.
 */
#include <ek/persist.h>
#include <ek/persist_read.h>
#include <ek/probe_event.h>
#include <ek/sections.h>
#include <ek/shell.h>
#include <ek/string.h>

#define BOOT_MAPPED "/sys/kernel/tracing/instances/boot_mapped/"

static bool print_one(const struct persist_view *v, const struct trace_slot *slot, u64 ns,
		      void *ctx)
{
	persist_print_record(ctx, v, slot, ns, (unsigned long)(uintptr_t)_text);
	return true;
}

static int trace_show(struct seq *s, void *data)
{
	const struct persist_view *v = persist_previous();

	(void)data;
	/* One ring kept: the boot CPU's (kernel/trace/trace_buffer.c). */
	trace_print_header_stats(s, "nop", v ? v->records : 0, v ? v->records : 0, 1);
	if (v)
		persist_for_each(v, print_one, s);
	return 0;
}

static const struct pfile trace_file = { .path = BOOT_MAPPED "trace", .show = trace_show };
PFILE_DECLARE(trace_file);

/* Records per event, by the view's event index. */
static u32 counts[PERSIST_VIEW_EVENTS] __section(".noinit"); /* cleared per read */

static bool count_one(const struct persist_view *v, const struct trace_slot *slot, u64 ns,
		      void *ctx)
{
	(void)ns;
	(void)ctx;
	for (u32 i = 0; i < v->nevents; i++)
		if (v->events[i].id == slot->e.event_id)
			counts[i]++;
	return true;
}

/* "<event> <hits> <missed>": hits are the records kept of each event (what
 * the ring still held), missed is not known after the fact: 0. */
static int profile_show(struct seq *s, void *data)
{
	const struct persist_view *v = persist_previous();
	static struct probe_def def __section(".noinit");

	(void)data;
	if (!v)
		return 0;
	memset(counts, 0, sizeof(counts));
	persist_for_each(v, count_one, NULL);
	for (u32 i = 0; i < v->nevents; i++)
		if (persist_event_def(v, v->events[i].id, (unsigned long)(uintptr_t)_text, &def))
			seq_printf(s, "  %-44s %15u %15u\n", def.event, counts[i], 0u);
	return 0;
}

static const struct pfile profile_file = { .path = BOOT_MAPPED "kprobe_profile",
					   .show = profile_show };
PFILE_DECLARE(profile_file);
