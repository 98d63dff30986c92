/*
 * libFuzzer target: the FDT reader (kernel/fdt.c, kernel/fdt_check.c)
 * against libfdt as a differential oracle.
 *
 * The input is the blob, in a buffer of exactly its size (ASan catches a
 * read past it). Properties:
 *  - dtb_check() and dtb_check_index() give the same verdict and error
 *    offset, and a refusal names a reason at an offset inside the blob;
 *  - a blob we accept, libfdt's fdt_check_full() accepts too, except for
 *    the policy differences listed in libfdt_refusal_ok();
 *  - on an accepted blob, every walk and lookup (nodes, depths, names,
 *    parents, children, paths, properties, string lists, phandles, the
 *    reservation map) gives the same offsets and the same pointers as
 *    libfdt, both with the node index and without it.
 * Errors differ by design (negative errno against -FDT_ERR_*): only "both
 * negative" is required of them.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ek/fdt.h>

#include "fuzz.h"

#define PATH_MAX_FUZZ 512

static void same(long ours, long theirs, const char *what, int at)
{
	if (theirs < 0 ? ours >= 0 : ours != theirs)
		fuzz_fail("%s at %d: ours %ld, libfdt %ld", what, at, ours, theirs);
}

static void same_ptr(const void *ours, const void *theirs, const char *what, int at)
{
	if (ours != theirs)
		fuzz_fail("%s at %d: ours %p, libfdt %p", what, at, ours, theirs);
}

/*
 * libfdt may refuse a blob we accept only where its rule is stricter than
 * the format needs and the difference is harmless to every reader:
 *  - NOP tokens between the root's END_NODE and the END token: libfdt's
 *    fdt_check_full() wants END right after the root closes, while its own
 *    walkers (and ours) skip NOPs anywhere; fdt_nop_node() on the root's
 *    last child followed by a re-pack can produce that layout.
 * Returns true when @blob shows that pattern.
 */
static bool nop_after_root(const void *blob)
{
	int off = 0, next, depth = 0;

	for (;;) {
		u32 tag = fdt_next_tag(blob, off, &next);

		if (next < 0)
			return false;
		if (tag == FDT_BEGIN_NODE)
			depth++;
		else if (tag == FDT_END_NODE && --depth == 0)
			break;
		else if (tag == FDT_END)
			return false;
		off = next;
	}
	for (off = next;; off = next) {
		u32 tag = fdt_next_tag(blob, off, &next);

		if (tag == FDT_NOP && next >= 0)
			return true;
		if (tag != FDT_NOP || next < 0)
			return false;
	}
}

static bool libfdt_refusal_ok(const void *blob)
{
	return nop_after_root(blob);
}

static void compare_props(const void *b, int node)
{
	int ours = dtb_first_property(b, node), theirs = fdt_first_property_offset(b, node);

	same(ours, theirs, "first_property", node);
	for (; theirs >= 0; theirs = fdt_next_property_offset(b, theirs)) {
		const char *n_ours = NULL, *n_libfdt = NULL;
		int l_ours = -1, l_libfdt = -2, count;
		const void *v = fdt_getprop_by_offset(b, theirs, &n_libfdt, &l_libfdt);

		same(dtb_next_property(b, theirs), fdt_next_property_offset(b, theirs),
		     "next_property", theirs);
		same_ptr(dtb_getprop_by_offset(b, theirs, &n_ours, &l_ours), v, "property value",
			 theirs);
		same_ptr(n_ours, n_libfdt, "property name", theirs);
		same(l_ours, l_libfdt, "property length", theirs);
		if (!n_libfdt)
			continue;
		/* by name: the first property of that name, in both */
		same_ptr(dtb_getprop(b, node, n_libfdt, &l_ours), fdt_getprop(b, node, n_libfdt, &l_libfdt),
			 "getprop by name", theirs);
		same(l_ours, l_libfdt, "getprop length", theirs);
		/* ours refuses a list whose last string is unterminated; so
		 * does fdt_stringlist_count() (-FDT_ERR_BADVALUE) */
		count = fdt_stringlist_count(b, node, n_libfdt);
		same(dtb_stringlist_count(b, node, n_libfdt), count, "stringlist_count", theirs);
		for (int i = 0; i < count && i < 16; i++) {
			int lo = -1, lt = -2;

			same_ptr(dtb_stringlist_get(b, node, n_libfdt, i, &lo),
				 fdt_stringlist_get(b, node, n_libfdt, i, &lt), "stringlist_get", theirs);
			same(lo, lt, "stringlist_get length", theirs);
		}
	}
}

