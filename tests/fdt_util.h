/* Helpers shared by the FDT tests: loading blobs and exercising accessors. */
#ifndef EK_TESTS_FDT_UTIL_H
#define EK_TESTS_FDT_UTIL_H

#include <stddef.h>

struct test_blob {
	char *name; /* file name, plus "+variant" for derived blobs */
	void *fdt;  /* malloc'd with exactly @size bytes */
	size_t size;
};

/* Reads @path into an exactly sized buffer; aborts on I/O errors. */
void *load_blob(const char *path, size_t *size);
/* Exactly sized copy of the first @size bytes of @src. */
void *copy_blob(const void *src, size_t size);

/*
 * Calls every read-only accessor on every node and property of a blob that
 * dtb_check() accepted. Returns the number of accessor calls made; under
 * ASan any read outside the blob aborts the test.
 */
unsigned long walk_all(const void *fdt);

#endif
