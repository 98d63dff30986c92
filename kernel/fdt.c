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

/* Reads the tag at @off and sets *next past it; TOK_BAD if it does not fit. */
static u32 next_tag(const void *blob, int off, int *next)
{
	const u8 *s = struct_base(blob);
	u32 size = struct_size(blob);
	u32 tag, len;

	if (off < 0 || (off & 3) || (u32)off + 4 > size)
		return TOK_BAD;
	tag = dtb32(s + off);
	off += 4;
	switch (tag) {
	case TOK_BEGIN: {
		const u8 *end = memchr(s + off, 0, size - (u32)off);

		if (!end)
			return TOK_BAD;
		off = (int)ALIGN_UP((u32)(end - s) + 1, 4u);
		break;
	}
	case TOK_PROP:
		if ((u32)off + 8 > size)
			return TOK_BAD;
		len = dtb32(s + off);
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

int dtb_check(const void *blob, size_t bufsize, struct dtb_err *err)
{
	int off = 0, next, depth = 0, ret;
	bool seen_root = false;
	u32 base;

	if (!blob || ((uintptr_t)blob & 3))
		return fail(err, 0, "no blob or misaligned");
	ret = check_header(blob, bufsize, err);
	if (ret)
		return ret;
	ret = check_rsvmap(blob, err);
	if (ret)
		return ret;
	base = hdr(blob, H_OFF_STRUCT);
	for (;;) {
		u32 tag = next_tag(blob, off, &next);

		switch (tag) {
		case TOK_BEGIN:
			if (depth == 0 && seen_root)
				return fail(err, (int)base + off, "second root node");
			if (depth == 0 && *(const char *)(struct_base(blob) + off + 4))
				return fail(err, (int)base + off, "root node has a name");
			seen_root = true;
			if (++depth > DTB_MAX_DEPTH)
				return fail(err, (int)base + off, "nodes nested too deep");
			break;
		case TOK_END_NODE:
			if (--depth < 0)
				return fail(err, (int)base + off, "unbalanced end of node");
			break;
		case TOK_PROP:
			if (depth == 0)
				return fail(err, (int)base + off, "property outside any node");
			if (!string_ok(blob, dtb32(struct_base(blob) + off + 8)))
				return fail(err, (int)base + off, "property name outside strings block");
			break;
		case TOK_NOP:
			break;
		case TOK_END:
			if (depth || !seen_root)
				return fail(err, (int)base + off, "structure ends inside a node");
			return 0;
		default:
			return fail(err, (int)base + off, "bad or truncated structure token");
		}
		off = next;
	}
}

int dtb_next_node(const void *blob, int node, int *depth)
{
	int off = 0, next;
	u32 tag;

	if (node >= 0) {
		if (next_tag(blob, node, &next) != TOK_BEGIN)
			return -EINVAL;
		off = next;
	}
	for (;;) {
		tag = next_tag(blob, off, &next);
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

int dtb_first_subnode(const void *blob, int parent)
{
	int depth = 0;
	int off = dtb_next_node(blob, parent, &depth);

	if (off < 0 || depth != 1)
		return -ENOENT;
	return off;
}

int dtb_next_subnode(const void *blob, int node)
{
	int depth = 1;

	do {
		node = dtb_next_node(blob, node, &depth);
		if (node < 0 || depth < 1)
			return -ENOENT;
	} while (depth > 1);
	return node;
}

int dtb_parent_offset(const void *blob, int node)
{
	int stack[DTB_MAX_DEPTH + 1];
	int depth = 0;

	for (int off = dtb_next_node(blob, -1, &depth); off >= 0;
	     off = dtb_next_node(blob, off, &depth)) {
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
	if (strncmp(node_name, name, len))
		return false;
	if (node_name[len] == '\0')
		return true;
	/* "uart" matches "uart@1000" when the caller gave no unit address */
	return node_name[len] == '@' && !memchr(name, '@', len);
}

int dtb_subnode_offset(const void *blob, int parent, const char *name, size_t namelen)
{
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

int dtb_first_property(const void *blob, int node)
{
	int next;

	if (next_tag(blob, node, &next) != TOK_BEGIN)
		return -EINVAL;
	for (int off = next;; off = next) {
		u32 tag = next_tag(blob, off, &next);

		if (tag == TOK_PROP)
			return off;
		if (tag != TOK_NOP)
			return -ENOENT;
	}
}

int dtb_next_property(const void *blob, int prop)
{
	int next;

	if (next_tag(blob, prop, &next) != TOK_PROP)
		return -EINVAL;
	for (int off = next;; off = next) {
		u32 tag = next_tag(blob, off, &next);

		if (tag == TOK_PROP)
			return off;
		if (tag != TOK_NOP)
			return -ENOENT;
	}
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

const void *dtb_getprop(const void *blob, int node, const char *name, int *lenp)
{
	for (int prop = dtb_first_property(blob, node); prop >= 0;
	     prop = dtb_next_property(blob, prop)) {
		const char *pname;
		const void *val = dtb_getprop_by_offset(blob, prop, &pname, lenp);

		if (!strcmp(pname, name))
			return val;
	}
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
