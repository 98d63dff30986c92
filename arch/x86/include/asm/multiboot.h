/* Multiboot (version 1) boot information, as far as this kernel reads it. */
#ifndef ASM_MULTIBOOT_H
#define ASM_MULTIBOOT_H

#define MB_HEADER_MAGIC 0x1badb002
#define MB_BOOT_MAGIC 0x2badb002  /* in eax at entry */
#define MB_HDR_PAGE_ALIGN (1 << 0) /* modules on page boundaries */
#define MB_HDR_MEMINFO (1 << 1)    /* mem_lower/mem_upper wanted */

#define MB_INFO_MEM (1u << 0)
#define MB_INFO_CMDLINE (1u << 2)
#define MB_INFO_MODS (1u << 3)

#ifndef __ASSEMBLER__
#include <ek/types.h>

struct mb_info {
	u32 flags;
	u32 mem_lower, mem_upper; /* KiB below 1 MiB, KiB above 1 MiB */
	u32 boot_device;
	u32 cmdline;
	u32 mods_count, mods_addr;
	/* (symbols, memory map, drives, ... not used) */
};

struct mb_module {
	u32 mod_start, mod_end; /* [start, end) physical */
	u32 string;             /* the module's command line */
	u32 reserved;
};
#endif

#endif
