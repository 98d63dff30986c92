/*
 * kprobe_events definition parser: one line in, a struct probe_def out.
 *
 * Pure string work (no kernel services) so that host tests can feed it
 * every malformed line we can think of. Every error carries the byte
 * offset of the character at fault, because a message without a position
 * is useless on a 200-character command line.
 */
#include <ek/errno.h>
#include <ek/printk.h>
#include <ek/probe_event.h>
#include <ek/string.h>

/* The byte range of one whitespace-separated word of the line. */
struct token {
	const char *s;
	size_t len;
	int pos;
};

struct parser {
	const char *line;
	const struct probe_parse_opts *opts;
	struct probe_def *def;
	struct probe_error *err;
};

static const struct {
	const char *name;
	u8 type;
} type_table[] = {
	{ "u8", PTYPE_U8 },   { "u16", PTYPE_U16 }, { "u32", PTYPE_U32 },
	{ "u64", PTYPE_U64 }, { "s8", PTYPE_S8 },   { "s16", PTYPE_S16 },
	{ "s32", PTYPE_S32 }, { "s64", PTYPE_S64 }, { "x8", PTYPE_X8 },
	{ "x16", PTYPE_X16 }, { "x32", PTYPE_X32 }, { "x64", PTYPE_X64 },
	{ "string", PTYPE_STRING }, { "symbol", PTYPE_SYMBOL },
};

const char *probe_type_name(u8 type)
{
	for (size_t i = 0; i < ARRAY_SIZE(type_table); i++)
		if (type_table[i].type == type)
			return type_table[i].name;
	return "?";
}

static int fail(struct parser *ps, int err, int pos, const char *msg)
{
	if (ps->err) {
		ps->err->err = err;
		ps->err->pos = pos;
		strlcpy(ps->err->msg, msg, sizeof(ps->err->msg));
	}
	return err;
}

static int pos_of(const struct parser *ps, const char *p)
{
	return (int)(p - ps->line);
}

/* Character classes by table: one load per character in the scans of
 * every definition (a thousand of them at boot). */
enum { C_SPACE = 1, C_DIGIT = 2, C_ALPHA = 4, C_SYM = 8 /* in a kernel symbol */ };

static const u8 char_class[256] = {
	[' '] = C_SPACE, ['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\r'] = C_SPACE, ['.'] = C_SYM,
	['0'] = C_DIGIT | C_SYM, ['1'] = C_DIGIT | C_SYM, ['2'] = C_DIGIT | C_SYM,
	['3'] = C_DIGIT | C_SYM, ['4'] = C_DIGIT | C_SYM, ['5'] = C_DIGIT | C_SYM,
	['6'] = C_DIGIT | C_SYM, ['7'] = C_DIGIT | C_SYM, ['8'] = C_DIGIT | C_SYM,
	['9'] = C_DIGIT | C_SYM,
	['a'] = C_ALPHA | C_SYM, ['b'] = C_ALPHA | C_SYM, ['c'] = C_ALPHA | C_SYM,
	['d'] = C_ALPHA | C_SYM, ['e'] = C_ALPHA | C_SYM, ['f'] = C_ALPHA | C_SYM,
	['g'] = C_ALPHA | C_SYM, ['h'] = C_ALPHA | C_SYM, ['i'] = C_ALPHA | C_SYM,
	['j'] = C_ALPHA | C_SYM, ['k'] = C_ALPHA | C_SYM, ['l'] = C_ALPHA | C_SYM,
	['m'] = C_ALPHA | C_SYM, ['n'] = C_ALPHA | C_SYM, ['o'] = C_ALPHA | C_SYM,
	['p'] = C_ALPHA | C_SYM, ['q'] = C_ALPHA | C_SYM, ['r'] = C_ALPHA | C_SYM,
	['s'] = C_ALPHA | C_SYM, ['t'] = C_ALPHA | C_SYM, ['u'] = C_ALPHA | C_SYM,
	['v'] = C_ALPHA | C_SYM, ['w'] = C_ALPHA | C_SYM, ['x'] = C_ALPHA | C_SYM,
	['y'] = C_ALPHA | C_SYM, ['z'] = C_ALPHA | C_SYM, ['A'] = C_ALPHA | C_SYM,
	['B'] = C_ALPHA | C_SYM, ['C'] = C_ALPHA | C_SYM, ['D'] = C_ALPHA | C_SYM,
	['E'] = C_ALPHA | C_SYM, ['F'] = C_ALPHA | C_SYM, ['G'] = C_ALPHA | C_SYM,
	['H'] = C_ALPHA | C_SYM, ['I'] = C_ALPHA | C_SYM, ['J'] = C_ALPHA | C_SYM,
	['K'] = C_ALPHA | C_SYM, ['L'] = C_ALPHA | C_SYM, ['M'] = C_ALPHA | C_SYM,
	['N'] = C_ALPHA | C_SYM, ['O'] = C_ALPHA | C_SYM, ['P'] = C_ALPHA | C_SYM,
	['Q'] = C_ALPHA | C_SYM, ['R'] = C_ALPHA | C_SYM, ['S'] = C_ALPHA | C_SYM,
	['T'] = C_ALPHA | C_SYM, ['U'] = C_ALPHA | C_SYM, ['V'] = C_ALPHA | C_SYM,
	['W'] = C_ALPHA | C_SYM, ['X'] = C_ALPHA | C_SYM, ['Y'] = C_ALPHA | C_SYM,
	['Z'] = C_ALPHA | C_SYM, ['_'] = C_ALPHA | C_SYM,
};

