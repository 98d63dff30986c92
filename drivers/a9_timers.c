/*
 * Cortex-A9 MPCore timers: the 64-bit global timer is the clocksource, the
 * private timer (TWD) gives the periodic tick. Both count PERIPHCLK, taken
 * from the node's clock (a fixed-clock) or its clock-frequency property.
 */
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/fdt.h>
#include <ek/irq.h>
#include <ek/noprobe.h>
#include <ek/time.h>

#define GT_COUNTER_LO 0x00
#define GT_COUNTER_HI 0x04
#define GT_CONTROL 0x08
#define TWD_LOAD 0x00
#define TWD_CONTROL 0x08
#define TWD_INTSTAT 0x0c

static volatile u32 *gt, *twd;

static u32 periph_clock(struct dt_device *dev)
{
	u32 hz = 0, ph;
	int clk;

	if (dtb_getprop_u32(dev->fdt, dev->node, "clock-frequency", &hz))
		return hz;
	if (dtb_getprop_u32(dev->fdt, dev->node, "clocks", &ph)) {
		clk = dtb_node_offset_by_phandle(dev->fdt, ph);
		if (clk >= 0 && dtb_getprop_u32(dev->fdt, clk, "clock-frequency", &hz))
			return hz;
	}
	return 0;
}

static notrace u64 gt_read(void)
{
	u32 hi, lo, hi2;

	do {
		hi = gt[GT_COUNTER_HI / 4];
		lo = gt[GT_COUNTER_LO / 4];
		hi2 = gt[GT_COUNTER_HI / 4];
	} while (hi != hi2);
	return (u64)hi << 32 | lo;
}

static struct clocksource gt_clocksource = { .name = "a9-global-timer", .read = gt_read };
NOTRACE_ROOT(gt_read); /* a trace clock */

static int gt_probe(struct dt_device *dev)
{
	u32 hz = periph_clock(dev);

	if (!hz)
		return -EINVAL;
	gt = dt_iomap(dev, 0, NULL);
	if (!gt)
		return -EINVAL;
	/* Enable, prescaler 0, no comparator. head.S started it at entry with
	 * the same setting: the write changes nothing and the count goes on
	 * (time and `bench` count from kernel entry). */
	gt[GT_CONTROL / 4] = 1;
	gt_clocksource.freq = hz;
	clocksource_register(&gt_clocksource);
	return 0;
}

static void twd_irq(unsigned int irq, void *data)
{
	(void)irq;
	(void)data;
	twd[TWD_INTSTAT / 4] = 1;
	timer_tick();
}

static u32 twd_hz;
static int twd_irq_nr = -1;

static int twd_set_rate(unsigned int rate)
{
	if (rate > twd_hz)
		return -EINVAL;
	/* Auto-reload takes the new period at the next expiry; each CPU
	 * sees its own timer at this address. */
	twd[TWD_LOAD / 4] = twd_hz / rate - 1;
	return 0;
}

/* A secondary CPU's own private timer: stopped until it has work. */
static void twd_cpu_init(void)
{
	twd[TWD_CONTROL / 4] = 0;
	twd[TWD_INTSTAT / 4] = 1;
	irq_get_chip()->unmask((unsigned int)twd_irq_nr); /* a PPI: this CPU's enable */
}

static void twd_cpu_run(bool on)
{
	if (on)
		twd[TWD_LOAD / 4] = twd_hz / HZ - 1;
	twd[TWD_CONTROL / 4] = on ? 0x7 : 0;
}

static const struct local_tick_ops twd_local = { twd_cpu_init, twd_cpu_run };

static int twd_probe(struct dt_device *dev)
{
	u32 hz = periph_clock(dev);
	int irq = dt_irq(dev, 0), ret;

	if (!hz || irq < 0)
		return -EINVAL;
	twd = dt_iomap(dev, 0, NULL);
	if (!twd)
		return -EINVAL;
	twd[TWD_CONTROL / 4] = 0;
	twd[TWD_INTSTAT / 4] = 1;
	ret = request_irq((unsigned int)irq, twd_irq, NULL, "twd-timer");
	if (ret)
		return ret;
	twd_hz = hz;
	twd_irq_nr = irq;
	twd[TWD_LOAD / 4] = hz / HZ - 1;
	twd[TWD_CONTROL / 4] = 0x7; /* enable, auto-reload, interrupt */
	timer_set_tick_source("a9-twd-timer", twd_set_rate);
	timer_set_local_tick(&twd_local);
	return 0;
}

static const char *const gt_compat[] = { "arm,cortex-a9-global-timer", NULL };
static const struct dt_driver gt_driver = { "a9-global-timer", gt_compat, gt_probe };
TIMER_DECLARE(gt_driver);

static const char *const twd_compat[] = { "arm,cortex-a9-twd-timer", NULL };
static const struct dt_driver twd_driver = { "a9-twd-timer", twd_compat, twd_probe };
TIMER_DECLARE(twd_driver);
