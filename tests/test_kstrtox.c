/*
 * String to number conversion (kernel/lib/kstrtox.c): bases, prefixes,
 * overflow and junk. Host longs are 64-bit; the limits below are written
 * for that, and the 64-bit parser is the same code on the 32-bit target.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <ek/errno.h>

#include "test.h"

int kstrtoull_prefix(const char *s, unsigned int base, unsigned long long *res,
		     const char **end);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtol(const char *s, unsigned int base, long *res);

_Static_assert(sizeof(long) == 8, "the limits below assume a 64-bit host");

#define OK 0

static const struct {
	const char *s;
	unsigned int base;
	int ret;
	unsigned long long val;
	int consumed; /* kstrtoull_prefix: characters parsed */
} ull_cases[] = {
	{ "0", 0, OK, 0, 1 },
	{ "7", 0, OK, 7, 1 },
	{ "123", 10, OK, 123, 3 },
	{ "123", 0, OK, 123, 3 },
	{ "0x1f", 0, OK, 0x1f, 4 },
	{ "0X1F", 0, OK, 0x1f, 4 },
	{ "0x1f", 16, OK, 0x1f, 4 },
	{ "1f", 16, OK, 0x1f, 2 },
	{ "DeadBeef", 16, OK, 0xdeadbeef, 8 },
	{ "017", 0, OK, 017, 3 },
	{ "017", 8, OK, 017, 3 },
	{ "017", 10, OK, 17, 3 },
	{ "0x10", 10, OK, 0, 1 }, /* base 10: the 'x' ends the number */
	{ "19", 8, OK, 1, 1 },
	{ "08", 0, OK, 0, 1 },	   /* octal: '8' is not a digit */
	{ "0129", 0, OK, 012, 3 }, /* nor is '9' */
	{ "12abc", 10, OK, 12, 2 },
	{ "18446744073709551615", 10, OK, ULLONG_MAX, 20 },
	{ "18446744073709551616", 10, -ERANGE, 0, -1 },
	{ "99999999999999999999", 10, -ERANGE, 0, -1 },
	{ "0xffffffffffffffff", 0, OK, ULLONG_MAX, 18 },
	{ "0x10000000000000000", 0, -ERANGE, 0, -1 },
	{ "01777777777777777777777", 0, OK, ULLONG_MAX, 23 },
	{ "02000000000000000000000", 0, -ERANGE, 0, -1 },
	{ "", 0, -EINVAL, 0, 0 },
	{ "x", 0, -EINVAL, 0, 0 },
	{ "0x", 0, -EINVAL, 0, -1 },
	{ "0xg", 16, -EINVAL, 0, -1 },
	{ " 1", 10, -EINVAL, 0, 0 },
	{ "-1", 10, -EINVAL, 0, 0 },
	{ "a", 10, -EINVAL, 0, 0 },
};

static void test_ull(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ull_cases) / sizeof(ull_cases[0]); i++) {
		unsigned long long v = 0xabababab;
		const char *end = NULL;
		int ret = kstrtoull_prefix(ull_cases[i].s, ull_cases[i].base, &v, &end);

		if (ret != ull_cases[i].ret)
			fail_msg("\"%s\" base %u: ret %d, expected %d", ull_cases[i].s,
				 ull_cases[i].base, ret, ull_cases[i].ret);
		if (ret == 0 && v != ull_cases[i].val)
			fail_msg("\"%s\" base %u: %llu, expected %llu", ull_cases[i].s,
				 ull_cases[i].base, v, ull_cases[i].val);
		if (ret)
			assert_int_equal(v, 0xabababab); /* untouched on error */
		if (ull_cases[i].consumed >= 0)
			assert_int_equal(end - ull_cases[i].s, ull_cases[i].consumed);
		/* end is optional */
		assert_int_equal(kstrtoull_prefix(ull_cases[i].s, ull_cases[i].base, &v, NULL), ret);
	}
}

static const struct {
	const char *s;
	unsigned int base;
	int ret;
	unsigned long val;
} ul_cases[] = {
	{ "42", 0, OK, 42 },
	{ "42\n", 0, OK, 42 }, /* as written by echo */
	{ "42\n\n", 0, -EINVAL, 0 },
	{ "42\nx", 0, -EINVAL, 0 },
	{ "42 ", 0, -EINVAL, 0 },
	{ "42x", 0, -EINVAL, 0 },
	{ "0x8000abcd", 0, OK, 0x8000abcd },
	{ "8000abcd", 16, OK, 0x8000abcd },
	{ "0755", 0, OK, 0755 },
	{ "0755", 8, OK, 0755 },
	{ "08", 0, -EINVAL, 0 },
	{ "09", 8, -EINVAL, 0 },
	{ "0", 0, OK, 0 },
	{ "00", 0, OK, 0 },
	{ "0x0", 0, OK, 0 },
	{ "18446744073709551615", 0, OK, ULONG_MAX },
	{ "18446744073709551616", 0, -ERANGE, 0 },
	{ "", 0, -EINVAL, 0 },
	{ "\n", 0, -EINVAL, 0 },
	{ "-1", 0, -EINVAL, 0 },
};

