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
	/* a version older than the oldest it claims to be compatible with is
	 * a corrupt header (libfdt, hence Linux and U-Boot, refuse it too) */
	if (hdr(blob, H_LAST_COMP) > hdr(blob, H_VERSION))
		return fail(err, 24, "last compatible version above the version");
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
 * offset, parent and subtree end, recorded by the walk dtb_check_index()
 * does anyway. Lookups by path, parent and sibling then cost a binary
 * search instead of a walk over every token before the node (QEMU's virt
 * DTB puts /chosen last). The blob is never written, so the index stays
 * true; any other blob, or a tree too big for it, is walked as before.
 */
struct index_node dtb_index_nodes[INDEX_MAX] __section(".noinit");
unsigned int dtb_index_count;

struct dtb_memo dtb_memo[DTB_MEMOS] = { { .parent = -1 }, { .parent = -1 }, { .parent = -1 },
					{ .parent = -1 } };
unsigned int dtb_memo_next;

/* Position of @off in the index, or -1 (not a node offset). */
int dtb_index_find(int off)
{
	unsigned int lo = 0, hi = dtb_index_count;

	if (hi && dtb_index_nodes[0].off == (u32)off)
		return 0; /* the root: where every path lookup starts */

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (dtb_index_nodes[mid].off < (u32)off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < dtb_index_count && dtb_index_nodes[lo].off == (u32)off ? (int)lo : -1;
}

/* A token as a native load of the block reads it (tokens are big-endian). */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define RAW_TOKEN(t) __builtin_bswap32((u32)(t))
#else
#define RAW_TOKEN(t) ((u32)(t))
#endif

static inline bool has_zero_byte(u32 w)
{
	return (w - 0x01010101u) & ~w & 0x80808080u;
}

/* The first string-block offset past the last NUL: a name offset below it
 * is NUL-terminated inside the block (one look instead of a scan per
 * property). */
static u32 names_limit(const char *strings, u32 ssize)
{
	for (u32 i = ssize; i > 0; i--)
		if (!strings[i - 1])
			return i;
	return 0;
}

/*
 * The whole structure block in one pass, tokens decoded inline (this is
 * the first thing the kernel does, over every byte of the tree), with the
 * same rules as view_tag() and in the same order, so the same blob gets
 * the same verdict and offset. Properties, most of the tokens, take one
 * bounds test for their header, one for their value and one for their
 * name (prop_limit is 0 outside any node, so the name test catches that
 * too; the error path tells which it was). Node names are scanned a word
 * at a time, without bounds tests when the block's last word holds a
 * zero byte (it does: it is the END token), which stops every scan.
 */
static int check_struct(const void *blob, struct dtb_err *err, bool build)
{
	const u8 *s = struct_base(blob);
	u32 size = struct_size(blob), base = hdr(blob, H_OFF_STRUCT);
	const char *strings = (const char *)blob + hdr(blob, H_OFF_STRINGS);
	u32 ssize = hdr(blob, H_SIZE_STRINGS);
	const dtb_word *p = (const dtb_word *)s, *end = (const dtb_word *)(s + size);
	struct index_node *nodes = dtb_index_nodes;
	u16 open[DTB_MAX_DEPTH + 2]; /* index of the open node at each depth */
	u32 name_limit = names_limit(strings, ssize), prop_limit = 0;
	bool sentinel = size && has_zero_byte(end[-1]);
	unsigned int n = 0, index_cap = build ? INDEX_MAX : 0;
	int depth = 0;
	bool seen_root = false;
	const char *what = "bad or truncated structure token";

	open[0] = NO_NODE; /* the root's parent */
	/* p stays at the token until it is accepted: errors report it. */
	while (p < end) {
		u32 tag = *p;

		if (tag == RAW_TOKEN(TOK_PROP)) {
			u32 room = (u32)((const u8 *)end - (const u8 *)p), len;

			if (room < 12 || (len = be_word((const u8 *)(p + 1))) > room - 12)
				goto bad;
			if (be_word((const u8 *)(p + 2)) >= prop_limit) {
				what = depth ? "property name outside strings block"
					     : "property outside any node";
				goto bad;
			}
			/* past the header and the padded value (no wrap: len <= room - 12) */
			p = (const dtb_word *)((const u8 *)p + ((len + 15) & ~3u));
		} else if (tag == RAW_TOKEN(TOK_BEGIN)) {
			const dtb_word *name = p + 1;

			if (name == end)
				goto bad;
			if (sentinel) {
				while (!has_zero_byte(*name++))
					;
			} else {
				do {
					if (name == end)
						goto bad;
				} while (!has_zero_byte(*name++));
			}
			if (depth == 0 && (seen_root || *(const u8 *)(p + 1))) {
				what = seen_root ? "second root node" : "root node has a name";
				goto bad;
			}
			seen_root = true;
			if (++depth > DTB_MAX_DEPTH) {
				what = "nodes nested too deep";
				goto bad;
			}
			prop_limit = name_limit;
			if (n < index_cap) {
				nodes[n].off = (u32)((const u8 *)p - s);
				nodes[n].parent = open[depth - 1];
				open[depth] = (u16)n++;
			} else {
				build = false; /* too big to index: walked instead */
			}
			p = name;
		} else if (tag == RAW_TOKEN(TOK_END_NODE)) {
			if (depth == 0) {
				what = "unbalanced end of node";
				goto bad;
			}
			if (build)
				nodes[open[depth]].end = (u16)n;
			if (--depth == 0)
				prop_limit = 0;
			p++;
		} else if (tag == RAW_TOKEN(TOK_NOP)) {
			p++;
		} else if (tag == RAW_TOKEN(TOK_END)) {
			if (depth || !seen_root) {
				what = "structure ends inside a node";
				goto bad;
			}
			if (build) {
				dtb_index_count = n;
				dtb_indexed_view = (struct view){ s, size, true };
				dtb_indexed_strings = strings;
				dtb_indexed_ssize = ssize;
				dtb_indexed_blob = blob;
			}
			return 0;
		} else {
			goto bad;
		}
	}
bad:
	return fail(err, (int)(base + (u32)((const u8 *)p - s)), what);
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
	for (unsigned int i = 0; i < DTB_MEMOS; i++)
		dtb_memo[i].parent = -1;
	return check(blob, bufsize, err, true);
}
