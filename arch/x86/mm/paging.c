/*
 * 32-bit paging without PAE: an identity map. The first 8 MiB (the image
 * and the PC's low memory) use 4 KiB pages, so the kernel's text and
 * read-only data can be mapped read-only (CR0.WP makes that bind ring 0
 * too) and page 0 left out to catch NULL pointers; the rest of RAM (the
 * DTB's /memory) and device windows use 4 MiB pages. A 4 MiB page is
 * split into a page table when part of it must become read-only
 * (arch_alloc_exec). Without PAE there is no no-execute bit: data stays
 * executable, unlike ARM's never-execute data.
 */
#include <ek/arch.h>
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/mm.h>
#include <ek/noprobe.h>
#include <ek/printk.h>
#include <ek/sections.h>
#include <ek/string.h>
#include <asm/mmu.h>
#include <asm/setup.h>

#define LOW_MAP (8u << 20)
#define PDE_SPAN (4u << 20)
#define MAX_BANKS 8

/*
 * Not cleared with .bss at kernel entry (.noinit), as on ARM: nothing
 * needs them before arch_setup() builds them, after the early probes are
 * armed, and clearing them was a third of the work before that. low_pt
 * is written whole by map_low(); the other two are cleared on first use
 * (an early ioremap() may come before arch_setup()).
 */
static u32 pgdir[1024] __aligned(4096) __section(".noinit");
static u32 low_pt[LOW_MAP / PDE_SPAN][1024] __aligned(4096) __section(".noinit");
static u32 fix_pt[1024] __aligned(4096) __section(".noinit");
static bool tables_ready;

static void tables_init(void)
{
	if (tables_ready)
		return;
	memset(pgdir, 0, sizeof(pgdir));
	memset(fix_pt, 0, sizeof(fix_pt));
	tables_ready = true;
}

static __always_inline unsigned long read_cr0(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr0, %0" : "=r"(v));
	return v;
}

/* patch_text() and the trap path ask: never probed or traced. */
__noprobe bool arch_mmu_enabled(void)
{
	return (read_cr0() & CR0_PG) != 0;
}

static void flush_tlb_all(void)
{
	unsigned long cr3;

	__asm__ __volatile__("mov %%cr3, %0\n\tmov %0, %%cr3" : "=r"(cr3) : : "memory");
}

/* Identity 4 MiB pages over [start, end) where nothing is mapped yet. */
static void map_big(u32 start, u32 end, u32 attrs)
{
	tables_init();
	for (u64 a = start & ~(PDE_SPAN - 1); a < end; a += PDE_SPAN)
		if (!(pgdir[a >> 22] & PTE_P))
			pgdir[a >> 22] = (u32)a | PTE_PS | PTE_P | attrs;
}

void *ioremap(phys_addr_t phys, size_t size)
{
	if (!size || phys + size - 1 < phys || phys + size - 1 >= FIXMAP_BASE)
		return NULL;
	/* Identity, uncached. Before paging is on the entries wait for it. */
	map_big(phys, phys + size, PTE_W | PTE_PCD | PTE_PWT);
	if (arch_mmu_enabled())
		flush_tlb_all();
	return (void *)phys;
}

static void map_low(void)
{
	u32 ro_start = (u32)(uintptr_t)_text, ro_end = (u32)(uintptr_t)__rodata_end;

	for (u32 a = 0; a < LOW_MAP; a += PAGE_SIZE) {
		u32 pte = a | PTE_P;

		if (a < ro_start || a >= ro_end)
			pte |= PTE_W;
		if (a == 0)
			pte = 0; /* NULL dereferences fault */
		low_pt[a / PDE_SPAN][(a >> 12) & 1023] = pte;
	}
	for (u32 i = 0; i < LOW_MAP / PDE_SPAN; i++)
		pgdir[i] = (u32)(uintptr_t)low_pt[i] | PTE_P | PTE_W;
}

/* RAM kept write-through (arch_keep_uncached()): whole 4 MiB pages above
 * the low map, where every store goes to memory at once. */
static u32 uncached_base, uncached_size;

int arch_keep_uncached(phys_addr_t base, size_t size)
{
	if (!size || (base | size) & (PDE_SPAN - 1) || base < LOW_MAP || base + size < base ||
	    base + size - 1 >= FIXMAP_BASE)
		return -EINVAL;
	uncached_base = (u32)base;
	uncached_size = (u32)size;
	return 0;
}

