/*
 * kernel/fdt.c against libfdt: every query our reader answers is asked of
 * libfdt too, on every node and property of dtc-compiled blobs (the test
 * trees in tests/fdt/, the board DTBs and overlays) and of variants with NOP
 * tokens, a version-16 header and a re-laid-out copy. Offsets and pointers
 * must be identical; error numbers differ by design (negative errno against
 * -FDT_ERR_*), so for errors only "both negative" is required.
 *
 * usage: test_fdt_libfdt BLOB.dtb...
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ek/errno.h>
#include <ek/fdt.h>

#include "fdt_util.h"
#include "test.h"

static unsigned long checks;

/* Equal results, or both errors; the message names the query. */
#define SAME(ours, theirs, ...)                                                        \
	do {                                                                           \
		long o_ = (ours), t_ = (theirs);                                       \
		checks++;                                                              \
		if (!(t_ < 0 ? o_ < 0 : o_ == t_)) {                                   \
			print_error("%s: ours %ld, libfdt %ld\n", b->name, o_, t_);    \
			fail_msg(__VA_ARGS__);                                         \
		}                                                                      \
	} while (0)

#define SAME_PTR(ours, theirs, ...)                                                  \
	do {                                                                         \
		const void *o_ = (ours), *t_ = (theirs);                             \
		checks++;                                                            \
		if (o_ != t_) {                                                      \
			print_error("%s: ours %p, libfdt %p\n", b->name, o_, t_);    \
			fail_msg(__VA_ARGS__);                                       \
		}                                                                    \
	} while (0)

#define FOR_EACH_NODE(fdt, n) \
	for (int n = fdt_next_node(fdt, -1, NULL); n >= 0; n = fdt_next_node(fdt, n, NULL))

static const char *path_of(const struct test_blob *b, int node)
{
	static char path[1024];

	assert_int_equal(fdt_get_path(b->fdt, node, path, sizeof(path)), 0);
	return path;
}

static void test_header(void **state)
{
	const struct test_blob *b = *state;
	struct dtb_err err = { -1, NULL };
	int ret = dtb_check(b->fdt, b->size, &err);

	if (ret)
		fail_msg("%s: dtb_check: %s at %d", b->name, err.what, err.offset);
	assert_int_equal(fdt_check_full(b->fdt, b->size), 0);
	/* bufsize 0 means "unknown", and a bigger buffer is fine */
	assert_int_equal(dtb_check(b->fdt, 0, NULL), 0);
	assert_int_equal(dtb_check(b->fdt, b->size + 4096, NULL), 0);
	assert_int_equal(dtb_totalsize(b->fdt), fdt_totalsize(b->fdt));
	checks += 5;
}

/* The whole-tree walk, with and without depth tracking. */
static void test_next_node(void **state)
{
	const struct test_blob *b = *state;
	int d_ours = 0, d_libfdt = 0;
	int ours = dtb_next_node(b->fdt, -1, &d_ours);
	int theirs = fdt_next_node(b->fdt, -1, &d_libfdt);

	for (;;) {
		SAME(ours, theirs, "next_node");
		SAME(d_ours, d_libfdt, "depth at %d", theirs);
		SAME(dtb_next_node(b->fdt, theirs, NULL), fdt_next_node(b->fdt, theirs, NULL),
		     "next_node(%d) without depth", theirs);
		if (theirs < 0)
			break;
		ours = dtb_next_node(b->fdt, ours, &d_ours);
		theirs = fdt_next_node(b->fdt, theirs, &d_libfdt);
	}
}

/*
 * Per node: the walk from it with a relative depth (libfdt returns a
 * positive offset once the depth goes negative and leaves the check to the
 * caller; ours reports -ENOENT), children, name, parent and path.
 */
