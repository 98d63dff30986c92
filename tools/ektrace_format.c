/*
 * Parsing event format files. The layout is Linux's (see the kernel's
 * Documentation/trace/events.rst, "Event formats"); every line is checked,
 * since the trace.dat writer places each value at the offset it names.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ektrace_format.h"

/* A record must fit a ring-buffer page with room to spare. */
#define MAX_FIELD_END 2048
#define MAX_FIELDS 64

/* "KEY:N;" at *@p, after optional blanks; advances @p. */
static int keyed_number(const char **p, const char *key, unsigned *val)
{
	const char *s = *p;
	unsigned long v = 0;
	size_t klen = strlen(key);

	while (*s == ' ' || *s == '\t')
		s++;
	if (strncmp(s, key, klen) || s[klen] != ':' || !isdigit((unsigned char)s[klen + 1]))
		return 0;
	s += klen + 1;
	while (isdigit((unsigned char)*s) && v <= 0xffffff)
		v = v * 10 + (unsigned long)(*s++ - '0');
	if (*s != ';' || v > 0xffffff)
		return 0;
	*val = (unsigned)v;
	*p = s + 1;
	return 1;
}

/* "TYPE NAME" of a field declaration: the name is the last word (an array's
 * "[N]" is part of the type); @decl is NUL-terminated. */
static int split_decl(const char *decl, struct ek_field *f)
{
	size_t len = strlen(decl), nstart, tlen;
	const char *bracket;

	while (len && decl[len - 1] == ' ')
		len--;
	nstart = len;
	while (nstart && (isalnum((unsigned char)decl[nstart - 1]) || decl[nstart - 1] == '_' ||
			  decl[nstart - 1] == '[' || decl[nstart - 1] == ']'))
		nstart--;
	tlen = nstart;
	while (tlen && decl[tlen - 1] == ' ')
		tlen--;
	if (!tlen || tlen == nstart || nstart == len)
		return 0;
	bracket = memchr(decl + nstart, '[', len - nstart);
	if (bracket == decl + nstart)
		return 0;
	if (!bracket)
		bracket = decl + len;
	if ((size_t)(bracket - decl) - nstart >= sizeof(f->name) ||
	    tlen + (size_t)(decl + len - bracket) >= sizeof(f->type))
		return 0;
	memcpy(f->name, decl + nstart, (size_t)(bracket - decl) - nstart);
	f->name[bracket - decl - nstart] = '\0';
	/* "char comm[16]" is the type "char[16]" */
	memcpy(f->type, decl, tlen);
	memcpy(f->type + tlen, bracket, (size_t)(decl + len - bracket));
	f->type[tlen + (size_t)(decl + len - bracket)] = '\0';
	return 1;
}

static int parse_field(const char *line, struct ek_field *f)
{
	const char *p = line, *semi;
	char decl[160];
	unsigned sign = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "field:", 6))
		return 0;
	p += 6;
	semi = strchr(p, ';');
	if (!semi || (size_t)(semi - p) >= sizeof(decl))
		return 0;
	memcpy(decl, p, (size_t)(semi - p));
	decl[semi - p] = '\0';
	if (!split_decl(decl, f))
		return 0;
	p = semi + 1;
	if (!keyed_number(&p, "offset", &f->offset) || !keyed_number(&p, "size", &f->size))
		return 0;
	if (keyed_number(&p, "signed", &sign) && sign > 1)
		return 0;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p)
		return 0;
	f->is_signed = (int)sign;
	if (!strncmp(f->type, "__data_loc ", 11))
		f->kind = strstr(f->type, "char") && f->size == 4 ? EK_FIELD_STRING : EK_FIELD_OTHER;
	else if (!strchr(f->type, '[') && (f->size == 1 || f->size == 2 || f->size == 4 ||
					    f->size == 8))
		f->kind = EK_FIELD_NUM;
	else
		f->kind = EK_FIELD_OTHER;
	return 1;
}

const struct ek_field *ek_format_field(const struct ek_format *fmt, const char *name)
{
	for (size_t i = 0; i < fmt->nfields; i++)
		if (!strcmp(fmt->fields[i].name, name))
			return &fmt->fields[i];
	return NULL;
}

static int is_num(const struct ek_format *fmt, const char *name)
{
	const struct ek_field *f = ek_format_field(fmt, name);

	return f && f->kind == EK_FIELD_NUM;
}

static void classify(struct ek_format *fmt)
{
	fmt->first_arg = fmt->nfields;
	for (size_t i = 0; i < fmt->nfields; i++)
		if (strncmp(fmt->fields[i].name, "common_", 7) &&
		    strncmp(fmt->fields[i].name, "__probe_", 8)) {
			fmt->first_arg = i;
			break;
		}
	if (is_num(fmt, "__probe_ip"))
		fmt->kind = EK_EV_KPROBE;
	else if (is_num(fmt, "__probe_func") && is_num(fmt, "__probe_ret_ip"))
		fmt->kind = EK_EV_KRETPROBE;
	else if (!strcmp(fmt->system, "ftrace") && !strcmp(fmt->name, "function") &&
		 is_num(fmt, "ip") && is_num(fmt, "parent_ip"))
		fmt->kind = EK_EV_FUNCTION;
	else
		fmt->kind = EK_EV_OTHER;
	if (fmt->kind == EK_EV_FUNCTION)
		fmt->first_arg = fmt->nfields; /* ip and parent_ip come from "FUNC <-PARENT" */
}

