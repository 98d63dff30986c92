/*
 * Flattened device tree reader (read-only). The blob comes from the boot
 * loader and is the first thing the kernel trusts, so dtb_check() walks all
 * of it once before anything else reads it; the accessors below still bound
 * every read by the header sizes so a bad blob cannot make them fault.
 */
#include <ek/errno.h>
#include <ek/fdt.h>
#include <ek/string.h>

enum { TOK_BEGIN = 1, TOK_END_NODE = 2, TOK_PROP = 3, TOK_NOP = 4, TOK_END = 9 };
enum {
	H_MAGIC, H_TOTALSIZE, H_OFF_STRUCT, H_OFF_STRINGS, H_OFF_RSV, H_VERSION,
	H_LAST_COMP, H_BOOT_CPU, H_SIZE_STRINGS, H_SIZE_STRUCT
};
#define TOK_BAD 0 /* returned by next_tag() for a malformed tag */

static u32 hdr(const void *blob, int field)
{
	return dtb32((const u8 *)blob + 4 * field);
}

static u32 struct_size(const void *blob)
{
	if (hdr(blob, H_VERSION) >= 17)
		return hdr(blob, H_SIZE_STRUCT);
	/* v16 has no size field: the block runs to the end, whose length
	 * need not be a whole number of tokens */
	return ALIGN_DOWN(hdr(blob, H_TOTALSIZE) - hdr(blob, H_OFF_STRUCT), 4u);
}

static const u8 *struct_base(const void *blob)
{
	return (const u8 *)blob + hdr(blob, H_OFF_STRUCT);
}

