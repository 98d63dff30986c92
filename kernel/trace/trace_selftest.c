/*
 * selftest trace_percpu: the per-CPU rings as a reader sees them, on every
 * online CPU. Three function entries go into each online CPU's ring
 * (written as its owner would, with the other CPUs stopped: the
 * secondaries record nothing themselves yet), their times interleaved
 * across the CPUs; the merged reading must give all of them in time
 * order, each with its CPU, and each ring's count must have grown by
 * three. They stay, so `cat /sys/kernel/tracing/trace` shows them: entries
 * of trace_selftest_percpu.
 */
#include <ek/ftrace.h>
#include <ek/noprobe.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/smp.h>
#include <ek/string.h>
#include <ek/time.h>
#include <ek/trace.h>

#define PER_CPU_ENTRIES 3u

#define CHECK(cond, ...) SELFTEST_CHECK("trace_percpu", failures, cond, __VA_ARGS__)

int trace_selftest_percpu(void);

__noinline int trace_selftest_percpu(void)
{
	static struct ring_merge m __section(".noinit"); /* a slot per CPU */
	static struct trace_slot slot __section(".noinit");
	const struct trace_buffer *tb = trace_buffer_this_cpu();
	u32 marker = (u32)(uintptr_t)trace_selftest_percpu + 4, online = cpu_online_mask;
	unsigned int cpus[NR_CPUS], n = 0, seen = 0, failures = 0;
	u64 written[NR_CPUS] = { 0 }, t0, last_ns = 0;

	if (trace_buffer_entries() < PER_CPU_ENTRIES + RING_MARGIN_REMOTE || !trace_is_on()) {
		console_printf("selftest trace_percpu: skipped (rings too small, or tracing off)\n");
		return 0;
	}
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct trace_cpu_stats st;

		if (!(online & (1u << cpu)))
			continue;
		trace_buffer_stats_cpu(cpu, &st);
		written[n] = st.written;
		cpus[n++] = cpu;
	}
	/* Entry e of the run: on cpus[e % n], at t0 + 1 + e; each CPU's own
	 * in order, the CPUs written one after the other. */
	t0 = tb->clock();
	for (unsigned int k = 0; k < n; k++) {
		for (unsigned int j = 0; j < PER_CPU_ENTRIES; j++) {
			memset(&slot, 0, sizeof(slot));
			slot.e.ts = t0 + 1 + j * n + k;
			slot.e.flags = tb->clock_flags;
			slot.e.ip = marker;
			slot.e.event_id = TRACE_TYPE_FUNCTION;
			slot.e.len = sizeof(u32);
			memcpy(slot.data, &(u32){ (u32)(uintptr_t)__builtin_return_address(0) }, 4);
			CHECK(trace_buffer_write_cpu(cpus[k], &slot), "cpu%u refused an entry", cpus[k]);
		}
	}
	trace_iter_start(&m, ~0u);
	while (trace_iter_next(&m, &slot)) {
		u64 ns = trace_clock_to_ns(slot.e.ts, (u8)(slot.e.flags >> TRACE_ENTRY_EPOCH_SHIFT));

		/* Only this run's: an earlier run's entries (selftest all on
		 * each CPU in turn) have older times. */
		if (slot.e.ip != marker || slot.e.event_id != TRACE_TYPE_FUNCTION || slot.e.ts <= t0)
			continue;
		CHECK(slot.e.ts == t0 + 1 + seen && slot.e.cpu == cpus[seen % n],
		      "entry %u: cpu%u at +%llu, want cpu%u at +%u", seen, slot.e.cpu,
		      (unsigned long long)(slot.e.ts - t0 - 1), cpus[seen % n], seen);
		CHECK(ns >= last_ns, "entry %u: out of time order", seen);
		last_ns = ns;
		seen++;
	}
	CHECK(seen == n * PER_CPU_ENTRIES, "%u of %u entries read", seen, n * PER_CPU_ENTRIES);
	for (unsigned int k = 0; k < n; k++) {
		struct trace_cpu_stats st;

		trace_buffer_stats_cpu(cpus[k], &st);
		CHECK(st.written == written[k] + PER_CPU_ENTRIES, "cpu%u: %llu written, want %llu",
		      cpus[k], (unsigned long long)st.written,
		      (unsigned long long)written[k] + PER_CPU_ENTRIES);
	}
	console_printf("selftest trace_percpu: %s (%u CPU(s), %u entries merged)\n",
		       failures ? "FAIL" : "PASS", n, seen);
	return failures ? -1 : 0;
}

static const struct selftest trace_percpu_test = { "trace_percpu", trace_selftest_percpu };
SELFTEST_DECLARE(trace_percpu_test);