static inline bool is_space(char c)
{
	return char_class[(u8)c] & C_SPACE;
}

static inline bool is_digit(char c)
{
	return char_class[(u8)c] & C_DIGIT;
}

static inline bool is_alpha(char c)
{
	return char_class[(u8)c] & C_ALPHA;
}

/* Next word at or after *p (bounded by @end); false when none is left. */
static inline bool next_token(const struct parser *ps, const char **p, const char *end,
		       struct token *t)
{
	const char *s = *p;

	while (s < end && is_space(*s))
		s++;
	if (s == end)
		return false;
	t->s = s;
	while (s < end && !is_space(*s))
		s++;
	t->len = (size_t)(s - t->s);
	t->pos = pos_of(ps, t->s);
	*p = s;
	return true;
}

/*
 * An unsigned number (0x hex, 0 octal, decimal) filling [s, end) exactly.
 * kstrtoull_prefix stops at the first non-digit, so a word boundary inside
 * the line is fine.
 */
static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : 99;
}

/* kstrtoul's base 0 (0x hex, 0 octal, else decimal), exactly @s..@end. In
 * the native word: the 64-bit library conversion cost more than the rest
 * of parsing "p SYM+0x10" (one division per digit). */
static int parse_number(const char *s, const char *end, unsigned long *val)
{
	unsigned int base = 10;
	unsigned long v = 0, lim, lim_digit;

	if (s == end || !is_digit(*s))
		return -EINVAL;
	if (*s == '0' && end - s > 1) {
		base = 8;
		s++;
		if ((*s | 0x20) == 'x') {
			base = 16;
			if (++s == end)
				return -EINVAL;
		}
	}
	/* Constant divisions: a run-time one is a library call. */
	lim = base == 16 ? (unsigned long)-1 / 16 : base == 8 ? (unsigned long)-1 / 8
							   : (unsigned long)-1 / 10;
	lim_digit = base == 16 ? (unsigned long)-1 % 16 : base == 8 ? (unsigned long)-1 % 8
								 : (unsigned long)-1 % 10;
	for (; s < end; s++) {
		unsigned int d = (unsigned int)digit_value(*s);

		if (d >= base)
			return -EINVAL;
		if (v > lim || (v == lim && d > lim_digit))
			return -ERANGE;
		v = v * base + d;
	}
	*val = v;
	return 0;
}

/* A signed offset: '+' or '-' then a number. */
static int parse_offset(const char *s, const char *end, long *val)
{
	unsigned long v;

	if (s == end || (*s != '+' && *s != '-'))
		return -EINVAL;
	if (parse_number(s + 1, end, &v) || v > (unsigned long)0x7fffffff)
		return -EINVAL;
	*val = *s == '-' ? -(long)v : (long)v;
	return 0;
}

