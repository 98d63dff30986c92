/* What the multiboot entry found, for the boot log (arch/x86/boot/). */
#ifndef ASM_SETUP_H
#define ASM_SETUP_H

#include <ek/types.h>

struct x86_boot_info {
	u32 magic;          /* eax at entry */
	u32 mem_upper_kib;  /* the loader's RAM above 1 MiB (0: not given) */
	u32 module, module_size; /* the DTB module as loaded */
	const char *args;   /* multiboot command line without the image name */
	int ret;            /* fdt_copy_with_bootargs() when args were given */
};
extern struct x86_boot_info x86_boot_info;
extern u64 boot_tsc; /* TSC at the first instruction (head.S) */

void start_kernel(const void *fdt, unsigned long load_addr) __noreturn;
void x86_boot_report(void);
/* Measure the TSC's rate (arch_setup(), after the early probes). */
void x86_tsc_calibrate(void);

#endif
