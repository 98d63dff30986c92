/* ARM Generic Interrupt Controller v1/v2 (Cortex-A9 MPCore, A15, virt). */
#include <asm/cp15.h>
#include <ek/arch.h>
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/irq.h>
#include <ek/noprobe.h>
#include <ek/smp.h>

#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ICPENDR 0x280
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_SGIR 0xf00
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_BPR 0x08
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10

static volatile u8 *dist, *cpu;
static unsigned int nr_lines;
/* Each logical CPU's bit in the GIC's target lists (its CPU interface),
 * read by that CPU itself: GICD_ITARGETSR0 answers for the reader. */
static u8 cpu_target[NR_CPUS];

static void dwr(unsigned int off, u32 v)
{
	*(volatile u32 *)(dist + off) = v;
}

static u32 drd(unsigned int off)
{
	return *(volatile u32 *)(dist + off);
}

static void cwr(unsigned int off, u32 v)
{
	*(volatile u32 *)(cpu + off) = v;
}

static u32 crd(unsigned int off)
{
	return *(volatile u32 *)(cpu + off);
}

/*
 * An SGI (an inter-processor interrupt) ends at once, before its handler
 * runs, as Linux's GIC driver does: its handler may wait for another CPU
 * (the text-patching rendezvous) in WFI, and only an interrupt of higher
 * priority than the running one could wake it while the SGI were active.
 */
static int gic_ack(void)
{
	u32 iar = crd(GICC_IAR), irq = iar & 0x3ff;

	if (irq < 16)
		cwr(GICC_EOIR, iar); /* names the sender too (bits 12:10) */
	return irq >= 1020 ? -1 : (int)irq;
}

static void gic_eoi(unsigned int irq)
{
	if (irq >= 16)
		cwr(GICC_EOIR, irq);
}

/* This CPU's target bit; a uniprocessor GIC may read it as 0. */
static u8 own_target(unsigned int cpu_nr)
{
	u8 t = (u8)(drd(GICD_ITARGETSR) & 0xff);

	return t ? t : (u8)(1u << cpu_nr);
}

static void gic_mask(unsigned int irq)
{
	dwr(GICD_ICENABLER + 4 * (irq / 32), 1u << (irq % 32));
}

static void gic_unmask(unsigned int irq)
{
	dwr(GICD_ISENABLER + 4 * (irq / 32), 1u << (irq % 32));
}

/* <type num flags>: type 0 = SPI (from 32), 1 = PPI (from 16). */
static int gic_xlate(const u32 *cells, int n)
{
	if (n < 2)
		return -EINVAL;
	if (cells[0] == 0 && cells[1] < 988)
		return (int)cells[1] + 32;
	if (cells[0] == 1 && cells[1] < 16)
		return (int)cells[1] + 16;
	return -EINVAL;
}

static const struct irq_chip gic_chip = {
	.name = "GIC",
	.ack = gic_ack,
	.eoi = gic_eoi,
	.mask = gic_mask,
	.unmask = gic_unmask,
	.xlate = gic_xlate,
	.cells = 3,
};

static int gic_probe(struct dt_device *dev)
{
	dist = dt_iomap(dev, 0, NULL);
	cpu = dt_iomap(dev, 1, NULL);
	if (!dist || !cpu)
		return -EINVAL;
	nr_lines = 32 * ((drd(GICD_TYPER) & 0x1f) + 1);
	if (nr_lines > NR_IRQS)
		nr_lines = NR_IRQS;
	dwr(GICD_CTLR, 0);
	for (unsigned int i = 0; i < nr_lines; i += 32) {
		dwr(GICD_ICENABLER + i / 8, 0xffffffffu);
		dwr(GICD_ICPENDR + i / 8, 0xffffffffu);
	}
	for (unsigned int i = 0; i < nr_lines; i += 4)
		dwr(GICD_IPRIORITYR + i, 0xa0a0a0a0u);
	for (unsigned int i = 32; i < nr_lines; i += 4)
		dwr(GICD_ITARGETSR + i, 0x01010101u); /* all SPIs to CPU0 */
	for (unsigned int i = 32; i < nr_lines; i += 16)
		dwr(GICD_ICFGR + i / 4, 0); /* level triggered */
	dwr(GICD_CTLR, 1);
	cpu_target[0] = own_target(0);
	cwr(GICC_PMR, 0xf0);
	cwr(GICC_BPR, 0);
	cwr(GICC_CTLR, 1);
	irq_set_chip(&gic_chip);
	return 0;
}

/* Software-generated interrupt @id to @cpu (its CPU interface number). */
void gic_raise_sgi(unsigned int cpu, unsigned int id)
{
	dsb(); /* what the target will read is written first */
	dwr(GICD_SGIR, (1u << (16 + cpu)) | (id & 15));
}

/* Software-generated interrupt @id to every CPU but this one. */
__noprobe void gic_raise_sgi_others(unsigned int id)
{
	dsb();
	*(volatile u32 *)(dist + GICD_SGIR) = (1u << 24) | (id & 15);
}

/* The inter-processor interrupts (include/ek/smp.h) are SGIs of their
 * numbers; the write that sends one comes after what it announces. */
__noprobe void arch_send_ipi(unsigned int cpu_nr, unsigned int ipi)
{
	dsb();
	*(volatile u32 *)(dist + GICD_SGIR) = ((u32)cpu_target[cpu_nr] << 16) | (ipi & 15);
}

__noprobe void arch_send_ipi_others(unsigned int ipi)
{
	gic_raise_sgi_others(ipi);
}

/* A starting secondary CPU's own (banked) CPU interface and the SGIs it
 * answers (its banked enable register), as the boot CPU's. */
void gic_secondary_init(unsigned int cpu_nr)
{
	cpu_target[cpu_nr] = own_target(cpu_nr);
	for (unsigned int i = 0; i < 32; i += 4) /* its banked SGIs and PPIs */
		dwr(GICD_IPRIORITYR + i, 0xa0a0a0a0u);
	dwr(GICD_ISENABLER, 0xffffu); /* SGIs 0-15 */
	cwr(GICC_PMR, 0xf0);
	cwr(GICC_BPR, 0);
	cwr(GICC_CTLR, 1);
}

static const char *const gic_compat[] = { "arm,cortex-a15-gic", "arm,cortex-a9-gic",
					  "arm,gic-400", "arm,arm11mp-gic", NULL };
static const struct dt_driver gic_driver = { "gic", gic_compat, gic_probe };
IRQCHIP_DECLARE(gic_driver);
