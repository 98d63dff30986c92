/*
 * kallsyms lookups (kernel/kallsyms.c) over a hand-made table whose every
 * answer is known: aliases, unsized symbols, gaps, duplicate local names,
 * a load base, and the empty and missing tables.
 */
#include <stdio.h>
#include <string.h>

#include <ek/kallsyms.h>

#include "test.h"

/*
 * Address order, as scripts/kallsyms.c writes it: among equal addresses
 * the preferred name (global, sized) comes last.
 *   0x000 start     unsized: runs to 0x040
 *   0x040 dup       size 0x10, local
 *   0x060 alias     unsized alias of main
 *   0x060 main      size 0x20
 *   0x080 dup       size 0x08, the other local "dup"
 *   0x100 data_obj  size 0x4, then a gap
 *   0x200 end       unsized, last: covers nothing
 */
static const u32 addrs[] = { 0x0, 0x40, 0x60, 0x60, 0x80, 0x100, 0x200 };
static const u32 sizes[] = { 0, 0x10, 0, 0x20, 0x8, 0x4, 0 };
static const char names[] = "Tstart\0"
			    "tdup\0"
			    "Talias\0"
			    "Tmain\0"
			    "tdup\0"
			    "Ddata_obj\0"
			    "Tend";
static const u32 name_off[] = { 0, 7, 12, 19, 25, 30, 40 };
/* by name; the lower "dup" first, as the generator orders them */
static const u32 by_name[] = { 2, 5, 1, 4, 6, 3, 0 };
/* The name index, filled by build_index() as the generator fills it:
 * 8 slots for 6 names, so most of them collide and are probed past. */
static u16 slots[8];
static const struct kallsyms_table table = {
	.num = 7, .addrs = addrs, .sizes = sizes, .name_off = name_off,
	.names = names, .hash = slots, .hash_mask = 7,
};

static void build_index(void)
{
	memset(slots, 0, sizeof(slots));
	for (size_t i = 0; i < ARRAY_SIZE(by_name); i++) {
		const char *name = names + name_off[by_name[i]] + 1;
		u32 h = kallsyms_name_hash(name, strlen(name));

		if (i && !strcmp(name, names + name_off[by_name[i - 1]] + 1))
			continue; /* the lower "dup" only */
		while (slots[h & 7])
			h++;
		slots[h & 7] = (u16)(by_name[i] + 1);
	}
}

static const struct {
	unsigned long off; /* from the base */
	const char *name;  /* NULL: not covered */
	unsigned long sym_off, size;
} lookups[] = {
	{ 0x0, "start", 0x0, 0x40 },   { 0x3f, "start", 0x3f, 0x40 },
	{ 0x40, "dup", 0x0, 0x10 },    { 0x4f, "dup", 0xf, 0x10 },
	{ 0x50, NULL, 0, 0 },	       { 0x5f, NULL, 0, 0 },
	{ 0x60, "main", 0x0, 0x20 },   { 0x7f, "main", 0x1f, 0x20 },
	{ 0x80, "dup", 0x0, 0x8 },     { 0x87, "dup", 0x7, 0x8 },
	{ 0x88, NULL, 0, 0 },	       { 0x100, "data_obj", 0x0, 0x4 },
	{ 0x104, NULL, 0, 0 },	       { 0x1ff, NULL, 0, 0 },
	{ 0x200, NULL, 0, 0 },	       { 0x10000, NULL, 0, 0 },
};

static void check_lookups(unsigned long base)
{
	for (size_t i = 0; i < sizeof(lookups) / sizeof(lookups[0]); i++) {
		const char *name = NULL;
		unsigned long off = 99, size = 99;
		bool found = kallsyms_lookup(base + lookups[i].off, &name, &off, &size);

		if (!lookups[i].name) {
			if (found)
				fail_msg("%#lx: found %s+%#lx", lookups[i].off, name, off);
			continue;
		}
		if (!found)
			fail_msg("%#lx: not found", lookups[i].off);
		assert_string_equal(name, lookups[i].name);
		assert_int_equal(off, lookups[i].sym_off);
		assert_int_equal(size, lookups[i].size);
		/* every out-pointer is optional */
		assert_true(kallsyms_lookup(base + lookups[i].off, NULL, NULL, NULL));
	}
}

static void test_lookup(void **state)
{
	(void)state;
	kallsyms_init(&table, 0);
	check_lookups(0);
	kallsyms_init(&table, 0xc0008000ul);
	check_lookups(0xc0008000ul);
	/* below the base there is nothing */
	assert_false(kallsyms_lookup(0xc0007fffu, NULL, NULL, NULL));
	assert_false(kallsyms_lookup(0, NULL, NULL, NULL));
}

