/*
 * The PC's two cascaded i8259A interrupt controllers. Binding (ours,
 * dts/pc.dts): compatible = "intel,i8259"; reg = <0x20 2>, <0xa0 2>
 * (master, slave; I/O ports); interrupt-controller; #interrupt-cells =
 * <1>, the ISA IRQ (0-15; ISA lines are edge triggered, so no flags).
 * Lines are remapped to vectors 0x20-0x2f (asm/traps.h); the slave hangs
 * on the master's IR2.
 *
 * ack() reads the in-service register: the CPU's interrupt acknowledge
 * already moved the line from "requested" to "in service", and with
 * interrupt gates nothing nests, so ISR holds exactly the line being
 * handled (or nothing: a spurious IRQ 7/15, which takes no EOI on its own
 * chip) until eoi() clears it.
 */
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/fdt.h>
#include <ek/irq.h>
#include <asm/io.h>
#include <asm/traps.h>

#define ICW1_INIT 0x11   /* edge, cascade, ICW4 follows */
#define ICW4_8086 0x01
#define OCW2_EOI 0x20    /* non-specific end of interrupt */
#define OCW3_READ_ISR 0x0b
#define CASCADE_IRQ 2

static u16 cmd[2], data[2]; /* master, slave */
static u8 imr[2] = { 0xff, 0xff };

static int lowest_bit(u8 v)
{
	return v ? __builtin_ctz(v) : -1;
}

static u8 read_isr(int chip)
{
	outb(cmd[chip], OCW3_READ_ISR);
	return inb(cmd[chip]);
}

static int i8259_ack(void)
{
	u8 isr = read_isr(0);
	int slave;

	if (!(isr & (1u << CASCADE_IRQ)))
		return lowest_bit(isr);
	slave = lowest_bit(read_isr(1));
	if (slave < 0) {
		/* Spurious on the slave: the master did see the cascade. */
		outb(cmd[0], OCW2_EOI);
		return -1;
	}
	return 8 + slave;
}

static void i8259_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(cmd[1], OCW2_EOI);
	outb(cmd[0], OCW2_EOI);
}

static void write_imr(unsigned int irq)
{
	int chip = irq >= 8;

	outb(data[chip], imr[chip]);
}

static void i8259_mask(unsigned int irq)
{
	if (irq < 16) {
		imr[irq >= 8] |= (u8)(1u << (irq & 7));
		write_imr(irq);
	}
}

static void i8259_unmask(unsigned int irq)
{
	if (irq < 16) {
		imr[irq >= 8] &= (u8)~(1u << (irq & 7));
		write_imr(irq);
	}
}

static int i8259_xlate(const u32 *cells, int n)
{
	return n == 1 && cells[0] < 16 && cells[0] != CASCADE_IRQ ? (int)cells[0] : -EINVAL;
}

static const struct irq_chip i8259_chip = {
	.name = "i8259",
	.ack = i8259_ack,
	.eoi = i8259_eoi,
	.mask = i8259_mask,
	.unmask = i8259_unmask,
	.xlate = i8259_xlate,
	.cells = 1,
};

static int i8259_probe(struct dt_device *dev)
{
	u64 port[2];

	for (int i = 0; i < 2; i++) {
		if (dtb_read_reg(dev->fdt, dev->node, i, &port[i], NULL) || port[i] > 0xfffe)
			return -EINVAL;
		cmd[i] = (u16)port[i];
		data[i] = (u16)(port[i] + 1);
	}
	/* ICW1-4 on both; everything masked but the cascade. */
	for (int i = 0; i < 2; i++) {
		outb(cmd[i], ICW1_INIT);
		outb(data[i], (u8)(X86_IRQ_VECTOR_BASE + 8 * i));
		outb(data[i], i ? CASCADE_IRQ : 1u << CASCADE_IRQ);
		outb(data[i], ICW4_8086);
	}
	imr[0] = (u8)~(1u << CASCADE_IRQ);
	imr[1] = 0xff;
	outb(data[0], imr[0]);
	outb(data[1], imr[1]);
	irq_set_chip(&i8259_chip);
	return 0;
}

static const char *const i8259_compat[] = { "intel,i8259", NULL };
static const struct dt_driver i8259_driver = { "i8259", i8259_compat, i8259_probe };
IRQCHIP_DECLARE(i8259_driver);
