/* Time keeping: nanoseconds since boot from the best counter available. */
#ifndef EK_TIME_H
#define EK_TIME_H

#include <ek/types.h>

#define NSEC_PER_SEC 1000000000ULL
#define HZ 100

struct clocksource {
	const char *name;
	u64 (*read)(void);
	u32 freq;   /* Hz */
	u32 mult;   /* ns = cycles * mult >> shift, set by clocksource_register */
	u32 shift;
};

/* Switch time keeping to @cs without a jump in time. */
void clocksource_register(struct clocksource *cs);
u64 time_ns(void);
/* @ns as whole seconds and microseconds, without a 64-bit division for
 * the first ~36 minutes of uptime (printk runs this on every line). */
void ns_to_sec_usec(u64 ns, unsigned long *sec, unsigned long *usec);
u64 cycles_to_ns(const struct clocksource *cs, u64 cycles);
/* The same for a rate given as ns = cycles * @mult >> @shift: a 64x32
 * multiply in two halves, so that long uptimes cannot overflow. Inline:
 * printk's timestamps run it on every line. */
static inline u64 clock_cycles_to_ns(u64 c, u32 mult, u32 shift)
{
	u64 hi = (c >> 32) * mult;
	u64 lo = (c & 0xffffffffULL) * mult;

	return (hi << (32 - shift)) + (lo >> shift);
}
/* The arch counter's rate is known now (arch_counter_freq() said 0 until
 * then, an arch that measures it late): time since the first timestamp,
 * which printed as 0 so far, and trace records of epoch 0 convert from
 * the counts they kept. Before any clocksource_register(). */
void time_arch_counter_calibrated(void);

/* Trace clock (include/ek/trace.h): a raw count and its epoch at the hit
 * (cheap), nanoseconds since boot later (exactly what time_ns() said at
 * the hit). trace_clock_first() is the clock until time keeping starts. */
#define TRACE_CLOCK_EPOCHS 8
u64 trace_clock_first(void);
u64 trace_clock_to_ns(u64 raw, u8 epoch);
/* Epoch @i as ns = base_ns + (raw - base_cycles) * mult >> shift; false
 * while it has not begun (the boot trace keeps them, for a later reader). */
bool trace_clock_epoch(unsigned int i, u64 *base_ns, u64 *base_cycles, u32 *mult, u32 *shift);

/* Periodic tick, called from the timer interrupt (on the CPU it
 * interrupts; jiffies count CPU 0's). One driver provides it; the others
 * see timer_tick_source() set and stand back. @set_rate reprograms this
 * CPU's period to @hz interrupts a second. */
extern volatile u64 jiffies;
void timer_tick(void);
void timer_set_tick_source(const char *name, int (*set_rate)(unsigned int hz));
const char *timer_tick_source(void);
/* Run this CPU's tick at @hz for a while (0: back to HZ): interrupt-storm
 * tests. -ENODEV without a tick source. */
int timer_set_tick_rate(unsigned int hz);
/* @fn runs in every tick's interrupt on this CPU (NULL: none); for tests. */
void timer_set_tick_hook(void (*fn)(void));

/*
 * A per-CPU tick (the Cortex-A9's private timer, the generic timer): the
 * driver runs CPU 0's from its probe on and says how to run the others'.
 * @init, on a starting secondary CPU, sets up its own timer and interrupt
 * (stopped); @run starts or stops this CPU's tick. A secondary ticks only
 * while it runs work (smp_call_on_cpu()): idle, nothing wakes it but
 * another CPU, so an idle CPU costs nothing (and executes nothing under
 * make bench's instruction counts).
 */
struct local_tick_ops {
	void (*init)(void);
	void (*run)(bool on);
};
void timer_set_local_tick(const struct local_tick_ops *ops);
void timer_local_init(void);
void timer_local_tick(bool on);

/* Busy-wait (works before interrupts). */
void udelay(unsigned long us);

#endif
