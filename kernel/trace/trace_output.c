/*
 * Trace text in ftrace's format, so that tools written for Linux's
 * /sys/kernel/tracing/trace read ours unchanged. This kernel has no tasks:
 * every hit is shown as the idle task on CPU 0 with IRQs off (probe
 * handlers run from the breakpoint exception with IRQs masked).
 */
#include <ek/early_events.h>
#include <ek/ftrace.h>
#include <ek/kallsyms.h>
#include <ek/probe_event.h>
#include <ek/shell.h>
#include <ek/string.h>
#include <ek/time.h>
#include <ek/trace.h>

void trace_print_header(struct seq *s)
{
	u64 entries, written, overruns;

	trace_buffer_stats(&entries, &written, &overruns);
	trace_print_header_stats(s, ftrace_function_on() ? "function" : "nop", entries, written);
}

void trace_print_event(struct seq *s, const struct trace_slot *slot)
{
	const struct probe_event *ev = probe_event_by_id(slot->e.event_id);
	static struct probe_def early_def; /* too big for the stack */

	if (slot->e.event_id == TRACE_TYPE_FUNCTION) {
		trace_print_function(s, slot);
		return;
	}
	if (ev) {
		trace_print_event_def(s, probe_event_def(ev), slot);
	} else if (early_event_def(slot->e.event_id, &early_def)) {
		trace_print_event_def(s, &early_def, slot); /* it stayed early */
	} else {
		seq_printf(s, "Unknown type %u", slot->e.event_id); /* deleted since */
	}
}

void trace_print_entry(struct seq *s, const struct trace_slot *slot)
{
	trace_print_prefix(s, slot, trace_clock_to_ns(slot->e.ts, (u8)TRACE_ENTRY_EPOCH(slot->e.flags)));
	trace_print_event(s, slot);
	seq_puts(s, "\n");
}