static void test_lookup_name(void **state)
{
	(void)state;
	unsigned long size;

	build_index();
	kallsyms_init(&table, 0x1000);
	assert_int_equal(kallsyms_lookup_name("start"), 0x1000);
	assert_int_equal(kallsyms_lookup_name("main"), 0x1060);
	assert_int_equal(kallsyms_lookup_name("alias"), 0x1060);
	assert_int_equal(kallsyms_lookup_name("data_obj"), 0x1100);
	assert_int_equal(kallsyms_lookup_name("end"), 0x1200);
	/* duplicate local names: the lowest address */
	assert_int_equal(kallsyms_lookup_name("dup"), 0x1040);
	assert_int_equal(kallsyms_lookup_name(""), 0);
	assert_int_equal(kallsyms_lookup_name("mai"), 0);
	assert_int_equal(kallsyms_lookup_name("mainx"), 0);
	assert_int_equal(kallsyms_lookup_name("zzz"), 0);
	assert_int_equal(kallsyms_lookup_name("aaa"), 0);
	/* sizes as kallsyms_lookup() reports them at the address */
	assert_int_equal(kallsyms_lookup_name_size("alias", 5, &size), 0x1060);
	assert_int_equal(size, 0x20);
	assert_int_equal(kallsyms_lookup_name_size("start", 5, &size), 0x1000);
	assert_int_equal(size, 0x40);
	assert_int_equal(kallsyms_lookup_name_size("dup", 3, &size), 0x1040);
	assert_int_equal(size, 0x10);
	assert_int_equal(kallsyms_lookup_name_size("end", 3, &size), 0x1200);
	assert_int_equal(size, 0);
	/* not NUL-terminated: only @len bytes count */
	assert_int_equal(kallsyms_lookup_name_size("mainly", 4, &size), 0x1060);
	assert_int_equal(size, 0x20);
	assert_int_equal(kallsyms_lookup_name_size("nope", 4, &size), 0);
	assert_int_equal(size, 0);
}

static void test_snprint(void **state)
{
	(void)state;
	char buf[64];

	kallsyms_init(&table, 0x1000);
	assert_int_equal(kallsyms_snprint_symbol(buf, sizeof(buf), 0x1065, true), 13);
	assert_string_equal(buf, "main+0x5/0x20");
	assert_int_equal(kallsyms_snprint_symbol(buf, sizeof(buf), 0x1065, false), 8);
	assert_string_equal(buf, "main+0x5");
	kallsyms_snprint_symbol(buf, sizeof(buf), 0x1050, true);
	assert_string_equal(buf, "0x1050");
	/* truncated: returns what was stored, like kscnprintf */
	assert_int_equal(kallsyms_snprint_symbol(buf, 6, 0x1065, true), 5);
	assert_string_equal(buf, "main+");
	assert_int_equal(kallsyms_snprint_symbol(buf, 0, 0x1065, true), 0);
}

static void test_iterate(void **state)
{
	(void)state;
	unsigned long addr;
	char type;
	const char *name;

	kallsyms_init(&table, 0x1000);
	assert_int_equal(kallsyms_count(), 7);
	for (unsigned int i = 0; i < 7; i++) {
		assert_true(kallsyms_entry(i, &addr, &type, &name));
		assert_int_equal(addr, 0x1000 + addrs[i]);
		assert_int_equal(type, names[name_off[i]]);
		assert_string_equal(name, names + name_off[i] + 1);
	}
	assert_false(kallsyms_entry(7, &addr, &type, &name));
}

/* Before kallsyms_init and with an empty table, nothing is found. */
static void test_empty(void **state)
{
	(void)state;
	static const u32 zero[] = { 0 };
	static const u16 no_names[] = { 0 };
	static const struct kallsyms_table empty = {
		.num = 0, .addrs = zero, .sizes = zero, .name_off = zero,
		.names = "", .hash = no_names, .hash_mask = 0,
	};
	char buf[16];

	for (int i = 0; i < 2; i++) {
		kallsyms_init(i ? &empty : NULL, 0);
		assert_false(kallsyms_lookup(0, NULL, NULL, NULL));
		assert_int_equal(kallsyms_lookup_name("main"), 0);
		assert_int_equal(kallsyms_count(), 0);
		kallsyms_snprint_symbol(buf, sizeof(buf), 0x42, true);
		assert_string_equal(buf, "0x42");
	}
}

/* A function's first instruction: sized code symbols, weak ones ('W',
 * a weak function: bench_empty on i386) included; not data, not unsized
 * labels, not an address inside. */
static void test_function_start(void **state)
{
	(void)state;
	static const u32 a[] = { 0x0, 0x10, 0x20, 0x30 };
	static const u32 sz[] = { 0x10, 0x10, 0x10, 0 };
	static const char n[] = "Tf\0Wweak\0Dobj\0tlabel";
	static const u32 off[] = { 0, 3, 9, 14 };
	static const u16 no_hash[] = { 0 };
	static const struct kallsyms_table t = {
		.num = 4, .addrs = a, .sizes = sz, .name_off = off,
		.names = n, .hash = no_hash, .hash_mask = 0,
	};

	kallsyms_init(&t, 0x1000);
	assert_true(kallsyms_is_function_start(0x1000));
	assert_true(kallsyms_is_function_start(0x1010));
	assert_false(kallsyms_is_function_start(0x1004));
	assert_false(kallsyms_is_function_start(0x1020));
	assert_false(kallsyms_is_function_start(0x1030));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_lookup_name),
		cmocka_unit_test(test_snprint),
		cmocka_unit_test(test_iterate),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_function_start),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
