/*
 * The first C function: from the multiboot information to start_kernel's
 * (DTB, load address). The DTB is the first multiboot module (QEMU
 * -initrd); the command line after the kernel's own name (QEMU -append)
 * becomes its /chosen/bootargs, replacing the DTB's, exactly as QEMU's
 * -append does on ARM. Without -append the DTB's bootargs stand. Memory
 * sizes come from the DTB's /memory; the loader's figure is only logged.
 */
#include <ek/types.h>
#include <ek/sections.h>
#include <ek/printk.h>
#include <ek/string.h>
#include <asm/multiboot.h>
#include <asm/setup.h>
#include <asm/traps.h>
#include "fdt_bootargs.h"

/* The edited DTB: not cleared at boot, written before it is read. */
#define DTB_ROOM (64 * 1024)
static u8 dtb_copy[DTB_ROOM] __section(".noinit") __aligned(8);

struct x86_boot_info x86_boot_info;

/* The loader's command line is "<kernel path> <arguments>". */
static const char *skip_image_name(const char *s)
{
	while (*s && *s != ' ')
		s++;
	while (*s == ' ')
		s++;
	return s;
}

static const void *find_dtb(const struct mb_info *mbi, const char **args)
{
	struct x86_boot_info *bi = &x86_boot_info;
	const struct mb_module *mod;
	const void *fdt;
	size_t size;

	*args = "";
	if (bi->magic != MB_BOOT_MAGIC)
		return NULL;
	bi->mem_upper_kib = mbi->flags & MB_INFO_MEM ? mbi->mem_upper : 0;
	if (mbi->flags & MB_INFO_CMDLINE)
		*args = skip_image_name((const char *)(uintptr_t)mbi->cmdline);
	if (!(mbi->flags & MB_INFO_MODS) || !mbi->mods_count)
		return NULL;
	mod = (const struct mb_module *)(uintptr_t)mbi->mods_addr;
	fdt = (const void *)(uintptr_t)mod->mod_start;
	size = mod->mod_end - mod->mod_start;
	bi->module = mod->mod_start;
	bi->module_size = size;
	if (!**args)
		return fdt;
	bi->ret = fdt_copy_with_bootargs(dtb_copy, sizeof(dtb_copy), fdt, size, *args,
					 strlen(*args));
	return bi->ret ? fdt : dtb_copy;
}

void __noreturn x86_boot(u32 magic, const struct mb_info *mbi)
{
	const void *fdt;
	const char *args;

	x86_boot_info.magic = magic;
	x86_desc_init();
	fdt = find_dtb(mbi, &args);
	x86_boot_info.args = args;
	start_kernel(fdt, (unsigned long)_text);
}

/* From arch_setup(), once there is a console: what the loader gave. */
void x86_boot_report(void)
{
	const struct x86_boot_info *bi = &x86_boot_info;

	if (bi->magic != MB_BOOT_MAGIC) {
		printk("multiboot: entered with eax=%08x, not a multiboot loader\n", bi->magic);
		return;
	}
	printk("multiboot: DTB module at %08x (%u bytes); loader reports %u KiB above 1 MiB "
	       "(RAM is taken from the DTB)\n", bi->module, bi->module_size, bi->mem_upper_kib);
	if (bi->args && *bi->args && bi->ret)
		printk("multiboot: command line not put into the DTB (%d): the DTB's bootargs "
		       "stand\n", bi->ret);
}
