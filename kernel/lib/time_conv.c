/*
 * Nanoseconds to printable seconds (and, in include/ek/time.h, raw counts to
 * nanoseconds): pure, so the host tools print a dumped trace exactly as the
 * kernel does.
 */
#include <ek/time.h>

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