static void test_nodes(void **state)
{
	const struct test_blob *b = *state;

	FOR_EACH_NODE(b->fdt, node) {
		int d_ours = 0, d_libfdt = 0, l_ours = -1, l_libfdt = -2;
		int ours = dtb_next_node(b->fdt, node, &d_ours);
		int theirs = fdt_next_node(b->fdt, node, &d_libfdt);
		const char *path = path_of(b, node);
		char buf[1024];
		size_t plen = strlen(path);

		if (d_libfdt < 0)
			assert_true(ours < 0);
		else
			SAME(ours, theirs, "next_node(%s)", path);

		SAME_PTR(dtb_get_name(b->fdt, node, &l_ours), fdt_get_name(b->fdt, node, &l_libfdt),
			 "get_name(%s)", path);
		SAME(l_ours, l_libfdt, "name length of %s", path);
		SAME(dtb_parent_offset(b->fdt, node), fdt_parent_offset(b->fdt, node),
		     "parent of %s", path);

		ours = dtb_first_subnode(b->fdt, node);
		theirs = fdt_first_subnode(b->fdt, node);
		SAME(ours, theirs, "first_subnode(%s)", path);
		while (theirs >= 0) {
			int nlen;
			const char *name = fdt_get_name(b->fdt, theirs, &nlen);

			SAME(dtb_subnode_offset(b->fdt, node, name, (size_t)nlen),
			     fdt_subnode_offset_namelen(b->fdt, node, name, nlen),
			     "subnode %s of %s", name, path);
			ours = dtb_next_subnode(b->fdt, theirs);
			theirs = fdt_next_subnode(b->fdt, theirs);
			SAME(ours, theirs, "next_subnode in %s", path);
		}
		SAME(dtb_subnode_offset(b->fdt, node, "no-such-node", 12),
		     fdt_subnode_offset(b->fdt, node, "no-such-node"), "missing child of %s", path);

		/* get_path: exact fit works, one byte less does not */
		memset(buf, 'x', sizeof(buf));
		assert_int_equal(dtb_get_path(b->fdt, node, buf, plen + 1), 0);
		assert_string_equal(buf, path);
		assert_true(dtb_get_path(b->fdt, node, buf, plen) < 0);
		assert_true(dtb_get_path(b->fdt, node, buf, 0) < 0);
		/* not always @node: "/dup/child" finds "child@1" first */
		SAME(dtb_path_offset(b->fdt, path, plen), fdt_path_offset(b->fdt, path),
		     "path_offset(%s)", path);
		checks += 4;
	}
}

/* Lookups by path spelled several ways, all compared with libfdt. */
static void check_path(const struct test_blob *b, const char *path)
{
	SAME(dtb_path_offset(b->fdt, path, strlen(path)), fdt_path_offset(b->fdt, path),
	     "path_offset(\"%s\")", path);
}

static void test_path_variants(void **state)
{
	const struct test_blob *b = *state;
	static const char *const fixed[] = {
		"/", "//", "", "/no-such-node", "no-such-alias", "no-such-alias/x",
		"/chosen/", "/chosen//ekprobes", "//chosen", "/chosen/ekprobes/gic",
		"/soc", "/soc@", "/soc@1", "/soc@10000000/uart", "/soc@10000000/uart@",
		"/dup/child", "/dup/child@2", "/dup/child@3", "/dup/chil", "/dup/childx",
		"/deep/a/b/c/d/leaf", "/deep/a/b/c/d/leaf/x", "/memory", "/cpus/cpu",
		"serial0", "serial0/", "serial1", "bus/uart@2000", "bus/i2c/eeprom",
		"bus//transparent/timer", "deep/c/d", "relative", "relative/uart",
		"dangling", "dangling/x", "/aliases/serial0",
	};

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		check_path(b, fixed[i]);

	FOR_EACH_NODE(b->fdt, node) {
		char path[1024], v[1100];
		char *at;

		strcpy(path, path_of(b, node));
		snprintf(v, sizeof(v), "%s/", path);
		check_path(b, v);
		snprintf(v, sizeof(v), "/%s", path);
		check_path(b, v);
		snprintf(v, sizeof(v), "%sx", path);
		check_path(b, v);
		/* the last component without its unit address */
		at = strrchr(path, '@');
		if (at && !strchr(at, '/')) {
			*at = '\0';
			check_path(b, path);
			strcat(path, "@");
			check_path(b, path);
		}
		/* every component without its unit address */
		strcpy(v, path_of(b, node));
		for (char *p = v; (p = strchr(p, '@'));) {
			size_t cut = strcspn(p, "/");

			memmove(p, p + cut, strlen(p + cut) + 1);
		}
		check_path(b, v);
	}
}

