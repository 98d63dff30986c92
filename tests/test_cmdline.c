/*
 * Command-line tokenizer (kernel/lib/cmdline_parse.c). Each case is a line
 * and the exact list of words the callback must see: key, value (or none),
 * byte position and occurrence index.
 */
#include <stdio.h>
#include <string.h>

#include <ek/cmdline.h>

#include "test.h"

#define MAX_WORDS 8
#define NOVAL ((const char *)0) /* a bare key */

struct word {
	const char *key;
	const char *val;
	size_t pos;
	unsigned int index;
};

static const struct {
	const char *line;
	struct word words[MAX_WORDS];
} cases[] = {
	{ "", { { 0 } } },
	{ "   \t\n\r  ", { { 0 } } },
	{ "quiet", { { "quiet", NOVAL, 0, 1 } } },
	{ "a b  c", { { "a", NOVAL, 0, 1 }, { "b", NOVAL, 2, 1 }, { "c", NOVAL, 5, 1 } } },
	{ "  console=ttyAMA0 ",
	  { { "console", "ttyAMA0", 2, 1 } } },
	{ "a=1\tb=2\nc=3\r\nd",
	  { { "a", "1", 0, 1 }, { "b", "2", 4, 1 }, { "c", "3", 8, 1 }, { "d", NOVAL, 13, 1 } } },
	{ "empty= x", { { "empty", "", 0, 1 }, { "x", NOVAL, 7, 1 } } },
	{ "=v", { { "", "v", 0, 1 } } },
	{ "a=b=c", { { "a", "b=c", 0, 1 } } },
	{ "k=\"a b\" next", { { "k", "a b", 0, 1 }, { "next", NOVAL, 8, 1 } } },
	{ "k=\"\"", { { "k", "", 0, 1 } } },
	{ "\"k=a b\" x", { { "k", "a b", 0, 1 }, { "x", NOVAL, 8, 1 } } },
	{ "\"bare word\" y", { { "bare word", NOVAL, 0, 1 }, { "y", NOVAL, 12, 1 } } },
	/* an unterminated quote runs to the end of the line */
	{ "a k=\"open value", { { "a", NOVAL, 0, 1 }, { "k", "open value", 2, 1 } } },
	{ "\"k=open value", { { "k", "open value", 0, 1 } } },
	{ "\"open", { { "open", NOVAL, 0, 1 } } },
	/* text after a closing quote stays in the word */
	{ "k=\"v\"junk z", { { "k", "v", 0, 1 }, { "z", NOVAL, 10, 1 } } },
	/* a quote inside an unquoted value is just a character */
	{ "k=ab\"c d", { { "k", "ab\"c", 0, 1 }, { "d", NOVAL, 7, 1 } } },
	{ "x=1 y x=2 x \"x=3 4\"",
	  { { "x", "1", 0, 1 },
	    { "y", NOVAL, 4, 1 },
	    { "x", "2", 6, 2 },
	    { "x", NOVAL, 10, 3 },
	    { "x", "3 4", 12, 4 } } },
	/* index counts whole keys, not prefixes */
	{ "ab=1 a=2 abc a", { { "ab", "1", 0, 1 }, { "a", "2", 5, 1 }, { "abc", NOVAL, 9, 1 },
			     { "a", NOVAL, 13, 2 } } },
	{ "kprobe_event=p:grp/ev,gic_init,base=%r0:x32;r,timer_init,$retval",
	  { { "kprobe_event", "p:grp/ev,gic_init,base=%r0:x32;r,timer_init,$retval", 0, 1 } } },
};

struct seen {
	const char *line;
	struct cmdline_arg args[MAX_WORDS + 1];
	int n;
	int stop_at; /* return nonzero on this call (1-based), 0: never */
	int stop_ret;
};

static int collect(const struct cmdline_arg *arg, void *ctx)
{
	struct seen *s = ctx;

	assert_true(s->n <= MAX_WORDS);
	s->args[s->n++] = *arg;
	return s->n == s->stop_at ? s->stop_ret : 0;
}

static void expect_str(const char *got, size_t len, const char *want, const char *what)
{
	if (len != strlen(want) || memcmp(got, want, len))
		fail_msg("%s: got \"%.*s\", expected \"%s\"", what, (int)len, got, want);
}