/* libfdt refuses #address-cells = <0> (-FDT_ERR_BADNCELLS), which
 * interrupt controllers use legitimately; ours returns 0 there. */
static void compare_cells(const void *b, int node)
{
	int len, theirs = fdt_address_cells(b, node);
	const void *p = fdt_getprop(b, node, "#address-cells", &len);

	if (theirs == -FDT_ERR_BADNCELLS && p && len == 4 && fdt32_ld(p) == 0)
		theirs = 0;
	same(dtb_address_cells(b, node), theirs, "#address-cells", node);
	same(dtb_size_cells(b, node), fdt_size_cells(b, node), "#size-cells", node);
}

/*
 * "compatible" holds @compat as one of its NUL-terminated strings: 0, else
 * 1 (-1: no such property). Not libfdt's fdt_node_check_compatible(): it
 * compares strlen + 1 bytes, so an unterminated last string matches when
 * the padding after the value happens to be a NUL; ours (rightly) never
 * reads past a value.
 */
static int compatible(const void *b, int node, const char *compat)
{
	int len;
	const char *p = fdt_getprop(b, node, "compatible", &len);
	size_t n = strlen(compat) + 1;

	if (!p)
		return -1;
	for (const char *end = p + len, *z; p < end && (z = memchr(p, 0, (size_t)(end - p)));
	     p = z + 1)
		if ((size_t)(z - p) + 1 == n && !memcmp(p, compat, n))
			return 0;
	return 1;
}

/*
 * One node. @path and @parent are what the walk says they must be (the
 * names along the way, and the node one level up): libfdt's own
 * fdt_get_path() cuts at '/' when it climbs back, which a node name
 * holding a '/' (invalid in the DT spec, accepted by both checkers) makes
 * wrong, and its fdt_parent_offset() walks from the start each time.
 */
static void compare_node(const void *b, int node, const char *path, int parent)
{
	static char p_ours[PATH_MAX_FUZZ];
	int l_ours = -1, l_libfdt = -2, r;
	int ours = dtb_first_subnode(b, node), theirs = fdt_first_subnode(b, node);

	same_ptr(dtb_get_name(b, node, &l_ours), fdt_get_name(b, node, &l_libfdt), "name", node);
	same(l_ours, l_libfdt, "name length", node);
	same(dtb_parent_offset(b, node), parent, "parent", node);
	same(ours, theirs, "first_subnode", node);
	for (; theirs >= 0; theirs = fdt_next_subnode(b, theirs)) {
		int nlen;
		const char *name = fdt_get_name(b, theirs, &nlen);

		same(dtb_subnode_offset(b, node, name, (size_t)nlen),
		     fdt_subnode_offset_namelen(b, node, name, nlen), "subnode_offset", theirs);
		same(dtb_next_subnode(b, theirs), fdt_next_subnode(b, theirs), "next_subnode", theirs);
	}
	r = dtb_get_path(b, node, p_ours, sizeof(p_ours));
	if (path && (r || strcmp(p_ours, path)))
		fuzz_fail("get_path at %d: ours \"%s\" (%d), expected \"%s\"", node, r ? "" : p_ours,
			  r, path);
	if (!path && r >= 0)
		fuzz_fail("get_path at %d: \"%s\" does not fit in %d bytes", node, p_ours,
			  PATH_MAX_FUZZ);
	/* not always @node (a "name" finds "name@1" first): the same in both */
	if (path)
		same(dtb_path_offset(b, path, strlen(path)), fdt_path_offset(b, path),
		     "path_offset", node);
	compare_cells(b, node);
	compare_props(b, node);
	same(dtb_node_check_compatible(b, node, "arm,pl011"), compatible(b, node, "arm,pl011"),
	     "check_compatible", node);
	/* no oracle for address translation: it must only stay inside the blob */
	for (int i = 0; i < 4; i++) {
		u64 a, s;

		if (dtb_read_reg(b, node, i, &a, &s))
			break;
	}
}

