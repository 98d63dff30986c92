/*
 * Checking a flattened device tree. The blob comes from the boot loader and
 * is the first thing the kernel trusts, so dtb_check() walks all of it once
 * before anything else reads it; dtb_check_index() does the same walk and
 * records the node index the accessors in fdt.c search.
 */
#include <ek/errno.h>
#include "fdt_internal.h"

/* The indexed blob's view and strings block, read from its header once
 * (see dtb_check_index()): every accessor starts from them. */
const void *dtb_indexed_blob;
struct view dtb_indexed_view;
const char *dtb_indexed_strings;
u32 dtb_indexed_ssize;

static int fail(struct dtb_err *err, int off, const char *what)
{
	if (err) {
		err->offset = off;
		err->what = what;
	}
	return -EBADMSG;
}

static int check_header(const void *blob, size_t bufsize, struct dtb_err *err)
{
	u32 total, ostruct, ostrings, orsv, sstrings, sstruct;

	if (bufsize && bufsize < 40)
		return fail(err, 0, "shorter than a DTB header");
	if (hdr(blob, H_MAGIC) != DTB_MAGIC)
		return fail(err, 0, "bad magic (not a DTB)");
	if (hdr(blob, H_VERSION) < 16 || hdr(blob, H_LAST_COMP) > 17)
		return fail(err, 20, "unsupported DTB version");
	total = hdr(blob, H_TOTALSIZE);
	if (total < 40 || (bufsize && total > bufsize))
		return fail(err, 4, "totalsize larger than the blob (truncated)");
	ostruct = hdr(blob, H_OFF_STRUCT);
	ostrings = hdr(blob, H_OFF_STRINGS);
	orsv = hdr(blob, H_OFF_RSV);
	sstrings = hdr(blob, H_SIZE_STRINGS);
	if (ostruct < 40 || (ostruct & 3) || ostruct >= total)
		return fail(err, 8, "structure block offset out of range");
	if (orsv < 40 || (orsv & 7) || orsv >= total)
		return fail(err, 16, "memory reservation block offset out of range");
	if (ostrings < 40 || ostrings > total || sstrings > total - ostrings)
		return fail(err, 12, "strings block out of range");
	sstruct = struct_size(blob);
	if (sstruct > total - ostruct || (sstruct & 3))
		return fail(err, 36, "structure block size out of range");
	return 0;
}

static int check_rsvmap(const void *blob, struct dtb_err *err)
{
	u32 total = hdr(blob, H_TOTALSIZE);

	for (u32 off = hdr(blob, H_OFF_RSV);; off += 16) {
		const u8 *e = (const u8 *)blob + off;

		if (off + 16 > total)
			return fail(err, (int)off, "memory reservation block not terminated");
		if (dtb_cells(e, 2) == 0 && dtb_cells(e + 8, 2) == 0)
			return 0;
	}
}

/*
 * The node index: for the one blob the kernel boots with, every node's
 * offset, parent and next sibling, recorded by the walk dtb_check_index()
 * does anyway. Lookups by path, parent and sibling then cost a binary
 * search instead of a walk over every token before the node (QEMU's virt
 * DTB puts /chosen last). The blob is never written, so the index stays
 * true; any other blob, or a tree too big for it, is walked as before.
 */
struct index_node dtb_index_nodes[INDEX_MAX] __section(".noinit");
unsigned int dtb_index_count;

/* The last dtb_subnode_offset() answer on the indexed blob. */
struct dtb_memo dtb_memo = { .parent = -1 };