/* C identifier: what Linux accepts for group, event and argument names.
 * Returns the first bad character or NULL. */
static const char *bad_name_char(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!(is_alpha(s[i]) || (i > 0 && is_digit(s[i]))))
			return s + i;
	return NULL;
}

static int copy_name(struct parser *ps, char *dst, size_t size, const char *s, size_t len,
		     const char *what_empty, const char *what_long, const char *what_bad)
{
	const char *bad;

	if (!len)
		return fail(ps, -EINVAL, pos_of(ps, s), what_empty);
	if (len >= size)
		return fail(ps, -E2BIG, pos_of(ps, s), what_long);
	bad = bad_name_char(s, len);
	if (bad)
		return fail(ps, -EINVAL, pos_of(ps, bad), what_bad);
	memcpy(dst, s, len);
	dst[len] = '\0';
	return 0;
}

/* Kernel symbols: identifier characters plus '.' (foo.constprop.0). */
static const char *bad_symbol_char(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!(is_alpha(s[i]) || s[i] == '.' || (i > 0 && is_digit(s[i]))))
			return s + i;
	return NULL;
}

/* "p", "r", "r16", "-", each optionally followed by ":[GRP/]EVENT". */
static int parse_command(struct parser *ps, const struct token *t)
{
	struct probe_def *def = ps->def;
	const char *p = t->s, *end = t->s + t->len, *colon, *slash;
	int ret;

	switch (*p) {
	case 'p':
		def->kind = PROBE_ENTRY;
		break;
	case 'r':
		def->kind = PROBE_RETURN;
		break;
	case '-':
		def->kind = PROBE_DELETE;
		break;
	default:
		return fail(ps, -EINVAL, t->pos, "unknown probe type (expected p, r or -)");
	}
	p++;
	colon = memchr(p, ':', (size_t)(end - p));
	if (!colon)
		colon = end;
	if (p < colon) {
		unsigned long n;

		if (!is_digit(*p))
			return fail(ps, -EINVAL, pos_of(ps, p), "unknown probe type (expected p, r or -)");
		if (def->kind != PROBE_RETURN)
			return fail(ps, -EINVAL, pos_of(ps, p), "maxactive is only for return probes");
		if (parse_number(p, colon, &n))
			return fail(ps, -EINVAL, pos_of(ps, p), "bad maxactive number");
		if (n == 0 || n > PROBE_MAX_MAXACTIVE)
			return fail(ps, -E2BIG, pos_of(ps, p), "maxactive out of range (1..4096)");
		def->maxactive = (int)n;
	}
	if (colon == end) {
		if (def->kind == PROBE_DELETE)
			return fail(ps, -EINVAL, pos_of(ps, end), "delete needs ':[GROUP/]EVENT'");
		return 0;
	}
	p = colon + 1;
	slash = memchr(p, '/', (size_t)(end - p));
	if (slash) {
		ret = copy_name(ps, def->group, sizeof(def->group), p, (size_t)(slash - p),
				"group name is empty", "group name is too long (max 31)",
				"bad character in group name");
		if (ret)
			return ret;
		def->has_group = true;
		p = slash + 1;
	}
	def->event_pos = (u16)pos_of(ps, p);
	ret = copy_name(ps, def->event, sizeof(def->event), p, (size_t)(end - p),
			"event name is empty", "event name is too long (max 63)",
			"bad character in event name");
	if (ret)
		return ret;
	def->has_event = true;
	return 0;
}

/* End of the word starting at @s. */
static const char *word_end(const char *s, const char *end)
{
	while (s < end && !is_space(*s))
		s++;
	return s;
}

/*
 * Copy the symbol characters at @src (at most @max) to @dst; returns how
 * many. Each is stored before it is classified (a non-symbol one is then
 * overwritten by the caller's NUL), so the loop loads it once. Not inlined:
 * inside probe_parse() the compiler loaded every character twice.
 */
