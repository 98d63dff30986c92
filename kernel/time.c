/*
 * Time since boot. Until a timer driver registers a clocksource, the arch's
 * free-running counter (PMU cycles or the generic timer) gives timestamps,
 * so even the first printk line carries one. Switching sources keeps time
 * continuous: the new source starts counting from the current time.
 */
#include <ek/arch.h>
#include <ek/printk.h>
#include <ek/time.h>

static u64 arch_read(void)
{
	return arch_counter_read();
}

static struct clocksource arch_clock = { .name = "arch-counter", .read = arch_read };
static struct clocksource *cur;
static u64 base_ns, base_cycles;
volatile u64 jiffies;

static void compute_mult(struct clocksource *cs)
{
	/* Largest shift that keeps mult in 32 bits: precise to < 1 ppb. */
	cs->shift = 32;
	do {
		cs->shift--;
		cs->mult = (u32)((NSEC_PER_SEC << cs->shift) / cs->freq);
	} while (cs->shift && (NSEC_PER_SEC << cs->shift) / cs->freq > 0xffffffffULL);
}

u64 cycles_to_ns(const struct clocksource *cs, u64 c)
{
	/* 64x32 multiply in two halves so that long uptimes cannot overflow. */
	u64 hi = (c >> 32) * cs->mult;
	u64 lo = (c & 0xffffffffULL) * cs->mult;

	return (hi << (32 - cs->shift)) + (lo >> cs->shift);
}

static struct clocksource *current_source(void)
{
	if (!cur) {
		arch_clock.freq = arch_counter_freq();
		compute_mult(&arch_clock);
		cur = &arch_clock;
		base_cycles = arch_clock.read();
	}
	return cur;
}

u64 time_ns(void)
{
	struct clocksource *cs = current_source();

	return base_ns + cycles_to_ns(cs, cs->read() - base_cycles);
}

void clocksource_register(struct clocksource *cs)
{
	unsigned long flags = arch_irq_save();
	u64 now = time_ns();

	compute_mult(cs);
	base_ns = now;
	base_cycles = cs->read();
	cur = cs;
	arch_irq_restore(flags);
	printk("clocksource: %s at %u Hz\n", cs->name, cs->freq);
}

const struct clocksource *clocksource_current(void)
{
	return current_source();
}

static const char *tick_source;

void timer_tick(void)
{
	jiffies++;
}

void timer_set_tick_source(const char *name)
{
	tick_source = name;
}

const char *timer_tick_source(void)
{
	return tick_source;
}

void udelay(unsigned long us)
{
	u64 end = time_ns() + (u64)us * 1000;

	while (time_ns() < end)
		;
}
