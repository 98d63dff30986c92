/*
 * Clock arithmetic without a clock: raw counts to nanoseconds, nanoseconds
 * to printable seconds. Pure, so the host tools convert a dumped trace
 * exactly as the kernel does.
 */
#include <ek/time.h>

u64 clock_cycles_to_ns(u64 c, u32 mult, u32 shift)
{
	/* 64x32 multiply in two halves so that long uptimes cannot overflow. */
	u64 hi = (c >> 32) * mult;
	u64 lo = (c & 0xffffffffULL) * mult;

	return (hi << (32 - shift)) + (lo >> shift);
}

void ns_to_sec_usec(u64 ns, unsigned long *sec, unsigned long *usec)
{
	/* 10^9 = 2^9 * 1953125: shift first, then a 32-bit division, as long
	 * as ns / 2^9 fits in 32 bits (floor(floor(x/a)/b) == floor(x/(ab))). */
	if ((ns >> 9) <= 0xffffffffULL) {
		u32 s = (u32)(ns >> 9) / 1953125u;

		*sec = s;
		*usec = (u32)(ns - (u64)s * NSEC_PER_SEC) / 1000u;
		return;
	}
	*sec = (unsigned long)(ns / NSEC_PER_SEC);
	*usec = (unsigned long)(ns % NSEC_PER_SEC / 1000);
}
