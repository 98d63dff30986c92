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
 * settings and parks here, in .noprobe.text with interrupts masked: until
 * the probe path is made safe for several CPUs (issue 13), no secondary
 * runs anything a probe, a patch or the tracer could touch.
 */
#include <ek/arch.h>
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/fdt.h>
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/printk.h>
#include <ek/smp.h>
#include <ek/string.h>
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

/*
 * The rendezvous of patch_text(). ARMv7 lets a CPU execute an instruction
 * while another changes it only when both the old and the new one are B,
 * BL, BLX, BKPT, SVC, HVC, SMC, NOP or ISB (ARM ARM A3.5.4); our
 * breakpoint is a permanently undefined instruction and a detour's branch
 * replaces any instruction, so no change skips this. The others, woken by
 * SGI_RENDEZVOUS, spin with interrupts masked while the patcher writes
 * and cleans, invalidates and waits for the whole inner shareable domain;
 * released, each runs an ISB, so it fetches the new instruction.
 */
#define SGI_RENDEZVOUS 1

static struct {
	volatile u32 gen;     /* a new rendezvous: each CPU joins once per value */
	volatile u32 arrived; /* CPUs spinning in this one */
	volatile u32 done;    /* == gen: go on */
} rv;

__noprobe void smp_rendezvous_begin(void)
{
	u32 others = num_online_cpus() - 1;

	if (!others)
		return;
	rv.gen++;
	gic_raise_sgi_others(SGI_RENDEZVOUS); /* its DSB publishes gen first */
	while (rv.arrived != others)
		;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
}

__noprobe void smp_rendezvous_end(void)
{
	if (num_online_cpus() == 1)
		return;
	__asm__ __volatile__("dsb ish" ::: "memory"); /* the maintenance is done */
	rv.arrived = 0;
	rv.done = rv.gen;
	dsb();
	__asm__ __volatile__("sev" ::: "memory");
}

/* In the coherency domain, its GIC interface on, then parked: woken only
 * by a rendezvous, which it joins. */
__noprobe void secondary_start_kernel(unsigned int cpu)
{
	u32 seen;

	gic_secondary_init();
	seen = rv.gen;
	__atomic_fetch_or(&cpu_online_mask, 1u << cpu, __ATOMIC_RELEASE);
	dsb();
	for (;;) {
		u32 gen;

		__asm__ __volatile__("wfi" ::: "memory");
		gic_secondary_ack();
		gen = rv.gen;
		if (gen == seen)
			continue;
		seen = gen;
		__atomic_fetch_add(&rv.arrived, 1, __ATOMIC_ACQ_REL);
		while (rv.done != gen)
			__asm__ __volatile__("wfe" ::: "memory");
		isb();
	}
}
NOPROBE_ROOT(secondary_start_kernel);

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
		if (start_cpu(listed, mpidr, method, &why))
			printk("smp: cpu%u (mpidr 0x%x): not started: %s\n", listed, mpidr, why);
	}
	if (absent)
		printk("smp: %u CPU(s) of the DT not started: the hardware has %u\n", absent, hw);
	printk("smp: %u of %u CPU(s) online%s\n", num_online_cpus(), listed + 1,
	       num_online_cpus() > 1 ? "; the secondaries are parked (no probe runs on them yet)"
				     : "");
}
