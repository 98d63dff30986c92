/* 32-bit paging (no PAE): identity map, read-only text, a fixmap. */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <ek/types.h>

#define PTE_P 0x001u   /* present */
#define PTE_W 0x002u   /* writable */
#define PTE_PCD 0x010u /* cache disabled (devices) */
#define PTE_PWT 0x008u
#define PTE_PS 0x080u  /* PDE: 4 MiB page */
#define PTE_G 0x100u

#define CR0_WP (1u << 16)
#define CR0_PG (1u << 31)
#define CR4_PSE (1u << 4)

/* Virtual pages for temporary aliases, in the top 4 MiB: the identity map
 * never reaches there (ioremap() refuses it), so the slots are free. */
enum fixmap_slot { FIX_TEXT_POKE, FIX_NR };
#define FIXMAP_BASE 0xffc00000u

void *fixmap_map(enum fixmap_slot slot, unsigned long phys);
void fixmap_unmap(enum fixmap_slot slot);
/* Print the page-directory entry, and the page-table entry under it, that
 * map @addr, on one line as Linux's dump_pagetable() does (oops reports). */
void x86_dump_pagetable(unsigned long addr);

static inline void invlpg(unsigned long va)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
}

#endif
