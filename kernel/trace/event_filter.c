/*
 * Event filters (include/ek/event_filter.h): a recursive-descent parser
 * that compiles the expression into predicates and a postfix program, and
 * an evaluator over a recorded slot. Messages are Linux's.
 */
#include <ek/errno.h>
#include <ek/event_filter.h>
#include <ek/ftrace.h>
#include <ek/string.h>
#include <ek/trace.h>

enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_BAND, OP_GLOB };
/* Program words >= PROG_AND are operators; below, predicate indexes. */
enum { PROG_AND = 0xfd, PROG_OR = 0xfe, PROG_NOT = 0xff };

struct fparser {
	const char *s, *p, *end;
	struct event_filter *f;
	struct event_field fields[EVENT_FIELDS_MAX];
	int nfields;
	struct probe_error *err;
	int depth;
};

static int fail(struct fparser *ps, const char *at, const char *msg)
{
	return probe_error_set(ps->err, -EINVAL, (int)(at - ps->s), "%s", msg);
}

static void skip_blanks(struct fparser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t'))
		ps->p++;
}

static bool accept(struct fparser *ps, const char *tok)
{
	size_t n = strlen(tok);

	skip_blanks(ps);
	if ((size_t)(ps->end - ps->p) >= n && !memcmp(ps->p, tok, n)) {
		ps->p += n;
		return true;
	}
	return false;
}

static int emit(struct fparser *ps, u8 word)
{
	if (ps->f->nprog == sizeof(ps->f->prog))
		return fail(ps, ps->p, "Too many terms in predicate expression");
	ps->f->prog[ps->f->nprog++] = word;
	return 0;
}

static bool ident_char(char c, bool first)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (!first && c >= '0' && c <= '9');
}

static const struct { char tok[3]; u8 op; } ops[] = {
	{ "==", OP_EQ }, { "!=", OP_NE }, { "<=", OP_LE }, { ">=", OP_GE },
	{ "<", OP_LT }, { ">", OP_GT }, { "&", OP_BAND }, { "~", OP_GLOB },
};

/* The value after the operator: a quoted string, or a word. */
static int parse_value(struct fparser *ps, const char **v, size_t *n)
{
	const char *start;

	skip_blanks(ps);
	start = ps->p;
	if (ps->p < ps->end && (*ps->p == '"' || *ps->p == '\'')) {
		char q = *ps->p++;

		*v = ps->p;
		while (ps->p < ps->end && *ps->p != q)
			ps->p++;
		if (ps->p == ps->end)
			return fail(ps, start, "Missing matching quote");
		*n = (size_t)(ps->p++ - *v);
		return 0;
	}
	*v = ps->p;
	while (ps->p < ps->end && *ps->p != ' ' && *ps->p != '\t' && *ps->p != ')' &&
	       *ps->p != '&' && *ps->p != '|')
		ps->p++;
	*n = (size_t)(ps->p - *v);
	if (!*n)
		return fail(ps, start, "Invalid value (did you forget quotes)?");
	return 0;
}

static int parse_number(struct fparser *ps, const char *v, size_t n, u64 *val)
{
	char buf[24];
	bool neg = n && *v == '-';
	unsigned long long x;
	const char *end;

	if (n - neg == 0 || n >= sizeof(buf))
		return fail(ps, v, "Illegal integer value");
	memcpy(buf, v + neg, n - neg);
	buf[n - neg] = '\0';
	if (kstrtoull_prefix(buf, 0, &x, &end) || *end)
		return fail(ps, v, "Illegal integer value");
	*val = neg ? (u64)-(s64)x : x;
	return 0;
}

static int parse_pred(struct fparser *ps)
{
	struct filter_pred *pr;
	const struct event_field *fld;
	const char *name, *opat, *v;
	size_t nlen, vlen;
	int ret;
	u8 op = 0xff;

	skip_blanks(ps);
	name = ps->p;
	while (ps->p < ps->end && ident_char(*ps->p, ps->p == name))
		ps->p++;
	nlen = (size_t)(ps->p - name);
	if (!nlen)
		return fail(ps, name, ps->p == ps->end ? "Meaningless filter expression"
							 : "Field not found");
	fld = event_field_find(ps->fields, ps->nfields, name, nlen);
	if (!fld)
		return fail(ps, name, "Field not found");
	skip_blanks(ps);
	opat = ps->p;
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
		if (accept(ps, ops[i].tok)) {
			op = ops[i].op;
			break;
		}
	}
	/* "&&" is no "&" predicate */
	if (op == 0xff || (op == OP_BAND && ps->p < ps->end && *ps->p == '&'))
		return fail(ps, opat, "Invalid operator");
	if (fld->is_string ? (op != OP_EQ && op != OP_NE && op != OP_GLOB) : op == OP_GLOB)
		return fail(ps, opat, "Illegal operation for field type");
	ret = parse_value(ps, &v, &vlen);
	if (ret)
		return ret;
	if (ps->f->npreds == FILTER_PREDS_MAX)
		return fail(ps, name, "Too many terms in predicate expression");
	pr = &ps->f->preds[ps->f->npreds];
	pr->field = *fld;
	pr->op = op;
	if (fld->is_string) {
		if (vlen > FILTER_STR_MAX)
			return fail(ps, v, "Operand too long");
		memcpy(pr->str, v, vlen);
		pr->slen = (u8)vlen;
	} else {
		ret = parse_number(ps, v, vlen, &pr->val);
		if (ret)
			return ret;
	}
	return emit(ps, ps->f->npreds++);
}

