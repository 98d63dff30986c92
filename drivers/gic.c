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

static int gic_ack(void)
{
	u32 irq = crd(GICC_IAR) & 0x3ff;

	return irq >= 1020 ? -1 : (int)irq;
}

static void gic_eoi(unsigned int irq)
{
	cwr(GICC_EOIR, irq);
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

/* A starting secondary CPU's own (banked) CPU interface and the SGIs it
 * answers (its banked enable register), as the boot CPU's. Runs before it
 * may hit a probe. */
__noprobe void gic_secondary_init(void)
{
	volatile u8 *c = cpu;

	*(volatile u32 *)(dist + GICD_ISENABLER) = 0xffffu; /* SGIs 0-15 */
	*(volatile u32 *)(c + GICC_PMR) = 0xf0;
	*(volatile u32 *)(c + GICC_BPR) = 0;
	*(volatile u32 *)(c + GICC_CTLR) = 1;
}

/* A parked CPU woken by an SGI takes no exception (IRQs masked): it
 * acknowledges and ends the interrupt itself, so it does not stay
 * pending. */
__noprobe void gic_secondary_ack(void)
{
	u32 irq = *(volatile u32 *)(cpu + GICC_IAR);

	if ((irq & 0x3ff) < 1020)
		*(volatile u32 *)(cpu + GICC_EOIR) = irq;
}

static const char *const gic_compat[] = { "arm,cortex-a15-gic", "arm,cortex-a9-gic",
					  "arm,gic-400", "arm,arm11mp-gic", NULL };
static const struct dt_driver gic_driver = { "gic", gic_compat, gic_probe };
IRQCHIP_DECLARE(gic_driver);
