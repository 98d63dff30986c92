/*
 * Page allocator: one bitmap over each RAM region of the device tree. The
 * bitmaps live in the first free pages of RAM, so nothing here needs static
 * space sized for the largest board. First fit, naturally aligned blocks.
 */
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/fdt.h>
#include <ek/mm.h>
#include <ek/spinlock.h>
#include <ek/printk.h>
#include <ek/sections.h>
#include <ek/string.h>

#define MAX_REGIONS 8

static struct mem_region ram[MAX_REGIONS];
static u32 *bitmap[MAX_REGIONS]; /* bit set = page in use */
static int nram;
static size_t total_pages, free_pages;

static size_t region_pages(int r)
{
	return ram[r].size >> PAGE_SHIFT;
}

static bool test_page(int r, size_t pg)
{
	return bitmap[r][pg / 32] & (1u << (pg % 32));
}

static void set_pages(int r, size_t pg, size_t n, bool used)
{
	for (size_t i = pg; i < pg + n; i++) {
		if (test_page(r, i) == used)
			continue;
		if (used)
			bitmap[r][i / 32] |= 1u << (i % 32);
		else
			bitmap[r][i / 32] &= ~(1u << (i % 32));
		free_pages += used ? (size_t)-1 : 1;
	}
}

/* Mark [base, base+size) used in whatever region it overlaps. */
static void reserve(phys_addr_t base, u64 size)
{
	for (int r = 0; r < nram; r++) {
		u64 lo = MAX((u64)base, (u64)ram[r].base);
		u64 hi = MIN((u64)base + size, (u64)ram[r].base + ram[r].size);

		if (lo >= hi || !bitmap[r])
			continue;
		lo = ALIGN_DOWN(lo, (u64)PAGE_SIZE);
		hi = ALIGN_UP(hi, (u64)PAGE_SIZE);
		set_pages(r, (size_t)((lo - ram[r].base) >> PAGE_SHIFT),
			  (size_t)((hi - lo) >> PAGE_SHIFT), true);
	}
}

int dt_memory_regions(const void *fdt, struct mem_region *out, int max)
{
	int n = 0;

	for (int node = dtb_next_node(fdt, -1, NULL); node >= 0;
	     node = dtb_next_node(fdt, node, NULL)) {
		const char *type = dtb_getprop(fdt, node, "device_type", NULL);
		u64 addr, size;

		if (!type || strcmp(type, "memory") || !dt_node_available(fdt, node))
			continue;
		for (int i = 0; n < max && !dtb_read_reg(fdt, node, i, &addr, &size); i++) {
			/* Stay within the 32-bit physical space this kernel maps. */
			if (addr >= 0x100000000ULL || !size)
				continue;
			if (addr + size > 0x100000000ULL)
				size = 0x100000000ULL - addr;
			out[n].base = (phys_addr_t)ALIGN_UP(addr, (u64)PAGE_SIZE);
			out[n].size = (size_t)ALIGN_DOWN(addr + size - out[n].base, (u64)PAGE_SIZE);
			n++;
		}
	}
	return n;
}

/* Each range of the /reserved-memory children (the boot trace's region,
 * firmware's): @fn(base, size, ctx). */
static void for_each_reserved_node(const void *fdt, void (*fn)(u64 a, u64 s, void *ctx),
				   void *ctx)
{
	int parent = dtb_path_offset(fdt, "/reserved-memory", 16);
	u64 a, s;

	for (int n = parent >= 0 ? dtb_first_subnode(fdt, parent) : -1; n >= 0;
	     n = dtb_next_subnode(fdt, n))
		for (int i = 0; !dtb_read_reg(fdt, n, i, &a, &s); i++)
			fn(a, s, ctx);
}

static void reserve_range(u64 a, u64 s, void *ctx)
{
	(void)ctx;
	reserve((phys_addr_t)a, s);
}

static void reserve_dt_nodes(const void *fdt)
{
	for_each_reserved_node(fdt, reserve_range, NULL);
}

struct span {
	u64 at, bytes;
};

static void skip_range(u64 a, u64 s, void *ctx)
{
	struct span *sp = ctx;

	if (sp->at < a + s && sp->at + sp->bytes > a)
		sp->at = ALIGN_UP(a + s, (u64)PAGE_SIZE);
}

