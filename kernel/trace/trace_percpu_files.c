/*
 * The tracefs files of the per-CPU rings, in Linux's formats:
 * buffer_size_kb (each CPU's ring, writable: every CPU's is resized),
 * buffer_total_size_kb (the sum over the online CPUs), and for each online
 * CPU per_cpu/cpuN/trace (its ring alone) and per_cpu/cpuN/stats.
 */
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/printk.h>
#include <ek/probe_event.h>
#include <ek/shell.h>
#include <ek/smp.h>
#include <ek/string.h>
#include <ek/time.h>
#include <ek/trace.h>

#define TRACING "/sys/kernel/tracing/"
#define SLOTS_PER_KB (1024 / TRACE_ENTRY_SIZE)
_Static_assert(1024 % TRACE_ENTRY_SIZE == 0, "whole slots per KiB");

/* KiB, rounded up: a DT buffer-entries that is not a multiple of 8 (of
 * 128-byte slots) still reads as room for entries. */
static unsigned long slots_kb(unsigned long slots)
{
	return (slots + SLOTS_PER_KB - 1) / SLOTS_PER_KB;
}

static int size_show(struct seq *s, void *data)
{
	(void)data;
	seq_printf(s, "%lu\n", slots_kb(trace_buffer_entries()));
	return 0;
}

/* Linux: the new size of every CPU's buffer in KiB; here a whole number
 * of slots, 1 KiB to what each CPU's ring holds (the static rings, or
 * less when CPU 0's is in a kept region: every ring has one size). */
static int size_write(const char *text, size_t len, bool append, void *data)
{
	unsigned long kb;

	(void)append;
	(void)data;
	(void)len;
	if (kstrtoul(text, 10, &kb) || !kb) {
		console_printf("ekprobes: error: buffer_size_kb: expected a size in KiB, "
			       "at least 1\n");
		return -EINVAL;
	}
	if (kb > trace_buffer_max_entries() / SLOTS_PER_KB) {
		console_printf("ekprobes: error: buffer_size_kb: %lu is more than the %u KiB "
			       "per CPU %s\n", kb, trace_buffer_max_entries() / SLOTS_PER_KB,
			       trace_buffer_max_entries() < TRACE_BUF_ENTRIES
				       ? "the boot trace's kept region holds (CPU 0's ring is there)"
				       : "built in (make TRACE_BUF_ENTRIES=...)");
		return -ENOMEM;
	}
	return trace_buffer_set_entries((unsigned int)kb * SLOTS_PER_KB);
}

static const struct pfile size_file = { .path = TRACING "buffer_size_kb",
					.show = size_show,
					.write = size_write };
PFILE_DECLARE(size_file);

static int total_size_show(struct seq *s, void *data)
{
	(void)data;
	seq_printf(s, "%lu\n", slots_kb((unsigned long)trace_buffer_entries() * num_online_cpus()));
	return 0;
}

static const struct pfile total_size_file = { .path = TRACING "buffer_total_size_kb",
					      .show = total_size_show };
PFILE_DECLARE(total_size_file);

/* ---- per_cpu/cpuN --------------------------------------------------- */

static int cpu_trace_show(struct seq *s, void *data)
{
	trace_show_cpus(s, 1u << (uintptr_t)data);
	return 0;
}

static void print_ts(struct seq *s, const char *name, u64 ns)
{
	unsigned long sec, usec;

	ns_to_sec_usec(ns, &sec, &usec);
	seq_printf(s, "%s: %5lu.%06lu\n", name, sec, usec);
}

static int cpu_stats_show(struct seq *s, void *data)
{
	static struct ring_merge m __section(".noinit"); /* written before read */
	static struct trace_slot oldest __section(".noinit");
	unsigned int cpu = (unsigned int)(uintptr_t)data;
	struct trace_cpu_stats st;

	trace_buffer_stats_cpu(cpu, &st);
	seq_printf(s, "entries: %llu\n", (unsigned long long)st.entries);
	seq_printf(s, "overrun: %llu\n", (unsigned long long)st.overruns);
	seq_printf(s, "commit overrun: 0\n"); /* a writer never laps itself */
	seq_printf(s, "bytes: %llu\n", (unsigned long long)st.entries * TRACE_ENTRY_SIZE);
	trace_iter_start(&m, 1u << cpu);
	print_ts(s, "oldest event ts",
		 trace_iter_next(&m, &oldest)
			 ? trace_clock_to_ns(oldest.e.ts,
					     (u8)(oldest.e.flags >> TRACE_ENTRY_EPOCH_SHIFT))
			 : 0);
	print_ts(s, "now ts", time_ns());
	seq_printf(s, "dropped events: %lu\n", (unsigned long)st.dropped);
	seq_printf(s, "read events: %llu\n", (unsigned long long)st.read); /* trace_pipe's */
	return 0;
}

#define PER_CPU_PATH_MAX sizeof(TRACING "per_cpu/cpu99/stats")

/* Written before they are read (.noinit: not cleared on the way to the
 * early probes). */
static struct {
	struct pfile trace, stats;
	char trace_path[PER_CPU_PATH_MAX], stats_path[PER_CPU_PATH_MAX];
} per_cpu_files[NR_CPUS] __section(".noinit");

/* After smp_init(): the CPUs that came up. */
static int per_cpu_files_init(void)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		__typeof__(per_cpu_files[0]) *f = &per_cpu_files[cpu];

		if (!(cpu_online_mask & (1u << cpu)))
			continue;
		ksnprintf(f->trace_path, sizeof(f->trace_path), TRACING "per_cpu/cpu%u/trace", cpu);
		ksnprintf(f->stats_path, sizeof(f->stats_path), TRACING "per_cpu/cpu%u/stats", cpu);
		f->trace = (struct pfile){ .path = f->trace_path, .show = cpu_trace_show,
					   .data = (void *)(uintptr_t)cpu };
		f->stats = (struct pfile){ .path = f->stats_path, .show = cpu_stats_show,
					   .data = (void *)(uintptr_t)cpu };
		pfile_register(&f->trace);
		pfile_register(&f->stats);
	}
	return 0;
}
device_initcall(per_cpu_files_init);
