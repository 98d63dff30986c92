/* CPU identification, interrupt masking and the boot-time counter. */
#include <ek/arch.h>
#include <ek/printk.h>
#include <asm/cp15.h>

unsigned long arch_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("mrs %0, cpsr\n\tcpsid i" : "=r"(flags) : : "memory", "cc");
	return flags;
}

void arch_irq_restore(unsigned long flags)
{
	__asm__ __volatile__("msr cpsr_c, %0" : : "r"(flags) : "memory", "cc");
}

void arch_irq_enable(void)
{
	__asm__ __volatile__("cpsie i" : : : "memory", "cc");
}

void arch_irq_disable(void)
{
	__asm__ __volatile__("cpsid i" : : : "memory", "cc");
}

void arch_wait_for_interrupt(void)
{
	dsb();
	__asm__ __volatile__("wfi" : : : "memory");
}

void arch_halt(void)
{
	arch_irq_disable();
	for (;;)
		arch_wait_for_interrupt();
}

static bool has_generic_timer(void)
{
	return ((read_id_pfr1() >> 16) & 0xf) != 0;
}

static bool is_cortex_a9(void)
{
	return ((read_midr() >> 4) & 0xfff) == 0xc09;
}

/* Cortex-A9 MPCore: the global timer, found through CBAR (PERIPHBASE). */
static u64 a9_global_timer_read(void)
{
	static volatile u32 *gt;
	u32 hi, lo;

	if (!gt) {
		u32 cbar;

		__asm__ __volatile__("mrc p15, 4, %0, c15, c0, 0" : "=r"(cbar));
		gt = ioremap((cbar & ~0x1fffu) + 0x200, 0x20);
		if (!(gt[2] & 1))
			gt[2] = 1; /* enable, prescaler 0 */
	}
	do {
		hi = gt[1];
		lo = gt[0];
	} while (hi != gt[1]);
	return (u64)hi << 32 | lo;
}

static u64 pmu_cycles_read(void)
{
	static u32 last, high;
	static bool pmu_on;
	unsigned long flags = arch_irq_save();
	u32 now;

	if (!pmu_on) {
		write_pmcr((read_pmcr() | 1u) & ~(1u << 3)); /* enable, every cycle */
		write_pmcntenset(1u << 31);
		isb();
		pmu_on = true;
	}
	now = read_pmccntr();
	if (now < last)
		high++;
	last = now;
	arch_irq_restore(flags);
	return (u64)high << 32 | now;
}

/*
 * The counter behind printk timestamps until a timer driver takes over:
 * the generic timer's virtual count where the CPU has one (Cortex-A15),
 * the MPCore global timer on Cortex-A9, else the PMU cycle counter.
 */
u64 arch_counter_read(void)
{
	if (has_generic_timer())
		return read_cntvct();
	if (is_cortex_a9())
		return a9_global_timer_read();
	return pmu_cycles_read();
}

u32 arch_counter_freq(void)
{
	if (has_generic_timer()) {
		u32 f = read_cntfrq();

		return f ? f : 62500000; /* firmware left CNTFRQ unset: QEMU's rate */
	}
	/* PERIPHCLK and the CPU clock are board properties the DT timer driver
	 * supplies a few milliseconds later; until then assume QEMU's rates
	 * (100 MHz, 1 GHz). Switching sources keeps time continuous. */
	return is_cortex_a9() ? 100000000 : 1000000000;
}

const char *arch_cpu_name(void)
{
	static char name[32];
	u32 midr = read_midr();
	const char *core;

	switch ((midr >> 4) & 0xfff) {
	case 0xc07: core = "Cortex-A7"; break;
	case 0xc08: core = "Cortex-A8"; break;
	case 0xc09: core = "Cortex-A9"; break;
	case 0xc0d: core = "Cortex-A12"; break;
	case 0xc0e: core = "Cortex-A17"; break;
	case 0xc0f: core = "Cortex-A15"; break;
	default: core = "ARMv7 CPU"; break;
	}
	ksnprintf(name, sizeof(name), "%s r%up%u", core, (midr >> 20) & 0xf, midr & 0xf);
	return name;
}
