/*
 * Command-line tokenizer: words separated by blanks, "key=value" or a bare
 * key, values optionally double-quoted. Shared by the kernel and host tests.
 */
#include <ek/cmdline.h>
#include <ek/string.h>

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}


static const char *scan_word(const char *p, struct cmdline_arg *a)
{
	bool quoted = false;

	a->key = p;
	/* a word may be quoted whole: "key=value with spaces" */
	if (*p == '"') {
		quoted = true;
		a->key = ++p;
	}
	while (*p && *p != '=' && (quoted ? *p != '"' : !blank(*p)))
		p++;
	a->klen = (size_t)(p - a->key);
	a->val = NULL;
	a->vlen = 0;
	if (*p == '=') {
		p++;
		if (!quoted && *p == '"') {
			quoted = true;
			p++;
		}
		a->val = p;
		while (*p && (quoted ? *p != '"' : !blank(*p)))
			p++;
		a->vlen = (size_t)(p - a->val);
	}
	if (quoted && *p == '"')
		p++;
	while (*p && !blank(*p)) /* junk after a closing quote belongs to the word */
		p++;
	return p;
}

static unsigned int count_before(const char *line, const char *stop, const char *key,
				 size_t klen)
{
	unsigned int n = 0;
	const char *p = line;

	while (*p && p < stop) {
		struct cmdline_arg a;

		while (blank(*p))
			p++;
		if (!*p || p >= stop)
			break;
		p = scan_word(p, &a);
		n += a.klen == klen && !strncmp(a.key, key, klen);
	}
	return n;
}

int cmdline_parse(const char *line, cmdline_fn fn, void *ctx)
{
	const char *p = line;

	while (*p) {
		struct cmdline_arg a;
		const char *start;
		int ret;

		while (blank(*p))
			p++;
		if (!*p)
			break;
		start = p;
		p = scan_word(p, &a);
		a.pos = (size_t)(start - line);
		a.index = count_before(line, start, a.key, a.klen) + 1;
		ret = fn(&a, ctx);
		if (ret)
			return ret;
	}
	return 0;
}

bool cmdline_key_is(const struct cmdline_arg *arg, const char *key)
{
	/* Most keys tried differ at once: no strlen() of each for that. */
	if (arg->klen && arg->key[0] != key[0])
		return false;
	return strlen(key) == arg->klen && !strncmp(arg->key, key, arg->klen);
}

struct find_ctx {
	const char *key;
	const char *val;
	size_t vlen;
};

static int find_one(const struct cmdline_arg *arg, void *ctx)
{
	struct find_ctx *f = ctx;

	if (arg->val && cmdline_key_is(arg, f->key)) {
		f->val = arg->val;
		f->vlen = arg->vlen;
	}
	return 0;
}

const char *cmdline_find(const char *line, const char *key, size_t *vlen)
{
	struct find_ctx f = { key, NULL, 0 };

	cmdline_parse(line, find_one, &f);
	if (vlen)
		*vlen = f.vlen;
	return f.val;
}