/* Aliases, and paths continuing below an alias. */
static void test_aliases(void **state)
{
	const struct test_blob *b = *state;
	int aliases = fdt_path_offset(b->fdt, "/aliases");
	int prop;

	if (aliases < 0)
		return; /* nothing to compare */
	fdt_for_each_property_offset(prop, b->fdt, aliases) {
		const char *alias;
		int len;

		fdt_getprop_by_offset(b->fdt, prop, &alias, &len);
		check_path(b, alias);
		int target = fdt_path_offset(b->fdt, alias);

		if (target < 0)
			continue;
		for (int c = fdt_first_subnode(b->fdt, target); c >= 0;
		     c = fdt_next_subnode(b->fdt, c)) {
			char v[512];
			const char *cname = fdt_get_name(b->fdt, c, NULL);

			snprintf(v, sizeof(v), "%s/%s", alias, cname);
			check_path(b, v);
			snprintf(v, sizeof(v), "%s//%s/", alias, cname);
			check_path(b, v);
			snprintf(v, sizeof(v), "%s/%.*s", alias, (int)strcspn(cname, "@"), cname);
			check_path(b, v);
		}
	}
}

/* Property iteration and lookup, for every property of every node. */
static void test_properties(void **state)
{
	const struct test_blob *b = *state;

	FOR_EACH_NODE(b->fdt, node) {
		const char *path = path_of(b, node);
		int ours = dtb_first_property(b->fdt, node);
		int theirs = fdt_first_property_offset(b->fdt, node);
		int l_ours, l_libfdt;

		SAME(ours, theirs, "first_property(%s)", path);
		for (; theirs >= 0; theirs = fdt_next_property_offset(b->fdt, theirs)) {
			const char *n_ours = NULL, *n_libfdt = NULL;
			const void *v_libfdt;
			u32 u;

			SAME(dtb_next_property(b->fdt, theirs), fdt_next_property_offset(b->fdt, theirs),
			     "next_property in %s", path);
			v_libfdt = fdt_getprop_by_offset(b->fdt, theirs, &n_libfdt, &l_libfdt);
			SAME_PTR(dtb_getprop_by_offset(b->fdt, theirs, &n_ours, &l_ours), v_libfdt,
				 "getprop_by_offset in %s", path);
			SAME_PTR(n_ours, n_libfdt, "property name in %s", path);
			SAME(l_ours, l_libfdt, "property length of %s:%s", path, n_libfdt);

			SAME_PTR(dtb_getprop(b->fdt, node, n_libfdt, &l_ours),
				 fdt_getprop(b->fdt, node, n_libfdt, &l_libfdt), "getprop(%s, %s)", path,
				 n_libfdt);
			SAME(l_ours, l_libfdt, "getprop length of %s:%s", path, n_libfdt);
			assert_true(dtb_getprop_bool(b->fdt, node, n_libfdt));
			if (dtb_getprop_u32(b->fdt, node, n_libfdt, &u)) {
				assert_int_equal(l_libfdt, 4);
				assert_int_equal(u, fdt32_to_cpu(*(const fdt32_t *)v_libfdt));
			} else {
				assert_int_not_equal(l_libfdt, 4);
			}
			checks += 2;
		}
		SAME_PTR(dtb_getprop(b->fdt, node, "no-such-prop", &l_ours),
			 fdt_getprop(b->fdt, node, "no-such-prop", &l_libfdt), "missing prop");
		SAME(l_ours, l_libfdt, "missing prop length in %s", path);
		assert_false(dtb_getprop_bool(b->fdt, node, "no-such-prop"));
		/* a prefix of an existing name is not that name */
		SAME_PTR(dtb_getprop(b->fdt, node, "compat", NULL),
			 fdt_getprop(b->fdt, node, "compat", NULL), "prefix name");
	}
}

