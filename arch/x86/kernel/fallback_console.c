/*
 * Console of last resort, for a missing or broken DTB (no -initrd) or one
 * whose stdout-path leads nowhere: COM1, the PC's first serial port, if a
 * 16550 answers there (drivers/ns16550.c checks its scratch register).
 */
#include <ek/arch.h>
#include <ek/driver.h>

#define COM1_PORT 0x3f8

int arch_fallback_console(void)
{
	return earlycon_setup_compatible("ns16550a", COM1_PORT) == 0 ? 0 : -1;
}
