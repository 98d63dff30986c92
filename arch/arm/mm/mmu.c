/*
 * MMU set-up: an identity map of RAM (normal, write-back) and of the
 * devices drivers ioremap() (device memory), with the kernel image mapped in
 * 4 KiB pages so that text is read-only+executable, read-only data is
 * read-only+never-execute and the rest never-execute. After this, kernel
 * text only changes through patch_text()'s temporary alias (fixmap).
 */
#include <ek/arch.h>
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/mm.h>
#include <ek/noprobe.h>
#include <ek/printk.h>
#include <ek/sections.h>
#include <ek/string.h>
#include <asm/cp15.h>
#include <asm/mmu.h>

/* L1 section descriptor bits */
#define S_SECTION 0x2u
#define S_B (1u << 2)
#define S_C (1u << 3)
#define S_XN (1u << 4)
#define S_AP_RW (1u << 10)              /* AP[1:0] = 01: PL1 read/write */
#define S_AP_RO ((1u << 15) | (1u << 10)) /* AP[2] = 1: PL1 read-only */
#define S_TEX(x) ((u32)(x) << 12)
#define S_SHARED (1u << 16)
/* outer and inner write-back, allocate; shareable: the other CPUs' caches
 * stay coherent with it (ACTLR.SMP, below) */
#define S_NORMAL (S_TEX(1) | S_C | S_B | S_SHARED)
/* Normal, non-cacheable (TEX 001, C 0, B 0): stores drain to memory
 * through the write buffer, nothing stays dirty in a cache. */
#define S_NORMAL_NC (S_TEX(1) | S_SHARED)
#define S_DEVICE S_B                    /* shareable device */
#define L1_TABLE 0x1u
/* L2 small page descriptor bits */
#define P_PAGE 0x2u
#define P_XN 0x1u
#define P_B (1u << 2)
#define P_C (1u << 3)
#define P_AP_RW (1u << 4)
#define P_AP_RO ((1u << 9) | (1u << 4))
#define P_TEX(x) ((u32)(x) << 6)
#define P_SHARED (1u << 10)
#define P_NORMAL (P_TEX(1) | P_C | P_B | P_SHARED)

#define KERNEL_L2_TABLES 8 /* image + bss up to 8 MiB */

/*
 * The tables are not cleared with .bss at kernel entry (.noinit): they are
 * first needed when arch_setup() builds them, after the early probes are
 * armed, and clearing them (with the alignment gaps they put into .bss)
 * was a third of the work before that. Until then ioremap() only notes
 * the devices it must map (the MMU is off: every address is physical).
 */
static u32 l1[4096] __aligned(16384) __section(".noinit");
static u32 kernel_l2[KERNEL_L2_TABLES][256] __aligned(1024) __section(".noinit");
static u32 fixmap_l2[256] __aligned(1024) __section(".noinit");
static bool tables_ready;

#define EARLY_IOMAPS 8
static struct {
	phys_addr_t phys;
	size_t size;
} early_iomaps[EARLY_IOMAPS];
static unsigned int nr_early_iomaps;

/*
 * patch_text() and early arming ask. The answer comes from SCTLR.M, not a
 * flag set after the MMU came on: a probe on an instruction between the
 * two would have its first hit write read-only text directly.
 */
__noprobe bool arch_mmu_enabled(void)
{
	return read_sctlr() & SCTLR_M;
}

/* Publish a changed descriptor to the table walker and drop stale TLB
 * entries: every CPU's (broadcast), or with @local only this one's. */
static __noprobe void sync_entry_on(u32 *entry, unsigned long va, bool local)
{
	if (!arch_mmu_enabled())
		return;
	dcache_clean_poc_range((unsigned long)entry, sizeof(*entry));
	if (local)
		write_tlbimva(va & ~0xfffu);
	else
		tlb_inval_mva(va & ~0xfffu);
	bp_inval_all();
	dsb();
	isb();
}

static __noprobe void sync_entry(u32 *entry, unsigned long va)
{
	sync_entry_on(entry, va, false);
}

/* Device sections for [phys, phys + size) in l1 (IRQs masked). */
static notrace void map_device(phys_addr_t phys, size_t size)
{
	for (unsigned long a = ALIGN_DOWN(phys, SECTION_SIZE); a < phys + size;
	     a += SECTION_SIZE) {
		u32 *e = &l1[a >> 20];

		if (*e)
			continue; /* already mapped (RAM or another device) */
		*e = (u32)a | S_SECTION | S_DEVICE | S_XN | S_AP_RW;
		sync_entry(e, a);
		if (a + SECTION_SIZE < a)
			break;
	}
}

