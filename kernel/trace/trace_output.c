/*
 * Trace text in ftrace's format, so that tools written for Linux's
 * /sys/kernel/tracing/trace read ours unchanged. This kernel has no tasks:
 * every hit is shown as the idle task of the CPU whose ring it is in, with
 * IRQs off (probe handlers run from the breakpoint exception with IRQs
 * masked).
 */
#include <ek/early_events.h>
#include <ek/ftrace.h>
#include <ek/kallsyms.h>
#include <ek/probe_event.h>
#include <ek/shell.h>
#include <ek/smp.h>
#include <ek/string.h>
#include <ek/time.h>
#include <ek/trace.h>

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
	seq_printf(s, "# tracer: %s\n#\n", ftrace_function_on() ? "function" : "nop");
	seq_printf(s, "# entries-in-buffer/entries-written: %llu/%llu   #P:%u\n#\n",
		   (unsigned long long)entries, (unsigned long long)written, num_online_cpus());
	seq_puts(s, "#                                _-----=> irqs-off/BH-disabled\n"
		    "#                               / _----=> need-resched\n"
		    "#                              | / _---=> hardirq/softirq\n"
		    "#                              || / _--=> preempt-depth\n"
		    "#                              ||| / _-=> migrate-disable\n"
		    "#                              |||| /     delay\n"
		    "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
		    "#              | |         |   |||||     |         |\n");
}

/* Numbers: printed by kind from their recorded size. */
static void print_number(struct seq *s, u8 type, const u8 *p)
{
	unsigned int size = PTYPE_SIZE(type);
	u64 u = 0;
	s64 v;

	switch (size) {
	case 1: { u8 x; memcpy(&x, p, 1); u = x; v = (s8)x; break; }
	case 2: { u16 x; memcpy(&x, p, 2); u = x; v = (s16)x; break; }
	case 4: { u32 x; memcpy(&x, p, 4); u = x; v = (s32)x; break; }
	default: memcpy(&u, p, 8); v = (s64)u; break;
	}
	switch (PTYPE_KIND(type)) {
	case 0x00:
		seq_printf(s, "%llu", (unsigned long long)u);
		break;
	case 0x10:
		seq_printf(s, "%lld", (long long)v);
		break;
	case 0x40: {
		char sym[KSYM_NAME_LEN + 32];

		kallsyms_snprint_symbol(sym, sizeof(sym), (unsigned long)u, true);
		seq_puts(s, sym);
		break;
	}
	default:
		seq_printf(s, "0x%llx", (unsigned long long)u);
		break;
	}
}

void probe_print_args(struct seq *s, const struct probe_def *def, const struct trace_slot *slot)
{
	const u8 *p = slot->data, *end = slot->data + MIN(slot->e.len, TRACE_DATA_MAX);

	for (int i = 0; i < def->nargs; i++) {
		const struct probe_arg *a = &def->args[i];
		bool fault = slot->e.faults & (1u << i);
		size_t need = a->type == PTYPE_STRING ? 1 : PTYPE_SIZE(a->type);

		if ((size_t)(end - p) < need || (a->type == PTYPE_STRING && (size_t)(end - p) < 1u + p[0]))
			break; /* not recorded: the slot was full */
		seq_printf(s, " %s=", a->name);
		if (a->type == PTYPE_STRING) {
			if (fault)
				seq_puts(s, "(fault)");
			else
				seq_printf(s, "\"%.*s\"", (int)p[0], (const char *)p + 1);
			p += 1 + p[0];
			continue;
		}
		if (fault)
			seq_puts(s, "(fault)");
		else
			print_number(s, a->type, p);
		p += need;
	}
}

/* A function tracer entry: "func <-parent", as Linux prints it. */
static void trace_print_function(struct seq *s, const struct trace_slot *slot)
{
	const char *fn = NULL, *parent = NULL;
	u32 pip;

	memcpy(&pip, slot->data, sizeof(pip));
	kallsyms_lookup(slot->e.ip, &fn, NULL, NULL);
	kallsyms_lookup(pip, &parent, NULL, NULL);
	if (fn)
		seq_puts(s, fn);
	else
		seq_printf(s, "0x%x", slot->e.ip);
	if (parent)
		seq_printf(s, " <-%s", parent);
	else
		seq_printf(s, " <-0x%x", pip);
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

void trace_print_event_def(struct seq *s, const struct probe_def *def,
			   const struct trace_slot *slot)
{
	char ip[KSYM_NAME_LEN + 32];

	kallsyms_snprint_symbol(ip, sizeof(ip), slot->e.ip, true);
	if (def->kind == PROBE_RETURN) {
		const char *func = def->symbol;

		/* The function probed, without offset: "(caller+0x1c/0x80 <- f)". */
		if (!def->has_symbol && !kallsyms_lookup(def->addr, &func, NULL, NULL))
			func = "?";
		seq_printf(s, "%s: (%s <- %s)", def->event, ip, func);
	} else {
		seq_printf(s, "%s: (%s)", def->event, ip);
	}
	probe_print_args(s, def, slot);
}

void trace_print_entry(struct seq *s, const struct trace_slot *slot)
{
	u64 ns = trace_clock_to_ns(slot->e.ts, (u8)(slot->e.flags >> TRACE_ENTRY_EPOCH_SHIFT));
	unsigned long secs, usecs;

	ns_to_sec_usec(ns, &secs, &usecs);
	seq_printf(s, "%16s-%-7d [%03u] %s %5lu.%06lu: ", "<idle>", 0, slot->e.cpu, "d..1.",
		   secs, usecs);
	trace_print_event(s, slot);
	seq_puts(s, "\n");
}