static void test_ul(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ul_cases) / sizeof(ul_cases[0]); i++) {
		unsigned long v = 0;
		int ret = kstrtoul(ul_cases[i].s, ul_cases[i].base, &v);

		if (ret != ul_cases[i].ret || (ret == 0 && v != ul_cases[i].val))
			fail_msg("kstrtoul(\"%s\", %u) = %d, %lu; expected %d, %lu", ul_cases[i].s,
				 ul_cases[i].base, ret, v, ul_cases[i].ret, ul_cases[i].val);
	}
}

static const struct {
	const char *s;
	unsigned int base;
	int ret;
	long val;
} l_cases[] = {
	{ "0", 0, OK, 0 },
	{ "-0", 0, OK, 0 },
	{ "+5", 0, OK, 5 },
	{ "-5", 10, OK, -5 },
	{ "-0x10", 0, OK, -16 },
	{ "-010", 0, OK, -8 },
	{ "9223372036854775807", 0, OK, LONG_MAX },
	{ "9223372036854775808", 0, -ERANGE, 0 },
	{ "-9223372036854775808", 0, OK, LONG_MIN },
	{ "-9223372036854775809", 0, -ERANGE, 0 },
	{ "0x7fffffffffffffff", 0, OK, LONG_MAX },
	{ "-0x8000000000000000", 0, OK, LONG_MIN },
	{ "-0x8000000000000001", 0, -ERANGE, 0 },
	{ "18446744073709551615", 0, -ERANGE, 0 },
	{ "-18446744073709551616", 0, -ERANGE, 0 },
	{ "--5", 0, -EINVAL, 0 },
	{ "+-5", 0, -EINVAL, 0 },
	{ "-", 0, -EINVAL, 0 },
	{ "+", 0, -EINVAL, 0 },
	{ "- 5", 0, -EINVAL, 0 },
	{ "-5x", 0, -EINVAL, 0 },
	{ "-5\n", 0, OK, -5 },
};

static void test_l(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(l_cases) / sizeof(l_cases[0]); i++) {
		long v = 0;
		int ret = kstrtol(l_cases[i].s, l_cases[i].base, &v);

		if (ret != l_cases[i].ret || (ret == 0 && v != l_cases[i].val))
			fail_msg("kstrtol(\"%s\", %u) = %d, %ld; expected %d, %ld", l_cases[i].s,
				 l_cases[i].base, ret, v, l_cases[i].ret, l_cases[i].val);
	}
}

/* Every value printed in every base parses back, with and without prefix. */
static void test_roundtrip(void **state)
{
	(void)state;
	unsigned long n = 0;

	for (unsigned long long v = 1; v; v = v * 3 + 1) {
		char buf[3][40];
		unsigned long long got;

		snprintf(buf[0], sizeof(buf[0]), "%llu", v);
		snprintf(buf[1], sizeof(buf[1]), "%#llx", v);
		snprintf(buf[2], sizeof(buf[2]), "%#llo", v);
		for (int i = 0; i < 3; i++) {
			assert_int_equal(kstrtoull_prefix(buf[i], 0, &got, NULL), 0);
			assert_int_equal(got, v);
		}
		assert_int_equal(kstrtoull_prefix(buf[1] + 2, 16, &got, NULL), 0);
		assert_int_equal(got, v);
		assert_int_equal(kstrtoull_prefix(buf[2], 8, &got, NULL), 0);
		assert_int_equal(got, v);
		n++;
		if (v > ULLONG_MAX / 3 - 1)
			break;
	}
	printf("kstrtox: %zu table cases, %lu round-trip values\n",
	       sizeof(ull_cases) / sizeof(ull_cases[0]) + sizeof(ul_cases) / sizeof(ul_cases[0]) +
		       sizeof(l_cases) / sizeof(l_cases[0]),
	       n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ull),
		cmocka_unit_test(test_ul),
		cmocka_unit_test(test_l),
		cmocka_unit_test(test_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
