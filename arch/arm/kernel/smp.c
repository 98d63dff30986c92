/*
 * Starting the secondary CPUs. Which CPUs exist comes from the DT's
 * /cpus (their MPIDR affinity in `reg`), cut to what the hardware says it
 * has: a Cortex-A9 MPCore's SCU, a Cortex-A15's L2CTLR (QEMU builds both
 * from -smp; the virt DT lists exactly those). How to start one:
 * `enable-method = "psci"` (virt): PSCI CPU_ON; otherwise a Versatile
 * Express boot monitor (QEMU's, for -kernel): the entry address in
 * SYS_FLAGS, then a software interrupt to wake the CPU from its WFI.
 *
 * Each CPU enters at secondary_entry (smp_head.S) with the boot CPU's
 * settings, starts its interrupt controller interface and local timer and
 * idles in kernel/smp.c, where it takes work and joins text patches.
 */
#include <ek/arch.h>
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/fdt.h>
#include <ek/irq.h>
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/printk.h>
#include <ek/smp.h>
#include <ek/spinlock.h>
#include <ek/string.h>
#include <ek/time.h>
#include <asm/cp15.h>
#include <asm/mmu.h>
#include <asm/smp.h>

#define SECONDARY_STACK 4096
#define START_TIMEOUT_MS 100

_Static_assert(__builtin_offsetof(struct secondary_boot, stack) == SB_STACK &&
		       __builtin_offsetof(struct secondary_boot, scratch) == SB_SCRATCH &&
		       __builtin_offsetof(struct secondary_boot, ttbr0) == SB_TTBR0 &&
		       __builtin_offsetof(struct secondary_boot, ttbcr) == SB_TTBCR &&
		       __builtin_offsetof(struct secondary_boot, dacr) == SB_DACR &&
		       __builtin_offsetof(struct secondary_boot, sctlr) == SB_SCTLR &&
		       __builtin_offsetof(struct secondary_boot, vbar) == SB_VBAR &&
		       __builtin_offsetof(struct secondary_boot, percpu) == SB_PERCPU,
	       "smp_head.S offsets");

struct secondary_boot secondary_boot;
static u8 stacks[NR_CPUS][SECONDARY_STACK] __aligned(8) __section(".noinit");
static u32 scratch[NR_CPUS][12];
extern const u32 vectors[];

/* The inter-processor interrupts are SGIs (kernel/smp.c says what they
 * do); interrupts, so a CPU busy with interrupts on answers at once, and
 * one in a loop with them masked polls for the rendezvous. */
static void ipi_irq(unsigned int irq, void *data)
{
	(void)data;
	smp_handle_ipi(irq);
}

static const char *const ipi_names[IPI_COUNT] = {
	[IPI_RENDEZVOUS] = "IPI rendezvous", [IPI_WAKE] = "IPI wake",
};

/*
 * A secondary CPU after smp_head.S: caches, MMU, vectors, stacks and its
 * per-CPU offset are the boot CPU's. Its interrupt controller interface
 * and local timer come up here; then it is an ordinary CPU, online and
 * idle (kernel/smp.c), on which probes fire like anywhere else.
 */
void secondary_start_kernel(unsigned int cpu)
{
	gic_secondary_init(cpu);
	timer_local_init();
	smp_secondary_idle(cpu);
}
/* The CPU has its stack, vectors and per-CPU probe state here: a probe
 * hit from this function on is an ordinary hit of an ordinary CPU, which
 * is not yet online, so no text changes while it runs (the boot CPU only
 * waits for it in smp_init()). */
NOPROBE_BOUNDARY(secondary_start_kernel);

/* How many CPUs the hardware has, 0 when it does not say. */
static unsigned int hardware_cpus(void)
{
	u32 part = (read_midr() >> 4) & 0xfff;

	if (part == 0xc09) { /* Cortex-A9: SCU configuration, CPU number field */
		unsigned long periph = read_cbar() & ~0x1fffu;
		volatile u32 *scu = periph ? ioremap(periph, 0x100) : NULL;

		return scu ? (scu[1] & 3) + 1 : 1;
	}
	if (part == 0xc0f) /* Cortex-A15: L2CTLR, number of cores */
		return ((read_l2ctlr() >> 24) & 3) + 1;
	return 0;
}

