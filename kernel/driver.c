/*
 * Device-tree driver matching. For each node, the node's compatible strings
 * are tried most specific first against the driver tables; a node is bound
 * to at most one driver. Disabled nodes (status != "okay") are skipped.
 */
#include <ek/arch.h>
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/fdt.h>
#include <ek/irq.h>
#include <ek/mm.h>
#include <ek/printk.h>
#include <ek/string.h>

extern const struct dt_driver *const __dt_irqchip_start[], *const __dt_irqchip_end[];
extern const struct dt_driver *const __dt_timer_start[], *const __dt_timer_end[];
extern const struct dt_driver *const __dt_driver_start[], *const __dt_driver_end[];
extern const struct earlycon *const __dt_earlycon_start[], *const __dt_earlycon_end[];

const void *boot_fdt;

#define MAX_BOUND 64
static struct {
	const char *drv;
	int node;
} bound[MAX_BOUND];
static int nbound;

bool dt_node_available(const void *fdt, int node)
{
	int len;
	const char *st = dtb_getprop(fdt, node, "status", &len);

	return !st || (len > 0 && (!strcmp(st, "okay") || !strcmp(st, "ok")));
}

static bool is_bound(int node)
{
	for (int i = 0; i < nbound; i++)
		if (bound[i].node == node)
			return true;
	return false;
}

void *dt_iomap(struct dt_device *dev, int idx, u64 *size)
{
	u64 addr, sz;

	if (dtb_read_reg(dev->fdt, dev->node, idx, &addr, &sz))
		return NULL;
	if (size)
		*size = sz;
	return ioremap((phys_addr_t)addr, (size_t)sz);
}

int dt_irq(struct dt_device *dev, int idx)
{
	const struct irq_chip *chip = irq_get_chip();
	int len;
	const u8 *p = dtb_getprop(dev->fdt, dev->node, "interrupts", &len);

	if (!chip || !chip->xlate)
		return -ENODEV;
	if (!p || len < 0 || (idx + 1) * chip->cells * 4 > len)
		return -ENOENT;
	u32 cells[4];

	for (int i = 0; i < chip->cells && i < 4; i++)
		cells[i] = dtb32(p + 4 * (idx * chip->cells + i));
	return chip->xlate(cells, chip->cells);
}

static const struct dt_driver *match(const struct dt_driver *const *start,
				     const struct dt_driver *const *end, const void *fdt,
				     int node, const char **compat)
{
	for (int i = 0;; i++) {
		const char *c = dtb_stringlist_get(fdt, node, "compatible", i, NULL);

		if (!c)
			return NULL;
		for (const struct dt_driver *const *d = start; d < end; d++)
			for (const char *const *dc = (*d)->compatible; *dc; dc++)
				if (!strcmp(*dc, c)) {
					*compat = c;
					return *d;
				}
	}
}

static int probe_node(const struct dt_driver *drv, int node, const char *compat)
{
	struct dt_device dev = {
		.fdt = boot_fdt,
		.node = node,
		.name = dtb_get_name(boot_fdt, node, NULL),
		.compatible = compat,
	};
	char path[128];
	int ret;

	dtb_get_path(boot_fdt, node, path, sizeof(path));
	ret = drv->probe(&dev);
	if (ret) {
		if (ret != -ENODEV) /* -ENODEV: "not mine", not an error */
			printk("driver %s: probe of %s failed (%d)\n", drv->name, path, ret);
		return ret;
	}
	if (nbound < MAX_BOUND) {
		bound[nbound].drv = drv->name;
		bound[nbound].node = node;
		nbound++;
	}
	printk("driver %s: bound to %s\n", drv->name, path);
	return 0;
}

static int probe_table(const struct dt_driver *const *start,
		       const struct dt_driver *const *end, bool first_only)
{
	int probed = 0;

	for (int n = dtb_next_node(boot_fdt, -1, NULL); n >= 0;
	     n = dtb_next_node(boot_fdt, n, NULL)) {
		const struct dt_driver *drv;
		const char *compat;

		if (!dt_node_available(boot_fdt, n) || is_bound(n))
			continue;
		drv = match(start, end, boot_fdt, n, &compat);
		if (!drv)
			continue;
		if (probe_node(drv, n, compat) == 0) {
			probed++;
			if (first_only)
				break;
		}
	}
	return probed ? 0 : -ENODEV;
}

int dt_probe_irqchip(void)
{
	return probe_table(__dt_irqchip_start, __dt_irqchip_end, true);
}

int dt_probe_timer(void)
{
	/* Several timers may coexist (e.g. A9 global timer as clocksource and
	 * TWD as tick): probe them all, later ones refine the earlier. */
	return probe_table(__dt_timer_start, __dt_timer_end, false);
}

int driver_probe_all(void)
{
	return probe_table(__dt_driver_start, __dt_driver_end, false);
}

void driver_for_each_bound(void (*fn)(const char *drv, const char *path, void *ctx),
			   void *ctx)
{
	char path[128];

	for (int i = 0; i < nbound; i++) {
		dtb_get_path(boot_fdt, bound[i].node, path, sizeof(path));
		fn(bound[i].drv, path, ctx);
	}
}

int earlycon_setup_compatible(const char *compatible, phys_addr_t base)
{
	for (const struct earlycon *const *e = __dt_earlycon_start; e < __dt_earlycon_end; e++)
		if (!strcmp((*e)->compatible, compatible))
			return (*e)->setup(base);
	return -ENODEV;
}

int earlycon_setup(const void *fdt)
{
	int chosen = dtb_path_offset(fdt, "/chosen", 7);
	const char *path;
	int len, node;
	size_t plen;
	u64 addr;

	if (chosen < 0)
		return -ENOENT;
	path = dtb_getprop(fdt, chosen, "stdout-path", &len);
	if (!path)
		path = dtb_getprop(fdt, chosen, "linux,stdout-path", &len);
	if (!path || len < 2 || path[len - 1])
		return -ENOENT;
	/* "serial0:115200n8": options after ':' are for the UART, not the path */
	for (plen = 0; path[plen] && path[plen] != ':'; plen++)
		;
	node = dtb_path_offset(fdt, path, plen);
	if (node < 0 || !dt_node_available(fdt, node))
		return -ENODEV;
	if (dtb_read_reg(fdt, node, 0, &addr, NULL))
		return -EINVAL;
	for (int i = 0;; i++) {
		const char *c = dtb_stringlist_get(fdt, node, "compatible", i, NULL);

		if (!c)
			return -ENODEV;
		if (earlycon_setup_compatible(c, (phys_addr_t)addr) == 0)
			return 0;
	}
}
