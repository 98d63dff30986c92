/* Short-descriptor translation tables (ARMv7-A, identity mapping). */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <ek/types.h>

#define SECTION_SIZE 0x100000u
#define FIXMAP_BASE 0xfff00000u /* 1 MiB window for temporary aliases */
#define FIX_TEXT_POKE 0         /* page slot used by patch_text() */

/* Map the 4 KiB page @phys at fixmap slot @slot with RW normal memory. */
void *fixmap_map(unsigned int slot, phys_addr_t phys);
void fixmap_unmap(unsigned int slot);
/* What TTBR0 holds once the MMU is on (every CPU loads the same). */
u32 ttbr0_value(void);

#endif
