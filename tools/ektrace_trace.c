/*
 * Reading ftrace text lines back into field values. The event part is
 * read the way Linux's trace_kprobe and the function tracer print it:
 * "EVENT: (LOC) name=value ..." (entry), "EVENT: (LOC <- FUNC) ..." (return),
 * "FUNC <-PARENT" (function tracer); values as the fetch types print them
 * (decimal, 0x-hex, "string", sym+0xoff/0xsize, (fault)).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ektrace_trace.h"

/* Linux's TRACE_FLAG_* bits of common_flags. */
#define TF_IRQS_OFF 0x01
#define TF_IRQS_NOSUPPORT 0x02
#define TF_NEED_RESCHED 0x04
#define TF_HARDIRQ 0x08
#define TF_SOFTIRQ 0x10
#define TF_PREEMPT_RESCHED 0x20
#define TF_NMI 0x40
#define TF_BH_OFF 0x80

static int fail_col(struct ek_err *err, const char *logname, size_t lineno, const char *line,
		    const char *at, const char *what)
{
	return ek_fail(err, logname, lineno, "column %zu: %s", (size_t)(at - line) + 1, what);
}

/* One character of the flags column -> bits; -1 if it is not a flag. */
static int flag_bits(int pos, char c)
{
	static const struct { int pos; char c; int bits; } map[] = {
		{ 0, 'd', TF_IRQS_OFF }, { 0, 'D', TF_IRQS_OFF | TF_BH_OFF }, { 0, 'b', TF_BH_OFF },
		{ 0, 'X', TF_IRQS_NOSUPPORT },
		{ 1, 'N', TF_NEED_RESCHED | TF_PREEMPT_RESCHED }, { 1, 'n', TF_NEED_RESCHED },
		{ 1, 'p', TF_PREEMPT_RESCHED },
		{ 2, 'Z', TF_NMI | TF_HARDIRQ }, { 2, 'z', TF_NMI }, { 2, 'H', TF_HARDIRQ | TF_SOFTIRQ },
		{ 2, 'h', TF_HARDIRQ }, { 2, 's', TF_SOFTIRQ },
	};

	if (c == '.')
		return 0;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].pos == pos && map[i].c == c)
			return map[i].bits;
	return -1;
}

/* "d.h1." (or 4 characters, without migrate-disable). */
static int parse_flags(const char *s, size_t len, struct ek_record *r)
{
	int bits = 0;

	if (len != 4 && len != 5)
		return 0;
	for (int i = 0; i < 3; i++) {
		int b = flag_bits(i, s[i]);

		if (b < 0)
			return 0;
		bits |= b;
	}
	r->preempt = 0;
	for (size_t i = 3; i < len; i++) {
		unsigned v;

		if (s[i] == '.')
			continue;
		if (!isxdigit((unsigned char)s[i]))
			return 0;
		v = (unsigned)(isdigit((unsigned char)s[i]) ? s[i] - '0' :
							     tolower((unsigned char)s[i]) - 'a' + 10);
		r->preempt |= (uint8_t)(v << (4 * (i - 3)));
	}
	r->common_flags = (uint8_t)bits;
	memcpy(r->flags, s, len);
	r->flags[len] = '\0';
	return 1;
}

/* "SECONDS.FRACTION:" at @s; 1 with @ns set, else 0. */
static int parse_ts(const char *s, uint64_t *ns, const char **end)
{
	uint64_t secs = 0, frac = 0;
	int digits = 0;

	if (!isdigit((unsigned char)*s))
		return 0;
	while (isdigit((unsigned char)*s)) {
		if (secs > UINT64_MAX / 10 / 1000000000u)
			return 0;
		secs = secs * 10 + (uint64_t)(*s++ - '0');
	}
	if (*s++ != '.')
		return 0;
	while (isdigit((unsigned char)*s) && digits < 9) {
		frac = frac * 10 + (uint64_t)(*s++ - '0');
		digits++;
	}
	if (!digits || *s != ':')
		return 0;
	while (digits++ < 9)
		frac *= 10;
	*ns = secs * 1000000000u + frac;
	*end = s + 1;
	return 1;
}

