/*
 * kvsnprintf (kernel/lib/vsprintf.c) against the host's vsnprintf: every
 * combination of flags, width, precision and length modifier, for each
 * conversion, over a set of edge values, and at several buffer sizes so
 * truncation and return values are compared too. Where the kernel differs
 * from C on purpose (%p, NULL %s, unknown conversions, %pS) the expected
 * text is written out.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ek/kallsyms.h>
#include <ek/printk.h>

#include "test.h"

static unsigned long compared;

/* Both printers on the same arguments, at full size and truncated. */
static void compare(const char *fmt, ...)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 7, 512 };
	va_list ap;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char want[512], got[512 + 8];
		size_t n = sizes[i];
		int r_want, r_got;

		memset(got, '#', sizeof(got));
		va_start(ap, fmt);
		r_want = vsnprintf(want, sizeof(want), fmt, ap);
		va_end(ap);
		if (n < sizeof(want) && (size_t)r_want >= n && n)
			want[n - 1] = '\0';
		va_start(ap, fmt);
		r_got = kvsnprintf(n ? got : NULL, n, fmt, ap);
		va_end(ap);
		if (r_got != r_want || (n && strcmp(got, want)))
			fail_msg("\"%s\" size %zu: got %d \"%s\", want %d \"%s\"", fmt, n, r_got,
				 n ? got : "", r_want, want);
		/* nothing written past the buffer */
		for (size_t k = n; k < sizeof(got); k++)
			if (got[k] != '#')
				fail_msg("\"%s\" size %zu: byte %zu written", fmt, n, k);
		compared++;
	}
}

enum len { L_HH, L_H, L_NONE, L_L, L_LL, L_Z, L_T, L_J, L_COUNT };
static const char *const len_str[L_COUNT] = { "hh", "h", "", "l", "ll", "z", "t", "j" };

static const long long svals[] = {
	0, 1, -1, 7, -7, 42, 127, 128, -128, -129, 255, 256, 32767, -32768, 65535, 65536,
	INT_MAX, INT_MIN, UINT_MAX, (long long)UINT_MAX + 1, 0x123456789abcdefLL,
	LLONG_MAX, LLONG_MIN,
};

/* Passes @v as the type the length modifier names, for each conversion. */
static void compare_int(const char *fmt, enum len len, bool is_signed, long long v, int star1,
			int star2, int nstars)
{
#define CALL(x)                                                     \
	do {                                                        \
		if (nstars == 0)                                    \
			compare(fmt, x);                            \
		else if (nstars == 1)                               \
			compare(fmt, star1, x);                     \
		else                                                \
			compare(fmt, star1, star2, x);              \
	} while (0)
	switch (len) {
	case L_HH:
	case L_H:
	case L_NONE:
		if (is_signed)
			CALL((int)v);
		else
			CALL((unsigned int)v);
		break;
	case L_L:
		if (is_signed)
			CALL((long)v);
		else
			CALL((unsigned long)v);
		break;
	case L_LL:
	case L_J:
		if (is_signed)
			CALL((long long)v);
		else
			CALL((unsigned long long)v);
		break;
	case L_Z:
	case L_T:
		if (is_signed)
			CALL((ptrdiff_t)v);
		else
			CALL((size_t)v);
		break;
	default:
		fail();
	}
#undef CALL
}

static const char *const widths[] = { "", "1", "6", "25", "*" };
static const char *const precs[] = { "", ".", ".0", ".1", ".5", ".22", ".*" };
static const int stars[] = { -12, -1, 0, 3, 17 };

static int count_stars(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '*';
	return n;
}