static __attribute__((noinline)) size_t copy_symbol_chars(char *dst, const char *src, size_t max)
{
	size_t i = 0;

	/* Four at a time while four remain: symbols are long. */
	for (; i + 4 <= max; i += 4) {
		u8 a = (u8)src[i], b = (u8)src[i + 1], c = (u8)src[i + 2], d = (u8)src[i + 3];

		dst[i] = (char)a;
		dst[i + 1] = (char)b;
		dst[i + 2] = (char)c;
		dst[i + 3] = (char)d;
		if (!(char_class[a] & char_class[b] & char_class[c] & char_class[d] & C_SYM))
			break;
	}
	for (; i < max; i++) {
		u8 ch = (u8)src[i];

		dst[i] = (char)ch;
		if (!(char_class[ch] & C_SYM))
			break;
	}
	return i;
}

/*
 * SYM[+OFFS] or ADDR: the word at t->s, whose end (t->len) is found here.
 * A symbol's characters are copied as they are scanned, so a plain "SYM"
 * is read once (a thousand of them at boot); only a '+' or a bad
 * character sends the scan on to the end of the word. A bad character is
 * reported only after the length checks, as it always was, so the '+'
 * after it is still looked for.
 */
static int parse_point(struct parser *ps, struct token *t, const char *end)
{
	struct probe_def *def = ps->def;
	const char *c = t->s, *tend, *plus = NULL, *bad = NULL;
	const char *copy_end = t->s + MIN((size_t)(end - t->s), sizeof(def->symbol) - 1);
	char *dst = def->symbol;
	size_t n;

	def->point_pos = (u16)t->pos;
	if (is_digit(*c)) {
		tend = word_end(c, end);
		t->len = (size_t)(tend - t->s);
		if (parse_number(t->s, tend, &def->addr))
			return fail(ps, -EINVAL, t->pos, "bad probe address");
		return 0;
	}
	/* It does not start with a digit: that was an address. */
	c += copy_symbol_chars(dst, c, (size_t)(copy_end - c));
	tend = c;
	if (c < end && !is_space(*c)) {
		while (c < end && (char_class[(u8)*c] & C_SYM))
			c++; /* too long to copy: only find its end */
		tend = word_end(c, end);
		bad = c < tend && *c != '+' ? c : NULL;
		plus = memchr(c, '+', (size_t)(tend - c));
	}
	t->len = (size_t)(tend - t->s);
	n = (size_t)((plus ? plus : tend) - t->s);
	if (!n)
		return fail(ps, -EINVAL, t->pos, "missing symbol name");
	if (n >= sizeof(def->symbol))
		return fail(ps, -E2BIG, t->pos, "symbol name is too long");
	if (bad)
		return fail(ps, -EINVAL, pos_of(ps, bad), "bad character in symbol name");
	def->symbol[n] = '\0';
	def->has_symbol = true;
	def->symbol_len = (u16)n;
	if (plus && parse_number(plus + 1, tend, &def->offset))
		return fail(ps, -EINVAL, pos_of(ps, plus + 1), "bad probe offset");
	if (def->kind == PROBE_RETURN && def->offset)
		return fail(ps, -EINVAL, pos_of(ps, plus), "a return probe must be on a function entry");
	return 0;
}

static int parse_fetch(struct parser *ps, struct probe_arg *a, const char *s, const char *end);

/* +OFFS(FETCHARG) / -OFFS(FETCHARG): the inner reads come first. */
static int parse_deref(struct parser *ps, struct probe_arg *a, const char *s, const char *end)
{
	const char *open = memchr(s, '(', (size_t)(end - s));
	long off;
	int ret;

	if (!open)
		return fail(ps, -EINVAL, pos_of(ps, end), "missing '(' after dereference offset");
	if (parse_offset(s, open, &off))
		return fail(ps, -EINVAL, pos_of(ps, s), "bad dereference offset");
	if (end[-1] != ')')
		return fail(ps, -EINVAL, pos_of(ps, end), "missing ')' after dereference");
	ret = parse_fetch(ps, a, open + 1, end - 1);
	if (ret)
		return ret;
	if (a->nderef >= PROBE_MAX_DEREF)
		return fail(ps, -E2BIG, pos_of(ps, s), "dereference nesting is too deep (max 4)");
	a->deref[a->nderef++] = off;
	return 0;
}

