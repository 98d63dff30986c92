/*
 * Read-only flattened device tree reader. Node offsets are byte offsets into
 * the structure block, as in libfdt, so host tests compare answers directly.
 * dtb_check() validates a whole blob once; the accessors assume a checked
 * blob but still never read outside it.
 */
#ifndef EK_FDT_H
#define EK_FDT_H

#include <ek/types.h>

#define DTB_MAGIC 0xd00dfeedu
#define DTB_MAX_DEPTH 32

struct dtb_err {
	int offset;       /* byte offset into the blob where it went wrong */
	const char *what; /* static description */
};

/* 0 when @blob is a well-formed DTB no larger than @bufsize (0: unknown). */
int dtb_check(const void *blob, size_t bufsize, struct dtb_err *err);
/* The same check, and on success an index of the nodes that makes lookups
 * by path, parent and sibling cheap for this one blob (the kernel's: it
 * must not change afterwards). One blob at a time; a later call replaces
 * it. Without an index every accessor walks, with the same answers. */
int dtb_check_index(const void *blob, size_t bufsize, struct dtb_err *err);
u32 dtb_totalsize(const void *blob);

/* Walks: -ENOENT at the end. */
int dtb_next_node(const void *blob, int node, int *depth);
int dtb_first_subnode(const void *blob, int parent);
int dtb_next_subnode(const void *blob, int node);
int dtb_parent_offset(const void *blob, int node);

const char *dtb_get_name(const void *blob, int node, int *lenp);
int dtb_subnode_offset(const void *blob, int parent, const char *name, size_t namelen);
/* "/a/b@1", or "alias/rest" through /aliases. */
int dtb_path_offset(const void *blob, const char *path, size_t pathlen);
int dtb_get_path(const void *blob, int node, char *buf, size_t size);

const void *dtb_getprop(const void *blob, int node, const char *name, int *lenp);
int dtb_first_property(const void *blob, int node);
int dtb_next_property(const void *blob, int prop);
const void *dtb_getprop_by_offset(const void *blob, int prop, const char **name, int *lenp);

bool dtb_getprop_u32(const void *blob, int node, const char *name, u32 *val);
bool dtb_getprop_bool(const void *blob, int node, const char *name);
int dtb_stringlist_count(const void *blob, int node, const char *name);
const char *dtb_stringlist_get(const void *blob, int node, const char *name, int idx,
			       int *lenp);
/* 0 when one of @node's "compatible" strings equals @compat. */
int dtb_node_check_compatible(const void *blob, int node, const char *compat);
int dtb_node_offset_by_compatible(const void *blob, int start, const char *compat);
int dtb_node_offset_by_phandle(const void *blob, u32 phandle);

int dtb_address_cells(const void *blob, int node);
int dtb_size_cells(const void *blob, int node);
/* Entry @idx of "reg", translated through the parents' "ranges" to a CPU address. */
int dtb_read_reg(const void *blob, int node, int idx, u64 *addr, u64 *size);

int dtb_num_mem_rsv(const void *blob);
int dtb_get_mem_rsv(const void *blob, int n, u64 *addr, u64 *size);

typedef u32 __attribute__((may_alias)) dtb_word;

static inline u32 dtb32(const void *p)
{
	const u8 *b = p;

	/* Almost every cell is word aligned: one load and a byte swap
	 * instead of four loads (this is the hot path of dtb_check). Byte
	 * by byte otherwise, as unaligned loads fault before the MMU. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (!((uintptr_t)p & 3))
		return __builtin_bswap32(*(const dtb_word *)p);
#endif
	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static inline u64 dtb_cells(const void *p, int cells)
{
	u64 v = 0;

	for (int i = 0; i < cells; i++)
		v = v << 32 | dtb32((const u8 *)p + 4 * i);
	return v;
}

#endif
