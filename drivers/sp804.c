/*
 * ARM SP804 dual timer: the tick where the CPU has no timer of its own
 * (no generic timer, no MPCore private timer). Timer 1 runs periodic at
 * HZ from the timer clock (TIMCLK, 1 MHz on Versatile Express: the
 * motherboard's SP810 feeds the 32.768 kHz or 1 MHz reference, QEMU models
 * 1 MHz), taken from the node's "clock-frequency" or its first clock.
 */
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/fdt.h>
#include <ek/irq.h>
#include <ek/time.h>

#define T1_LOAD 0x00
#define T1_CONTROL 0x08
#define T1_INTCLR 0x0c
#define T1_BGLOAD 0x18
#define CTRL_ENABLE (1u << 7)
#define CTRL_PERIODIC (1u << 6)
#define CTRL_INTEN (1u << 5)
#define CTRL_32BIT (1u << 1)
#define SP804_DEFAULT_HZ 1000000u

static volatile u32 *sp804;

static void sp804_irq(unsigned int irq, void *data)
{
	(void)irq;
	(void)data;
	sp804[T1_INTCLR / 4] = 1;
	timer_tick();
}

static u32 sp804_hz;

static int sp804_set_rate(unsigned int rate)
{
	if (rate > sp804_hz)
		return -EINVAL;
	/* Periodic mode reloads from T1_BGLOAD without restarting the
	 * current period. */
	sp804[T1_BGLOAD / 4] = sp804_hz / rate;
	return 0;
}

static int sp804_probe(struct dt_device *dev)
{
	u32 hz = SP804_DEFAULT_HZ;
	int irq = dt_irq(dev, 0), ret;

	/* Only one tick source: leave the SP804 alone when the CPU's own
	 * timer already ticks (it probes first, in the same table). */
	if (timer_tick_source())
		return -ENODEV;
	dtb_getprop_u32(dev->fdt, dev->node, "clock-frequency", &hz);
	if (irq < 0)
		return irq;
	sp804 = dt_iomap(dev, 0, NULL);
	if (!sp804)
		return -EINVAL;
	sp804[T1_CONTROL / 4] = 0;
	sp804[T1_INTCLR / 4] = 1;
	ret = request_irq((unsigned int)irq, sp804_irq, NULL, "sp804");
	if (ret)
		return ret;
	sp804_hz = hz;
	sp804[T1_LOAD / 4] = hz / HZ;
	sp804[T1_CONTROL / 4] = CTRL_ENABLE | CTRL_PERIODIC | CTRL_INTEN | CTRL_32BIT;
	timer_set_tick_source("sp804", sp804_set_rate);
	return 0;
}

static const char *const sp804_compat[] = { "arm,sp804", NULL };
static const struct dt_driver sp804_driver = { "sp804", sp804_compat, sp804_probe };
TIMER_DECLARE(sp804_driver);
