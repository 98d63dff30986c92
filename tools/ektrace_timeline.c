/* Boot stages and entry/return spans from a capture's records. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ektrace_timeline.h"

#define STAGE_FUNC "boot_stage"

const char *ek_record_func(const struct ek_record *r)
{
	return r->fmt->kind == EK_EV_KRETPROBE ? r->func.sym : r->where.sym;
}

static void loc_text(const struct ek_loc *l, char *buf, size_t size)
{
	if (!l->sym[0])
		snprintf(buf, size, "0x%" PRIx64, l->addr);
	else if (l->size)
		snprintf(buf, size, "%s+0x%" PRIx64 "/0x%" PRIx64, l->sym, l->off, l->size);
	else if (l->off)
		snprintf(buf, size, "%s+0x%" PRIx64, l->sym, l->off);
	else
		snprintf(buf, size, "%s", l->sym);
}

void ek_record_where(const struct ek_record *r, char *buf, size_t size)
{
	char a[160], b[160];

	loc_text(&r->where, a, sizeof(a));
	loc_text(&r->func, b, sizeof(b));
	if (r->fmt->kind == EK_EV_FUNCTION)
		snprintf(buf, size, "%s <-%s", a, b);
	else if (r->fmt->kind == EK_EV_KRETPROBE)
		snprintf(buf, size, "%s <- %s", a, b);
	else
		snprintf(buf, size, "%s", a);
}

/* The stage name of a hit on boot_stage: its first argument, a string. */
static const char *stage_name(const struct ek_record *r)
{
	const struct ek_format *f = r->fmt;
	size_t a = f->first_arg;

	if (f->kind != EK_EV_KPROBE || strcmp(r->where.sym, STAGE_FUNC) || a >= f->nfields ||
	    f->fields[a].kind != EK_FIELD_STRING || !r->vals[a].present || r->vals[a].fault)
		return NULL;
	return r->vals[a].str;
}

static void add_stage(struct ek_timeline *t, const char *name, uint64_t start)
{
	struct ek_stage *s;

	/* a stage ends where the next begins (never before it begins: the
	 * trace is in time order per CPU, a stage probe may fire on another) */
	if (t->nstages) {
		s = &t->stages[t->nstages - 1];
		s->end = start > s->start ? start : s->start;
	}
	s = &t->stages[t->nstages++];
	s->name = name;
	s->start = s->end = start;
}

static void find_stages(const struct ek_capture *c, struct ek_timeline *t)
{
	unsigned boot_cpu = 0;
	int any = 0;

	for (size_t i = 0; i < c->nrecs; i++) {
		const char *name = stage_name(&c->recs[i]);

		if (name) {
			add_stage(t, name, c->recs[i].ts_ns);
			any = 1;
		}
	}
	/* no stage probe: the task column, where it names more than the idle task */
	for (size_t i = 0; !any && i < c->nrecs; i++) {
		const struct ek_record *r = &c->recs[i];

		if (!strcmp(r->task, "<idle>"))
			continue;
		if (!t->nstages)
			boot_cpu = r->cpu;
		if (r->cpu == boot_cpu &&
		    (!t->nstages || strcmp(t->stages[t->nstages - 1].name, r->task)))
			add_stage(t, r->task, r->ts_ns);
	}
	if (t->nstages && t->t1 > t->stages[t->nstages - 1].start)
		t->stages[t->nstages - 1].end = t->t1;
}

/* Pairs each return with the latest open entry in its function on its CPU. */
static void pair_returns(const struct ek_capture *c, struct ek_timeline *t)
{
	for (size_t i = 0; i < c->nrecs; i++) {
		const struct ek_record *r = &c->recs[i];

		if (r->fmt->kind != EK_EV_KRETPROBE || !r->func.sym[0])
			continue;
		for (size_t j = i; j-- > 0;) {
			const struct ek_record *e = &c->recs[j];

			if (t->in_span[j] || e->cpu != r->cpu || e->fmt->kind != EK_EV_KPROBE ||
			    strcmp(e->where.sym, r->func.sym))
				continue;
			t->spans[t->nspans].entry = j;
			t->spans[t->nspans++].ret = i;
			t->in_span[i] = t->in_span[j] = 1;
			break;
		}
	}
}

void ek_timeline_build(const struct ek_capture *c, struct ek_timeline *t)
{
	memset(t, 0, sizeof(*t));
	t->stages = ek_xrealloc(NULL, (c->nrecs + 1) * sizeof(*t->stages));
	t->spans = ek_xrealloc(NULL, (c->nrecs + 1) * sizeof(*t->spans));
	t->in_span = ek_xrealloc(NULL, (c->nrecs + 1) * sizeof(*t->in_span));
	memset(t->in_span, 0, (c->nrecs + 1) * sizeof(*t->in_span));
	t->ncpus = 1;
	for (size_t i = 0; i < c->nrecs; i++) {
		const struct ek_record *r = &c->recs[i];

		if (!i || r->ts_ns < t->t0)
			t->t0 = r->ts_ns;
		if (r->ts_ns > t->t1)
			t->t1 = r->ts_ns;
		if (r->cpu + 1 > t->ncpus)
			t->ncpus = r->cpu + 1;
	}
	find_stages(c, t);
	pair_returns(c, t);
}

void ek_timeline_free(struct ek_timeline *t)
{
	free(t->stages);
	free(t->spans);
	free(t->in_span);
	memset(t, 0, sizeof(*t));
}