/* Integers: every flag subset x width x precision x length x conversion. */
static void test_integers(void **state)
{
	(void)state;
	static const char convs[] = "diuxXo";
	static const char flagchars[] = "-0+ #";

	for (const char *conv = convs; *conv; conv++) {
		bool is_signed = *conv == 'd' || *conv == 'i';

		for (int fl = 0; fl < 32; fl++) {
			char flags[8];
			int nf = 0;

			/* '#' is undefined for d, i and u in C */
			if ((fl & 16) && (is_signed || *conv == 'u'))
				continue;
			for (int b = 0; b < 5; b++)
				if (fl & (1 << b))
					flags[nf++] = flagchars[b];
			flags[nf] = '\0';
			for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++) {
				for (size_t p = 0; p < sizeof(precs) / sizeof(precs[0]); p++) {
					for (int l = 0; l < L_COUNT; l++) {
						char fmt[32];
						int ns;

						snprintf(fmt, sizeof(fmt), "<%%%s%s%s%s%c>", flags, widths[w],
							 precs[p], len_str[l], *conv);
						ns = count_stars(fmt);
						for (size_t v = 0; v < sizeof(svals) / sizeof(svals[0]); v++) {
							/* a few star values are enough per value */
							int s1 = stars[(v + (size_t)fl) % 5];
							int s2 = stars[(v * 3 + p) % 5];

							compare_int(fmt, (enum len)l, is_signed, svals[v], s1, s2,
								    ns);
						}
					}
				}
			}
		}
	}
}

static void test_chars_strings(void **state)
{
	(void)state;
	static const char *const strs[] = { "", "a", "hello", "a longer string, 29 bytes ..." };
	static const char *const sflags[] = { "", "-" };
	static const int chars[] = { 'a', 'Z', ' ', '%', 0x7f, 300 /* converted to char */ };

	for (size_t f = 0; f < 2; f++)
		for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++) {
			char fmt[32];

			snprintf(fmt, sizeof(fmt), "[%%%s%sc]", sflags[f], widths[w]);
			for (size_t c = 0; c < sizeof(chars) / sizeof(chars[0]); c++) {
				if (count_stars(fmt))
					compare(fmt, stars[c % 5], chars[c]);
				else
					compare(fmt, chars[c]);
			}
			for (size_t p = 0; p < sizeof(precs) / sizeof(precs[0]); p++) {
				snprintf(fmt, sizeof(fmt), "[%%%s%s%ss]", sflags[f], widths[w], precs[p]);
				for (size_t s = 0; s < sizeof(strs) / sizeof(strs[0]); s++) {
					int ns = count_stars(fmt);

					if (ns == 2)
						compare(fmt, stars[s], stars[(s + p) % 5], strs[s]);
					else if (ns == 1)
						compare(fmt, stars[(s + w + p) % 5], strs[s]);
					else
						compare(fmt, strs[s]);
				}
			}
		}
	/* the precision bounds the read: no terminator needed (not compared
	 * with the host, whose ASan interceptor reads up to the NUL) */
	char unterminated[3] = { 'a', 'b', 'c' }, out[16];

	assert_int_equal(ksnprintf(out, sizeof(out), "%.3s|%.2s|%.0s", unterminated,
				   unterminated, unterminated),
			 7);
	assert_string_equal(out, "abc|ab|");
	compare("%%");
	compare("100%% sure, %d%%", 5);
	compare("plain text, no conversions");
	compare("");
	compare("%s and %s, %d %c", "one", "two", 3, '4');
	compare("%5d|%-5d|%05d|%+d|% d|%x|%#X|%#o", 1, 2, 3, 4, 5, 0xab, 0xcd, 8);
}

/* ksnprintf and kscnprintf on the edges of the buffer. */
static void test_wrappers(void **state)
{
	(void)state;
	char buf[16];

	assert_int_equal(ksnprintf(NULL, 0, "%d", 12345), 5);
	assert_int_equal(ksnprintf(buf, 1, "%d", 12345), 5);
	assert_string_equal(buf, "");
	assert_int_equal(ksnprintf(buf, 4, "%d", 12345), 5);
	assert_string_equal(buf, "123");
	assert_int_equal(kscnprintf(NULL, 0, "%d", 12345), 0);
	assert_int_equal(kscnprintf(buf, 1, "%d", 12345), 0);
	assert_string_equal(buf, "");
	assert_int_equal(kscnprintf(buf, 4, "%d", 12345), 3);
	assert_string_equal(buf, "123");
	assert_int_equal(kscnprintf(buf, 6, "%d", 12345), 5);
	assert_int_equal(kscnprintf(buf, sizeof(buf), "%d", 12345), 5);
	assert_string_equal(buf, "12345");
}