u32 dtb_totalsize(const void *blob)
{
	return hdr(blob, H_TOTALSIZE);
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
static const void *indexed_blob;
static struct view indexed_view;
static const char *indexed_strings;
static u32 indexed_ssize;

static struct view view_of(const void *blob)
{
	struct view v = { struct_base(blob), struct_size(blob), false };

	if (blob == indexed_blob)
		return indexed_view;
	v.aligned = !((uintptr_t)v.s & 3);
	return v;
}

/* Offset past the NUL-terminated node name at @off (4-aligned), padded to
 * a word; -1 when it does not end inside the block. A word at a time: no
 * zero byte in a word means the name goes on. */
static int skip_name(const struct view *v, u32 off)
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

static u32 next_tag(const void *blob, int off, int *next)
{
	struct view v = view_of(blob);

	return view_tag(&v, off, next);
}

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

static bool string_ok(const void *blob, u32 nameoff)
{
	u32 ssize = hdr(blob, H_SIZE_STRINGS);
	const u8 *s = (const u8 *)blob + hdr(blob, H_OFF_STRINGS);

	return nameoff < ssize && memchr(s + nameoff, 0, ssize - nameoff);
}

/*
 * The node index: for the one blob the kernel boots with, every node's
 * offset, parent and next sibling, recorded by the walk dtb_check_index()
 * does anyway. Lookups by path, parent and sibling then cost a binary
 * search instead of a walk over every token before the node (QEMU's virt
 * DTB puts /chosen last). The blob is never written, so the index stays
 * true; any other blob, or a tree too big for it, is walked as before.
 */
#define INDEX_MAX 512
#define NO_NODE 0xffffu

struct index_node {
	u32 off;
	u16 parent;  /* NO_NODE for the root */
	u16 next;    /* next sibling, or NO_NODE */
};

static struct index_node index_nodes[INDEX_MAX] __section(".noinit");
static unsigned int index_count;

/* The last dtb_subnode_offset() answer on the indexed blob. */
static struct {
	int parent, node;
	size_t len;
	char name[32];
} memo = { .parent = -1 };

/* Position of @off in the index, or -1 (not a node offset). */
static int index_find(int off)
{
	unsigned int lo = 0, hi = index_count;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (index_nodes[mid].off < (u32)off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < index_count && index_nodes[lo].off == (u32)off ? (int)lo : -1;
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
			index_nodes[n].off = at;
			index_nodes[n].parent = depth > 1 ? open[depth - 1] : NO_NODE;
			index_nodes[n].next = NO_NODE;
			if (last[depth] != NO_NODE)
				index_nodes[last[depth]].next = (u16)n;
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
				index_count = n;
				indexed_view = (struct view){ s, size, true };
				indexed_strings = strings;
				indexed_ssize = ssize;
				indexed_blob = blob;
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
	indexed_blob = NULL;
	memo.parent = -1;
	return check(blob, bufsize, err, true);
}

static int view_next_node(const struct view *v, int node, int *depth)
{
	int off = 0, next;
	u32 tag;

	if (node >= 0) {
		if (view_tag(v, node, &next) != TOK_BEGIN)
			return -EINVAL;
		off = next;
	}
	for (;;) {
		tag = view_tag(v, off, &next);
		switch (tag) {
		case TOK_BEGIN:
			if (depth)
				(*depth)++;
			return off;
		case TOK_END_NODE:
			if (depth && --(*depth) < 0)
				return -ENOENT;
			break;
		case TOK_PROP:
		case TOK_NOP:
			break;
		case TOK_END:
			return -ENOENT;
		default:
			return -EBADMSG;
		}
		off = next;
	}
}

int dtb_next_node(const void *blob, int node, int *depth)
{
	struct view v = view_of(blob);

	return view_next_node(&v, node, depth);
}

int dtb_first_subnode(const void *blob, int parent)
{
	struct view v;
	int depth = 0, off, i;

	if (blob == indexed_blob && (i = index_find(parent)) >= 0)
		return (unsigned int)i + 1 < index_count && index_nodes[i + 1].parent == i
			       ? (int)index_nodes[i + 1].off : -ENOENT;
	v = view_of(blob);
	off = view_next_node(&v, parent, &depth);
	if (off < 0 || depth != 1)
		return -ENOENT;
	return off;
}

int dtb_next_subnode(const void *blob, int node)
{
	struct view v;
	int depth = 1, i;

	if (blob == indexed_blob && (i = index_find(node)) >= 0)
		return index_nodes[i].next != NO_NODE ? (int)index_nodes[index_nodes[i].next].off
						      : -ENOENT;
	v = view_of(blob);
	do {
		node = view_next_node(&v, node, &depth);
		if (node < 0 || depth < 1)
			return -ENOENT;
	} while (depth > 1);
	return node;
}

int dtb_parent_offset(const void *blob, int node)
{
	int stack[DTB_MAX_DEPTH + 1];
	int depth = 0, i;
	struct view v;

	if (blob == indexed_blob && (i = index_find(node)) >= 0)
		return index_nodes[i].parent != NO_NODE ? (int)index_nodes[index_nodes[i].parent].off
							: -ENOENT;
	v = view_of(blob);
	for (int off = view_next_node(&v, -1, &depth); off >= 0;
	     off = view_next_node(&v, off, &depth)) {
		if (depth < 1 || depth > DTB_MAX_DEPTH)
			return -EBADMSG;
		stack[depth] = off;
		if (off == node)
			return depth > 1 ? stack[depth - 1] : -ENOENT;
	}
	return -ENOENT;
}

const char *dtb_get_name(const void *blob, int node, int *lenp)
{
	int next;
	const char *name;

	if (next_tag(blob, node, &next) != TOK_BEGIN) {
		if (lenp)
			*lenp = -EINVAL;
		return NULL;
	}
	name = (const char *)struct_base(blob) + node + 4;
	if (lenp)
		*lenp = (int)strlen(name);
	return name;
}

static bool name_matches(const char *node_name, const char *name, size_t len)
{
	if (len && node_name[0] != name[0])
		return false; /* most siblings differ at once: no call */
	if (strncmp(node_name, name, len))
		return false;
	if (node_name[len] == '\0')
		return true;
	/* "uart" matches "uart@1000" when the caller gave no unit address */
	return node_name[len] == '@' && !memchr(name, '@', len);
}

int dtb_subnode_offset(const void *blob, int parent, const char *name, size_t namelen)
{
	int i;

	if (blob == indexed_blob && (i = index_find(parent)) >= 0) {
		/* The children straight from the index; their names were
		 * checked to end inside the block. */
		const char *base = (const char *)indexed_view.s + 4;
		unsigned int c = (unsigned int)i + 1;
		int found = -ENOENT;

		/* Boot asks for /chosen five times: remember the last
		 * answer (the blob never changes; the query must be the
		 * same string, as "uart" and "uart@1" may differ). */
		if (memo.parent == parent && memo.len == namelen && namelen < sizeof(memo.name) &&
		    !memcmp(memo.name, name, namelen))
			return memo.node;
		if (c < index_count && index_nodes[c].parent == i) {
			for (; c != NO_NODE; c = index_nodes[c].next) {
				if (name_matches(base + index_nodes[c].off, name, namelen)) {
					found = (int)index_nodes[c].off;
					break;
				}
			}
		}
		if (namelen < sizeof(memo.name)) {
			memcpy(memo.name, name, namelen);
			memo.len = namelen;
			memo.parent = parent;
			memo.node = found;
		}
		return found;
	}
	for (int n = dtb_first_subnode(blob, parent); n >= 0; n = dtb_next_subnode(blob, n))
		if (name_matches(dtb_get_name(blob, n, NULL), name, namelen))
			return n;
	return -ENOENT;
}

int dtb_path_offset(const void *blob, const char *path, size_t pathlen)
{
	const char *p = path, *end = path + pathlen;
	int node = 0;

	if (pathlen == 0)
		return -EINVAL;
	if (*p != '/') {
		const char *slash = memchr(p, '/', pathlen);
		const char *alias_end = slash ? slash : end;
		int aliases = dtb_subnode_offset(blob, 0, "aliases", 7);
		const char *target = NULL;
		int len;

		if (aliases < 0)
			return -ENOENT;
		for (int prop = dtb_first_property(blob, aliases); prop >= 0;
		     prop = dtb_next_property(blob, prop)) {
			const char *pname;
			const char *val = dtb_getprop_by_offset(blob, prop, &pname, &len);

			if (strlen(pname) == (size_t)(alias_end - p) &&
			    !strncmp(pname, p, (size_t)(alias_end - p))) {
				target = val;
				break;
			}
		}
		if (!target || len < 2 || target[0] != '/' || target[len - 1])
			return -ENOENT;
		node = dtb_path_offset(blob, target, (size_t)len - 1);
		if (node < 0)
			return node;
		p = alias_end;
	}
	while (p < end) {
		const char *q;

		while (p < end && *p == '/')
			p++;
		if (p == end)
			break;
		q = memchr(p, '/', (size_t)(end - p));
		if (!q)
			q = end;
		node = dtb_subnode_offset(blob, node, p, (size_t)(q - p));
		if (node < 0)
			return node;
		p = q;
	}
	return node;
}

int dtb_get_path(const void *blob, int node, char *buf, size_t size)
{
	int chain[DTB_MAX_DEPTH + 1], n = 0;
	size_t len = 0;

	for (int cur = node; cur > 0 && n <= DTB_MAX_DEPTH; cur = dtb_parent_offset(blob, cur))
		chain[n++] = cur;
	if (size < 2)
		return -ENOSPC;
	buf[0] = '/';
	buf[1] = '\0';
	len = n ? 0 : 1;
	while (n--) {
		const char *name = dtb_get_name(blob, chain[n], NULL);
		size_t l = strlen(name);

		if (len + l + 2 > size)
			return -ENOSPC;
		buf[len++] = '/';
		memcpy(buf + len, name, l);
		len += l;
		buf[len] = '\0';
	}
	return 0;
}

/* The first property at or after @off (past NOPs), or -ENOENT. */
static int view_property_from(const struct view *v, int off)
{
	int next;

	for (;; off = next) {
		u32 tag = view_tag(v, off, &next);

		if (tag == TOK_PROP)
			return off;
		if (tag != TOK_NOP)
			return -ENOENT;
	}
}

int dtb_first_property(const void *blob, int node)
{
	struct view v = view_of(blob);
	int next;

	if (view_tag(&v, node, &next) != TOK_BEGIN)
		return -EINVAL;
	return view_property_from(&v, next);
}

int dtb_next_property(const void *blob, int prop)
{
	struct view v = view_of(blob);
	int next;

	if (view_tag(&v, prop, &next) != TOK_PROP)
		return -EINVAL;
	return view_property_from(&v, next);
}

const void *dtb_getprop_by_offset(const void *blob, int prop, const char **name, int *lenp)
{
	const u8 *p = struct_base(blob) + prop;
	int next;
	u32 nameoff;

	if (next_tag(blob, prop, &next) != TOK_PROP) {
		if (lenp)
			*lenp = -EINVAL;
		return NULL;
	}
	nameoff = dtb32(p + 8);
	if (name)
		*name = string_ok(blob, nameoff)
				? (const char *)blob + hdr(blob, H_OFF_STRINGS) + nameoff
				: "";
	if (lenp)
		*lenp = (int)dtb32(p + 4);
	return p + 12;
}

/* Whether the string of at most @room bytes at @p is @name. */
static bool name_is(const char *p, u32 room, const char *name)
{
	for (u32 i = 0; i < room; i++) {
		if (p[i] != name[i])
			return false;
		if (!p[i])
			return true;
	}
	return false; /* not terminated inside the block: no name at all */
}

const void *dtb_getprop(const void *blob, int node, const char *name, int *lenp)
{
	struct view v = view_of(blob);
	const char *strings = indexed_strings;
	u32 ssize = indexed_ssize;
	int next, prop = -ENOENT;

	if (blob != indexed_blob) {
		strings = (const char *)blob + hdr(blob, H_OFF_STRINGS);
		ssize = hdr(blob, H_SIZE_STRINGS);
	}

	/* One walk over the node's properties, header read once; on an
	 * aligned block (any checked blob) with the tokens decoded inline. */
	if (view_tag(&v, node, &next) != TOK_BEGIN)
		goto none;
	if (v.aligned) {
		for (u32 off = (u32)next; off + 4 <= v.size;) {
			u32 tag = be_word(v.s + off), len, nameoff;

			if (tag == TOK_NOP) {
				off += 4;
				continue;
			}
			if (tag != TOK_PROP || off + 12 > v.size)
				break;
			len = be_word(v.s + off + 4);
			nameoff = be_word(v.s + off + 8);
			/* As view_tag(): the token must end inside the block. */
			if (len > v.size - off - 12 || ALIGN_UP(off + 12 + len, 4u) > v.size)
				break;
			if (nameoff < ssize && name_is(strings + nameoff, ssize - nameoff, name)) {
				if (lenp)
					*lenp = (int)len;
				return v.s + off + 12;
			}
			off = ALIGN_UP(off + 12 + len, 4u);
		}
		goto none;
	}
	prop = view_property_from(&v, next);
	while (prop >= 0) {
		u32 nameoff = dtb32(v.s + prop + 8);

		if (nameoff < ssize && name_is(strings + nameoff, ssize - nameoff, name)) {
			if (lenp)
				*lenp = (int)dtb32(v.s + prop + 4);
			return v.s + prop + 12;
		}
		view_tag(&v, prop, &next);
		prop = view_property_from(&v, next);
	}
none:
	if (lenp)
		*lenp = -ENOENT;
	return NULL;
}

bool dtb_getprop_u32(const void *blob, int node, const char *name, u32 *val)
{
	int len;
	const void *p = dtb_getprop(blob, node, name, &len);

	if (!p || len != 4)
		return false;
	*val = dtb32(p);
	return true;
}

bool dtb_getprop_bool(const void *blob, int node, const char *name)
{
	return dtb_getprop(blob, node, name, NULL) != NULL;
}

int dtb_stringlist_count(const void *blob, int node, const char *name)
{
	int len, count = 0;
	const char *p = dtb_getprop(blob, node, name, &len);

	if (!p)
		return len;
	if (len == 0)
		return 0; /* an empty list, as libfdt counts it */
	if (p[len - 1])
		return -EBADMSG;
	for (int i = 0; i < len; i++)
		count += p[i] == '\0';
	return count;
}

const char *dtb_stringlist_get(const void *blob, int node, const char *name, int idx,
			       int *lenp)
{
	int len;
	const char *p = dtb_getprop(blob, node, name, &len);
	const char *end;

	if (!p) {
		if (lenp)
			*lenp = len;
		return NULL;
	}
	end = p + len;
	if (len == 0 || end[-1]) {
		if (lenp)
			*lenp = -EBADMSG;
		return NULL;
	}
	for (; p < end; p += strlen(p) + 1) {
		if (idx-- == 0) {
			if (lenp)
				*lenp = (int)strlen(p);
			return p;
		}
	}
	if (lenp)
		*lenp = -ENOENT;
	return NULL;
}

int dtb_node_check_compatible(const void *blob, int node, const char *compat)
{
	int len;
	const char *p = dtb_getprop(blob, node, "compatible", &len);

	if (!p)
		return -ENOENT;
	for (const char *end = p + len; p < end;) {
		const char *z = memchr(p, 0, (size_t)(end - p));

		if (!z)
			return 1;
		if (!strcmp(p, compat))
			return 0;
		p = z + 1;
	}
	return 1;
}

int dtb_node_offset_by_compatible(const void *blob, int start, const char *compat)
{
	for (int n = dtb_next_node(blob, start, NULL); n >= 0; n = dtb_next_node(blob, n, NULL))
		if (dtb_node_check_compatible(blob, n, compat) == 0)
			return n;
	return -ENOENT;
}

int dtb_node_offset_by_phandle(const void *blob, u32 phandle)
{
	if (phandle == 0 || phandle == 0xffffffffu)
		return -EINVAL;
	for (int n = dtb_next_node(blob, -1, NULL); n >= 0; n = dtb_next_node(blob, n, NULL)) {
		u32 ph;

		if ((dtb_getprop_u32(blob, n, "phandle", &ph) ||
		     dtb_getprop_u32(blob, n, "linux,phandle", &ph)) &&
		    ph == phandle)
			return n;
	}
	return -ENOENT;
}

static int cells(const void *blob, int node, const char *name, u32 dflt)
{
	u32 v = dflt;

	if (dtb_getprop(blob, node, name, NULL) && !dtb_getprop_u32(blob, node, name, &v))
		return -EBADMSG;
	return v > 4 ? -EBADMSG : (int)v;
}

int dtb_address_cells(const void *blob, int node)
{
	return cells(blob, node, "#address-cells", 2);
}

int dtb_size_cells(const void *blob, int node)
{
	return cells(blob, node, "#size-cells", 1);
}

/* Map @addr, a child address of @bus, to an address of @bus's parent. */
static int translate_one(const void *blob, int bus, int busparent, u64 *addr)
{
	int len, cac, pac, csz, entry;
	const u8 *r = dtb_getprop(blob, bus, "ranges", &len);

	if (!r)
		return -ENOENT; /* no ranges: the bus is not memory mapped */
	if (len == 0)
		return 0; /* identity */
	cac = dtb_address_cells(blob, bus);
	csz = dtb_size_cells(blob, bus);
	pac = dtb_address_cells(blob, busparent);
	if (cac < 0 || csz < 0 || pac < 0)
		return -EBADMSG;
	entry = 4 * (cac + pac + csz);
	if (!entry || len % entry)
		return -EBADMSG;
	for (const u8 *end = r + len; r < end; r += entry) {
		u64 child = dtb_cells(r, cac);
		u64 parent = dtb_cells(r + 4 * cac, pac);
		u64 size = dtb_cells(r + 4 * (cac + pac), csz);

		if (*addr >= child && *addr - child < size) {
			*addr = *addr - child + parent;
			return 0;
		}
	}
	return -ERANGE;
}

int dtb_read_reg(const void *blob, int node, int idx, u64 *addr, u64 *size)
{
	int parent = dtb_parent_offset(blob, node);
	int len, ac, sc;
	const u8 *reg;

	if (parent < 0)
		return parent;
	ac = dtb_address_cells(blob, parent);
	sc = dtb_size_cells(blob, parent);
	if (ac <= 0 || sc < 0)
		return -EBADMSG;
	reg = dtb_getprop(blob, node, "reg", &len);
	if (!reg)
		return -ENOENT;
	if (len % (4 * (ac + sc)))
		return -EBADMSG;
	/* divide: (idx + 1) * entry size overflows for large idx */
	if (idx < 0 || idx >= len / (4 * (ac + sc)))
		return -ENOENT;
	reg += idx * 4 * (ac + sc);
	*addr = dtb_cells(reg, ac);
	if (size)
		*size = dtb_cells(reg + 4 * ac, sc);
	for (int bus = parent; bus > 0;) {
		int up = dtb_parent_offset(blob, bus);
		int ret;

		if (up < 0)
			up = 0;
		ret = translate_one(blob, bus, up, addr);
		if (ret)
			return ret;
		bus = up;
	}
	return 0;
}

int dtb_num_mem_rsv(const void *blob)
{
	int n = 0;
	u64 a, s;

	while (dtb_get_mem_rsv(blob, n, &a, &s) == 0 && (a || s))
		n++;
	return n;
}

int dtb_get_mem_rsv(const void *blob, int n, u64 *addr, u64 *size)
{
	u32 off = hdr(blob, H_OFF_RSV);

	/* divide rather than multiply: 16 * n must not wrap to a valid entry */
	if (n < 0 || off > hdr(blob, H_TOTALSIZE) ||
	    (u32)n >= (hdr(blob, H_TOTALSIZE) - off) / 16)
		return -ENOENT;
	off += 16 * (u32)n;
	*addr = dtb_cells((const u8 *)blob + off, 2);
	*size = dtb_cells((const u8 *)blob + off + 8, 2);
	return 0;
}
