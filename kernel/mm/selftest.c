/*
 * `selftest alloc`: exercise the page allocator and kmalloc on the running
 * board — alignment, no overlap, contents preserved, and the free count
 * returning to where it started.
 */
#include <ek/errno.h>
#include <ek/mm.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>

#define NBLOCKS 8

static int check(bool ok, const char *what)
{
	if (!ok)
		console_printf("selftest alloc: FAIL: %s\n", what);
	return ok ? 0 : -EIO;
}

static int pages_test(void)
{
	u8 *blk[NBLOCKS];
	int ret = 0;

	for (unsigned int i = 0; i < NBLOCKS; i++) {
		unsigned int order = i % 4;

		blk[i] = page_alloc(order);
		ret |= check(blk[i] != NULL, "page_alloc returned NULL");
		if (!blk[i])
			return -ENOMEM;
		ret |= check(((uintptr_t)blk[i] & (PAGE_SIZE - 1)) == 0, "page not aligned");
		memset(blk[i], 0xa0 + (int)i, PAGE_SIZE << order);
	}
	for (unsigned int i = 0; i < NBLOCKS; i++) {
		size_t len = (size_t)PAGE_SIZE << (i % 4);

		for (size_t b = 0; b < len; b += 97)
			if (blk[i][b] != (u8)(0xa0 + i))
				return check(false, "page contents overwritten (overlap)");
		page_free(blk[i], i % 4);
	}
	return ret;
}

static int kmalloc_test(void)
{
	static const size_t sizes[] = { 1, 8, 15, 16, 100, 500, 1000, 2040, 2041, 5000, 20000 };
	u8 *p[ARRAY_SIZE(sizes)];
	int ret = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = kmalloc(sizes[i]);
		ret |= check(p[i] != NULL, "kmalloc returned NULL");
		if (!p[i])
			return -ENOMEM;
		ret |= check(((uintptr_t)p[i] & 7) == 0, "kmalloc not 8-byte aligned");
		memset(p[i], (int)i + 1, sizes[i]);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (size_t b = 0; b < sizes[i]; b++)
			if (p[i][b] != (u8)(i + 1))
				return check(false, "kmalloc object overwritten");
		kfree(p[i]);
	}
	/* Freed objects come back: same size class, same addresses. */
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		void *again = kmalloc(sizes[i]);

		ret |= check(again != NULL, "kmalloc after kfree returned NULL");
		kfree(again);
		ret |= check(kmalloc(sizes[i]) == again, "kfree did not return the object");
		kfree(again);
	}
	return ret;
}

static int selftest_alloc(void)
{
	size_t total, free_before, free_after;
	int ret;

	page_stats(&total, &free_before);
	ret = pages_test();
	page_stats(&total, &free_after);
	ret |= check(free_after == free_before, "pages leaked");
	ret |= kmalloc_test();
	console_printf("selftest alloc: %s (%lu of %lu pages free)\n", ret ? "FAIL" : "PASS",
		       (unsigned long)free_after, (unsigned long)total);
	return ret;
}
static const struct selftest alloc_test = { "alloc", selftest_alloc };
SELFTEST_DECLARE(alloc_test);
