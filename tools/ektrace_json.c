/*
 * Chrome trace-event JSON ("JSON Object Format" of the Trace Event Format
 * document), which Perfetto UI and chrome://tracing open. One process,
 * "ekprobes boot"; its threads are the tracks: "boot stages" (tid 0, the
 * stages as complete events) and "CPU N" (tid N + 1) per CPU with records:
 * probe hits as thread-scoped instant events with their arguments, an
 * entry/return pair as one complete event named after the function.
 * Times are microseconds with the nanoseconds as three decimals. One event
 * per line, so that the file diffs well.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ektrace_timeline.h"
#include "ektrace_write.h"

#define PID 1
#define STAGE_TID 0

static unsigned cpu_tid(unsigned cpu)
{
	return cpu + 1;
}

/* A JSON string: quotes, backslashes and control characters escaped,
 * bytes beyond ASCII as \u00XX so that any kernel string stays valid. */
static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void json_ts(FILE *f, const char *key, uint64_t ns)
{
	fprintf(f, ",\"%s\":%" PRIu64 ".%03u", key, ns / 1000, (unsigned)(ns % 1000));
}

/* Where the probe hit, the fetch arguments as printed (under "fields": a
 * probe's argument may be called "flags" or "task"), and the trace's columns. */
static void record_args(FILE *f, const struct ek_record *r)
{
	const struct ek_format *fmt = r->fmt;
	char where[300], ev[160];
	int first = 1;

	ek_record_where(r, where, sizeof(where));
	snprintf(ev, sizeof(ev), "%s:%s", fmt->system, fmt->name);
	fputs("{\"event\":", f);
	json_str(f, ev);
	fputs(",\"where\":", f);
	json_str(f, where);
	fputs(",\"fields\":{", f);
	for (size_t i = fmt->first_arg; i < fmt->nfields; i++) {
		if (!r->vals[i].present)
			continue;
		if (!first)
			fputc(',', f);
		first = 0;
		json_str(f, fmt->fields[i].name);
		fputc(':', f);
		json_str(f, fmt->fields[i].kind == EK_FIELD_STRING && r->vals[i].str ?
				    r->vals[i].str : r->vals[i].text);
	}
	fputs("},\"task\":", f);
	json_str(f, r->task);
	fprintf(f, ",\"pid\":%d,\"cpu\":%u,\"flags\":", r->pid, r->cpu);
	json_str(f, r->flags);
	fputc('}', f);
}

static void meta(FILE *f, const char *what, unsigned tid, const char *name, int sort)
{
	fprintf(f, ",\n{\"ph\":\"M\",\"pid\":%d,\"tid\":%u,\"name\":\"%s\",\"args\":{\"name\":", PID,
		tid, what);
	json_str(f, name);
	fputs("}}", f);
	fprintf(f, ",\n{\"ph\":\"M\",\"pid\":%d,\"tid\":%u,\"name\":\"thread_sort_index\","
		"\"args\":{\"sort_index\":%d}}", PID, tid, sort);
}

static void tracks(FILE *f, const struct ek_capture *c, const struct ek_timeline *t)
{
	fprintf(f, "{\"ph\":\"M\",\"pid\":%d,\"name\":\"process_name\",\"args\":{\"name\":"
		"\"ekprobes boot\"}}", PID);
	if (t->nstages)
		meta(f, "thread_name", STAGE_TID, "boot stages", 0);
	for (unsigned cpu = 0; cpu < t->ncpus; cpu++) {
		char name[32];
		size_t i;

		for (i = 0; i < c->nrecs && c->recs[i].cpu != cpu; i++)
			;
		if (i == c->nrecs)
			continue;
		snprintf(name, sizeof(name), "CPU %u", cpu);
		meta(f, "thread_name", cpu_tid(cpu), name, (int)cpu + 1);
	}
}

static void stages(FILE *f, const struct ek_timeline *t)
{
	for (size_t i = 0; i < t->nstages; i++) {
		const struct ek_stage *s = &t->stages[i];

		fprintf(f, ",\n{\"ph\":\"X\",\"pid\":%d,\"tid\":%d,\"cat\":\"stage\",\"name\":", PID,
			STAGE_TID);
		json_str(f, s->name);
		json_ts(f, "ts", s->start);
		json_ts(f, "dur", s->end - s->start);
		fputc('}', f);
	}
}

/* Records in trace order: spans at their entry, instants for the rest. */
static void hits(FILE *f, const struct ek_capture *c, const struct ek_timeline *t)
{
	for (size_t i = 0; i < c->nrecs; i++) {
		const struct ek_record *r = &c->recs[i];
		const struct ek_span *sp = NULL;

		for (size_t k = 0; t->in_span[i] && k < t->nspans; k++)
			if (t->spans[k].entry == i || t->spans[k].ret == i)
				sp = &t->spans[k];
		if (sp && sp->ret == i)
			continue; /* written with its entry */
		fprintf(f, ",\n{\"ph\":\"%s\",\"pid\":%d,\"tid\":%u,\"cat\":", sp ? "X" : "i", PID,
			cpu_tid(r->cpu));
		json_str(f, r->fmt->system);
		fputs(",\"name\":", f);
		if (sp)
			json_str(f, ek_record_func(r));
		else if (r->fmt->kind == EK_EV_FUNCTION)
			json_str(f, r->where.sym[0] ? r->where.sym : "function");
		else
			json_str(f, r->fmt->name);
		json_ts(f, "ts", r->ts_ns);
		if (sp) {
			json_ts(f, "dur", c->recs[sp->ret].ts_ns - r->ts_ns);
			fputs(",\"args\":{\"entry\":", f);
			record_args(f, r);
			fputs(",\"return\":", f);
			record_args(f, &c->recs[sp->ret]);
			fputs("}}", f);
		} else {
			fputs(",\"s\":\"t\",\"args\":", f);
			record_args(f, r);
			fputc('}', f);
		}
	}
}

int ek_write_perfetto(const struct ek_capture *c, FILE *out, struct ek_err *err)
{
	struct ek_timeline t;

	ek_timeline_build(c, &t);
	fputs("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"tracer\":", out);
	json_str(out, c->tracer);
	fputs("},\n\"traceEvents\":[\n", out);
	tracks(out, c, &t);
	stages(out, &t);
	hits(out, c, &t);
	fputs("\n]}\n", out);
	ek_timeline_free(&t);
	if (ferror(out)) {
		snprintf(err->msg, sizeof(err->msg), "write error: %s", strerror(errno));
		return -1;
	}
	return 0;
}
