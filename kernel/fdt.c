/*
 * Flattened device tree reader (read-only accessors). The blob was checked
 * by dtb_check() (fdt_check.c); the accessors still bound every read by the
 * header sizes so a bad blob cannot make them fault.
 */
#include <ek/errno.h>
#include "fdt_internal.h"

u32 dtb_totalsize(const void *blob)
{
	return hdr(blob, H_TOTALSIZE);
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

	if (blob == dtb_indexed_blob && (i = dtb_index_find(parent)) >= 0)
		return (unsigned int)i + 1 < dtb_index_count && dtb_index_nodes[i + 1].parent == i
			       ? (int)dtb_index_nodes[i + 1].off : -ENOENT;
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

	if (blob == dtb_indexed_blob && (i = dtb_index_find(node)) >= 0)
		return (i = (int)index_next_sibling((unsigned int)i)) != NO_NODE
			       ? (int)dtb_index_nodes[i].off : -ENOENT;
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

	if (blob == dtb_indexed_blob && (i = dtb_index_find(node)) >= 0)
		return dtb_index_nodes[i].parent != NO_NODE ? (int)dtb_index_nodes[dtb_index_nodes[i].parent].off
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

	if (blob == dtb_indexed_blob && (i = dtb_index_find(parent)) >= 0) {
		/* The children straight from the index; their names were
		 * checked to end inside the block. */
		const char *base = (const char *)dtb_indexed_view.s + 4;
		unsigned int c = (unsigned int)i + 1;
		int found = -ENOENT;

		/* Boot asks for /chosen five times: remember the last
		 * answers (the blob never changes; the query must be the
		 * same string, as "uart" and "uart@1" may differ). */
		for (unsigned int m = 0; m < DTB_MEMOS; m++) {
			const struct dtb_memo *e = &dtb_memo[m];

			if (e->parent == parent && e->len == namelen && !memcmp(e->name, name, namelen))
				return e->node;
		}
		/* The children: from the one after the parent, each next
		 * one past the previous one's subtree, while the parent is
		 * @i. A child's name starts with a whole word (4-aligned,
		 * padded): the query's first bytes, compared as one word,
		 * turn most siblings away. */
		const struct index_node *nodes = dtb_index_nodes;
		unsigned int count = dtb_index_count;
		u32 first = 0, mask = 0;

		for (size_t k = 0; k < namelen && k < 4; k++) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			unsigned int sh = 8 * k; /* byte k of a word in memory order */
#else
			unsigned int sh = 24 - 8 * k;
#endif
			first |= (u32)(u8)name[k] << sh;
			mask |= 0xffu << sh;
		}
		for (; c < count && nodes[c].parent == i; c = nodes[c].end) {
			const char *cname = base + nodes[c].off;

			if ((*(const dtb_word *)cname ^ first) & mask)
				continue;
			if (name_matches(cname, name, namelen)) {
				found = (int)nodes[c].off;
				break;
			}
		}
		if (namelen < sizeof(dtb_memo[0].name)) {
			struct dtb_memo *e = &dtb_memo[dtb_memo_next++ % DTB_MEMOS];

			memcpy(e->name, name, namelen);
			e->len = namelen;
			e->parent = parent;
			e->node = found;
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
	const char *strings = dtb_indexed_strings;
	u32 ssize = dtb_indexed_ssize;
	int next, prop = -ENOENT;

	if (blob != dtb_indexed_blob) {
		strings = (const char *)blob + hdr(blob, H_OFF_STRINGS);
		ssize = hdr(blob, H_SIZE_STRINGS);
	}

	/* One walk over the node's properties, header read once; on an
	 * aligned block (any checked blob) with the tokens decoded inline,
	 * the node's own too (the same tests as view_tag()). */
	if (v.aligned) {
		if (node < 0 || (node & 3) || (u32)node + 4 > v.size ||
		    be_word(v.s + node) != TOK_BEGIN || (next = skip_name(&v, (u32)node + 4)) < 0)
			goto none;
	} else if (view_tag(&v, node, &next) != TOK_BEGIN) {
		goto none;
	}
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
			/* the first character turns most names away */
			if (nameoff < ssize && strings[nameoff] == name[0] &&
			    name_is(strings + nameoff, ssize - nameoff, name)) {
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
	int len;
	const void *p = dtb_getprop(blob, node, name, &len);
	u32 v = dflt;

	if (p) {
		if (len != 4)
			return -EBADMSG;
		v = dtb32(p);
	}
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
