/*
 * `bench hits`, the rows with several CPUs (kernel/bench.c has the rest):
 *  - the same probe (a kprobe with a per-CPU counter) hit on every online
 *    CPU at once: `bench: MODE kprobe_smp CALLS BASELINE PROBED OPT`, the
 *    totals over all CPUs (CALLS is the calls of them all), and on CPU 0
 *    alone the same way (`kprobe_1cpu`): no more per hit when all hit it
 *    (no lock, no shared line written on the hit path; under -icount it
 *    would show as extra instructions, a retried LDREX/STREX say);
 *  - one text patch with them all online, rendezvous included, and the
 *    same write without the rendezvous: `bench: patch text CPUS WITH
 *    WITHOUT`.
 * QEMU's -icount keeps one instruction count for all vCPUs, which take
 * turns on one host thread: every figure is all CPUs' instructions
 * together, counted on CPU 0 from before it releases the others to after
 * the last has finished (each then waits in WFE, which hands the host
 * thread on, until CPU 0 has read the counter).
 */
#include <ek/arch.h>
#include <ek/arch_bench.h>
#include <ek/bench.h>
#include <ek/kprobes.h>
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/printk.h>
#include <ek/quiesce.h>
#include <ek/shell.h>
#include <ek/smp.h>
#include <ek/spinlock.h>

void bench_empty(u32 a, u32 b);

static u32 calls;
static u32 arrived, finished, go, leave;
static DEFINE_PER_CPU(unsigned long, hits);

static notrace int count_hit(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	(*this_cpu_ptr(&hits))++;
	return 0;
}

static void wait_for(const u32 *word, u32 value)
{
	while (READ_ONCE(*word) < value)
		arch_cpu_wait_event();
}

/* The loop, interrupts masked, on a secondary CPU (posted work). */
static int worker(void *arg)
{
	void (*volatile fn)(u32, u32) = bench_empty;
	unsigned long flags = arch_irq_save();
	u32 gen = (u32)(uintptr_t)arg;

	arch_atomic_add_return(&arrived, 1);
	arch_cpu_send_event();
	wait_for(&go, gen);
	for (u32 i = 0; i < calls; i++)
		fn(i, ~i);
	arch_atomic_add_return(&finished, 1);
	arch_cpu_send_event();
	wait_for(&leave, gen);
	arch_irq_restore(flags);
	return 0;
}

/* Instructions of CPU 0 and @others more (all but CPU 0, or none)
 * running @calls calls at once. */
static u32 all_at_once(u32 others)
{
	static u32 gen;
	void (*volatile fn)(u32, u32) = bench_empty;
	unsigned long flags;
	u32 t0, t1;

	gen++;
	WRITE_ONCE(arrived, 0);
	WRITE_ONCE(finished, 0);
	for (unsigned int cpu = 1; cpu < NR_CPUS && others; cpu++)
		if (cpu_online(cpu))
			smp_call_on_cpu_nowait(cpu, worker, (void *)(uintptr_t)gen);
	flags = arch_irq_save();
	wait_for(&arrived, others);
	t0 = arch_bench_insns();
	WRITE_ONCE(go, gen);
	arch_cpu_send_event();
	for (u32 i = 0; i < calls; i++)
		fn(i, ~i);
	wait_for(&finished, others);
	t1 = arch_bench_insns();
	WRITE_ONCE(leave, gen);
	arch_cpu_send_event();
	arch_irq_restore(flags);
	return t1 - t0;
}

static unsigned long total_hits(void)
{
	unsigned long n = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu))
			n += *per_cpu_ptr(&hits, cpu);
	return n;
}

/* Quiet first: nothing left for a quiescent point to free meanwhile, the
 * others asleep. */
static void settle(void)
{
	quiesce_sync();
	quiescent_point();
	smp_quiet_others();
}

/* One row: CPU 0 and @cpus - 1 others, @n calls each. */
static void row(const char *mode, const char *key, u32 n, u32 cpus)
{
	struct kprobe kp = { .addr = (void *)bench_empty, .pre_handler = count_hit };
	u32 base, probed;

	calls = n;
	settle();
	base = all_at_once(cpus - 1);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu))
			*per_cpu_ptr(&hits, cpu) = 0;
	if (register_kprobe(&kp)) {
		console_printf("bench: FAIL %s %s: cannot register\n", mode, key);
		return;
	}
	settle();
	probed = all_at_once(cpus - 1);
	console_printf("bench: %s %s %u %u %u %d\n", mode, key, n * cpus, base, probed,
		       !!(kp.flags & KPROBE_FLAG_OPTIMIZED));
	if (total_hits() != (unsigned long)n * cpus)
		console_printf("bench: FAIL %s %s: %lu hits for %u calls\n", mode, key,
			       total_hits(), n * cpus);
	unregister_kprobe(&kp);
}

void bench_smp_hits(const char *mode, u32 n)
{
	row(mode, "kprobe_1cpu", n, 1);
	row(mode, "kprobe_smp", n, num_online_cpus());
}

void bench_patch_cost(void)
{
	u32 *at = (u32 *)(void *)bench_empty, insn = *at, t0, with, without;

	settle();
	t0 = arch_bench_insns();
	patch_text(at, &insn, 4);
	with = arch_bench_insns() - t0;
	t0 = arch_bench_insns();
	patch_text_fresh(at, &insn, 4);
	without = arch_bench_insns() - t0;
	console_printf("bench: patch text %u %u %u\n", num_online_cpus(), with, without);
}
