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

/* Trace clock: a raw count and its epoch at the hit (cheap), nanoseconds
 * since boot later (exactly what time_ns() said at the hit). */
#define TRACE_CLOCK_EPOCHS 8
struct trace_clock {
	struct clocksource *cs; /* NULL until time keeping starts */
	u8 epoch;
};
extern struct trace_clock trace_clock_now;
u64 trace_clock_read_slow(u8 *epoch);
u64 trace_clock_to_ns(u64 raw, u8 epoch);

/* Inline: it is part of every probe event's hit. */
static inline u64 trace_clock_read(u8 *epoch)
{
	struct clocksource *cs = trace_clock_now.cs;

	if (!cs)
		return trace_clock_read_slow(epoch);
	*epoch = trace_clock_now.epoch;
	return cs->read();
}

/* Periodic tick, called from the timer interrupt. One driver provides
 * it; the others see timer_tick_source() set and stand back. */
extern volatile u64 jiffies;
void timer_tick(void);
void timer_set_tick_source(const char *name);
const char *timer_tick_source(void);

/* Busy-wait (works before interrupts). */
void udelay(unsigned long us);

#endif
