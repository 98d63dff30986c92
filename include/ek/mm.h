/* Physical pages and the kernel heap. Memory is identity mapped. */
#ifndef EK_MM_H
#define EK_MM_H

#include <ek/types.h>

#define PAGE_SIZE 4096u
#define PAGE_SHIFT 12

struct mem_region {
	phys_addr_t base;
	size_t size;
};

/* mem_init() takes RAM from the DT memory nodes and reserves the image,
 * the DTB, /memreserve/ entries and /reserved-memory nodes. */
int mem_init(const void *fdt);
/* RAM banks of the DT memory nodes (device_type = "memory"). */
int dt_memory_regions(const void *fdt, struct mem_region *out, int max);

void *page_alloc(unsigned int order);
void page_free(void *p, unsigned int order);
/* Page allocator statistics, in pages. */
void page_stats(size_t *total, size_t *free);

void *kmalloc(size_t size);
void *kzalloc(size_t size);
/* Calls of kzalloc() since boot (counted by kzalloc() itself). */
unsigned long kzalloc_call_count(void);
void kfree(void *p);

#endif