static void map_ram(void)
{
	struct mem_region ram[MAX_BANKS];
	int n = boot_fdt ? dt_memory_regions(boot_fdt, ram, MAX_BANKS) : 0;

	if (uncached_size) /* first: map_big() leaves mapped pages alone */
		map_big(uncached_base, uncached_base + uncached_size, PTE_W | PTE_PWT);
	for (int i = 0; i < n; i++) {
		u64 end = (u64)ram[i].base + ram[i].size;

		if (end > FIXMAP_BASE)
			end = FIXMAP_BASE;
		if (end > LOW_MAP)
			map_big(ram[i].base < LOW_MAP ? LOW_MAP : ram[i].base, (u32)end, PTE_W);
	}
}

void arch_setup(void)
{
	unsigned long cr;

	x86_tsc_calibrate();
	x86_boot_report();
	tables_init();
	map_low();
	map_ram();
	pgdir[FIXMAP_BASE >> 22] = (u32)(uintptr_t)fix_pt | PTE_P | PTE_W;
	__asm__ __volatile__("mov %0, %%cr3" : : "r"(pgdir) : "memory");
	__asm__ __volatile__("mov %%cr4, %0" : "=r"(cr));
	__asm__ __volatile__("mov %0, %%cr4" : : "r"(cr | CR4_PSE) : "memory");
	__asm__ __volatile__("mov %0, %%cr0" : : "r"(read_cr0() | CR0_PG | CR0_WP) : "memory");
	printk("mmu: paging on; text %p-%p and rodata read-only, page 0 unmapped\n",
	       (void *)_text, (void *)_etext);
}

/* patch_text()'s alias: never probed or traced (it runs while a probe or
 * a traced site is being written). */
__noprobe void *fixmap_map(enum fixmap_slot slot, unsigned long phys)
{
	unsigned long va = FIXMAP_BASE + (unsigned long)slot * PAGE_SIZE;

	fix_pt[slot] = (u32)(phys & ~(PAGE_SIZE - 1)) | PTE_P | PTE_W;
	invlpg(va);
	return (void *)(va + (phys & (PAGE_SIZE - 1)));
}

__noprobe void fixmap_unmap(enum fixmap_slot slot)
{
	fix_pt[slot] = 0;
	invlpg(FIXMAP_BASE + (unsigned long)slot * PAGE_SIZE);
}

/* The page table entry of @va, splitting a 4 MiB page into 4 KiB ones
 * first (its table from the page allocator); NULL when unmapped or out of
 * memory. */
static u32 *pte_of(unsigned long va)
{
	u32 *pde = &pgdir[va >> 22], *pt;

	if (!(*pde & PTE_P))
		return NULL;
	if (*pde & PTE_PS) {
		u32 base = *pde & ~(PDE_SPAN - 1), attrs = *pde & (PTE_W | PTE_PCD | PTE_PWT);

		pt = page_alloc(0);
		if (!pt)
			return NULL;
		for (u32 i = 0; i < 1024; i++)
			pt[i] = (base + i * PAGE_SIZE) | PTE_P | attrs;
		*pde = (u32)(uintptr_t)pt | PTE_P | PTE_W;
		flush_tlb_all();
	}
	pt = (u32 *)(uintptr_t)(*pde & ~(PAGE_SIZE - 1));
	return &pt[(va >> 12) & 1023];
}

void *arch_alloc_exec(size_t size)
{
	unsigned int order = 0;
	unsigned long flags;
	u8 *mem;

	while (((size_t)PAGE_SIZE << order) < size)
		order++;
	mem = page_alloc(order);
	if (!mem)
		return NULL;
	memset(mem, 0, (size_t)PAGE_SIZE << order);
	flags = arch_irq_save();
	for (size_t off = 0; off < ((size_t)PAGE_SIZE << order); off += PAGE_SIZE) {
		unsigned long va = (unsigned long)mem + off;
		u32 *pte = pte_of(va);

		if (!pte) {
			arch_irq_restore(flags);
			return NULL; /* the pages stay allocated, never used */
		}
		/* Read-only like kernel text: written only through
		 * patch_text()'s alias. */
		*pte &= ~PTE_W;
		invlpg(va);
	}
	arch_irq_restore(flags);
	return mem;
}

/* The tables are identity mapped (CR3 and a PDE hold physical addresses,
 * which are their virtual ones): read them fault-tolerantly anyway, an
 * oops may come from anywhere. */
void x86_dump_pagetable(unsigned long addr)
{
	unsigned long cr3;
	u32 pde, pte;

	__asm__ __volatile__("mov %%cr3, %0" : "=r"(cr3));
	if (arch_probe_read32((cr3 & ~0xfffu) + 4 * (addr >> 22), &pde)) {
		printk("*pde = (unreadable)\n");
		return;
	}
	if (!(pde & PTE_P) || (pde & PTE_PS) ||
	    arch_probe_read32((pde & ~0xfffu) + 4 * ((addr >> 12) & 0x3ff), &pte)) {
		printk("*pde = %08x \n", pde);
		return;
	}
	printk("*pde = %08x *pte = %08x \n", pde, pte);
}