/*
 * String lists over every property. Ours is stricter on purpose: a value
 * whose last string is unterminated is no list at all, where libfdt still
 * returns the strings before the broken one.
 */
static void test_stringlists(void **state)
{
	const struct test_blob *b = *state;

	FOR_EACH_NODE(b->fdt, node) {
		const char *path = path_of(b, node);
		int prop;

		fdt_for_each_property_offset(prop, b->fdt, node) {
			const char *name;
			int len, count;

			fdt_getprop_by_offset(b->fdt, prop, &name, &len);
			count = fdt_stringlist_count(b->fdt, node, name);
			SAME(dtb_stringlist_count(b->fdt, node, name), count, "stringlist_count(%s, %s)",
			     path, name);
			if (count < 0) {
				assert_null(dtb_stringlist_get(b->fdt, node, name, 0, &len));
				assert_true(len < 0);
				checks++;
				continue;
			}
			for (int i = -1; i <= count; i++) {
				int l_ours = 0, l_libfdt = 0;

				SAME_PTR(dtb_stringlist_get(b->fdt, node, name, i, &l_ours),
					 fdt_stringlist_get(b->fdt, node, name, i, &l_libfdt),
					 "stringlist_get(%s, %s, %d)", path, name, i);
				SAME(l_ours, l_libfdt, "string length (%s, %s, %d)", path, name, i);
			}
		}
		SAME(dtb_stringlist_count(b->fdt, node, "no-such-prop"),
		     fdt_stringlist_count(b->fdt, node, "no-such-prop"), "missing list");
	}
}

static void test_phandles(void **state)
{
	const struct test_blob *b = *state;
	u32 max = 0;
	static const u32 edge[] = { 0, 0xffffffffu, 0xfffffffeu, 0x4242 };

	FOR_EACH_NODE(b->fdt, node) {
		u32 ph = fdt_get_phandle(b->fdt, node);

		if (!ph)
			continue;
		max = ph > max ? ph : max;
		SAME(dtb_node_offset_by_phandle(b->fdt, ph), fdt_node_offset_by_phandle(b->fdt, ph),
		     "phandle %u", ph);
		SAME(dtb_node_offset_by_phandle(b->fdt, ph), node, "phandle %u", ph);
	}
	SAME(dtb_node_offset_by_phandle(b->fdt, max + 1),
	     fdt_node_offset_by_phandle(b->fdt, max + 1), "unused phandle");
	for (size_t i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
		SAME(dtb_node_offset_by_phandle(b->fdt, edge[i]),
		     fdt_node_offset_by_phandle(b->fdt, edge[i]), "phandle %#x", edge[i]);
}

/* Every compatible string of the tree against every node, plus searches. */
static void test_compatible(void **state)
{
	const struct test_blob *b = *state;
	const char *compats[256];
	int n = 0;

	FOR_EACH_NODE(b->fdt, node) {
		int count = fdt_stringlist_count(b->fdt, node, "compatible");

		for (int i = 0; i < count && n < 255; i++)
			compats[n++] = fdt_stringlist_get(b->fdt, node, "compatible", i, NULL);
	}
	compats[n++] = "no,such-device";
	FOR_EACH_NODE(b->fdt, node)
		for (int i = 0; i < n; i++)
			SAME(dtb_node_check_compatible(b->fdt, node, compats[i]),
			     fdt_node_check_compatible(b->fdt, node, compats[i]),
			     "check_compatible(%s, %s)", path_of(b, node), compats[i]);
	for (int i = 0; i < n; i++) {
		int ours = dtb_node_offset_by_compatible(b->fdt, -1, compats[i]);
		int theirs = fdt_node_offset_by_compatible(b->fdt, -1, compats[i]);

		for (;;) {
			SAME(ours, theirs, "offset_by_compatible(%s)", compats[i]);
			if (theirs < 0)
				break;
			ours = dtb_node_offset_by_compatible(b->fdt, theirs, compats[i]);
			theirs = fdt_node_offset_by_compatible(b->fdt, theirs, compats[i]);
		}
	}
}

static void test_cells(void **state)
{
	const struct test_blob *b = *state;

	FOR_EACH_NODE(b->fdt, node) {
		/* libfdt refuses #address-cells = <0>, which interrupt
		 * controllers use legitimately; ours returns 0 there */
		int theirs = fdt_address_cells(b->fdt, node);

		if (theirs == -FDT_ERR_BADNCELLS && fdt_getprop(b->fdt, node, "#address-cells", NULL))
			assert_int_equal(dtb_address_cells(b->fdt, node),
					 fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(
						 b->fdt, node, "#address-cells", NULL)));
		else
			SAME(dtb_address_cells(b->fdt, node), theirs, "#address-cells of %s",
			     path_of(b, node));
		SAME(dtb_size_cells(b->fdt, node), fdt_size_cells(b->fdt, node), "#size-cells of %s",
		     path_of(b, node));
	}
}