#define EXPECT(want, ...)                                                              \
	do {                                                                           \
		char b_[256];                                                          \
		int r_ = ksnprintf(b_, sizeof(b_), __VA_ARGS__);                       \
		if (strcmp(b_, want) || r_ != (int)strlen(want))                       \
			fail_msg("%s: got %d \"%s\", want \"%s\"", #__VA_ARGS__, r_, b_, \
				 want);                                                \
	} while (0)

/* Where the kernel deliberately differs from the C library. */
static void test_kernel_formats(void **state)
{
	(void)state;
	const char *volatile null = NULL; /* hidden from -Wformat */
	char fmt[8];

	EXPECT("(null)", "%s", null);
	EXPECT("[(nu]", "[%.3s]", null);
	EXPECT("[  (null)]", "[%8s]", null);
	/* %p: 0x and every digit of a pointer, zero padded */
	EXPECT("0x0000000000001234", "%p", (void *)0x1234);
	EXPECT("0x0000000000000000", "%p", (void *)0);
	EXPECT("0xffffffffffffffff", "%p", (void *)~(uintptr_t)0);
	EXPECT("0x00ab", "%6p", (void *)0xab);
	/* unknown conversions are printed, a lone '%' at the end is dropped */
	strcpy(fmt, "%q");
	EXPECT("%q", fmt);
	strcpy(fmt, "a%");
	EXPECT("a", fmt);
	strcpy(fmt, "%5q|");
	EXPECT("%q|", fmt);
}

/*
 * %pS and %ps through a hand-made symbol table, loaded at a base address:
 * entries are link offsets, runtime addresses are base + offset.
 */
static const u32 tab_addrs[] = { 0x100, 0x100, 0x200, 0x300 };
static const u32 tab_sizes[] = { 0, 0x80, 0x40, 0 };
static const char tab_names[] = "Talias\0"
				"tfirst\0"
				"Tsecond\0"
				"tlast";
static const u32 tab_name_off[] = { 0, 7, 14, 22 };
static const u16 tab_no_names[] = { 0 }; /* %pS looks up addresses only */
static const struct kallsyms_table tab = {
	.num = 4,
	.addrs = tab_addrs,
	.sizes = tab_sizes,
	.name_off = tab_name_off,
	.hash = tab_no_names,
	.names = tab_names,
};

#define BASE 0x80000000ul

static void test_symbols(void **state)
{
	(void)state;
	kallsyms_init(&tab, BASE);
	EXPECT("first+0x0/0x80", "%pS", (void *)(BASE + 0x100));
	EXPECT("first+0x7f/0x80", "%pS", (void *)(BASE + 0x17f));
	EXPECT("first+0x10", "%ps", (void *)(BASE + 0x110));
	EXPECT("second+0x3f/0x40", "%pS", (void *)(BASE + 0x23f));
	/* gaps and the unsized last symbol are not covered */
	EXPECT("0x80000180", "%pS", (void *)(BASE + 0x180));
	EXPECT("0x80000300", "%pS", (void *)(BASE + 0x300));
	EXPECT("0x800000ff", "%ps", (void *)(BASE + 0xff));
	EXPECT("0x7fffffff", "%pS", (void *)(BASE - 1));
	/* width and alignment apply to the whole text */
	EXPECT("[      first+0x4]", "[%15ps]", (void *)(BASE + 0x104));
	EXPECT("[first+0x4      ]", "[%-15ps]", (void *)(BASE + 0x104));
	EXPECT("at first+0x1/0x80, then 7", "at %pS, then %d", (void *)(BASE + 0x101), 7);

	char small[8];

	assert_int_equal(ksnprintf(small, sizeof(small), "%pS", (void *)(BASE + 0x101)), 14);
	assert_string_equal(small, "first+0");
	kallsyms_init(NULL, 0);
	EXPECT("0x80000101", "%pS", (void *)(BASE + 0x101));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),       cmocka_unit_test(test_chars_strings),
		cmocka_unit_test(test_wrappers),       cmocka_unit_test(test_kernel_formats),
		cmocka_unit_test(test_symbols),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	printf("vsprintf: %lu format/value/size comparisons with the host snprintf\n", compared);
	return failed ? 1 : 0;
}
