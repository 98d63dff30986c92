/*
 * Device-tree matched drivers. A driver is a row in one of three tables,
 * probed at different boot stages: interrupt controllers (irq_init), timers
 * (time_init) and everything else (driver_probe_all).
 */
#ifndef EK_DRIVER_H
#define EK_DRIVER_H

#include <ek/types.h>

struct dt_device {
	const void *fdt;
	int node;
	const char *name;       /* node name, e.g. "uart@9000000" */
	const char *compatible; /* the compatible string that matched */
};

struct dt_driver {
	const char *name;
	const char *const *compatible; /* NULL-terminated */
	int (*probe)(struct dt_device *dev);
};

#define DT_DECLARE(table, var)                                                     \
	static const struct dt_driver *const __dt_##table##_##var __used           \
		__section(".dt_" #table) __aligned(4) = &var
#define IRQCHIP_DECLARE(var) DT_DECLARE(irqchip, var)
#define TIMER_DECLARE(var) DT_DECLARE(timer, var)
#define DRIVER_DECLARE(var) DT_DECLARE(driver, var)

/* Early consoles: set up from /chosen/stdout-path before anything else. */
struct earlycon {
	const char *compatible;
	int (*setup)(phys_addr_t base);
};
#define EARLYCON_DECLARE(var)                                                      \
	static const struct earlycon *const __earlycon_##var __used                \
		__section(".dt_earlycon") __aligned(4) = &var
/* Bring up the console named by /chosen/stdout-path; 0 on success. */
int earlycon_setup(const void *fdt);
int earlycon_setup_compatible(const char *compatible, phys_addr_t base);

/* The device tree the kernel booted with (checked). */
extern const void *boot_fdt;

/* Map the @idx-th "reg" region of @dev. */
void *dt_iomap(struct dt_device *dev, int idx, u64 *size);
/* Linux-style interrupt number for the @idx-th "interrupts" entry, or <0. */
int dt_irq(struct dt_device *dev, int idx);
bool dt_node_available(const void *fdt, int node);

/* Probe the first available node matching any driver of a table; 0 if one
 * probed, -ENODEV if none. driver_probe_all() probes every match. */
int dt_probe_irqchip(void);
int dt_probe_timer(void);
int driver_probe_all(void);

/* Bound devices, for /proc/devices-like listings. */
void driver_for_each_bound(void (*fn)(const char *drv, const char *path, void *ctx),
			   void *ctx);

/* Initcalls run after driver probing, in level order. */
typedef int (*initcall_t)(void);
#define INITCALL(level, fn)                                                        \
	static const initcall_t __initcall_##fn __used                             \
		__section(".initcall." #level) __aligned(4) = fn
#define core_initcall(fn) INITCALL(1, fn)
#define device_initcall(fn) INITCALL(6, fn)
#define late_initcall(fn) INITCALL(7, fn)

/* Power management */
void register_poweroff_handler(void (*fn)(void));
void kernel_poweroff(void) __noreturn;

#endif