int ek_trace_columns(const char *logname, size_t lineno, const char *line, struct ek_record *r,
		     const char **body, struct ek_err *err)
{
	const char *p = line, *open = NULL, *dash, *task, *q;
	unsigned long cpu;
	char *end;
	size_t len;

	/* the CPU column: the first "[digits]" */
	for (q = strchr(line, '['); q; q = strchr(q + 1, '['))
		if (isdigit((unsigned char)q[1]) && (cpu = strtoul(q + 1, &end, 10), *end == ']')) {
			open = q;
			break;
		}
	if (!open)
		return ek_fail(err, logname, lineno,
			       "not a trace line: expected 'TASK-PID [CPU] FLAGS TIMESTAMP: EVENT'");
	if (cpu > 4095)
		return fail_col(err, logname, lineno, line, open, "CPU number out of range");
	r->cpu = (unsigned)cpu;
	task = line + strspn(line, " ");
	for (q = open; q > task && q[-1] == ' '; q--)
		;
	for (dash = q; dash > task && dash[-1] != '-'; dash--)
		;
	if (dash <= task + 1 || dash == q || q - dash > 9)
		return fail_col(err, logname, lineno, line, task, "expected TASK-PID before the CPU");
	for (const char *d = dash; d < q; d++)
		if (!isdigit((unsigned char)*d))
			return fail_col(err, logname, lineno, line, dash, "PID is not a number");
	r->pid = atoi(dash);
	len = (size_t)(dash - 1 - task);
	if (len >= sizeof(r->task))
		return fail_col(err, logname, lineno, line, task, "task name too long");
	memcpy(r->task, task, len);
	r->task[len] = '\0';
	p = end + 1;
	p += strspn(p, " ");
	r->flags[0] = '\0';
	r->common_flags = r->preempt = 0;
	if (!parse_ts(p, &r->ts_ns, &q)) {
		len = strcspn(p, " ");
		if (!parse_flags(p, len, r))
			return fail_col(err, logname, lineno, line, p,
					"bad flags column (expected e.g. 'd.h1.')");
		p += len;
		p += strspn(p, " ");
		if (!parse_ts(p, &r->ts_ns, &q))
			return fail_col(err, logname, lineno, line, p,
					"expected the timestamp 'SECONDS.USECS:'");
	}
	if (*q != ' ' || !q[1])
		return fail_col(err, logname, lineno, line, q, "nothing after the timestamp");
	*body = q + 1;
	return 0;
}

size_t ek_trace_event_len(const char *body)
{
	size_t len = strcspn(body, ": ");

	return len && body[len] == ':' && body[len + 1] == ' ' ? len : 0;
}

static int hexnum(const char *s, size_t len, uint64_t *v)
{
	char *end;

	if (len < 3 || len > 18 || s[0] != '0' || s[1] != 'x' || !isxdigit((unsigned char)s[2]))
		return 0;
	*v = strtoull(s + 2, &end, 16);
	return end == s + len;
}

int ek_parse_loc(const char *s, size_t len, struct ek_loc *loc)
{
	size_t n;
	const char *p, *end = s + len;

	memset(loc, 0, sizeof(*loc));
	if (hexnum(s, len, &loc->addr))
		return 1;
	n = strcspn(s, "+/ ()");
	if (n > len)
		n = len;
	if (!n || n >= sizeof(loc->sym))
		return 0;
	memcpy(loc->sym, s, n);
	loc->sym[n] = '\0';
	p = s + n;
	if (p < end && *p == '+') {
		n = strcspn(p + 1, "/");
		if (p + 1 + n > end)
			n = (size_t)(end - p - 1);
		if (!hexnum(p + 1, n, &loc->off))
			return 0;
		p += 1 + n;
		if (p < end) {
			if (*p != '/' || !hexnum(p + 1, (size_t)(end - p - 1), &loc->size) || !loc->size)
				return 0;
			p = end;
		}
	}
	return p == end;
}

/* A number as the fetch types print it: decimal (u, s), 0x-hex (x);
 * symbols are kept as text and resolved with the symbol table. */
static int parse_number(const char *s, size_t len, const struct ek_field *f, struct ek_value *v)
{
	uint64_t mask = f->size == 8 ? UINT64_MAX : (UINT64_C(1) << (8 * f->size)) - 1;
	char buf[32], *end;

	if (hexnum(s, len, &v->num))
		return v->num <= mask;
	if (len >= sizeof(buf))
		return 0;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (buf[0] == '-' && isdigit((unsigned char)buf[1])) {
		long long x;

		errno = 0;
		x = strtoll(buf, &end, 10);
		if (*end || errno || !f->is_signed ||
		    (f->size < 8 && x < -(1LL << (8 * f->size - 1))))
			return 0;
		v->num = (uint64_t)x & mask;
		return 1;
	}
	if (isdigit((unsigned char)buf[0])) {
		errno = 0;
		v->num = strtoull(buf, &end, 10);
		if (*end || errno)
			return 0;
		if (f->is_signed && f->size < 8 && v->num >= UINT64_C(1) << (8 * f->size - 1))
			return 0;
		return v->num <= mask;
	}
	return f->is_symbol ? -1 : 0; /* a symbol: resolved later */
}

/* The end of a string value starting after its opening quote at @s: the
 * first '"' followed by the end of the line or by " NEXT=" for the next
 * field's name. */
static const char *string_end(const char *s, const char *next)
{
	size_t nlen = next ? strlen(next) : 0;

	for (const char *q = strchr(s, '"'); q; q = strchr(q + 1, '"')) {
		if (!q[1])
			return q;
		if (next && q[1] == ' ' && !strncmp(q + 2, next, nlen) && q[2 + nlen] == '=')
			return q;
	}
	return NULL;
}

