/* The CPUs that are up, and /proc/cpuinfo (Linux's lines that apply). */
#include <ek/arch.h>
#include <ek/noprobe.h>
#include <ek/shell.h>
#include <ek/smp.h>

volatile u32 cpu_online_mask = 1;

/* An arch that starts no other CPU (i386) has no one to stop. */
__attribute__((weak)) __noprobe void smp_rendezvous_begin(void)
{
}

__attribute__((weak)) __noprobe void smp_rendezvous_end(void)
{
}

static int cpuinfo_show(struct seq *s, void *data)
{
	(void)data;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!(cpu_online_mask & (1u << cpu)))
			continue;
		seq_printf(s, "processor\t: %u\nmodel name\t: %s\n\n", cpu, arch_cpu_name());
	}
	return 0;
}
static const struct pfile cpuinfo_file = { .path = "/proc/cpuinfo", .show = cpuinfo_show };
PFILE_DECLARE(cpuinfo_file);
