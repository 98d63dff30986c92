/*
 * The copies of the per-CPU section for the secondary CPUs
 * (include/ek/percpu.h). They live in .noinit and are cleared only when a
 * CPU is prepared: clearing them at boot would cost every boot, SMP or
 * not, on the path to the early probes.
 */
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/printk.h>
#include <ek/string.h>

#define PERCPU_AREA_MAX 4096 /* bytes of per-CPU variables a CPU may have */

extern char __per_cpu_start[], __per_cpu_end[];
extern const struct percpu_init __percpu_init_start[], __percpu_init_end[];

static u8 areas[NR_CPUS > 1 ? NR_CPUS - 1 : 1][PERCPU_AREA_MAX] __aligned(64) __attribute__((section(".noinit")));
unsigned long __per_cpu_offset[NR_CPUS];
DEFINE_PER_CPU(unsigned int, cpu_number);

unsigned long percpu_prepare_cpu(unsigned int cpu)
{
	size_t size = (size_t)(__per_cpu_end - __per_cpu_start);

	if (size > PERCPU_AREA_MAX)
		panic("percpu: %zu bytes of per-CPU variables, room for %u", size,
		      PERCPU_AREA_MAX);
	__per_cpu_offset[cpu] = (unsigned long)areas[cpu - 1] - (unsigned long)__per_cpu_start;
	memset(areas[cpu - 1], 0, size);
	*per_cpu_ptr(&cpu_number, cpu) = cpu;
	for (const struct percpu_init *i = __percpu_init_start; i < __percpu_init_end; i++)
		i->fn(cpu);
	return __per_cpu_offset[cpu];
}
