/*
 * The function tracer's build-time table and its searches: the table the
 * image carries (build/arm/mcount2.c, linked in) against the mcount calls
 * objdump finds in build/arm/vmlinux (argv[1]: one link address per line),
 * ftrace_site_search() and ftrace_site_search_range() as ftrace_location()
 * uses them, and the Linux glob rules of ftrace_glob_match().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ek/ftrace.h>

#include "test.h"

static const char *calls_file;
static u32 *calls;
static size_t ncalls;

static void load_calls(void)
{
	FILE *f = fopen(calls_file, "r");
	unsigned int a;

	assert_non_null(f);
	while (fscanf(f, "%x", &a) == 1) {
		calls = realloc(calls, (ncalls + 1) * sizeof(*calls));
		calls[ncalls++] = a;
	}
	fclose(f);
}

/* The table is exactly the image's mcount calls, strictly sorted. */
static void test_table_is_the_image(void **state)
{
	(void)state;
	load_calls();
	assert_true(ftrace_site_count > 100);
	assert_int_equal(ftrace_site_count, ncalls);
	for (u32 i = 0; i < ftrace_site_count; i++) {
		assert_int_equal(ftrace_site_offsets[i], calls[i]);
		if (i)
			assert_true(ftrace_site_offsets[i - 1] < ftrace_site_offsets[i]);
	}
}

static void test_search(void **state)
{
	const u32 *t = ftrace_site_offsets;
	u32 n = ftrace_site_count;

	(void)state;
	for (u32 i = 0; i < n; i++) {
		assert_int_equal(ftrace_site_search(t, n, t[i]), (int)i);
		/* neighbours are not sites (two sites are never adjacent: each
		 * follows its push {lr}) */
		assert_int_equal(ftrace_site_search(t, n, t[i] + 4), -1);
		assert_int_equal(ftrace_site_search(t, n, t[i] - 4), -1);
		/* a function starting at or before its site, up to 64 bytes of
		 * prologue, finds it; a range that ends at it does not */
		assert_int_equal(ftrace_site_search_range(t, n, t[i] - 4, t[i] + 4), (int)i);
		assert_int_equal(ftrace_site_search_range(t, n, t[i], t[i] + 1), (int)i);
		assert_int_equal(ftrace_site_search_range(t, n, t[i] - 4, t[i]), -1);
	}
	assert_int_equal(ftrace_site_search(t, n, 0), -1);
	assert_int_equal(ftrace_site_search(t, n, 0xfffffffcu), -1);
	assert_int_equal(ftrace_site_search(t, 0, t[0]), -1);
	assert_int_equal(ftrace_site_search_range(t, n, t[n - 1] + 4, 0xffffffffu), -1);
	printf("ftrace: %u sites, each found, its neighbours not\n", n);
}

static bool g(const char *pat, const char *name)
{
	return ftrace_glob_match(pat, strlen(pat), name);
}

static void test_glob(void **state)
{
	(void)state;
	assert_true(g("mem_init", "mem_init"));
	assert_false(g("mem_init", "mem_init2"));
	assert_false(g("mem_ini", "mem_init"));
	assert_true(g("mem_*", "mem_init"));        /* end */
	assert_true(g("*_init", "mem_init"));       /* start */
	assert_true(g("*em_in*", "mem_init"));      /* both */
	assert_true(g("m*_init", "mem_init"));      /* middle */
	assert_true(g("m*i*t", "mem_init"));        /* several */
	assert_true(g("*", "anything"));
	assert_true(g("mem_init*", "mem_init"));    /* '*' matches nothing */
	assert_true(g("m?m_init", "mem_init"));
	assert_false(g("m?m_init", "mm_init"));
	assert_false(g("*_init", "mem_initx"));
	assert_false(g("x*", "mem_init"));
	assert_true(g("*a*b", "aab"));              /* backtracking */
	assert_false(g("*a*b", "aaba"));
	assert_false(g("", "mem_init"));
	printf("ftrace: globs as Linux's set_ftrace_filter\n");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_is_the_image),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_glob),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: %s MCOUNT_CALLS.txt\n", argv[0]);
		return 2;
	}
	calls_file = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
