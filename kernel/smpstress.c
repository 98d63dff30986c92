/*
 * `smpstress SECONDS`: every online CPU calls smpstress_target() in a loop
 * for SECONDS, counting its calls; then the shell prints one line per CPU,
 * `smpstress: cpuN calls=M`, and `smpstress: total calls=T`. A probe on
 * smpstress_target() must see exactly T hits.
 *
 * The command returns at once and the shell stays usable meanwhile: each
 * secondary CPU runs the loop as posted work (smp_call_on_cpu_nowait()),
 * and CPU 0 runs it whenever its shell waits for input (the shell's idle
 * work), a batch at a time between looks at the console; a command typed
 * meanwhile runs at once. The lines come when the last CPU is done and the
 * shell is idle: before the next prompt, or at the prompt (which is then
 * shown again).
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/printk.h>
#include <ek/quiesce.h>
#include <ek/shell.h>
#include <ek/smp.h>
#include <ek/spinlock.h>
#include <ek/string.h>
#include <ek/time.h>

#define BATCH 256 /* calls between looks at the clock (and CPU 0's console) */

void smpstress_target(void);

/* What probes are put on: a real call each time (not inlined), and not
 * traced, so that its entry is an ordinary instruction (trap or optimized
 * probes, not the function tracer's call site). */
__noinline notrace void smpstress_target(void)
{
	barrier();
}

static u64 deadline;
static u32 workers; /* secondaries still looping, a bit each */
static u32 cpus;    /* the CPUs taking part, a bit each */
/* 64-bit: an unprobed CPU makes tens of millions of calls a second, and
 * their sum outgrew 32 bits within a minute on two CPUs. */
static DEFINE_PER_CPU(u64, calls);

/* One batch on this CPU, counted (a call is counted once it returned). */
static void batch(void)
{
	u64 *n = this_cpu_ptr(&calls);

	for (unsigned int i = 0; i < BATCH; i++) {
		smpstress_target();
		(*n)++;
	}
}

static int worker(void *arg)
{
	u32 bit = 1u << smp_processor_id();

	(void)arg;
	while (time_ns() < deadline) {
		batch();
		quiescent_point(); /* thread context, between calls */
	}
	atomic_update_bits(&workers, bit, 0);
	return 0;
}

static void report(void)
{
	u64 total = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		u64 n = READ_ONCE(*per_cpu_ptr(&calls, cpu));

		if (!(cpus & (1u << cpu)))
			continue;
		console_printf("smpstress: cpu%u calls=%llu\n", cpu, (unsigned long long)n);
		total += n;
	}
	console_printf("smpstress: total calls=%llu\n", (unsigned long long)total);
}

/* The shell's idle work on CPU 0 while a run lasts. */
static bool idle(bool mid_line)
{
	if (time_ns() < deadline) {
		batch();
		quiescent_point();
		return false;
	}
	if (READ_ONCE(workers))
		return false; /* a secondary finishing its last batch */
	arch_smp_mb(); /* their counts, stored before they left */
	shell_set_idle_work(NULL);
	if (mid_line)
		console_printf("\n");
	report();
	return true;
}

static int cmd_smpstress(int argc, char **argv)
{
	unsigned long seconds;
	unsigned int n = 1;

	if (argc != 2 || kstrtoul(argv[1], 0, &seconds) || !seconds || seconds > 3600) {
		console_printf("usage: smpstress SECONDS (1..3600)\n");
		return -EINVAL;
	}
	if (smp_processor_id()) {
		console_printf("smpstress: only from CPU 0's shell\n");
		return -EINVAL;
	}
	if (READ_ONCE(cpus) && (READ_ONCE(workers) || time_ns() < deadline)) {
		console_printf("smpstress: already running\n");
		return -EBUSY;
	}
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu)) /* (one that never came up has no copy) */
			*per_cpu_ptr(&calls, cpu) = 0;
	deadline = time_ns() + (u64)seconds * NSEC_PER_SEC;
	cpus = 1;
	/* Every secondary's bit before any can clear its own. */
	WRITE_ONCE(workers, cpu_online_mask & ~1u);
	arch_smp_mb();
	for (unsigned int cpu = 1; cpu < NR_CPUS; cpu++) {
		if (!cpu_online(cpu))
			continue;
		if (smp_call_on_cpu_nowait(cpu, worker, NULL)) {
			atomic_update_bits(&workers, 1u << cpu, 0);
			console_printf("smpstress: cpu%u is busy; it takes no part\n", cpu);
			continue;
		}
		cpus |= 1u << cpu;
		n++;
	}
	shell_set_idle_work(idle);
	console_printf("smpstress_target() on %u CPU(s) for %lu s (CPU 0 while the shell waits "
		       "for input)\n", n, seconds);
	return 0;
}
static const struct shell_cmd smpstress_cmd = {
	"smpstress",
	"SECONDS: call smpstress_target() in a loop on every CPU; the shell stays usable",
	cmd_smpstress
};
SHELL_CMD(smpstress_cmd);
