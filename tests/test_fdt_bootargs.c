/*
 * arch/x86/boot/fdt_bootargs.c: the multiboot command line written into a
 * copy of the DTB as /chosen/bootargs. Checked with libfdt on every test
 * and board DTB (with and without /chosen, with and without bootargs):
 * the copy is a valid tree whose /chosen/bootargs is the new line, and
 * every other node, property and reservation is as in the original.
 *
 * usage: test_fdt_bootargs BLOB.dtb...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <ek/errno.h>
#include "fdt_bootargs.h"
#include "fdt_util.h"
#include "test.h"

static const char *const *paths;
static int npaths;

static const char *const lines[] = {
	"",
	"x",
	"ekprobe=boot_stage kprobe_event=p:a/b,foo,x=%ax:x32;r,foo,$retval",
	"quoted=\"a b\" 0123456789012345678901234567890123456789012345678901234567890123",
};

static bool is_bootargs(const void *fdt, int node, const char *name)
{
	char path[256];

	return !strcmp(name, "bootargs") && !fdt_get_path(fdt, node, path, sizeof(path)) &&
	       !strcmp(path, "/chosen");
}

static int nprops(const void *fdt, int node)
{
	int p, n = 0;

	fdt_for_each_property_offset(p, fdt, node) {
		const char *name;

		fdt_getprop_by_offset(fdt, p, &name, NULL);
		n += !is_bootargs(fdt, node, name);
	}
	return n;
}

/* The same nodes in the same order (node names may repeat, so the walk is
 * in step rather than by path), except a /chosen that only @b has; the
 * same properties but /chosen/bootargs; the same reservations. */
static void same_tree(const void *a, const void *b)
{
	int bn = -1, da = 0, db = 0;

	for (int n = fdt_next_node(a, -1, &da); n >= 0; n = fdt_next_node(a, n, &da)) {
		const char *name = fdt_get_name(a, n, NULL);
		int p;

		bn = fdt_next_node(b, bn, &db);
		/* Depths count from 1 at the root (libfdt, starting from -1). */
		if (db == 2 && !strcmp(fdt_get_name(b, bn, NULL), "chosen") &&
		    fdt_path_offset(a, "/chosen") < 0) {
			assert_int_equal(nprops(b, bn), 0);
			bn = fdt_next_node(b, bn, &db);
		}
		assert_true(bn >= 0);
		assert_int_equal(db, da);
		assert_string_equal(fdt_get_name(b, bn, NULL), name);
		assert_int_equal(nprops(a, n), nprops(b, bn));
		fdt_for_each_property_offset(p, a, n) {
			const char *pname;
			int la, lb;
			const void *va = fdt_getprop_by_offset(a, p, &pname, &la);
			const void *vb = fdt_getprop(b, bn, pname, &lb);

			if (is_bootargs(a, n, pname))
				continue;
			assert_non_null(vb);
			assert_int_equal(la, lb);
			assert_memory_equal(va, vb, (size_t)la);
		}
	}
	assert_int_equal(fdt_num_mem_rsv(a), fdt_num_mem_rsv(b));
	for (int i = 0; i < fdt_num_mem_rsv(a); i++) {
		uint64_t aa, as, ba, bs;

		fdt_get_mem_rsv(a, i, &aa, &as);
		fdt_get_mem_rsv(b, i, &ba, &bs);
		assert_true(aa == ba && as == bs);
	}
}

static void test_bootargs_replaced(void **state)
{
	unsigned int copies = 0;

	(void)state;
	for (int i = 0; i < npaths; i++) {
		size_t size;
		void *src = load_blob(paths[i], &size);

		for (size_t l = 0; l < sizeof(lines) / sizeof(lines[0]); l++) {
			size_t room = size + 4096;
			void *dst = malloc(room);
			const char *args;
			int len;

			assert_non_null(dst);
			assert_int_equal(fdt_copy_with_bootargs(dst, room, src, size, lines[l],
								strlen(lines[l])), 0);
			assert_int_equal(fdt_check_full(dst, fdt_totalsize(dst)), 0);
			assert_true(fdt_totalsize(dst) <= room);
			args = fdt_getprop(dst, fdt_path_offset(dst, "/chosen"), "bootargs", &len);
			assert_non_null(args);
			assert_int_equal(len, (int)strlen(lines[l]) + 1);
			assert_string_equal(args, lines[l]);
			same_tree(src, dst);
			/* Once more on the copy: replacing is idempotent. */
			void *again = malloc(room);

			assert_int_equal(fdt_copy_with_bootargs(again, room, dst, fdt_totalsize(dst),
								lines[l], strlen(lines[l])), 0);
			assert_int_equal(fdt_totalsize(again), fdt_totalsize(dst));
			assert_memory_equal(again, dst, fdt_totalsize(dst));
			free(again);
			free(dst);
			copies++;
		}
		free(src);
	}
	printf("fdt_bootargs: %d blobs, %u copies checked with libfdt\n", npaths, copies);
}

static void test_refusals(void **state)
{
	size_t size;
	void *src = load_blob(paths[0], &size);
	void *dst = malloc(size + 64);

	(void)state;
	/* Too small a buffer. */
	assert_int_equal(fdt_copy_with_bootargs(dst, size / 2, src, size, "x", 1), -ENOSPC);
	/* Not a DTB. */
	memset(src, 0, 4);
	assert_int_equal(fdt_copy_with_bootargs(dst, size + 64, src, size, "x", 1), -EINVAL);
	free(dst);
	free(src);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bootargs_replaced),
		cmocka_unit_test(test_refusals),
	};

	if (argc < 2) {
		fprintf(stderr, "usage: %s BLOB.dtb...\n", argv[0]);
		return 2;
	}
	paths = (const char *const *)argv + 1;
	npaths = argc - 1;
	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