/* Clears the tables and maps the devices ioremap()ed so far (IRQs masked).
 * kernel_l2 needs no clearing: map_kernel_image() writes every entry of
 * each table it links, and links no other. */
static notrace void tables_init(void)
{
	memset(l1, 0, sizeof(l1));
	memset(fixmap_l2, 0, sizeof(fixmap_l2));
	tables_ready = true;
	for (unsigned int i = 0; i < nr_early_iomaps; i++)
		map_device(early_iomaps[i].phys, early_iomaps[i].size);
}

/* notrace: the first trace clock read maps the A9 global timer through it. */
notrace void *ioremap(phys_addr_t phys, size_t size)
{
	unsigned long flags = arch_irq_save();

	if (!tables_ready && nr_early_iomaps < EARLY_IOMAPS) {
		early_iomaps[nr_early_iomaps].phys = phys;
		early_iomaps[nr_early_iomaps].size = size;
		nr_early_iomaps++;
	} else {
		if (!tables_ready)
			tables_init();
		map_device(phys, size);
	}
	arch_irq_restore(flags);
	return (void *)phys;
}

static u32 kernel_page_attrs(unsigned long a)
{
	if (a >= (unsigned long)_text && a < (unsigned long)_etext)
		return P_NORMAL | P_AP_RO; /* executable, read-only */
	if (a >= (unsigned long)_etext && a < (unsigned long)__rodata_end)
		return P_NORMAL | P_AP_RO | P_XN;
	return P_NORMAL | P_AP_RW | P_XN;
}

static void map_kernel_image(void)
{
	unsigned long start = ALIGN_DOWN((unsigned long)_text, SECTION_SIZE);
	unsigned long end = ALIGN_UP((unsigned long)_end, SECTION_SIZE);
	int t = 0;

	if ((end - start) / SECTION_SIZE > KERNEL_L2_TABLES)
		panic("kernel image spans more than %d MiB", KERNEL_L2_TABLES);
	for (unsigned long mb = start; mb < end; mb += SECTION_SIZE, t++) {
		for (unsigned int i = 0; i < 256; i++) {
			unsigned long a = mb + i * PAGE_SIZE;

			kernel_l2[t][i] = (u32)a | P_PAGE | kernel_page_attrs(a);
		}
		l1[mb >> 20] = (u32)(uintptr_t)kernel_l2[t] | L1_TABLE;
	}
}

/* RAM kept uncached (arch_keep_uncached()): whole sections. */
static struct mem_region uncached;

int arch_keep_uncached(phys_addr_t base, size_t size)
{
	if (!size || (base | size) & (SECTION_SIZE - 1) || base + size < base)
		return -EINVAL;
	uncached.base = base;
	uncached.size = size;
	return 0;
}

static u32 ram_attrs(unsigned long a)
{
	bool nc = a - uncached.base < uncached.size;

	return S_SECTION | (nc ? S_NORMAL_NC : S_NORMAL) | S_AP_RW | S_XN;
}

static void map_ram(void)
{
	struct mem_region ram[8];
	int n = dt_memory_regions(boot_fdt, ram, ARRAY_SIZE(ram));

	for (int r = 0; r < n; r++) {
		unsigned long a = ALIGN_DOWN(ram[r].base, SECTION_SIZE);
		unsigned long end = ram[r].base + ram[r].size;

		for (; a < end && a < FIXMAP_BASE; a += SECTION_SIZE)
			if (!l1[a >> 20])
				l1[a >> 20] = (u32)a | ram_attrs(a);
	}
}

/*
 * Give the 1 MiB RAM section holding @va a second-level table with the same
 * attributes, so single pages in it can change. The new table is filled
 * first; the section entry is then removed and the TLB flushed before the
 * table entry goes in (break-before-make), while nothing touches that MiB.
 */
