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
const struct clocksource *clocksource_current(void);
u64 time_ns(void);
u64 cycles_to_ns(const struct clocksource *cs, u64 cycles);

/* Periodic tick, called from the timer interrupt. One driver provides
 * it; the others see timer_tick_source() set and stand back. */
extern volatile u64 jiffies;
void timer_tick(void);
void timer_set_tick_source(const char *name);
const char *timer_tick_source(void);

/* Busy-wait (works before interrupts). */
void udelay(unsigned long us);

#endif
