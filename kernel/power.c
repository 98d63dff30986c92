/* Power off: the DT-matched board driver (PSCI, vexpress sysctl) registers
 * how; without one the CPU halts with interrupts off. */
#include <ek/arch.h>
#include <ek/driver.h>
#include <ek/printk.h>
#include <ek/time.h>

static void (*poweroff_handler)(void);

void register_poweroff_handler(void (*fn)(void))
{
	poweroff_handler = fn;
}

void kernel_poweroff(void)
{
	arch_irq_disable();
	printk("reboot: Power down\n");
	if (poweroff_handler) {
		poweroff_handler();
		/* The request may complete asynchronously (QEMU handles it in
		 * its main loop): give it time before declaring failure. */
		udelay(1000000);
	}
	printk("reboot: no working power-off method, halting\n");
	arch_halt();
}
