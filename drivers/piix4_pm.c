/*
 * Power off through the ACPI PM1a control register of the PIIX4's power
 * management function (PCI 00:01.3 on QEMU -M pc): SLP_TYP 0 with SLP_EN
 * is soft-off (S5), which ends QEMU with exit status 0. Binding (ours,
 * dts/pc.dts): compatible = "intel,piix4-pm"; reg = <0x600 0x40>, the PM
 * I/O block (PMBA). The BIOS normally enables it there; the probe
 * (re)programs PMBA and the I/O enable so the kernel does not depend on it.
 */
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/fdt.h>
#include <asm/io.h>

#define PCI_ADDR 0xcf8
#define PCI_DATA 0xcfc
#define PIIX4_PM_DEVFN ((1u << 3) | 3) /* device 1, function 3 */
#define PIIX4_PM_ID 0x71138086u       /* device 0x7113, vendor Intel */
#define PCI_PMBA 0x40
#define PCI_PMREGMISC 0x80
#define PMREGMISC_PMIOSE 0x01         /* PM I/O space enable */
#define PM1_CNT 0x04
#define PM1_SLP_EN (1u << 13)
#define PM1_SLP_TYP_S5 (0u << 10)

static u16 pm_base;

static u32 pci_read(unsigned int reg)
{
	outl(PCI_ADDR, 0x80000000u | PIIX4_PM_DEVFN << 8 | (reg & 0xfc));
	return inl(PCI_DATA);
}

static void pci_write(unsigned int reg, u32 v)
{
	outl(PCI_ADDR, 0x80000000u | PIIX4_PM_DEVFN << 8 | (reg & 0xfc));
	outl(PCI_DATA, v);
}

static void piix4_poweroff(void)
{
	outw((u16)(pm_base + PM1_CNT), PM1_SLP_TYP_S5 | PM1_SLP_EN);
}

static int piix4_pm_probe(struct dt_device *dev)
{
	u64 port;

	if (dtb_read_reg(dev->fdt, dev->node, 0, &port, NULL) || port > 0xffc0 || (port & 0x3f))
		return -EINVAL;
	if (pci_read(0) != PIIX4_PM_ID)
		return -ENODEV;
	pm_base = (u16)port;
	pci_write(PCI_PMBA, (u32)port | 1u); /* bit 0: I/O space indicator */
	pci_write(PCI_PMREGMISC, pci_read(PCI_PMREGMISC) | PMREGMISC_PMIOSE);
	register_poweroff_handler(piix4_poweroff);
	return 0;
}

static const char *const piix4_pm_compat[] = { "intel,piix4-pm", NULL };
static const struct dt_driver piix4_pm_driver = { "piix4-pm", piix4_pm_compat, piix4_pm_probe };
DRIVER_DECLARE(piix4_pm_driver);
