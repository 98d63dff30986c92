/*
 * The PC's i8254 interval timer, channel 0: the periodic tick (HZ) on its
 * ISA IRQ. Binding (ours, dts/pc.dts): compatible = "intel,i8254"; reg =
 * <0x40 4> (I/O ports); interrupts = <0>; clock-frequency optional
 * (default 1193182 Hz). Channel 2 belongs to the TSC calibration
 * (arch/x86/kernel/tsc.c); timestamps come from the TSC, not from here.
 */
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/fdt.h>
#include <ek/irq.h>
#include <ek/time.h>
#include <asm/io.h>
#include <asm/pit.h>

static u16 pit_port;
static u32 pit_hz = PIT_HZ;

static void i8254_irq(unsigned int irq, void *data)
{
	(void)irq;
	(void)data;
	timer_tick();
}

/* Mode 2 reloads at the end of the current period: no restart glitch. */
static int i8254_set_rate(unsigned int hz)
{
	u32 div;

	if (!hz || hz > pit_hz)
		return -EINVAL;
	div = pit_hz / hz;
	if (div > 0xffff)
		return -EINVAL;
	outb((u16)(pit_port + 3), PIT_SEL(0) | PIT_LOHI | PIT_MODE2);
	outb(pit_port, (u8)div);
	outb(pit_port, (u8)(div >> 8));
	return 0;
}

static int i8254_probe(struct dt_device *dev)
{
	u64 port;
	int irq = dt_irq(dev, 0), ret;

	if (timer_tick_source())
		return -ENODEV;
	if (irq < 0)
		return irq;
	if (dtb_read_reg(dev->fdt, dev->node, 0, &port, NULL) || port > 0xfffc)
		return -EINVAL;
	pit_port = (u16)port;
	dtb_getprop_u32(dev->fdt, dev->node, "clock-frequency", &pit_hz);
	ret = i8254_set_rate(HZ);
	if (ret)
		return ret;
	ret = request_irq((unsigned int)irq, i8254_irq, NULL, "i8254-timer");
	if (ret)
		return ret;
	timer_set_tick_source("i8254", i8254_set_rate);
	return 0;
}

static const char *const i8254_compat[] = { "intel,i8254", NULL };
static const struct dt_driver i8254_driver = { "i8254", i8254_compat, i8254_probe };
TIMER_DECLARE(i8254_driver);
