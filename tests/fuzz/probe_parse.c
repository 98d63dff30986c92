/*
 * libFuzzer target: the kprobe_events parser (kernel/trace/probe_parse.c)
 * and the canonical formatter (probe_format.c). The input is one line.
 * Beyond "no crash":
 *  - the result does not depend on how the length is given (len_exact,
 *    as for a DT string, or NUL-searched, as for a tracefs write);
 *  - an error has the returned code, a message, and a position inside the
 *    line or just past its end (where something was expected);
 *  - a success has every position inside the line and every name within
 *    its array, and its canonical form re-parses to the same definition
 *    and formats to the same text (a fixed point).
 */
#include <ek/errno.h>
#include <ek/probe_event.h>

#include "fuzz.h"

/* ARM register names as the arch table gives them (as in the unit test). */
static int reg_index(const char *name, size_t len)
{
	static const char *const names[] = { "r0", "r1", "r2",  "r3",  "r4",  "r5",  "r6",
					     "r7", "r8", "r9",  "r10", "fp",  "ip",  "sp",
					     "lr", "pc", "r11", "r12", "r13", "r14", "r15" };

	for (int i = 0; i < 21; i++)
		if (strlen(names[i]) == len && !strncmp(names[i], name, len))
			return i < 16 ? i : i - 5;
	return -EINVAL;
}

static bool terminated(const char *s, size_t size)
{
	return memchr(s, 0, size) != NULL;
}

static void check_error(const struct probe_error *err, int ret, size_t len)
{
	char buf[160];

	if (ret >= 0 || err->err != ret)
		fuzz_fail("error %d recorded as %d", ret, err->err);
	if (!terminated(err->msg, sizeof(err->msg)) || !err->msg[0])
		fuzz_fail("error %d without a message", ret);
	if (err->pos < -1 || err->pos > (int)len)
		fuzz_fail("error position %d outside a line of %zu bytes: %s", err->pos, len,
			  err->msg);
	if (probe_error_format(err, buf, sizeof(buf)) >= (int)sizeof(buf))
		fuzz_fail("error message does not fit: %s", err->msg);
}

static void check_def(const struct probe_def *d, size_t len)
{
	if (!terminated(d->group, sizeof(d->group)) || !terminated(d->event, sizeof(d->event)) ||
	    !terminated(d->symbol, sizeof(d->symbol)))
		fuzz_fail("unterminated name");
	if (d->kind == PROBE_DELETE)
		return;
	if (!d->event[0] || !d->group[0] || d->nargs < 0 || d->nargs > PROBE_MAX_ARGS)
		fuzz_fail("definition without event or group, or %d arguments", d->nargs);
	if (d->point_pos >= len || (d->has_event && d->event_pos >= len))
		fuzz_fail("position outside the line");
	if (d->has_symbol && strlen(d->symbol) != d->symbol_len)
		fuzz_fail("symbol_len %u for \"%s\"", d->symbol_len, d->symbol);
	for (int i = 0; i < d->nargs; i++) {
		const struct probe_arg *a = &d->args[i];

		if (!terminated(a->name, sizeof(a->name)) || !terminated(a->text, sizeof(a->text)))
			fuzz_fail("argument %d: unterminated name or text", i);
		if (a->pos >= len || a->nderef > PROBE_MAX_DEREF || !probe_type_name(a->type))
			fuzz_fail("argument %d: position %u, %u dereferences, type %#x", i, a->pos,
				  a->nderef, a->type);
		if (a->base == FETCH_SYMBOL && a->sym_pos + a->sym_len > strlen(a->text))
			fuzz_fail("argument %d: symbol outside its text \"%s\"", i, a->text);
	}
}

/* Everything but the positions and has_event, which depend on the spelling
 * (the canonical form always names the event). */
static void same_def(const struct probe_def *a, const struct probe_def *b, const char *text)
{
	bool same = a->kind == b->kind &&
		    a->has_symbol == b->has_symbol && a->maxactive == b->maxactive &&
		    !strcmp(a->group, b->group) && !strcmp(a->event, b->event) &&
		    !strcmp(a->symbol, b->symbol) && a->offset == b->offset && a->addr == b->addr &&
		    a->nargs == b->nargs;

	for (int i = 0; same && i < a->nargs; i++) {
		const struct probe_arg *x = &a->args[i], *y = &b->args[i];

		same = !strcmp(x->name, y->name) && !strcmp(x->text, y->text) &&
		       x->type == y->type && x->base == y->base && x->nderef == y->nderef &&
		       x->index == y->index && x->value == y->value &&
		       !memcmp(x->deref, y->deref, sizeof(x->deref)) && x->sym_len == y->sym_len;
	}
	if (!same)
		fuzz_fail("\"%s\" re-parses to another definition", text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct probe_def def, def2, again;
	struct probe_parse_opts opts = { "kprobes", reg_index, false };
	struct probe_error err, err2;
	char *line = fuzz_dup(data, size), canon[1024], canon2[1024];
	size_t len = strnlen(line, size);
	int ret, ret2, n;

	if (size > 4096)
		goto out;
	ret = probe_parse(line, size, &opts, &def, &err);
	/* the same bytes up to the first NUL, told exactly */
	opts.len_exact = true;
	ret2 = probe_parse(line, len, &opts, &def2, &err2);
	if (ret != ret2 || (ret && (err.pos != err2.pos || strcmp(err.msg, err2.msg))))
		fuzz_fail("len_exact changes the result: %d \"%s\" at %d, then %d \"%s\" at %d", ret,
			  ret ? err.msg : "", err.pos, ret2, ret2 ? err2.msg : "", err2.pos);
	if (ret) {
		check_error(&err, ret, len);
		goto out;
	}
	if (err.err)
		fuzz_fail("success with error %d recorded", err.err);
	check_def(&def, len);
	same_def(&def, &def2, "(len_exact)");
	if (def.kind == PROBE_DELETE)
		goto out;

	n = probe_def_format(&def, canon, sizeof(canon));
	if (n < 0 || n >= (int)sizeof(canon) || (size_t)n != strlen(canon))
		fuzz_fail("format returned %d for \"%s\"", n, canon);
	ret = probe_parse(canon, (size_t)n, &opts, &again, &err);
	if (ret)
		fuzz_fail("canonical \"%s\" fails: %s at %d", canon, err.msg, err.pos);
	same_def(&def, &again, canon);
	probe_def_format(&again, canon2, sizeof(canon2));
	if (strcmp(canon, canon2))
		fuzz_fail("canonical form is no fixed point: \"%s\" then \"%s\"", canon, canon2);
out:
	free(line);
	return 0;
}
