/*
 * dtb_read_reg(): "reg" entries translated through every parent's "ranges"
 * to CPU addresses. libfdt has no translation, so the expected answers are
 * written by hand next to each node in the test DTS files (tests/fdt/):
 *   expect-reg = /bits/ 64 <addr size ...>;   one pair per "reg" entry
 *   expect-reg-error = "ERANGE";               the errno expected instead
 *
 * usage: test_fdt_reg BLOB.dtb...
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ek/errno.h>
#include <ek/fdt.h>

#include "fdt_util.h"
#include "test.h"

static const char *const *blob_paths;
static int nblob_paths;
static unsigned long checks;

static int errno_by_name(const char *name)
{
	static const struct {
		const char *name;
		int err;
	} table[] = { { "ENOENT", ENOENT }, { "ERANGE", ERANGE }, { "EBADMSG", EBADMSG } };

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(table[i].name, name))
			return table[i].err;
	fail_msg("unknown errno name %s in a test DTS", name);
	return 0;
}

/* Checks one node against its expect-* properties; returns 1 if it had any. */
static int check_node(const void *fdt, int node, const char *where)
{
	int len, nexp;
	const u8 *exp = dtb_getprop(fdt, node, "expect-reg", &len);
	const char *experr = dtb_getprop(fdt, node, "expect-reg-error", NULL);
	u64 addr, size;

	if (experr) {
		int ret = dtb_read_reg(fdt, node, 0, &addr, &size);

		if (ret != -errno_by_name(experr))
			fail_msg("%s: dtb_read_reg = %d, expected -%s", where, ret, experr);
		checks++;
		return 1;
	}
	if (!exp)
		return 0;
	assert_int_equal(len % 16, 0);
	nexp = len / 16;
	for (int i = 0; i < nexp; i++) {
		u64 want_addr = dtb_cells(exp + 16 * i, 2), want_size = dtb_cells(exp + 16 * i + 8, 2);
		int ret = dtb_read_reg(fdt, node, i, &addr, &size);

		if (ret || addr != want_addr || size != want_size)
			fail_msg("%s reg[%d]: ret %d, %#llx+%#llx, expected %#llx+%#llx", where, i, ret,
				 (unsigned long long)addr, (unsigned long long)size,
				 (unsigned long long)want_addr, (unsigned long long)want_size);
		/* the size is optional */
		assert_int_equal(dtb_read_reg(fdt, node, i, &addr, NULL), 0);
		assert_int_equal(addr, want_addr);
		checks += 3;
	}
	/* past the last entry, before the first, and an index whose byte
	 * offset does not fit in an int */
	assert_int_equal(dtb_read_reg(fdt, node, nexp, &addr, &size), -ENOENT);
	assert_int_equal(dtb_read_reg(fdt, node, -1, &addr, &size), -ENOENT);
	assert_int_equal(dtb_read_reg(fdt, node, INT_MAX, &addr, &size), -ENOENT);
	assert_int_equal(dtb_read_reg(fdt, node, INT_MAX / 8, &addr, &size), -ENOENT);
	checks += 4;
	return 1;
}

static void test_expectations(void **state)
{
	(void)state;
	int total = 0;

	for (int i = 0; i < nblob_paths; i++) {
		size_t size;
		void *fdt = load_blob(blob_paths[i], &size);
		char path[512], where[600];

		assert_int_equal(dtb_check(fdt, size, NULL), 0);
		for (int node = dtb_next_node(fdt, -1, NULL); node >= 0;
		     node = dtb_next_node(fdt, node, NULL)) {
			assert_int_equal(dtb_get_path(fdt, node, path, sizeof(path)), 0);
			snprintf(where, sizeof(where), "%s:%s", blob_paths[i], path);
			total += check_node(fdt, node, where);
		}
		free(fdt);
	}
	/* guards against a walk that silently finds nothing to check */
	assert_true(total >= 20);
	printf("fdt_reg: %d nodes with expectations, %lu checks\n", total, checks);
}

/* Nodes without "reg", the root, and bad offsets. */
static void test_errors(void **state)
{
	(void)state;
	size_t size;
	void *fdt = load_blob(blob_paths[0], &size);
	u64 addr, size_out;

	assert_true(dtb_read_reg(fdt, 0, 0, &addr, &size_out) < 0);
	assert_int_equal(dtb_read_reg(fdt, dtb_path_offset(fdt, "/chosen", 7), 0, &addr, &size_out),
			 -ENOENT);
	assert_true(dtb_read_reg(fdt, 3, 0, &addr, &size_out) < 0);
	assert_true(dtb_read_reg(fdt, -1, 0, &addr, &size_out) < 0);
	free(fdt);
}

/* Cell counts: defaults 2 and 1, explicit values, and values refused. */
static void test_cells(void **state)
{
	(void)state;
	size_t size;
	void *fdt = load_blob(blob_paths[0], &size);
	int root = 0;
	int cpus = dtb_path_offset(fdt, "/cpus", 5);
	int gic = dtb_path_offset(fdt, "/soc/interrupt-controller", 25);
	int bridge = dtb_path_offset(fdt, "/soc/bridge", 11);
	int chosen = dtb_path_offset(fdt, "/chosen", 7);

	assert_true(cpus > 0 && gic > 0 && bridge > 0 && chosen > 0);
	assert_int_equal(dtb_address_cells(fdt, root), 1);
	assert_int_equal(dtb_size_cells(fdt, cpus), 0);
	assert_int_equal(dtb_address_cells(fdt, gic), 0);
	assert_int_equal(dtb_address_cells(fdt, bridge), 2);
	assert_int_equal(dtb_address_cells(fdt, chosen), 2); /* default */
	assert_int_equal(dtb_size_cells(fdt, chosen), 1);    /* default */
	free(fdt);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expectations),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_cells),
	};

	if (argc < 2) {
		fprintf(stderr, "usage: %s BLOB.dtb... (the first one: tests/fdt/basic.dtb)\n",
			argv[0]);
		return 2;
	}
	blob_paths = (const char *const *)argv + 1;
	nblob_paths = argc - 1;
	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