/* Position of @off in the index, or -1 (not a node offset). */
int dtb_index_find(int off)
{
	unsigned int lo = 0, hi = dtb_index_count;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (dtb_index_nodes[mid].off < (u32)off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < dtb_index_count && dtb_index_nodes[lo].off == (u32)off ? (int)lo : -1;
}

/*
 * The whole structure block in one pass, tokens decoded inline (this is
 * the first thing the kernel does, over every byte of the tree): the same
 * rules as view_tag() and in the same order, so the same blob gets the
 * same verdict and offset.
 */
static int check_struct(const void *blob, struct dtb_err *err, bool build)
{
	const u8 *s = struct_base(blob);
	u32 size = struct_size(blob), base = hdr(blob, H_OFF_STRUCT);
	const char *strings = (const char *)blob + hdr(blob, H_OFF_STRINGS);
	u32 ssize = hdr(blob, H_SIZE_STRINGS);
	u16 open[DTB_MAX_DEPTH + 2], last[DTB_MAX_DEPTH + 2];
	u32 off = 0, name_limit = 0;
	int depth = 0;
	unsigned int n = 0;
	bool seen_root = false;

	/* A name is NUL-terminated inside the block iff a NUL follows its
	 * start: one look at the last NUL instead of a scan per property. */
	for (u32 i = ssize; i > 0; i--) {
		if (!strings[i - 1]) {
			name_limit = i; /* nameoff < name_limit: terminated */
			break;
		}
	}
	if (name_limit > ssize)
		name_limit = ssize;
	last[1] = NO_NODE;
	for (;;) {
		u32 tag, len, at = off;

		if (off + 4 > size)
			return fail(err, (int)(base + at), "bad or truncated structure token");
		tag = be_word(s + off);
		off += 4;
		switch (tag) {
		case TOK_PROP: {
			u32 nameoff;

			if (off + 8 > size || (len = be_word(s + off)) > size - off - 8)
				return fail(err, (int)(base + at), "bad or truncated structure token");
			if (depth == 0)
				return fail(err, (int)(base + at), "property outside any node");
			nameoff = be_word(s + off + 4);
			if (nameoff >= name_limit) /* limit <= ssize */
				return fail(err, (int)(base + at), "property name outside strings block");
			off = ALIGN_UP(off + 8 + len, 4u); /* <= size: size is a multiple of 4 */
			break;
		}
		case TOK_BEGIN: {
			u32 w;

			/* The name, a word at a time: a word with a zero byte ends it. */
			do {
				if (off + 4 > size)
					return fail(err, (int)(base + at),
						    "bad or truncated structure token");
				w = *(const dtb_word *)(s + off);
				off += 4;
			} while (!((w - 0x01010101u) & ~w & 0x80808080u));
			if (depth == 0 && seen_root)
				return fail(err, (int)(base + at), "second root node");
			if (depth == 0 && s[at + 4])
				return fail(err, (int)(base + at), "root node has a name");
			seen_root = true;
			if (++depth > DTB_MAX_DEPTH)
				return fail(err, (int)(base + at), "nodes nested too deep");
			if (!build)
				break;
			if (n == INDEX_MAX) {
				build = false; /* too big to index: walked instead */
				break;
			}
			dtb_index_nodes[n].off = at;
			dtb_index_nodes[n].parent = depth > 1 ? open[depth - 1] : NO_NODE;
			dtb_index_nodes[n].next = NO_NODE;
			if (last[depth] != NO_NODE)
				dtb_index_nodes[last[depth]].next = (u16)n;
			last[depth] = (u16)n;
			last[depth + 1] = NO_NODE;
			open[depth] = (u16)n++;
			break;
		}
		case TOK_END_NODE:
			if (--depth < 0)
				return fail(err, (int)(base + at), "unbalanced end of node");
			break;
		case TOK_NOP:
			break;
		case TOK_END:
			if (depth || !seen_root)
				return fail(err, (int)(base + at), "structure ends inside a node");
			if (build) {
				dtb_index_count = n;
				dtb_indexed_view = (struct view){ s, size, true };
				dtb_indexed_strings = strings;
				dtb_indexed_ssize = ssize;
				dtb_indexed_blob = blob;
			}
			return 0;
		default:
			return fail(err, (int)(base + at), "bad or truncated structure token");
		}
	}
}

static int check(const void *blob, size_t bufsize, struct dtb_err *err, bool build)
{
	int ret;

	if (!blob || ((uintptr_t)blob & 3))
		return fail(err, 0, "no blob or misaligned");
	ret = check_header(blob, bufsize, err);
	if (!ret)
		ret = check_rsvmap(blob, err);
	if (!ret)
		ret = check_struct(blob, err, build);
	return ret;
}

int dtb_check(const void *blob, size_t bufsize, struct dtb_err *err)
{
	return check(blob, bufsize, err, false);
}

int dtb_check_index(const void *blob, size_t bufsize, struct dtb_err *err)
{
	dtb_indexed_blob = NULL;
	dtb_memo.parent = -1;
	return check(blob, bufsize, err, true);
}
