/*
 * The trace on the console (include/ek/trace_dump.h): the newest entries,
 * oldest first and newest last (the line next to the oops or the hang
 * report is the last thing that happened), bounded so that a full ring
 * does not scroll the report itself away.
 */
#include <ek/printk.h>
#include <ek/probe_event.h>
#include <ek/shell.h>
#include <ek/trace.h>
#include <ek/trace_dump.h>

static bool on_oops, oops_dumped;

void trace_dump(const char *why, unsigned int max)
{
	/* An oops may come on a small stack: the merge's state (a slot per
	 * ring) and the line are static. */
	static struct ring_merge m __section(".noinit");
	static struct trace_slot slot __section(".noinit");
	char line[256];
	struct seq s;
	struct trace_cpu_stats st;
	u64 skip;

	/* Every CPU's ring merged by time, as `trace` shows them: the last
	 * thing that happened may be another CPU's. */
	trace_buffer_stats_all(&st);
	skip = st.entries - MIN(st.entries, (u64)max);
	printk("ekprobes: trace dump (%s): the last %llu of %llu entries, newest last\n", why,
	       (unsigned long long)(st.entries - skip), (unsigned long long)st.written);
	/* Up to what was there when it started: probes on the console path
	 * add entries while it prints. */
	trace_iter_start(&m, ~0u);
	while (trace_iter_next(&m, &slot)) {
		if (skip) {
			skip--;
			continue;
		}
		seq_init_buf(&s, line, sizeof(line));
		trace_print_entry(&s, &slot);
		printk("%s", line);
	}
	printk("ekprobes: end of trace dump\n");
}

void trace_dump_set_on_oops(bool on)
{
	on_oops = on;
}

void trace_dump_oops(void)
{
	if (!on_oops || oops_dumped)
		return;
	oops_dumped = true;
	trace_dump("oops", TRACE_DUMP_LINES);
}
