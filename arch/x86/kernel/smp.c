/* One CPU on i386 for now: secondary CPU start-up is ARM's (issue 13). */
#include <ek/printk.h>
#include <ek/smp.h>

void smp_init(void)
{
	printk("smp: 1 of 1 CPU(s) online (no secondary CPU start-up on i386)\n");
}
