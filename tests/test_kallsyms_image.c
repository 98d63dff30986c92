/*
 * The kallsyms table embedded in build/arm/vmlinux (build/arm/kallsyms2.c,
 * compiled for the host) against that image's own symbols from nm: every
 * function must be found by name and by address, first and last byte, and
 * print as name+off/size. This is what a probe given by name and a %pS in a
 * backtrace rely on.
 *
 * usage: test_kallsyms_image VMLINUX.nm   (nm -n -S --defined-only output)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ek/kallsyms.h>
#include <ek/printk.h>

#include "test.h"

struct nm_sym {
	unsigned long addr, size;
	char type;
	char name[KSYM_NAME_LEN];
};

static struct nm_sym *syms;
static size_t nsyms;
static const char *nm_path;

/* What the generator keeps: code and data, not mapping symbols or local
 * labels, and not the table's own arrays. */
static bool kept(const struct nm_sym *s)
{
	if (!strchr("tTdDrRbBwWvV", s->type))
		return false;
	if (s->name[0] == '$' || !strncmp(s->name, ".L", 2))
		return false;
	return !(strchr("tT", s->type) == NULL && !strncmp(s->name, "kallsyms_", 9));
}

static bool is_function(const struct nm_sym *s)
{
	return (s->type == 't' || s->type == 'T') && kept(s);
}