/* The common fields, where the writer puts type, flags, preempt count and pid. */
static int check_common(const struct ek_format *fmt)
{
	static const struct { const char *name; unsigned offset, size; } common[] = {
		{ "common_type", 0, 2 }, { "common_flags", 2, 1 },
		{ "common_preempt_count", 3, 1 }, { "common_pid", 4, 4 },
	};

	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++) {
		const struct ek_field *f = ek_format_field(fmt, common[i].name);

		if (!f || f->offset != common[i].offset || f->size != common[i].size)
			return 0;
	}
	return 1;
}

/* An error at content line @i of @sec (its `cat` line when the file ended). */
__attribute__((format(printf, 5, 6)))
static int fail_at(struct ek_err *err, const char *logname, const struct ek_section *sec,
		   size_t i, const char *fmt, ...)
{
	size_t line = i < sec->count ? sec->lineno[i] : sec->cmd_line;
	char what[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return ek_fail(err, logname, line, "%s: %s", sec->path, what);
}

static char *join_lines(const struct ek_section *sec, size_t *len)
{
	size_t n = 0;
	char *text, *p;

	for (size_t i = 0; i < sec->count; i++)
		n += strlen(sec->lines[i]) + 1;
	p = text = ek_xrealloc(NULL, n + 1);
	for (size_t i = 0; i < sec->count; i++) {
		size_t l = strlen(sec->lines[i]);

		memcpy(p, sec->lines[i], l);
		p[l] = '\n';
		p += l + 1;
	}
	*p = '\0';
	*len = n;
	return text;
}

int ek_format_parse(const char *logname, const struct ek_section *sec, const char *system,
		    const char *event, struct ek_format *fmt, struct ek_err *err)
{
	size_t i = 0;
	char *end;
	unsigned long id;
	int have_print = 0;

	memset(fmt, 0, sizeof(*fmt));
	fmt->line = sec->cmd_line;
	if (sec->missing)
		return ek_fail(err, logname, sec->cmd_line, "%s: no such file on the target",
			       sec->path);
	if (strlen(system) >= sizeof(fmt->system) || strlen(event) >= sizeof(fmt->name))
		return fail_at(err, logname, sec, 0, "group or event name too long");
	strcpy(fmt->system, system);
	strcpy(fmt->name, event);
	if (i >= sec->count || strncmp(sec->lines[i], "name: ", 6) ||
	    strcmp(sec->lines[i] + 6, event))
		return fail_at(err, logname, sec, i, "expected 'name: %s'", event);
	i++;
	if (i >= sec->count || strncmp(sec->lines[i], "ID: ", 4) ||
	    !isdigit((unsigned char)sec->lines[i][4]) ||
	    (id = strtoul(sec->lines[i] + 4, &end, 10), *end) || id == 0 || id > 0xffff)
		return fail_at(err, logname, sec, i, "expected 'ID: N' with 0 < N < 65536");
	fmt->id = (unsigned)id;
	i++;
	if (i >= sec->count || strcmp(sec->lines[i], "format:"))
		return fail_at(err, logname, sec, i, "expected 'format:'");
	fmt->fields = ek_xrealloc(NULL, MAX_FIELDS * sizeof(*fmt->fields));
	memset(fmt->fields, 0, MAX_FIELDS * sizeof(*fmt->fields));
	for (i++; i < sec->count; i++) {
		const char *l = sec->lines[i];
		struct ek_field *f = &fmt->fields[fmt->nfields];

		if (!l[strspn(l, " \t")])
			continue;
		if (!strncmp(l, "print fmt: ", 11)) {
			have_print = 1;
			break;
		}
		if (fmt->nfields == MAX_FIELDS)
			return fail_at(err, logname, sec, i, "too many fields");
		if (!parse_field(l, f))
			return fail_at(err, logname, sec, i,
				       "expected 'field:TYPE NAME;\\toffset:N;\\tsize:N;\\tsigned:N;'");
		if (f->size == 0 || f->offset + f->size > MAX_FIELD_END)
			return fail_at(err, logname, sec, i, "field size or offset out of range");
		if (ek_format_field(fmt, f->name))
			return fail_at(err, logname, sec, i, "field defined twice");
		for (size_t j = 0; j < fmt->nfields; j++)
			if (f->offset < fmt->fields[j].offset + fmt->fields[j].size &&
			    fmt->fields[j].offset < f->offset + f->size)
				return fail_at(err, logname, sec, i, "field overlaps another");
		if (f->offset + f->size > fmt->fixed_size)
			fmt->fixed_size = f->offset + f->size;
		fmt->nfields++;
	}
	if (!have_print)
		return fail_at(err, logname, sec, i, "no 'print fmt:' line (file cut off?)");
	if (i + 1 != sec->count)
		return fail_at(err, logname, sec, i + 1, "text after 'print fmt:'");
	for (size_t k = 0; k < fmt->nfields; k++) {
		char pat[80];

		snprintf(pat, sizeof(pat), " %s=%%p", fmt->fields[k].name);
		fmt->fields[k].is_symbol = strstr(sec->lines[i], pat) != NULL;
	}
	if (!check_common(fmt))
		return fail_at(err, logname, sec, 3,
			       "common fields are not common_type@0, common_flags@2, "
			       "common_preempt_count@3, common_pid@4");
	classify(fmt);
	fmt->text = join_lines(sec, &fmt->text_len);
	return 0;
}

void ek_format_free(struct ek_format *fmt)
{
	free(fmt->fields);
	free(fmt->text);
	memset(fmt, 0, sizeof(*fmt));
}