/* @at, or past the reserved node it would overlap. */
static phys_addr_t past_reserved_nodes(const void *fdt, phys_addr_t at, size_t bytes)
{
	struct span sp = { at, bytes };

	for_each_reserved_node(fdt, skip_range, &sp);
	return (phys_addr_t)sp.at;
}

int mem_init(const void *fdt)
{
	phys_addr_t kstart = (phys_addr_t)_text, kend = (phys_addr_t)_end;
	phys_addr_t fstart = (phys_addr_t)fdt;
	size_t fsize = dtb_totalsize(fdt);

	nram = dt_memory_regions(fdt, ram, MAX_REGIONS);
	if (!nram) {
		printk("mm: no memory node in the device tree\n");
		return -ENOENT;
	}
	for (int r = 0; r < nram; r++) {
		size_t bytes = ALIGN_UP(region_pages(r) / 8 + 4, (size_t)PAGE_SIZE);
		phys_addr_t at = ram[r].base;

		/* The bitmap goes at the first spot of the region clear of the
		 * kernel image, the DTB and /reserved-memory (the boot trace). */
		for (int tries = 0; tries < 4; tries++) {
			if (at < kend && at + bytes > kstart)
				at = ALIGN_UP(kend, (phys_addr_t)PAGE_SIZE);
			if (at < fstart + fsize && at + bytes > fstart)
				at = ALIGN_UP(fstart + fsize, (phys_addr_t)PAGE_SIZE);
			at = past_reserved_nodes(fdt, at, bytes);
		}
		if (at + bytes > ram[r].base + ram[r].size)
			continue;
		bitmap[r] = (u32 *)at;
		memset(bitmap[r], 0, bytes);
		total_pages += region_pages(r);
		free_pages += region_pages(r);
		reserve(at, bytes);
	}
	reserve(kstart, kend - kstart);
	reserve(fstart, fsize);
	for (int i = 0; i < dtb_num_mem_rsv(fdt); i++) {
		u64 a, s;

		dtb_get_mem_rsv(fdt, i, &a, &s);
		reserve((phys_addr_t)a, s);
	}
	reserve_dt_nodes(fdt);
	for (int r = 0; r < nram; r++)
		printk("mm: RAM %08lx-%08lx (%lu MiB)\n", (unsigned long)ram[r].base,
		       (unsigned long)(ram[r].base + ram[r].size - 1),
		       (unsigned long)(ram[r].size >> 20));
	printk("mm: %lu pages free of %lu\n", (unsigned long)free_pages,
	       (unsigned long)total_pages);
	return 0;
}

/* The bitmaps, shared by every CPU. */
static spinlock_t page_lock = SPINLOCK_INIT;

void *page_alloc(unsigned int order)
{
	size_t n = (size_t)1 << order;
	unsigned long flags = spin_lock_irqsave(&page_lock);

	for (int r = 0; r < nram; r++) {
		if (!bitmap[r])
			continue;
		for (size_t pg = 0; pg + n <= region_pages(r); pg += n) {
			size_t i = 0;

			while (i < n && !test_page(r, pg + i))
				i++;
			if (i == n) {
				set_pages(r, pg, n, true);
				spin_unlock_irqrestore(&page_lock, flags);
				return (void *)(ram[r].base + (pg << PAGE_SHIFT));
			}
		}
	}
	spin_unlock_irqrestore(&page_lock, flags);
	return NULL;
}

void page_free(void *p, unsigned int order)
{
	phys_addr_t a = (phys_addr_t)p;

	for (int r = 0; r < nram; r++) {
		if (a >= ram[r].base && a < ram[r].base + ram[r].size) {
			unsigned long flags = spin_lock_irqsave(&page_lock);

			set_pages(r, (a - ram[r].base) >> PAGE_SHIFT, (size_t)1 << order, false);
			spin_unlock_irqrestore(&page_lock, flags);
			return;
		}
	}
	printk("mm: page_free of %p outside RAM\n", p);
}

void page_stats(size_t *total, size_t *freep)
{
	*total = total_pages;
	*freep = free_pages;
}
