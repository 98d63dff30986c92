/*
 * ARMv7 generic timer (Cortex-A15, virt): the virtual counter is the
 * clocksource and the virtual timer, re-armed each interrupt, the tick.
 */
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/fdt.h>
#include <ek/irq.h>
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/time.h>
#include <asm/cp15.h>

CP15_RW(cntv_tval, 0, c14, c3, 0)
CP15_RW(cntv_ctl, 0, c14, c3, 1)

/* Each CPU's timer is its own (CP15, banked), and so is its period. */
static DEFINE_PER_CPU(u32, ticks_per_jiffy);
static int timer_irq = -1;

/* Every recorded probe hit calls this: no frame, just the counter (the
 * ISB keeps the read from being taken before earlier instructions). */
static notrace __attribute__((naked)) u64 vct_read(void)
{
	__asm__ volatile("isb\n\tmrrc p15, 1, r0, r1, c14\n\tbx lr");
}

static struct clocksource arch_clocksource = { .name = "arch-timer", .read = vct_read };
NOTRACE_ROOT(vct_read); /* a trace clock */

static void arch_timer_irq(unsigned int irq, void *data)
{
	(void)irq;
	(void)data;
	write_cntv_tval(READ_ONCE(*this_cpu_ptr(&ticks_per_jiffy)));
	isb();
	timer_tick();
}

static u32 timer_hz;

static int arch_timer_set_rate(unsigned int rate)
{
	if (rate > timer_hz)
		return -EINVAL;
	WRITE_ONCE(*this_cpu_ptr(&ticks_per_jiffy), timer_hz / rate); /* from the next tick */
	return 0;
}

/* A secondary CPU's own timer: stopped until it has work to do. */
static void arch_timer_cpu_init(void)
{
	*this_cpu_ptr(&ticks_per_jiffy) = timer_hz / HZ;
	write_cntv_ctl(0);
	isb();
	irq_get_chip()->unmask((unsigned int)timer_irq); /* a PPI: this CPU's enable */
}

static void arch_timer_cpu_run(bool on)
{
	if (on) {
		*this_cpu_ptr(&ticks_per_jiffy) = timer_hz / HZ;
		write_cntv_tval(timer_hz / HZ);
	}
	write_cntv_ctl(on ? 1 : 0);
	isb();
}

static const struct local_tick_ops arch_timer_local = { arch_timer_cpu_init, arch_timer_cpu_run };

static int arch_timer_probe(struct dt_device *dev)
{
	u32 hz = 0;
	int irq = dt_irq(dev, 2), ret; /* <secure phys, phys, virt, hyp> */

	if (!dtb_getprop_u32(dev->fdt, dev->node, "clock-frequency", &hz))
		hz = read_cntfrq();
	if (!hz || irq < 0)
		return -EINVAL;
	arch_clocksource.freq = hz;
	clocksource_register(&arch_clocksource);
	timer_hz = hz;
	*this_cpu_ptr(&ticks_per_jiffy) = hz / HZ;
	write_cntv_ctl(0);
	ret = request_irq((unsigned int)irq, arch_timer_irq, NULL, "arch-timer");
	if (ret)
		return ret;
	timer_irq = irq;
	write_cntv_tval(hz / HZ);
	write_cntv_ctl(1); /* enable, interrupt unmasked */
	isb();
	timer_set_tick_source("arch-timer", arch_timer_set_rate);
	timer_set_local_tick(&arch_timer_local);
	return 0;
}

static const char *const arch_timer_compat[] = { "arm,armv7-timer", "arm,armv8-timer", NULL };
static const struct dt_driver arch_timer_driver = { "arch-timer", arch_timer_compat,
						    arch_timer_probe };
TIMER_DECLARE(arch_timer_driver);