static int load_nm(void **state)
{
	(void)state;
	FILE *f = fopen(nm_path, "r");
	char line[512];
	size_t cap = 0;

	if (!f) {
		perror(nm_path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct nm_sym s = { 0 };
		char *tok[5];
		int n = 0;

		/* "addr size type name" or, without a size, "addr type name" */
		for (char *t = strtok(line, " \t\n"); t && n < 5; t = strtok(NULL, " \t\n"))
			tok[n++] = t;
		if (n != 3 && n != 4)
			continue;
		const char *type = tok[n - 2];

		s.addr = strtoul(tok[0], NULL, 16);
		s.size = n == 4 ? strtoul(tok[1], NULL, 16) : 0;
		snprintf(s.name, sizeof(s.name), "%s", tok[n - 1]);
		if (strlen(type) != 1)
			continue;
		s.type = type[0];
		if (!kept(&s))
			continue;
		if (nsyms == cap) {
			cap = cap ? 2 * cap : 1024;
			syms = realloc(syms, cap * sizeof(*syms));
			assert_non_null(syms);
		}
		syms[nsyms++] = s;
	}
	fclose(f);
	kallsyms_init(&kallsyms_generated, 0);
	return nsyms ? 0 : -1;
}

/* True if a symbol named @name sits at @addr. */
static bool has_name_at(unsigned long addr, const char *name)
{
	for (size_t i = 0; i < nsyms; i++)
		if (syms[i].addr == addr && !strcmp(syms[i].name, name))
			return true;
	return false;
}

/* Lowest address of the symbols named @name. */
static unsigned long lowest_named(const char *name, int *count)
{
	unsigned long lowest = ~0ul;

	*count = 0;
	for (size_t i = 0; i < nsyms; i++)
		if (!strcmp(syms[i].name, name)) {
			(*count)++;
			lowest = syms[i].addr < lowest ? syms[i].addr : lowest;
		}
	return lowest;
}

/* Another symbol starting strictly inside [addr, addr + size). */
static bool has_inner(unsigned long addr, unsigned long size)
{
	for (size_t i = 0; i < nsyms; i++)
		if (syms[i].addr > addr && syms[i].addr < addr + size)
			return true;
	return false;
}

static void test_table_matches_nm(void **state)
{
	(void)state;
	/* the same symbols, in the same address order */
	assert_int_equal(kallsyms_count(), nsyms);
	for (unsigned int i = 0; i < kallsyms_count(); i++) {
		unsigned long addr;
		char type;
		const char *name;

		assert_true(kallsyms_entry(i, &addr, &type, &name));
		assert_int_equal(addr, syms[i].addr);
		if (!has_name_at(addr, name))
			fail_msg("entry %u: %s at %#lx is not an nm symbol", i, name, addr);
	}
}

static void test_lookup_name(void **state)
{
	(void)state;
	unsigned long dups = 0;

	for (size_t i = 0; i < nsyms; i++) {
		int count;
		unsigned long want = lowest_named(syms[i].name, &count);
		unsigned long got = kallsyms_lookup_name(syms[i].name);

		if (got != want)
			fail_msg("lookup_name(%s) = %#lx, expected %#lx", syms[i].name, got, want);
		dups += count > 1;
	}
	assert_int_equal(kallsyms_lookup_name("no_such_symbol_anywhere"), 0);
	/* the generator aligns every name, for word compares */
	for (unsigned int i = 0; i < kallsyms_count(); i++) {
		unsigned long addr;
		char type;
		const char *name;

		kallsyms_entry(i, &addr, &type, &name);
		if ((uintptr_t)name & 3)
			fail_msg("entry %u (%s) is not word aligned", i, name);
	}
	printf("kallsyms_image: %zu symbols found by name (%lu share a name)\n", nsyms, dups);
}

static void test_functions(void **state)
{
	(void)state;
	unsigned long funcs = 0, ends = 0, skipped_ends = 0;

	for (size_t i = 0; i < nsyms; i++) {
		const struct nm_sym *s = &syms[i];
		const char *name;
		unsigned long off, size;
		char want[KSYM_NAME_LEN + 64], got[KSYM_NAME_LEN + 64];

		if (!is_function(s))
			continue;
		funcs++;
		if (!kallsyms_lookup(s->addr, &name, &off, &size))
			fail_msg("%s at %#lx: not found", s->name, s->addr);
		if (off != 0 || !has_name_at(s->addr, name))
			fail_msg("%s at %#lx: found as %s+%#lx", s->name, s->addr, name, off);
		if (!strcmp(name, s->name) && s->size)
			assert_int_equal(size, s->size);

		/* %pS and kallsyms_snprint_symbol agree and say name+0x0/size */
		snprintf(want, sizeof(want), "%s+0x0/0x%lx", name, size);
		kallsyms_snprint_symbol(got, sizeof(got), s->addr, true);
		assert_string_equal(got, want);
		ksnprintf(got, sizeof(got), "%pS", (void *)s->addr);
		assert_string_equal(got, want);
		snprintf(want, sizeof(want), "%s+0x0", name);
		ksnprintf(got, sizeof(got), "%ps", (void *)s->addr);
		assert_string_equal(got, want);

		/* the last byte belongs to the same function, unless another
		 * symbol starts inside it (assembly labels) */
		if (!s->size)
			continue;
		if (has_inner(s->addr, s->size)) {
			skipped_ends++;
			continue;
		}
		unsigned long last = s->addr + s->size - 1;

		if (!kallsyms_lookup(last, &name, &off, &size))
			fail_msg("%s: last byte %#lx not found", s->name, last);
		if (off != s->size - 1 || !has_name_at(s->addr, name))
			fail_msg("%s: last byte %#lx found as %s+%#lx", s->name, last, name, off);
		snprintf(want, sizeof(want), "%s+0x%lx/0x%lx", name, off, size);
		ksnprintf(got, sizeof(got), "%pS", (void *)last);
		assert_string_equal(got, want);
		ends++;
	}
	assert_true(funcs > 100);
	printf("kallsyms_image: %lu functions checked at their start, %lu at their last byte "
	       "(%lu contain another symbol)\n",
	       funcs, ends, skipped_ends);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_matches_nm),
		cmocka_unit_test(test_lookup_name),
		cmocka_unit_test(test_functions),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: %s VMLINUX.nm\n", argv[0]);
		return 2;
	}
	nm_path = argv[1];
	return cmocka_run_group_tests(tests, load_nm, NULL) ? 1 : 0;
}