static void test_mem_rsv(void **state)
{
	const struct test_blob *b = *state;
	int n = fdt_num_mem_rsv(b->fdt);
	u64 a, s;

	SAME(dtb_num_mem_rsv(b->fdt), n, "num_mem_rsv");
	for (int i = 0; i < n; i++) {
		uint64_t ta, ts;

		assert_int_equal(fdt_get_mem_rsv(b->fdt, i, &ta, &ts), 0);
		assert_int_equal(dtb_get_mem_rsv(b->fdt, i, &a, &s), 0);
		assert_int_equal(a, ta);
		assert_int_equal(s, ts);
		checks += 2;
	}
	/* the terminator is readable and (0, 0); far beyond is refused */
	assert_int_equal(dtb_get_mem_rsv(b->fdt, n, &a, &s), 0);
	assert_true(a == 0 && s == 0);
	assert_true(dtb_get_mem_rsv(b->fdt, -1, &a, &s) < 0);
	assert_true(dtb_get_mem_rsv(b->fdt, (int)(dtb_totalsize(b->fdt) / 16), &a, &s) < 0);
	/* 16 * n must not wrap around to a valid entry */
	assert_true(dtb_get_mem_rsv(b->fdt, 0x10000000, &a, &s) < 0);
	checks += 4;
}

/*
 * Every offset of the structure block, node or not: both readers must agree
 * on which offsets are nodes and properties.
 */
static void test_any_offset(void **state)
{
	const struct test_blob *b = *state;
	int end = (int)fdt_size_dt_struct(b->fdt);

	if (fdt_version(b->fdt) < 17)
		end = (int)(fdt_totalsize(b->fdt) - fdt_off_dt_struct(b->fdt));
	for (int off = -8; off < end + 8; off++) {
		int l_ours = 0, l_libfdt = 0;
		const void *v;

		SAME_PTR(dtb_get_name(b->fdt, off, &l_ours), fdt_get_name(b->fdt, off, &l_libfdt),
			 "get_name(%d)", off);
		SAME(l_ours, l_libfdt, "get_name(%d) length", off);
		SAME(dtb_first_property(b->fdt, off), fdt_first_property_offset(b->fdt, off),
		     "first_property(%d)", off);
		SAME(dtb_next_property(b->fdt, off), fdt_next_property_offset(b->fdt, off),
		     "next_property(%d)", off);
		SAME(dtb_first_subnode(b->fdt, off), fdt_first_subnode(b->fdt, off),
		     "first_subnode(%d)", off);
		SAME(dtb_next_node(b->fdt, off, NULL), fdt_next_node(b->fdt, off, NULL),
		     "next_node(%d)", off);
		/* libfdt also validates the name; when it accepts, we must match */
		v = fdt_getprop_by_offset(b->fdt, off, NULL, &l_libfdt);
		if (v) {
			SAME_PTR(dtb_getprop_by_offset(b->fdt, off, NULL, &l_ours), v,
				 "getprop_by_offset(%d)", off);
			SAME(l_ours, l_libfdt, "getprop_by_offset(%d) length", off);
		}
	}
}

