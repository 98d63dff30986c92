/*
 * Trace text in ftrace's format, so that tools written for Linux's
 * /sys/kernel/tracing/trace read ours unchanged. The CPU is the one whose
 * ring the entry is in; the task column names what that CPU ran: the
 * boot stage, the shell or the idle loop (trace_context.c); the flags are
 * those of the code the hit interrupted: irqs-off from its saved status
 * word, hardirq when it ran in the interrupt handler. There is no
 * preemption, softirq or migration here: those columns stay '.'.
 */
#include <ek/arch.h>
#include <ek/early_events.h>
#include <ek/event_format.h>
#include <ek/ftrace.h>
#include <ek/kallsyms.h>
#include <ek/probe_event.h>
#include <ek/shell.h>
#include <ek/smp.h>
#include <ek/string.h>
#include <ek/time.h>
#include <ek/trace.h>
#include <ek/trace_options.h>

/* The printer's arch facts (kernel/trace/trace_print.c): this kernel's. */
u32 trace_print_site_len(void)
{
	return ftrace_site_len;
}

bool trace_print_irqs_off(u32 status)
{
	return arch_status_irqs_off(status);
}

void trace_print_header(struct seq *s, u32 cpus)
{
	u64 entries = 0, written = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct trace_cpu_stats st;

		if (!(cpus & cpu_online_mask & (1u << cpu)))
			continue;
		trace_buffer_stats_cpu(cpu, &st);
		entries += st.entries;
		written += st.written;
	}
	trace_print_header_stats(s, ftrace_function_on() ? "function" : "nop", entries, written,
				 num_online_cpus());
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
	unsigned int pid = (slot->e.flags & TRACE_ENTRY_TASK_MASK) >> TRACE_ENTRY_TASK_SHIFT;

	trace_print_prefix(s, slot, trace_clock_to_ns(slot->e.ts, (u8)TRACE_ENTRY_EPOCH(slot->e.flags)),
			   trace_task_comm(pid));
	trace_print_event(s, slot);
	seq_puts(s, "\n");
}