static void test_table(void **state)
{
	(void)state;
	unsigned long checks = 0;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct seen s = { .line = cases[c].line };
		const char *line = cases[c].line;
		int nwant = 0;

		while (nwant < MAX_WORDS && cases[c].words[nwant].key)
			nwant++;
		assert_int_equal(cmdline_parse(line, collect, &s), 0);
		if (s.n != nwant)
			fail_msg("\"%s\": %d words, expected %d", line, s.n, nwant);
		for (int i = 0; i < nwant; i++) {
			const struct word *w = &cases[c].words[i];
			const struct cmdline_arg *a = &s.args[i];
			char what[160];

			snprintf(what, sizeof(what), "\"%s\" word %d", line, i);
			/* pointers into the line, not copies */
			assert_true(a->key >= line && a->key + a->klen <= line + strlen(line));
			expect_str(a->key, a->klen, w->key, what);
			if (w->val == NOVAL) {
				assert_null(a->val);
				assert_int_equal(a->vlen, 0);
			} else {
				assert_non_null(a->val);
				assert_true(a->val >= line && a->val + a->vlen <= line + strlen(line));
				expect_str(a->val, a->vlen, w->val, what);
			}
			if (a->pos != w->pos || a->index != w->index)
				fail_msg("%s: pos %zu index %u, expected %zu %u", what, a->pos, a->index,
					 w->pos, w->index);
			assert_true(cmdline_key_is(a, w->key));
			checks += 6;
		}
	}
	printf("cmdline: %zu lines, %lu checks\n", sizeof(cases) / sizeof(cases[0]), checks);
}

/* A nonzero callback result stops the walk and is returned as is. */
static void test_early_stop(void **state)
{
	(void)state;
	const int rets[] = { 1, -22, 7 };

	for (size_t r = 0; r < sizeof(rets) / sizeof(rets[0]); r++) {
		for (int stop = 1; stop <= 4; stop++) {
			struct seen s = { .stop_at = stop, .stop_ret = rets[r] };

			assert_int_equal(cmdline_parse("a b=1 \"c d\" e", collect, &s), rets[r]);
			assert_int_equal(s.n, stop);
		}
		struct seen s = { .stop_at = 5, .stop_ret = rets[r] };

		assert_int_equal(cmdline_parse("a b=1 \"c d\" e", collect, &s), 0);
		assert_int_equal(s.n, 4);
	}
}

static void expect_find(const char *line, const char *key, const char *want)
{
	size_t vlen = 12345;
	const char *v = cmdline_find(line, key, &vlen);

	if (!want) {
		if (v)
			fail_msg("find(\"%s\", %s): found \"%.*s\"", line, key, (int)vlen, v);
		assert_int_equal(vlen, 0);
		return;
	}
	if (!v)
		fail_msg("find(\"%s\", %s): not found", line, key);
	expect_str(v, vlen, want, line);
	assert_ptr_equal(cmdline_find(line, key, NULL), v);
}

static void test_find(void **state)
{
	(void)state;
	expect_find("", "a", NULL);
	expect_find("a=1", "a", "1");
	expect_find("a=1 b=2 a=3", "a", "3");
	expect_find("a=1 b=2 a=3 b", "b", "2"); /* a bare key has no value */
	expect_find("a=1 a", "a", "1");
	expect_find("a", "a", NULL);
	expect_find("a=", "a", "");
	expect_find("a=x a=", "a", "");
	expect_find("ab=1 abc=2", "a", NULL);
	expect_find("ab=1 abc=2", "abc", "2");
	expect_find("a=\"one two\" a=\"three four\"", "a", "three four");
	expect_find("\"a=x y\"\ta=\"z", "a", "z");
	expect_find("console=ttyAMA0 console=tty0", "console", "tty0");
}

static void test_key_is(void **state)
{
	(void)state;
	struct cmdline_arg a = { .key = "ekprobe=x", .klen = 7 };

	assert_true(cmdline_key_is(&a, "ekprobe"));
	assert_false(cmdline_key_is(&a, "ekprob"));
	assert_false(cmdline_key_is(&a, "ekprobes"));
	assert_false(cmdline_key_is(&a, "ekprobe="));
	a.klen = 0;
	assert_true(cmdline_key_is(&a, ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_early_stop),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_key_is),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