/* Derived blobs: the same tree with a different byte layout. */
static struct test_blob *variant(const struct test_blob *src, const char *what)
{
	struct test_blob *v = calloc(1, sizeof(*v));
	size_t n = strlen(src->name) + strlen(what) + 2;

	v->name = malloc(n);
	snprintf(v->name, n, "%s+%s", src->name, what);
	if (!strcmp(what, "relaid")) {
		/* fdt_open_into re-lays the blocks and leaves free space at the end */
		v->size = src->size + 256;
		v->fdt = malloc(v->size);
		assert_int_equal(fdt_open_into(src->fdt, v->fdt, (int)v->size), 0);
		return v;
	}
	v->size = src->size;
	v->fdt = copy_blob(src->fdt, src->size);
	if (!strcmp(what, "v16")) {
		fdt_set_version(v->fdt, 16);
		fdt_set_last_comp_version(v->fdt, 16);
	} else if (!strcmp(what, "nop")) {
		/* NOP out every third property and the last leaf node */
		int i = 0, leaf = -1;

		FOR_EACH_NODE(v->fdt, node) {
			int prop;
			const char *victim = NULL;

			fdt_for_each_property_offset(prop, v->fdt, node)
				if (i++ % 3 == 0)
					fdt_getprop_by_offset(v->fdt, prop, &victim, NULL);
			if (victim)
				assert_int_equal(fdt_nop_property(v->fdt, node, victim), 0);
			if (node > 0 && fdt_first_subnode(v->fdt, node) < 0)
				leaf = node;
		}
		if (leaf > 0)
			assert_int_equal(fdt_nop_node(v->fdt, leaf), 0);
	}
	return v;
}

static const struct {
	const char *name;
	CMUnitTestFunction fn;
} suite[] = {
	{ "header", test_header },
	{ "next_node", test_next_node },
	{ "nodes", test_nodes },
	{ "path_variants", test_path_variants },
	{ "aliases", test_aliases },
	{ "properties", test_properties },
	{ "stringlists", test_stringlists },
	{ "phandles", test_phandles },
	{ "compatible", test_compatible },
	{ "cells", test_cells },
	{ "mem_rsv", test_mem_rsv },
	{ "any_offset", test_any_offset },
};

#define NSUITE (sizeof(suite) / sizeof(suite[0]))

int main(int argc, char **argv)
{
	static const char *const variants[] = { "nop", "v16", "relaid" };
	size_t nblobs = (size_t)(argc - 1) * 4, ntests = 0;
	struct test_blob **blobs = calloc(nblobs, sizeof(*blobs));
	struct CMUnitTest *tests = calloc(nblobs * NSUITE, sizeof(*tests));
	int failed;

	if (argc < 2) {
		fprintf(stderr, "usage: %s BLOB.dtb...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct test_blob *b = calloc(1, sizeof(*b));

		b->name = argv[i];
		b->fdt = load_blob(argv[i], &b->size);
		blobs[(i - 1) * 4] = b;
		for (int v = 0; v < 3; v++)
			blobs[(i - 1) * 4 + 1 + v] = variant(b, variants[v]);
	}
	for (size_t i = 0; i < nblobs; i++) {
		for (size_t t = 0; t < NSUITE; t++) {
			size_t n = strlen(blobs[i]->name) + strlen(suite[t].name) + 3;
			char *name = malloc(n);

			snprintf(name, n, "%s: %s", blobs[i]->name, suite[t].name);
			tests[ntests++] = (struct CMUnitTest){ name, suite[t].fn, NULL, NULL, blobs[i] };
		}
	}
	failed = _cmocka_run_group_tests("fdt_libfdt", tests, ntests, NULL, NULL);
	printf("fdt_libfdt: %zu blobs, %lu comparisons\n", nblobs, checks);
	return failed ? 1 : 0;
}
