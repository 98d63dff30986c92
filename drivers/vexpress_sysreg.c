/* Versatile Express system registers: power off through SYS_CFGCTRL. */
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/smp.h>

#define SYS_CFGDATA 0xa0
#define SYS_CFGCTRL 0xa4
#define CFG_START (1u << 31)
#define CFG_WRITE (1u << 30)
#define CFG_FUNC_SHUTDOWN (8u << 20) /* site 0 (motherboard), device 0 */

#define SYS_FLAGSSET 0x30
#define SYS_FLAGSCLR 0x34

static volatile u32 *sysreg;

/* Where the secondary CPUs' boot monitor (QEMU's, or the board's) sends
 * them when woken by an interrupt: SYS_FLAGS. -ENODEV without the sysreg. */
int vexpress_set_boot_addr(unsigned long addr)
{
	if (!sysreg)
		return -ENODEV;
	sysreg[SYS_FLAGSCLR / 4] = 0xffffffffu;
	sysreg[SYS_FLAGSSET / 4] = (u32)addr;
	return 0;
}

static void vexpress_poweroff(void)
{
	sysreg[SYS_CFGDATA / 4] = 0;
	sysreg[SYS_CFGCTRL / 4] = CFG_START | CFG_WRITE | CFG_FUNC_SHUTDOWN;
}

static int sysreg_probe(struct dt_device *dev)
{
	sysreg = dt_iomap(dev, 0, NULL);
	if (!sysreg)
		return -EINVAL;
	register_poweroff_handler(vexpress_poweroff);
	return 0;
}

static const char *const sysreg_compat[] = { "arm,vexpress-sysreg", NULL };
static const struct dt_driver sysreg_driver = { "vexpress-sysreg", sysreg_compat,
						sysreg_probe };
DRIVER_DECLARE(sysreg_driver);