/* @ADDR or @SYM[+|-OFFS]: the memory at that address. */
static int parse_memory(struct parser *ps, struct probe_arg *a, const char *s, const char *end)
{
	const char *name = s + 1, *sign, *bad;
	unsigned long addr;

	if (name == end)
		return fail(ps, -EINVAL, pos_of(ps, name), "missing symbol or address after '@'");
	if (is_digit(*name)) {
		if (parse_number(name, end, &addr))
			return fail(ps, -EINVAL, pos_of(ps, name), "bad address after '@'");
		a->base = FETCH_IMM;
		a->value = (long)addr;
	} else {
		for (sign = name; sign < end && *sign != '+' && *sign != '-'; sign++)
			;
		bad = bad_symbol_char(name, (size_t)(sign - name));
		if (bad)
			return fail(ps, -EINVAL, pos_of(ps, bad), "bad character in symbol name");
		if (sign < end && parse_offset(sign, end, &a->value))
			return fail(ps, -EINVAL, pos_of(ps, sign), "bad symbol offset");
		a->base = FETCH_SYMBOL;
		a->sym_pos = (u8)(name - (ps->line + a->pos));
		a->sym_len = (u8)(sign - name);
	}
	a->deref[a->nderef++] = 0;
	return 0;
}

/* $retval, $stack, $stackN, $argN */
static int parse_var(struct parser *ps, struct probe_arg *a, const char *s, const char *end)
{
	const struct probe_def *def = ps->def;
	const char *v = s + 1;
	size_t n = (size_t)(end - v);
	unsigned long num;

	if (n == 6 && !memcmp(v, "retval", 6)) {
		if (def->kind != PROBE_RETURN)
			return fail(ps, -EINVAL, pos_of(ps, s), "$retval is only for return probes");
		a->base = FETCH_RETVAL;
		return 0;
	}
	if (n == 5 && !memcmp(v, "stack", 5)) {
		a->base = FETCH_STACKP;
		return 0;
	}
	if (n > 5 && !memcmp(v, "stack", 5)) {
		if (parse_number(v + 5, end, &num) || num > PROBE_MAX_STACK)
			return fail(ps, -EINVAL, pos_of(ps, v + 5), "bad stack entry number (0..1024)");
		a->base = FETCH_STACK;
		a->index = (u32)num;
		return 0;
	}
	if (n > 3 && !memcmp(v, "arg", 3)) {
		if (parse_number(v + 3, end, &num) || num < 1 || num > PROBE_MAX_FUNC_ARG)
			return fail(ps, -EINVAL, pos_of(ps, v + 3), "bad argument number ($arg1..$arg16)");
		/* Arguments live in registers only at the function's first
		 * instruction; at a return they are long gone. */
		if (def->kind == PROBE_RETURN || def->offset)
			return fail(ps, -EINVAL, pos_of(ps, s), "$argN is only available at function entry");
		a->base = FETCH_ARG;
		a->index = (u32)(num - 1);
		return 0;
	}
	return fail(ps, -EINVAL, pos_of(ps, s), "unknown variable");
}

static int parse_fetch(struct parser *ps, struct probe_arg *a, const char *s, const char *end)
{
	unsigned long imm;
	int idx;

	if (s == end)
		return fail(ps, -EINVAL, pos_of(ps, s), "missing fetch argument");
	switch (*s) {
	case '%':
		idx = ps->opts && ps->opts->reg_index ?
			ps->opts->reg_index(s + 1, (size_t)(end - s - 1)) : -EINVAL;
		if (idx < 0)
			return fail(ps, -EINVAL, pos_of(ps, s + 1), "unknown register");
		a->base = FETCH_REG;
		a->index = (u32)idx;
		return 0;
	case '$':
		return parse_var(ps, a, s, end);
	case '+':
	case '-':
		return parse_deref(ps, a, s, end);
	case '@':
		return parse_memory(ps, a, s, end);
	case '\\':
		a->base = FETCH_IMM;
		if (s + 1 < end && s[1] == '-') {
			if (parse_number(s + 2, end, &imm))
				return fail(ps, -EINVAL, pos_of(ps, s + 1), "bad immediate value");
			a->value = -(long)imm;
		} else {
			if (s + 1 < end && s[1] == '"')
				return fail(ps, -EOPNOTSUPP, pos_of(ps, s + 1), "string immediates are not supported");
			if (parse_number(s + 1, end, &imm))
				return fail(ps, -EINVAL, pos_of(ps, s + 1), "bad immediate value");
			a->value = (long)imm;
		}
		return 0;
	default:
		return fail(ps, -EINVAL, pos_of(ps, s), "bad fetch argument");
	}
}

