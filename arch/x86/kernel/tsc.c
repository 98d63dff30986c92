/*
 * The boot counter: the time stamp counter, running from reset, its rate
 * measured once against the PIT's channel 2 (the PC speaker's timer, gated
 * through port 0x61, free for this since nothing drives the speaker).
 * Channel 0 stays for the tick (drivers/i8254.c).
 *
 * The measurement takes 10 ms, so it waits for arch_setup(), after the
 * early probes are armed: a probe should not wait that long for a clock.
 * Until then the rate is unknown (0): printk says 0.000000, as Linux does
 * before its clock is up, and trace records keep their raw counts, which
 * convert correctly once the rate is known (kernel/time.c's epochs).
 */
#include <ek/arch.h>
#include <ek/noprobe.h>
#include <ek/printk.h>
#include <ek/time.h>
#include <asm/io.h>
#include <asm/pit.h>

#define PORT_B 0x61
#define PORT_B_GATE2 0x01
#define PORT_B_SPEAKER 0x02
#define PORT_B_OUT2 0x20
#define CALIBRATE_MS 10
/* Without a PIT answering (never on QEMU pc) assume 1 GHz. */
#define FALLBACK_HZ 1000000000u

static u32 tsc_hz;

notrace u64 arch_counter_read(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return (u64)hi << 32 | lo;
}

/* Count TSC cycles while channel 2 counts down CALIBRATE_MS (mode 0: OUT2
 * rises at terminal count). 0 when OUT2 never rises. */
static u64 measure(void)
{
	const u32 ticks = PIT_HZ / 1000 * CALIBRATE_MS;
	u8 b = inb(PORT_B) & ~(PORT_B_GATE2 | PORT_B_SPEAKER);
	u64 t0, t1;
	u32 spins = 0;

	outb(PORT_B, b);
	outb(PIT_MODE, PIT_SEL(2) | PIT_LOHI | PIT_MODE0);
	outb(PIT_CH(2), (u8)ticks);
	outb(PIT_CH(2), (u8)(ticks >> 8));
	outb(PORT_B, b | PORT_B_GATE2); /* start counting */
	t0 = arch_counter_read();
	while (!(inb(PORT_B) & PORT_B_OUT2))
		if (++spins > 100000000u)
			return 0;
	t1 = arch_counter_read();
	outb(PORT_B, b);
	return t1 - t0;
}

notrace u32 arch_counter_freq(void)
{
	return tsc_hz;
}

void x86_tsc_calibrate(void)
{
	u64 cycles = measure();

	tsc_hz = cycles ? (u32)(cycles * 1000 / CALIBRATE_MS) : FALLBACK_HZ;
	time_arch_counter_calibrated();
	printk("tsc: %u Hz (%s)\n", tsc_hz, cycles ? "PIT channel 2, 10 ms" : "no PIT: assumed");
}
