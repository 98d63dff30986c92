/*
 * One trace entry as text, given its event's definition: the part of
 * ftrace's output format that needs nothing of the running kernel but
 * symbols, so the next boot (the previous boot's trace) and the host
 * (ektrace ram) print exactly what the live trace file prints.
 */
#include <ek/event_format.h>
#include <ek/ftrace.h>
#include <ek/kallsyms.h>
#include <ek/probe_event.h>
#include <ek/shell.h>
#include <ek/string.h>
#include <ek/time.h>
#include <ek/trace.h>
#include <ek/trace_options.h>

void trace_print_header_stats(struct seq *s, const char *tracer, u64 entries, u64 written,
			      unsigned int ncpus)
{
	seq_printf(s, "# tracer: %s\n#\n", tracer);
	seq_printf(s, "# entries-in-buffer/entries-written: %llu/%llu   #P:%u\n#\n",
		   (unsigned long long)entries, (unsigned long long)written, ncpus);
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
	u64 u = probe_arg_number(type, p);

	switch (PTYPE_KIND(type)) {
	case 0x00:
		seq_printf(s, "%llu", (unsigned long long)u);
		break;
	case 0x10:
		seq_printf(s, "%lld", (long long)(s64)u);
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
	for (int i = 0; i < def->nargs; i++) {
		const struct probe_arg *a = &def->args[i];
		size_t n;
		const u8 *p = probe_slot_arg(def, slot, i, &n);

		if (!p)
			break; /* not recorded: the slot was full */
		seq_printf(s, " %s=", a->name);
		if (slot->e.faults & (1u << i))
			seq_puts(s, "(fault)");
		else if (a->type == PTYPE_STRING)
			seq_printf(s, "\"%.*s\"", (int)n, (const char *)p);
		else
			print_number(s, a->type, p);
	}
}

/* An address as Linux's function tracer prints it: the name, with
 * +off/size under sym-offset and <address> under sym-addr. */
static void print_ip_sym(struct seq *s, unsigned long ip)
{
	char sym[KSYM_NAME_LEN + 32];
	const char *fn = NULL;

	if (trace_option(TRACE_OPT_SYM_OFFSET)) {
		kallsyms_snprint_symbol(sym, sizeof(sym), ip, true);
		seq_puts(s, sym);
	} else if (kallsyms_lookup(ip, &fn, NULL, NULL)) {
		seq_puts(s, fn);
	} else {
		seq_printf(s, "0x%lx", ip);
	}
	if (trace_option(TRACE_OPT_SYM_ADDR))
		seq_printf(s, " <%08lx>", ip);
}

/* A function tracer entry: "func <-parent", as Linux prints it. The
 * function's address is its call site (the entry records the call's
 * return address), as Linux's records have it. */
void trace_print_function(struct seq *s, const struct trace_slot *slot)
{
	u32 pip;

	memcpy(&pip, slot->data, sizeof(pip));
	print_ip_sym(s, slot->e.ip - trace_print_site_len());
	if (trace_option(TRACE_OPT_PRINT_PARENT)) {
		seq_puts(s, " <-");
		print_ip_sym(s, pip);
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

/* The task column names the boot stage, the shell or the idle loop
 * (@comm, the name of the entry's pid; NULL: not known); the flags are
 * those of the code the hit interrupted: irqs-off from its saved status
 * word, hardirq when it ran in the interrupt handler. There is no
 * preemption, softirq or migration here: those columns stay '.'. */
void trace_print_prefix(struct seq *s, const struct trace_slot *slot, u64 ns, const char *comm)
{
	unsigned int pid = (slot->e.flags & TRACE_ENTRY_TASK_MASK) >> TRACE_ENTRY_TASK_SHIFT;
	unsigned long secs, usecs;

	ns_to_sec_usec(ns, &secs, &usecs);
	seq_printf(s, "%16s-%-7u [%03u] %c.%c.. %5lu.%06lu: ", comm ? comm : "<...>", pid,
		   slot->e.cpu, trace_print_irqs_off(slot->e.status) ? 'd' : '.',
		   slot->e.flags & TRACE_ENTRY_HARDIRQ ? 'h' : '.', secs, usecs);
}