static int parse_type(struct parser *ps, struct probe_arg *a, const char *s, const char *end)
{
	size_t n = (size_t)(end - s);

	if (!n)
		return fail(ps, -EINVAL, pos_of(ps, s), "missing type after ':'");
	for (size_t i = 0; i < ARRAY_SIZE(type_table); i++) {
		if (strlen(type_table[i].name) == n && !memcmp(type_table[i].name, s, n)) {
			a->type = type_table[i].type;
			/* A string is read from memory: the last dereference
			 * gives its address rather than a word. */
			if (a->type == PTYPE_STRING && !a->nderef)
				return fail(ps, -EINVAL, pos_of(ps, s),
					    "string type needs a memory dereference");
			return 0;
		}
	}
	return fail(ps, -EINVAL, pos_of(ps, s), "bad fetch argument type");
}

static int parse_arg(struct parser *ps, const struct token *t, int i)
{
	struct probe_def *def = ps->def;
	struct probe_arg *a = &def->args[i];
	const char *s = t->s, *end = t->s + t->len, *eq, *colon;
	int ret;

	eq = memchr(s, '=', t->len);
	if (eq) {
		ret = copy_name(ps, a->name, sizeof(a->name), s, (size_t)(eq - s),
				"argument name is empty", "argument name is too long (max 31)",
				"bad character in argument name");
		if (ret)
			return ret;
		s = eq + 1;
	} else {
		ksnprintf(a->name, sizeof(a->name), "arg%d", i + 1);
	}
	for (int j = 0; j < i; j++)
		if (!strcmp(def->args[j].name, a->name))
			return fail(ps, -EEXIST, t->pos, "argument name is already used");
	if ((size_t)(end - s) >= sizeof(a->text))
		return fail(ps, -E2BIG, pos_of(ps, s), "fetch argument is too long (max 63)");
	memcpy(a->text, s, (size_t)(end - s));
	a->text[end - s] = '\0';
	a->pos = (u16)pos_of(ps, s);
	colon = memchr(s, ':', (size_t)(end - s));
	ret = parse_fetch(ps, a, s, colon ? colon : end);
	if (ret)
		return ret;
	a->type = PTYPE_DEFAULT;
	return colon ? parse_type(ps, a, colon + 1, end) : 0;
}

typedef u32 __attribute__((may_alias)) word32;
typedef u16 __attribute__((may_alias)) half16;
_Static_assert(__builtin_offsetof(struct probe_def, symbol) % 4 == 0 &&
		       __builtin_offsetof(struct probe_def, event) % 2 == 0,
	       "default names are copied a halfword at a time");

/* @n bytes of @sym (word aligned) to @dst (halfword aligned), '.' as '_':
 * four characters a step while a word holds no '.', since every early
 * probe's default name repeats its symbol. */
static void copy_symbol_name(char *dst, const char *sym, size_t n)
{
	size_t i = 0;

	for (; i + 4 <= n; i += 4) {
		u32 w = *(const word32 *)(sym + i) ^ 0x2e2e2e2eu; /* '.' bytes become 0 */

		if ((w - 0x01010101u) & ~w & 0x80808080u)
			break;
		*(half16 *)(dst + i) = *(const half16 *)(sym + i);
		*(half16 *)(dst + i + 2) = *(const half16 *)(sym + i + 2);
	}
	for (; i < n; i++)
		dst[i] = sym[i] == '.' ? '_' : sym[i];
}

