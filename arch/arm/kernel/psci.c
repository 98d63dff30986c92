/* PSCI firmware calls (virt): SYSTEM_OFF ends the QEMU session, CPU_ON
 * starts a secondary CPU. */
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/fdt.h>
#include <ek/smp.h>
#include <ek/string.h>

#define PSCI_0_2_SYSTEM_OFF 0x84000008u
#define PSCI_0_2_CPU_ON 0x84000003u

static bool use_hvc, probed;

static u32 psci_call(u32 fn, u32 a1, u32 a2, u32 a3)
{
	register u32 r0 __asm__("r0") = fn;
	register u32 r1 __asm__("r1") = a1;
	register u32 r2 __asm__("r2") = a2;
	register u32 r3 __asm__("r3") = a3;

	/* Raw encodings: HVC #0 / SMC #0 need no assembler extension flags. */
	if (use_hvc)
		__asm__ __volatile__(".inst 0xe1400070" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r3)
				     : "memory");
	else
		__asm__ __volatile__(".inst 0xe1600070" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r3)
				     : "memory");
	return r0;
}

static void psci_system_off(void)
{
	psci_call(PSCI_0_2_SYSTEM_OFF, 0, 0, 0);
}

/* CPU @mpidr starts at physical @entry (MMU off). 0 or PSCI's negative
 * error code; -ENODEV without PSCI 0.2+ in the DT. */
int psci_cpu_on(u32 mpidr, unsigned long entry)
{
	if (!probed)
		return -ENODEV;
	return (int)psci_call(PSCI_0_2_CPU_ON, mpidr, (u32)entry, 0);
}

static int psci_probe(struct dt_device *dev)
{
	const char *method = dtb_getprop(dev->fdt, dev->node, "method", NULL);

	if (!method)
		return -EINVAL;
	if (!strcmp(method, "hvc"))
		use_hvc = true;
	else if (strcmp(method, "smc"))
		return -EINVAL;
	/* PSCI 0.1 has no SYSTEM_OFF; only the 0.2+ bindings promise it. */
	if (strcmp(dev->compatible, "arm,psci")) {
		register_poweroff_handler(psci_system_off);
		probed = true;
	}
	return 0;
}

static const char *const psci_compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci", NULL };
static const struct dt_driver psci_driver = { "psci", psci_compat, psci_probe };
DRIVER_DECLARE(psci_driver);
