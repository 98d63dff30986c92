/*
 * The node index (dtb_check_index) must never change an answer: every
 * accessor it speeds up gives, on an indexed blob, exactly what it gives
 * by walking an identical copy that is not indexed. Also: a later index
 * replaces the earlier one, and a blob refused by the check leaves none.
 *
 * usage: test_fdt_index BLOB.dtb...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ek/errno.h>
#include <ek/fdt.h>

#include "fdt_util.h"
#include "test.h"

static const char *const *paths;
static int npaths;
static unsigned long compared;

/* Every node and property of @walked (not indexed) against @indexed. */
static void compare(const void *walked, const void *indexed)
{
	int depth = 0;

	for (int n = dtb_next_node(walked, -1, &depth); n >= 0;
	     n = dtb_next_node(walked, n, &depth)) {
		const char *name = dtb_get_name(walked, n, NULL);
		int parent = dtb_parent_offset(walked, n);

		assert_int_equal(dtb_first_subnode(indexed, n), dtb_first_subnode(walked, n));
		assert_int_equal(dtb_next_subnode(indexed, n), dtb_next_subnode(walked, n));
		assert_int_equal(dtb_parent_offset(indexed, n), parent);
		assert_string_equal(dtb_get_name(indexed, n, NULL), name);
		if (parent >= 0)
			assert_int_equal(dtb_subnode_offset(indexed, parent, name, strlen(name)),
					 dtb_subnode_offset(walked, parent, name, strlen(name)));
		assert_int_equal(dtb_subnode_offset(indexed, n, "no-such-node", 12),
				 dtb_subnode_offset(walked, n, "no-such-node", 12));
		for (int p = dtb_first_property(walked, n); p >= 0; p = dtb_next_property(walked, p)) {
			const char *pname;
			int lw, li;
			const char *vw;

			vw = dtb_getprop_by_offset(walked, p, &pname, &lw);
			const char *vi = dtb_getprop(indexed, n, pname, &li);

			/* The same offset in the identical copy. */
			assert_int_equal(vi - (const char *)indexed, vw - (const char *)walked);
			assert_int_equal(li, lw);
			compared++;
		}
		assert_null(dtb_getprop(indexed, n, "no-such-property", NULL));
		compared += 6;
	}
	/* Offsets that are not nodes fall back to the walk's answers. */
	for (int off = -4; off < 64; off += 4) {
		assert_int_equal(dtb_first_subnode(indexed, off), dtb_first_subnode(walked, off));
		assert_int_equal(dtb_next_subnode(indexed, off), dtb_next_subnode(walked, off));
		assert_int_equal(dtb_parent_offset(indexed, off), dtb_parent_offset(walked, off));
	}
}

static void test_same_answers(void **state)
{
	(void)state;
	for (int i = 0; i < npaths; i++) {
		size_t size;
		void *walked = load_blob(paths[i], &size);
		void *indexed = copy_blob(walked, size);
		struct dtb_err err;

		assert_int_equal(dtb_check(walked, size, &err), 0);
		assert_int_equal(dtb_check_index(indexed, size, &err), 0);
		compare(walked, indexed);
		free(indexed);
		free(walked);
	}
	printf("          fdt_index: %d blobs, %lu answers compared\n", npaths, compared);
}

static void test_refused_blob_leaves_no_index(void **state)
{
	size_t size;
	void *good = load_blob(paths[0], &size);
	void *copy = copy_blob(good, size);
	void *bad = copy_blob(good, size);
	struct dtb_err err;

	(void)state;
	assert_int_equal(dtb_check_index(copy, size, &err), 0);
	memset(bad, 0, 4); /* bad magic */
	assert_int_not_equal(dtb_check_index(bad, size, &err), 0);
	/* The copy is no longer indexed either: its answers still match. */
	compare(good, copy);
	free(bad);
	free(copy);
	free(good);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_answers),
		cmocka_unit_test(test_refused_blob_leaves_no_index),
	};

	if (argc < 2) {
		fprintf(stderr, "usage: %s BLOB.dtb...\n", argv[0]);
		return 2;
	}
	paths = (const char *const *)argv + 1;
	npaths = argc - 1;
	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