/* Linux's default: p_<sym>_<offs>, p_0x<addr>; non-identifier characters
 * of the symbol (foo.isra.0) become '_'. */
static int default_event_name(struct parser *ps)
{
	struct probe_def *def = ps->def;
	char *out = def->event;
	char digits[24];
	unsigned long v = def->has_symbol ? def->offset : def->addr;
	size_t sym = def->has_symbol ? def->symbol_len : 0;
	int n = 0;

	/* By hand, not ksnprintf: this runs for every early probe, and the
	 * library formats numbers with 64-bit divisions. The symbol's
	 * characters were checked: only '.' needs replacing. Digits are
	 * made last first, the whole length checked before any copy. */
	if (def->has_symbol) {
		do
			digits[n++] = (char)('0' + v % 10);
		while ((v /= 10));
		digits[n++] = '_';
	} else {
		for (int i = 0; i < 8 || v; i++, v >>= 4)
			digits[n++] = "0123456789abcdef"[v & 15];
		digits[n++] = 'x';
		digits[n++] = '0';
	}
	if (2 + sym + (size_t)n > sizeof(def->event) - 1) {
		def->event[0] = '\0';
		return fail(ps, -E2BIG, def->point_pos,
			    "default event name is too long; name the event (p:EVENT ...)");
	}
	*out++ = def->kind == PROBE_RETURN ? 'r' : 'p';
	*out++ = '_';
	copy_symbol_name(out, def->symbol, sym);
	out += sym;
	while (n)
		*out++ = digits[--n];
	*out = '\0';
	return 0;
}

int probe_parse(const char *line, size_t len, const struct probe_parse_opts *opts,
		struct probe_def *def, struct probe_error *err)
{
	struct parser ps = { line, opts, def, err };
	const char *p = line, *end = line + (opts && opts->len_exact ? len : strnlen(line, len));
	const char *group = opts && opts->default_group ? opts->default_group : "kprobes";
	struct token t;
	int ret;

	/* Field by field, arguments one by one as they are parsed: clearing
	 * the whole struct (1.3 KB, strings included) was most of the cost of
	 * parsing a plain "p SYM". Strings only need their terminator. */
	def->kind = 0;
	def->has_event = def->has_group = def->has_symbol = false;
	def->maxactive = 0;
	def->point_pos = def->event_pos = def->symbol_len = 0;
	def->group[0] = def->event[0] = def->symbol[0] = '\0';
	def->offset = def->addr = 0;
	def->nargs = 0;
	if (err) {
		err->err = 0;
		err->pos = -1;
		err->msg[0] = '\0';
	}
	if (!next_token(&ps, &p, end, &t))
		return fail(&ps, -EINVAL, 0, "empty probe definition");
	ret = parse_command(&ps, &t);
	if (ret)
		return ret;
	if (!def->has_group) {
		size_t i = 0;

		/* Copied up to its NUL in one pass (it is short). */
		while (i < sizeof(def->group) && (def->group[i] = group[i]))
			i++;
		if (i == sizeof(def->group))
			return fail(&ps, -E2BIG, -1, "default group name is too long");
	}
	if (def->kind == PROBE_DELETE) {
		if (next_token(&ps, &p, end, &t))
			return fail(&ps, -EINVAL, t.pos, "unexpected text after the event to delete");
		return 0;
	}
	while (p < end && is_space(*p))
		p++;
	if (p == end)
		return fail(&ps, -EINVAL, pos_of(&ps, end), "missing probe point (SYMBOL[+OFFS] or ADDRESS)");
	t.s = p;
	t.pos = pos_of(&ps, p);
	ret = parse_point(&ps, &t, end);
	if (ret)
		return ret;
	p = t.s + t.len;
	while (next_token(&ps, &p, end, &t)) {
		if (def->nargs == PROBE_MAX_ARGS)
			return fail(&ps, -E2BIG, t.pos, "too many arguments (max 8)");
		memset(&def->args[def->nargs], 0, sizeof(def->args[0]));
		ret = parse_arg(&ps, &t, def->nargs);
		if (ret)
			return ret;
		def->nargs++;
	}
	return def->has_event ? 0 : default_event_name(&ps);
}