/* The whole tree, walked by both readers in step. */
static void compare_tree(const void *b)
{
	int d_ours = 0, d_libfdt = 0, n = 0, rsv = fdt_num_mem_rsv(b);
	int ours = dtb_next_node(b, -1, &d_ours), theirs = fdt_next_node(b, -1, &d_libfdt);
	static char path[PATH_MAX_FUZZ];
	/* per level below the root: path length (0: too long) and node */
	struct { size_t len; int off; } lv[DTB_MAX_DEPTH + 2];
	int d0 = d_libfdt, first_pl011 = -1;

	for (;; n++) {
		same(ours, theirs, "next_node", theirs);
		same(d_ours, d_libfdt, "depth", theirs);
		if (theirs < 0)
			break;
		int r = d_libfdt - d0, nlen;
		const char *name = fdt_get_name(b, theirs, &nlen);
		size_t at = r > 1 ? lv[r - 1].len : 1;

		if (r < 0 || r > DTB_MAX_DEPTH)
			fuzz_fail("depth %d at %d in an accepted blob", r, theirs);
		if (r == 0) {
			strcpy(path, "/");
		} else if (at && at + (r > 1) + (size_t)nlen < sizeof(path)) {
			if (r > 1)
				path[at++] = '/';
			memcpy(path + at, name, (size_t)nlen);
			at += (size_t)nlen;
			path[at] = '\0';
		} else {
			at = 0;
		}
		lv[r].len = r ? at : 1;
		lv[r].off = theirs;
		compare_node(b, theirs, lv[r].len ? path : NULL, r ? lv[r - 1].off : -1);
		if (first_pl011 < 0 && !compatible(b, theirs, "arm,pl011"))
			first_pl011 = theirs;
		if (fdt_get_phandle(b, theirs))
			same(dtb_node_offset_by_phandle(b, fdt_get_phandle(b, theirs)),
			     fdt_node_offset_by_phandle(b, fdt_get_phandle(b, theirs)), "phandle",
			     theirs);
		ours = dtb_next_node(b, ours, &d_ours);
		theirs = fdt_next_node(b, theirs, &d_libfdt);
	}
	/* The reservation map ends, as the DT spec says, at an entry whose
	 * address and size are both 0; libfdt (and Linux) stop at the first
	 * size 0. So ours may list more entries than libfdt (a size-0 entry
	 * reserves nothing, and reserving more than Linux is the safe side),
	 * and the first ones must be the same. */
	if (dtb_num_mem_rsv(b) < rsv)
		fuzz_fail("num_mem_rsv: ours %d, libfdt %d", dtb_num_mem_rsv(b), rsv);
	for (int i = 0; i < rsv; i++) {
		u64 a, s;
		uint64_t ta, ts;

		if (dtb_get_mem_rsv(b, i, &a, &s) || fdt_get_mem_rsv(b, i, &ta, &ts) || a != ta ||
		    s != ts)
			fuzz_fail("mem_rsv %d differs", i);
	}
	same(dtb_path_offset(b, "/", 1), fdt_path_offset(b, "/"), "path_offset(/)", 0);
	same(dtb_node_offset_by_compatible(b, -1, "arm,pl011"), first_pl011,
	     "offset_by_compatible", 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dtb_err e1 = { -1, NULL }, e2 = { -1, NULL };
	void *blob;
	int r1, r2;

	if (!size)
		return 0; /* bufsize 0 means "size unknown" to dtb_check() */
	/* malloc'd: aligned as a boot loader aligns a DTB, and exactly sized */
	blob = fuzz_dup(data, size);
	r1 = dtb_check(blob, size, &e1);
	r2 = dtb_check_index(blob, size, &e2);

	if (r1 != r2 || (r1 && (e1.offset != e2.offset || strcmp(e1.what, e2.what))))
		fuzz_fail("dtb_check %d (%s at %d), dtb_check_index %d (%s at %d)", r1,
			  r1 ? e1.what : "-", e1.offset, r2, r2 ? e2.what : "-", e2.offset);
	if (r1) {
		if (!e1.what || e1.offset < 0 || (size_t)e1.offset > size)
			fuzz_fail("refusal without a reason inside the blob: %s at %d",
				  e1.what ? e1.what : "(null)", e1.offset);
	} else {
		int lr = fdt_check_full(blob, size);

		if (lr && !libfdt_refusal_ok(blob))
			fuzz_fail("accepted, but fdt_check_full says %s", fdt_strerror(lr));
		if (!lr) {
			compare_tree(blob); /* with the index */
			/* and walked, for one input in four: without the index
			 * every parent lookup walks the tree, which would cost
			 * most of the run */
			if (fuzz_hash(data, size) % 4 == 0) {
				dtb_check_index(NULL, 0, NULL); /* drops it */
				compare_tree(blob);
			}
		}
	}
	dtb_check_index(NULL, 0, NULL); /* the next input may reuse this address */
	free(blob);
	return 0;
}