/* The next fetch argument after @i, or NULL. */
static const char *next_arg_name(const struct ek_format *fmt, size_t i)
{
	return i + 1 < fmt->nfields ? fmt->fields[i + 1].name : NULL;
}

static int parse_args(const char *logname, const char *line, const char *p,
		      struct ek_record *r, struct ek_err *err)
{
	const struct ek_format *fmt = r->fmt;
	char what[256];

	for (size_t i = fmt->first_arg; i < fmt->nfields && *p; i++) {
		const struct ek_field *f = &fmt->fields[i];
		struct ek_value *v = &r->vals[i];
		size_t nlen = strlen(f->name), len;
		const char *val;

		if (p[0] != ' ' || strncmp(p + 1, f->name, nlen) || p[1 + nlen] != '=') {
			snprintf(what, sizeof(what), "expected ' %s=' (the format's next field)",
				 f->name);
			return fail_col(err, logname, r->line, line, p, what);
		}
		val = p + 2 + nlen;
		if (!strncmp(val, "(fault)", 7) && (!val[7] || val[7] == ' ')) {
			v->fault = 1;
			len = 7;
		} else if (f->kind == EK_FIELD_STRING) {
			const char *close = *val == '"' ? string_end(val + 1, next_arg_name(fmt, i)) :
							    NULL;

			if (!close)
				return fail_col(err, logname, r->line, line, val,
						"expected a \"quoted\" string value");
			v->str = ek_xstrndup(val + 1, (size_t)(close - val - 1));
			len = (size_t)(close + 1 - val);
		} else if (f->kind == EK_FIELD_NUM) {
			int ok;

			len = strcspn(val, " ");
			ok = parse_number(val, len, f, v);
			if (!ok) {
				snprintf(what, sizeof(what), "'%.*s' is not a %s value", (int)len, val,
					 f->type);
				return fail_col(err, logname, r->line, line, val, what);
			}
			if (ok < 0 && !ek_parse_loc(val, len, &(struct ek_loc){ 0 }))
				return fail_col(err, logname, r->line, line, val,
						"expected a number or SYMBOL+0xOFF");
			v->is_sym = ok < 0;
		} else {
			snprintf(what, sizeof(what), "field '%s' has type '%s', which ektrace cannot "
				 "write", f->name, f->type);
			return fail_col(err, logname, r->line, line, val, what);
		}
		v->text = ek_xstrndup(val, len);
		v->present = 1;
		p = val + len;
	}
	if (*p)
		return fail_col(err, logname, r->line, line, p,
				"text after the last field of the event's format");
	return 0;
}

/* "(LOC)" or "(LOC <- FUNC)" at @p; returns the text after it. */
static const char *parse_where(const char *logname, const char *line, const char *p,
			       struct ek_record *r, struct ek_err *err)
{
	int ret = r->fmt->kind == EK_EV_KRETPROBE;
	const char *close = *p == '(' ? strchr(p, ')') : NULL;
	const char *arrow;

	if (!close) {
		fail_col(err, logname, r->line, line, p,
			 ret ? "expected '(CALLER+0xOFF/0xSIZE <- FUNC)'" : "expected '(SYM+0xOFF/0xSIZE)'");
		return NULL;
	}
	arrow = strstr(p, " <- ");
	if (ret != (arrow && arrow < close)) {
		fail_col(err, logname, r->line, line, p,
			 ret ? "a return probe's event needs '(CALLER <- FUNC)'" :
			       "an entry probe's event has '(SYM+0xOFF/0xSIZE)', no '<-'");
		return NULL;
	}
	if (!ek_parse_loc(p + 1, (size_t)((ret ? arrow : close) - p - 1), &r->where) ||
	    (ret && !ek_parse_loc(arrow + 4, (size_t)(close - arrow - 4), &r->func))) {
		fail_col(err, logname, r->line, line, p + 1, "bad location: expected "
			 "SYM+0xOFF/0xSIZE or 0xADDRESS");
		return NULL;
	}
	return close + 1;
}

int ek_trace_body(const char *logname, const char *line, const char *body, struct ek_record *r,
		  struct ek_err *err)
{
	const char *p;

	if (r->fmt->kind == EK_EV_FUNCTION) {
		const char *arrow = strstr(body, " <-");

		if (!arrow || !ek_parse_loc(body, (size_t)(arrow - body), &r->where) ||
		    !ek_parse_loc(arrow + 3, strlen(arrow + 3), &r->func))
			return fail_col(err, logname, r->line, line, body,
					"expected the function tracer's 'FUNC <-PARENT'");
		return 0;
	}
	p = body + ek_trace_event_len(body) + 2;
	p = parse_where(logname, line, p, r, err);
	if (!p)
		return -1;
	return parse_args(logname, line, p, r, err);
}
