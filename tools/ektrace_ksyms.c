/* Symbol table of the trace: /proc/kallsyms from the LOG, or made up. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ektrace_ksyms.h"

static struct ek_sym *add(struct ek_ksyms *ks, const char *name, size_t len)
{
	struct ek_sym *s;

	if (ks->n == ks->cap) {
		ks->cap = ks->cap ? 2 * ks->cap : 256;
		ks->v = ek_xrealloc(ks->v, ks->cap * sizeof(*ks->v));
	}
	s = &ks->v[ks->n++];
	memset(s, 0, sizeof(*s));
	s->name = ek_xstrndup(name, len);
	free(ks->by_name); /* stale */
	ks->by_name = NULL;
	return s;
}

int ek_ksyms_parse(const char *logname, const struct ek_section *sec, struct ek_ksyms *ks,
		   struct ek_err *err)
{
	memset(ks, 0, sizeof(*ks));
	if (sec->missing)
		return ek_fail(err, logname, sec->cmd_line, "%s: no such file on the target",
			       sec->path);
	for (size_t i = 0; i < sec->count; i++) {
		const char *l = sec->lines[i], *name;
		char *end;
		unsigned long long addr;
		size_t len;

		if (!isxdigit((unsigned char)l[0]))
			goto bad;
		addr = strtoull(l, &end, 16);
		if (end - l > 16 || end[0] != ' ' || !isalpha((unsigned char)end[1]) || end[2] != ' ')
			goto bad;
		name = end + 3;
		len = strcspn(name, " \t");
		if (!len)
			goto bad;
		add(ks, name, len)->addr = addr;
		ks->v[ks->n - 1].type = end[1];
		continue;
bad:
		return ek_fail(err, logname, sec->lineno[i],
			       "%s: expected 'ADDRESS TYPE NAME'", sec->path);
	}
	return 0;
}

static struct ek_ksyms *sort_ks; /* qsort has no context argument in C11 */

static int by_name_cmp(const void *a, const void *b)
{
	const struct ek_sym *x = &sort_ks->v[*(const size_t *)a];
	const struct ek_sym *y = &sort_ks->v[*(const size_t *)b];
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* The index in by_name of the first symbol not below @name. */
static size_t lower_bound(struct ek_ksyms *ks, const char *name)
{
	size_t lo = 0, hi = ks->n;

	if (!ks->by_name && ks->n) {
		ks->by_name = ek_xrealloc(NULL, ks->n * sizeof(*ks->by_name));
		for (size_t i = 0; i < ks->n; i++)
			ks->by_name[i] = i;
		sort_ks = ks;
		qsort(ks->by_name, ks->n, sizeof(*ks->by_name), by_name_cmp);
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ks->v[ks->by_name[mid]].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct ek_sym *ek_ksyms_find(struct ek_ksyms *ks, const char *name)
{
	size_t i = lower_bound(ks, name);

	return i < ks->n && !strcmp(ks->v[ks->by_name[i]].name, name) ? &ks->v[ks->by_name[i]] :
									  NULL;
}

/* Bytes from @s to the next higher address in the table (kallsyms order). */
static uint64_t extent(const struct ek_ksyms *ks, const struct ek_sym *s)
{
	for (const struct ek_sym *n = s + 1; n < ks->v + ks->n; n++)
		if (n->addr > s->addr)
			return n->addr - s->addr;
	return 0;
}

struct ek_sym *ek_ksyms_find_sized(struct ek_ksyms *ks, const char *name, uint64_t size)
{
	struct ek_sym *first = ek_ksyms_find(ks, name);

	if (!first || !size || ks->synthetic)
		return first;
	for (size_t i = lower_bound(ks, name);
	     i < ks->n && !strcmp(ks->v[ks->by_name[i]].name, name); i++)
		if (extent(ks, &ks->v[ks->by_name[i]]) == size)
			return &ks->v[ks->by_name[i]];
	return first;
}

void ek_ksyms_note(struct ek_ksyms *ks, const char *name, uint64_t extent)
{
	struct ek_sym *s = ek_ksyms_find(ks, name);

	if (!s) {
		s = add(ks, name, strlen(name));
		s->type = 't';
	}
	if (extent > s->extent)
		s->extent = extent;
}

void ek_ksyms_place(struct ek_ksyms *ks, uint64_t base)
{
	ks->synthetic = 1;
	for (size_t i = 0; i < ks->n; i++) {
		ks->v[i].addr = base;
		/* 16-byte aligned functions, at least one instruction each */
		base += ((ks->v[i].extent ? ks->v[i].extent : 4) + 15) & ~(uint64_t)15;
	}
}

void ek_ksyms_free(struct ek_ksyms *ks)
{
	for (size_t i = 0; i < ks->n; i++)
		free(ks->v[i].name);
	free(ks->v);
	free(ks->by_name);
	memset(ks, 0, sizeof(*ks));
}
