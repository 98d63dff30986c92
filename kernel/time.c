/*
 * Time since boot. Until a timer driver registers a clocksource, the arch's
 * free-running counter (PMU cycles or the generic timer) gives timestamps,
 * so even the first printk line carries one. Switching sources keeps time
 * continuous: the new source starts counting from the current time.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/boot_watch.h>
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/persist.h>
#include <ek/printk.h>
#include <ek/time.h>
#include <ek/trace.h>

/* The arch's counter read directly: it is the trace clock until a timer
 * driver registers one, and a wrapper would cost every traced call and
 * event a jump. */
static struct clocksource arch_clock = { .name = "arch-counter", .read = arch_counter_read };
static struct clocksource *cur;
static u64 base_ns, base_cycles;
volatile u64 jiffies;

/*
 * Trace timestamps are raw counts of the clocksource current at the hit,
 * tagged with its epoch (which source, and since when): a hit then costs
 * one counter read, and the multiply waits until someone reads the trace.
 * Epochs wrap after TRACE_CLOCK_EPOCHS switches of clocksource (a boot
 * makes one or two).
 */
struct epoch {
	struct clocksource *cs;
	u64 base_ns, base_cycles;
};

static struct epoch epochs[TRACE_CLOCK_EPOCHS];
static u8 cur_epoch;


static notrace void compute_mult(struct clocksource *cs)
{
	/* The largest shift <= 31 that keeps mult = 10^9 * 2^shift / freq in
	 * 32 bits (precise to < 1 ppb). mult for shift 31 - k is q >> k, with
	 * q the one for shift 31 (floor(floor(x/a)/b) == floor(x/(ab))): one
	 * 64-bit division, a library loop on this CPU, instead of one per
	 * shift tried. */
	u64 q;
	unsigned int k = 0;

	if (!cs->freq) {
		cs->shift = 0;
		cs->mult = 0;
		return;
	}
	q = (NSEC_PER_SEC << 31) / cs->freq;
	while ((q >> k) > 0xffffffffULL)
		k++;
	cs->shift = 31 - k;
	cs->mult = (u32)(q >> k);
}

u64 cycles_to_ns(const struct clocksource *cs, u64 c)
{
	return clock_cycles_to_ns(c, cs->mult, cs->shift);
}

bool trace_clock_epoch(unsigned int i, u64 *base_ns, u64 *base_cycles, u32 *mult, u32 *shift)
{
	const struct epoch *e = &epochs[i % TRACE_CLOCK_EPOCHS];

	if (!e->cs)
		return false;
	*base_ns = e->base_ns;
	*base_cycles = e->base_cycles;
	*mult = e->cs->mult;
	*shift = e->cs->shift;
	return true;
}

static notrace struct clocksource *current_source(void)
{
	if (!cur) {
		arch_clock.freq = arch_counter_freq();
		compute_mult(&arch_clock);
		cur = &arch_clock;
		base_cycles = arch_clock.read();
		epochs[0] = (struct epoch){ cur, 0, base_cycles };
		trace_set_clock(cur->read, 0); /* the boot trace reads it later */
	}
	return cur;
}

void time_arch_counter_calibrated(void)
{
	unsigned long flags = arch_irq_save();

	/* base_cycles stays: time is counted from the first timestamp,
	 * exactly as if the rate had been known then. */
	arch_clock.freq = arch_counter_freq();
	compute_mult(&arch_clock);
	persist_note_epoch(0);
	arch_irq_restore(flags);
}

/* A hit before anything asked the time: start time keeping (epoch 0). */
notrace u64 trace_clock_first(void)
{
	return current_source()->read();
}
/* Trace clocks: called by the function tracer's trampoline. */
NOTRACE_ROOT(trace_clock_first);
NOTRACE_ROOT(arch_counter_read);

u64 trace_clock_to_ns(u64 raw, u8 epoch)
{
	const struct epoch *e = &epochs[epoch % TRACE_CLOCK_EPOCHS];

	if (!e->cs)
		return 0;
	return e->base_ns + cycles_to_ns(e->cs, raw - e->base_cycles);
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
	cur_epoch = (u8)((cur_epoch + 1) % TRACE_CLOCK_EPOCHS);
	epochs[cur_epoch] = (struct epoch){ cs, base_ns, base_cycles };
	persist_note_epoch(cur_epoch);
	trace_set_clock(cs->read, cur_epoch);
	arch_irq_restore(flags);
	printk("clocksource: %s at %u Hz\n", cs->name, cs->freq);
}

static const char *tick_source;
static int (*tick_set_rate)(unsigned int hz);
typedef void (*tick_hook_t)(void);
static DEFINE_PER_CPU(tick_hook_t, tick_hook);
static const struct local_tick_ops *local_tick;

void timer_tick(void)
{
	tick_hook_t hook = READ_ONCE(*this_cpu_ptr(&tick_hook));

	if (!smp_processor_id()) { /* one boot clock, one boot watch: CPU 0's */
		jiffies++;
		boot_watch_tick();
	}
	if (hook)
		hook();
}

void timer_set_local_tick(const struct local_tick_ops *ops)
{
	local_tick = ops;
}

void timer_local_init(void)
{
	if (local_tick)
		local_tick->init();
}

void timer_local_tick(bool on)
{
	if (local_tick)
		local_tick->run(on);
}

void timer_set_tick_source(const char *name, int (*set_rate)(unsigned int hz))
{
	tick_source = name;
	tick_set_rate = set_rate;
}

int timer_set_tick_rate(unsigned int hz)
{
	return tick_set_rate ? tick_set_rate(hz ? hz : HZ) : -ENODEV;
}

void timer_set_tick_hook(void (*fn)(void))
{
	WRITE_ONCE(*this_cpu_ptr(&tick_hook), fn);
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