static u32 *split_section(unsigned long va)
{
	u32 *e = &l1[va >> 20];
	u32 *l2;
	unsigned long base = va & ~(SECTION_SIZE - 1);

	if ((*e & 3) == L1_TABLE)
		return (u32 *)(uintptr_t)(*e & ~0x3ffu);
	if ((*e & 3) != S_SECTION || (*e & (S_TEX(7) | S_C | S_B | S_SHARED)) != S_NORMAL)
		return NULL;
	l2 = page_alloc(0); /* 4 KiB: room for four tables, one used */
	if (!l2)
		return NULL;
	for (unsigned int i = 0; i < 256; i++)
		l2[i] = (u32)(base + i * PAGE_SIZE) | P_PAGE | P_NORMAL | P_AP_RW | P_XN;
	dcache_clean_poc_range((unsigned long)l2, 1024);
	*e = 0;
	dcache_clean_poc_range((unsigned long)e, 4);
	tlb_inval_all();
	dsb();
	isb();
	*e = (u32)(uintptr_t)l2 | L1_TABLE;
	dcache_clean_poc_range((unsigned long)e, 4);
	tlb_inval_all();
	bp_inval_all();
	dsb();
	isb();
	return l2;
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
	dcache_clean_pou_range((unsigned long)mem, (size_t)PAGE_SIZE << order);
	flags = arch_irq_save();
	for (size_t off = 0; off < ((size_t)PAGE_SIZE << order); off += PAGE_SIZE) {
		unsigned long va = (unsigned long)mem + off;
		u32 *l2 = split_section(va);

		if (!l2) {
			arch_irq_restore(flags);
			return NULL; /* the pages stay allocated, never executable */
		}
		/* Read-only and executable, like kernel text: written only
		 * through patch_text()'s alias. */
		l2[(va >> 12) & 0xff] = (u32)va | P_PAGE | P_NORMAL | P_AP_RO;
		sync_entry(&l2[(va >> 12) & 0xff], va);
	}
	icache_inval_range((unsigned long)mem, (size_t)PAGE_SIZE << order);
	arch_irq_restore(flags);
	return mem;
}

/*
 * patch_text()'s alias: unprobeable, or writing a breakpoint would hit one.
 * Only the CPU holding patch_text()'s lock ever touches the alias, and it
 * drops its own TLB entry before each use, so the invalidation is local
 * (as Linux's fixmap on ARM): another CPU's stale entry for it is never
 * used.
 */
__noprobe void *fixmap_map(unsigned int slot, phys_addr_t phys)
{
	unsigned long va = FIXMAP_BASE + slot * PAGE_SIZE;

	fixmap_l2[slot] = (u32)ALIGN_DOWN(phys, PAGE_SIZE) | P_PAGE | P_NORMAL | P_AP_RW | P_XN;
	sync_entry_on(&fixmap_l2[slot], va, true);
	return (void *)(va + (phys & (PAGE_SIZE - 1)));
}

__noprobe void fixmap_unmap(unsigned int slot)
{
	unsigned long va = FIXMAP_BASE + slot * PAGE_SIZE;

	fixmap_l2[slot] = 0;
	sync_entry_on(&fixmap_l2[slot], va, true);
}

/* TTBR0 for @l1: walks inner and outer write-back write-allocate (IRGN=01,
 * RGN=01), inner shareable (S, NOS) like the memory they describe. The
 * secondary CPUs load the same value (arch/arm/kernel/smp.c). */
u32 ttbr0_value(void)
{
	return (u32)(uintptr_t)l1 | 0x40 | 0x20 | 0x08 | 0x02;
}

static void mmu_enable(void)
{
	u32 sctlr;

	/* The loader may have left lines in the caches: write them back and
	 * invalidate before the caches come on with our attributes. */
	dcache_clean_inval_all();
	write_iciallu(0);
	write_bpiall(0);
	write_tlbiall(0);
	dsb();
	write_ttbcr(0);
	write_ttbr0(ttbr0_value());
	write_dacr(0x55555555); /* every domain: client, check permissions */
	isb();
	/* Coherency with the other CPUs' caches (and the IS maintenance they
	 * receive) before this CPU's caches come on. */
	if (cpu_mp())
		write_actlr(read_actlr() | ACTLR_SMP);
	sctlr = read_sctlr();
	sctlr &= ~(SCTLR_A | SCTLR_TRE | SCTLR_AFE | SCTLR_V);
	sctlr |= SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_Z;
	write_sctlr(sctlr);
	isb();
}

void arch_setup(void)
{
	unsigned long flags;

	if ((uintptr_t)l1 & 0x3fff)
		panic("loaded at an address that misaligns the page table (%p); "
		      "load the image at a 64 KiB boundary", (void *)l1);
	flags = arch_irq_save();
	if (!tables_ready)
		tables_init();
	arch_irq_restore(flags);
	map_kernel_image();
	map_ram();
	l1[FIXMAP_BASE >> 20] = (u32)(uintptr_t)fixmap_l2 | L1_TABLE;
	mmu_enable();
	printk("mmu: on; text %p-%p read-only, data never-execute\n", (void *)_text,
	       (void *)_etext);
}
