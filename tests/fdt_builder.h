/*
 * Hand-assembled device tree blobs for the malformed-input tests: dtc and
 * libfdt refuse to write the broken structures we need, so this writes
 * tokens one by one and lays the blocks out itself.
 */
#ifndef EK_TESTS_FDT_BUILDER_H
#define EK_TESTS_FDT_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { FB_BEGIN = 1, FB_END_NODE = 2, FB_PROP = 3, FB_NOP = 4, FB_END = 9 };

struct fdt_builder {
	uint8_t structs[8192];
	size_t slen;
	char strings[1024];
	size_t strlen;
	uint64_t rsv[8][2];
	int nrsv;
	bool rsv_unterminated; /* leave out the (0, 0) entry, put the map last */
	uint32_t version;      /* 17 unless set */
};

void fb_init(struct fdt_builder *b);
void fb_token(struct fdt_builder *b, uint32_t tok);
void fb_begin(struct fdt_builder *b, const char *name);
void fb_end_node(struct fdt_builder *b);
void fb_prop(struct fdt_builder *b, const char *name, const void *val, uint32_t len);
void fb_prop_u32(struct fdt_builder *b, const char *name, uint32_t v);
void fb_prop_str(struct fdt_builder *b, const char *name, const char *s);
/* Appends raw bytes to the structure block (padded to 4 with @pad). */
void fb_raw(struct fdt_builder *b, const void *data, size_t len, uint8_t pad);
/* A malloc'd blob of exactly *size bytes (so ASan sees any overread). */
void *fb_finish(const struct fdt_builder *b, size_t *size);

/* Big-endian helpers for patching blobs. */
uint32_t be32_get(const void *p);
void be32_set(void *p, uint32_t v);

#endif