static int wait_online(unsigned int cpu)
{
	u64 t0 = arch_counter_read();
	u64 limit = (u64)arch_counter_freq() / 1000 * START_TIMEOUT_MS;

	while (!(cpu_online_mask & (1u << cpu)))
		if (arch_counter_read() - t0 > limit)
			return -ETIMEDOUT;
	return 0;
}

/* Start CPU @cpu (MPIDR affinity @mpidr) with @method; 0 once it is up. */
static int start_cpu(unsigned int cpu, u32 mpidr, const char *method, const char **why)
{
	struct secondary_boot *b = &secondary_boot;
	unsigned long entry = (unsigned long)secondary_entry;
	int ret;

	b->cpu = cpu;
	b->percpu = (u32)percpu_prepare_cpu(cpu);
	b->stack = (u32)(uintptr_t)&stacks[cpu][SECONDARY_STACK];
	b->scratch = (u32)(uintptr_t)scratch[cpu];
	b->ttbr0 = ttbr0_value();
	b->ttbcr = read_ttbcr();
	b->dacr = read_dacr();
	b->sctlr = read_sctlr();
	b->vbar = (u32)(uintptr_t)vectors;
	/* It reads this with its caches off. */
	dcache_clean_poc_range((unsigned long)b, sizeof(*b));
	if (method && !strcmp(method, "psci")) {
		ret = psci_cpu_on(mpidr, entry);
		if (ret) {
			*why = ret == -ENODEV ? "enable-method psci, but no PSCI 0.2+ in the DT"
					      : "PSCI CPU_ON failed";
			return ret;
		}
	} else {
		ret = vexpress_set_boot_addr(entry);
		if (ret) {
			*why = "no enable-method and no boot monitor (arm,vexpress-sysreg)";
			return ret;
		}
		gic_raise_sgi(mpidr & 0xff, 0);
	}
	ret = wait_online(cpu);
	if (ret)
		*why = "no answer within 100 ms";
	return ret;
}

/* Before the first secondary starts (a one-CPU boot has neither): the
 * IPIs, and locks that lock (include/ek/spinlock.h). */
static void prepare_first_secondary(void)
{
	static bool done;

	for (unsigned int i = 1; i < IPI_COUNT && !done; i++)
		if (request_irq(i, ipi_irq, NULL, ipi_names[i]))
			printk("smp: no interrupt for %s\n", ipi_names[i]);
	if (!done)
		smp_lock_start();
	done = true;
}

void smp_init(void)
{
	const void *fdt = boot_fdt;
	int cpus = dtb_path_offset(fdt, "/cpus", 5);
	unsigned int listed = 0, absent = 0, hw = hardware_cpus(), self = read_mpidr() & 0xffffff;

	for (int n = cpus >= 0 ? dtb_first_subnode(fdt, cpus) : -1; n >= 0;
	     n = dtb_next_subnode(fdt, n)) {
		const char *type = dtb_getprop(fdt, n, "device_type", NULL);
		const char *method = dtb_getprop(fdt, n, "enable-method", NULL);
		const char *why = "";
		u32 mpidr;

		if (!type || strcmp(type, "cpu") || !dtb_getprop_u32(fdt, n, "reg", &mpidr))
			continue;
		if ((mpidr & 0xffffff) == self)
			continue; /* the boot CPU: CPU 0 */
		if (++listed >= NR_CPUS) {
			printk("smp: cpu%u (mpidr 0x%x): not started: at most %u CPUs\n", listed,
			       mpidr, NR_CPUS);
			continue;
		}
		if (hw && listed >= hw) {
			absent++; /* said once below */
			continue;
		}
		prepare_first_secondary();
		if (start_cpu(listed, mpidr, method, &why))
			printk("smp: cpu%u (mpidr 0x%x): not started: %s\n", listed, mpidr, why);
	}
	if (absent)
		printk("smp: %u CPU(s) of the DT not started: the hardware has %u\n", absent, hw);
	printk("smp: %u of %u CPU(s) online\n", num_online_cpus(), listed + 1);
}
