/*
 * Internals shared by the FDT checker (fdt_check.c) and the accessors
 * (fdt.c): header fields, the structure-block view, tag decoding and the
 * node index of the boot blob. Not an interface: kernel code uses
 * include/ek/fdt.h.
 */
#ifndef EK_FDT_INTERNAL_H
#define EK_FDT_INTERNAL_H

#include <ek/fdt.h>
#include <ek/string.h>

enum { TOK_BEGIN = 1, TOK_END_NODE = 2, TOK_PROP = 3, TOK_NOP = 4, TOK_END = 9 };
enum {
	H_MAGIC, H_TOTALSIZE, H_OFF_STRUCT, H_OFF_STRINGS, H_OFF_RSV, H_VERSION,
	H_LAST_COMP, H_BOOT_CPU, H_SIZE_STRINGS, H_SIZE_STRUCT
};
#define TOK_BAD 0 /* returned by next_tag() for a malformed tag */

static inline u32 hdr(const void *blob, int field)
{
	return dtb32((const u8 *)blob + 4 * field);
}

static inline u32 struct_size(const void *blob)
{
	if (hdr(blob, H_VERSION) >= 17)
		return hdr(blob, H_SIZE_STRUCT);
	/* v16 has no size field: the block runs to the end, whose length
	 * need not be a whole number of tokens */
	return ALIGN_DOWN(hdr(blob, H_TOTALSIZE) - hdr(blob, H_OFF_STRUCT), 4u);
}

static inline const u8 *struct_base(const void *blob)
{
	return (const u8 *)blob + hdr(blob, H_OFF_STRUCT);
}

/*
 * The structure block as the walkers see it: its base and size, read from
 * the header once per call instead of once per token (walks are most of
 * the work between kernel entry and the early probes).
 */
struct view {
	const u8 *s;
	u32 size;
	bool aligned; /* word loads allowed (always, for a checked blob) */
};

/* The indexed blob's view and strings block, read from its header once
 * (see dtb_check_index()): every accessor starts from them. */
extern const void *dtb_indexed_blob;
extern struct view dtb_indexed_view;
extern const char *dtb_indexed_strings;
extern u32 dtb_indexed_ssize;

#define INDEX_MAX 512
#define NO_NODE 0xffffu

/* Nodes in block order, so a node's children follow it and its subtree
 * ends where its next sibling, if any, starts. */
struct index_node {
	u32 off;
	u16 parent;  /* NO_NODE for the root */
	u16 end;     /* index past the node's subtree: the next sibling when
		      * that node has the same parent */
};

extern struct index_node dtb_index_nodes[];
extern unsigned int dtb_index_count;

/* The last DTB_MEMOS dtb_subnode_offset() answers on the indexed blob
 * (boot asks for /chosen and the console from three places). */
#define DTB_MEMOS 4
struct dtb_memo {
	int parent, node; /* parent -1: unused */
	size_t len;
	char name[32];
};
extern struct dtb_memo dtb_memo[DTB_MEMOS];
extern unsigned int dtb_memo_next;

/* Position of @off in the index, or -1 (not a node offset). */
int dtb_index_find(int off);

/* The next sibling of indexed node @i, or NO_NODE. */
static inline unsigned int index_next_sibling(unsigned int i)
{
	unsigned int j = dtb_index_nodes[i].end;

	return j < dtb_index_count && dtb_index_nodes[j].parent == dtb_index_nodes[i].parent
		       ? j : NO_NODE;
}
/* Inlined: every accessor starts with it, and a call returning the
 * struct through memory cost more than the two loads it mostly is. */
static inline __attribute__((always_inline)) struct view view_of(const void *blob)
{
	struct view v = { struct_base(blob), struct_size(blob), false };

	if (blob == dtb_indexed_blob)
		return dtb_indexed_view;
	v.aligned = !((uintptr_t)v.s & 3);
	return v;
}

/* Offset past the NUL-terminated node name at @off (4-aligned), padded to
 * a word; -1 when it does not end inside the block. A word at a time: no
 * zero byte in a word means the name goes on. */
static inline int skip_name(const struct view *v, u32 off)
{
	if (v->aligned) {
		for (; off + 4 <= v->size; off += 4) {
			u32 w = *(const dtb_word *)(v->s + off);

			if ((w - 0x01010101u) & ~w & 0x80808080u)
				return (int)off + 4;
		}
		return -1;
	}
	const u8 *end = memchr(v->s + off, 0, v->size - off);

	return end ? (int)ALIGN_UP((u32)(end - v->s) + 1, 4u) : -1;
}

/* Reads the tag at @off and sets *next past it; TOK_BAD if it does not fit. */
static inline u32 view_tag(const struct view *v, int off, int *next)
{
	u32 size = v->size, tag, len;

	if (off < 0 || (off & 3) || (u32)off + 4 > size)
		return TOK_BAD;
	tag = dtb32(v->s + off);
	off += 4;
	switch (tag) {
	case TOK_BEGIN:
		off = skip_name(v, (u32)off);
		if (off < 0)
			return TOK_BAD;
		break;
	case TOK_PROP:
		if ((u32)off + 8 > size)
			return TOK_BAD;
		len = dtb32(v->s + off);
		if (len > size - (u32)off - 8)
			return TOK_BAD;
		off = (int)ALIGN_UP((u32)off + 8 + len, 4u);
		break;
	case TOK_END_NODE:
	case TOK_NOP:
	case TOK_END:
		break;
	default:
		return TOK_BAD;
	}
	if ((u32)off > size)
		return TOK_BAD;
	*next = off;
	return tag;
}

static inline u32 next_tag(const void *blob, int off, int *next)
{
	struct view v = view_of(blob);

	return view_tag(&v, off, next);
}
static inline bool string_ok(const void *blob, u32 nameoff)
{
	u32 ssize = hdr(blob, H_SIZE_STRINGS);
	const u8 *s = (const u8 *)blob + hdr(blob, H_OFF_STRINGS);

	return nameoff < ssize && memchr(s + nameoff, 0, ssize - nameoff);
}

/* A big-endian word of a checked-aligned block (dtb_check refuses a
 * misaligned blob first, and the block offset is a multiple of 4). */
static inline u32 be_word(const u8 *p)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap32(*(const dtb_word *)p);
#else
	return *(const dtb_word *)p;
#endif
}

#endif
