/* /chosen/bootargs from the multiboot command line (fdt_bootargs.c). */
#ifndef X86_FDT_BOOTARGS_H
#define X86_FDT_BOOTARGS_H

#include <ek/types.h>

/* Copy the DTB @src (@srcsize bytes available) into @dst (@room bytes)
 * with /chosen/bootargs set to @args (@alen bytes, no NUL needed).
 * 0, or -EINVAL (not a valid DTB) / -ENOSPC (does not fit). */
int fdt_copy_with_bootargs(void *dst, size_t room, const void *src, size_t srcsize,
			   const char *args, size_t alen);

#endif
