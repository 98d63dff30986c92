/*
 * Kernel heap: power-of-two size classes from 16 to 2048 bytes carved out of
 * pages, and whole page blocks above that. Every object carries an 8-byte
 * header with its class, so kfree needs no lookup.
 */
#include <ek/arch.h>
#include <ek/mm.h>
#include <ek/spinlock.h>
#include <ek/string.h>

#define MIN_SHIFT 4
#define MAX_SHIFT 11
#define HDR 8u
#define BIG_CLASS 0xff

struct free_obj {
	struct free_obj *next;
};

static struct free_obj *free_lists[MAX_SHIFT + 1];
static spinlock_t heap_lock = SPINLOCK_INIT; /* the free lists; then page_alloc's */

static unsigned int order_for(size_t bytes)
{
	unsigned int order = 0;

	while (((size_t)PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

static bool refill(unsigned int shift)
{
	u8 *page = page_alloc(0);
	size_t sz = (size_t)1 << shift;

	if (!page)
		return false;
	for (size_t off = 0; off + sz <= PAGE_SIZE; off += sz) {
		struct free_obj *o = (struct free_obj *)(page + off);

		o->next = free_lists[shift];
		free_lists[shift] = o;
	}
	return true;
}

void *kmalloc(size_t size)
{
	size_t need = size + HDR;
	unsigned int shift = MIN_SHIFT;
	unsigned long flags;
	u32 *hdr;

	while (shift <= MAX_SHIFT && ((size_t)1 << shift) < need)
		shift++;
	if (shift > MAX_SHIFT) {
		unsigned int order = order_for(need);

		hdr = page_alloc(order);
		if (!hdr)
			return NULL;
		hdr[0] = BIG_CLASS;
		hdr[1] = order;
		return (u8 *)hdr + HDR;
	}
	flags = spin_lock_irqsave(&heap_lock);
	if (!free_lists[shift] && !refill(shift)) {
		spin_unlock_irqrestore(&heap_lock, flags);
		return NULL;
	}
	hdr = (u32 *)free_lists[shift];
	free_lists[shift] = free_lists[shift]->next;
	spin_unlock_irqrestore(&heap_lock, flags);
	hdr[0] = shift;
	hdr[1] = 0;
	return (u8 *)hdr + HDR;
}

/* Counted by the function itself, not by a probe: the handover ledger
 * test compares probe counts on kzalloc() with it (/proc/meminfo). */
static unsigned long kzalloc_calls;

unsigned long kzalloc_call_count(void)
{
	return READ_ONCE(kzalloc_calls);
}

void *kzalloc(size_t size)
{
	void *p;

	arch_atomic_add_return((u32 *)&kzalloc_calls, 1); /* any CPU */
	p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	u32 *hdr;
	unsigned long flags;

	if (!p)
		return;
	hdr = (u32 *)((u8 *)p - HDR);
	if (hdr[0] == BIG_CLASS) {
		page_free(hdr, hdr[1]);
	} else {
		/* Read the class before the free-list link overwrites it. */
		unsigned int shift = hdr[0];
		struct free_obj *o = (struct free_obj *)hdr;

		flags = spin_lock_irqsave(&heap_lock);
		o->next = free_lists[shift];
		free_lists[shift] = o;
		spin_unlock_irqrestore(&heap_lock, flags);
	}
}