static int parse_or(struct fparser *ps);

static int parse_unary(struct fparser *ps)
{
	const char *open;
	int ret;

	skip_blanks(ps);
	open = ps->p;
	/* '!' not followed by '=' (that would be a field named "!") */
	if (ps->p < ps->end && *ps->p == '!' && !(ps->p + 1 < ps->end && ps->p[1] == '=')) {
		ps->p++;
		ret = parse_unary(ps);
		return ret ? ret : emit(ps, PROG_NOT);
	}
	if (accept(ps, "(")) {
		if (++ps->depth > FILTER_PREDS_MAX)
			return fail(ps, open, "Too many '('");
		ret = parse_or(ps);
		if (ret)
			return ret;
		if (!accept(ps, ")"))
			return fail(ps, open, "Too many '('");
		ps->depth--;
		return 0;
	}
	return parse_pred(ps);
}

static int parse_and(struct fparser *ps)
{
	int ret = parse_unary(ps);

	while (!ret && accept(ps, "&&")) {
		ret = parse_unary(ps);
		if (!ret)
			ret = emit(ps, PROG_AND);
	}
	return ret;
}

static int parse_or(struct fparser *ps)
{
	int ret = parse_and(ps);

	while (!ret && accept(ps, "||")) {
		ret = parse_and(ps);
		if (!ret)
			ret = emit(ps, PROG_OR);
	}
	return ret;
}

int event_filter_compile(const struct probe_def *def, const char *text, size_t len,
			 struct event_filter *f, struct probe_error *err)
{
	/* Big for a shell stack; assigned whole before use. */
	static struct fparser ps __section(".noinit");
	int ret;

	while (len && (text[len - 1] == '\n' || text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	memset(f, 0, sizeof(*f));
	if (len >= sizeof(f->text))
		return probe_error_set(err, -E2BIG, (int)sizeof(f->text) - 1, "Operand too long");
	memcpy(f->text, text, len);
	ps = (struct fparser){ .s = text, .p = text, .end = text + len, .f = f, .err = err };
	ps.nfields = event_fields(def, ps.fields);
	ret = parse_or(&ps);
	skip_blanks(&ps);
	if (!ret && ps.p != ps.end)
		ret = *ps.p == ')' ? fail(&ps, ps.p, "Too few '('")
				   : fail(&ps, ps.p, "Meaningless filter expression");
	return ret;
}

static bool pred_match(const struct filter_pred *pr, const struct probe_def *def,
		       const struct trace_slot *slot)
{
	const char *str = NULL;
	size_t len = 0;
	u64 v = 0;

	if (!event_field_value(def, slot, &pr->field, &v, &str, &len))
		return false; /* not recorded: matches nothing */
	if (pr->field.is_string) {
		char name[PROBE_STRING_MAX + 1];
		bool eq;

		len = MIN(len, sizeof(name) - 1);
		memcpy(name, str, len);
		name[len] = '\0';
		if (pr->op == OP_GLOB)
			return ftrace_glob_match(pr->str, pr->slen, name);
		eq = len == pr->slen && !memcmp(name, pr->str, len);
		return pr->op == OP_EQ ? eq : !eq;
	}
	if (pr->field.is_signed) {
		s64 a = (s64)v, b = (s64)pr->val;

		switch (pr->op) {
		case OP_LT: return a < b;
		case OP_LE: return a <= b;
		case OP_GT: return a > b;
		case OP_GE: return a >= b;
		default: break;
		}
	}
	switch (pr->op) {
	case OP_EQ: return v == pr->val;
	case OP_NE: return v != pr->val;
	case OP_LT: return v < pr->val;
	case OP_LE: return v <= pr->val;
	case OP_GT: return v > pr->val;
	case OP_GE: return v >= pr->val;
	default: return (v & pr->val) != 0;
	}
}

bool event_filter_match(const struct event_filter *f, const struct probe_def *def,
			const struct trace_slot *slot)
{
	bool stack[FILTER_PREDS_MAX];
	int sp = 0;

	for (int i = 0; i < f->nprog; i++) {
		u8 w = f->prog[i];

		if (w == PROG_NOT) {
			stack[sp - 1] = !stack[sp - 1];
		} else if (w == PROG_AND || w == PROG_OR) {
			bool b = stack[--sp];

			stack[sp - 1] = w == PROG_AND ? stack[sp - 1] && b : stack[sp - 1] || b;
		} else {
			stack[sp++] = pred_match(&f->preds[w], def, slot);
		}
	}
	return sp ? stack[0] : true;
}
