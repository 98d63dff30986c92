/*
 * Loading a capture: the LOG's files parsed, the trace's records bound to
 * their formats, every field given its value, symbols given addresses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ektrace_capture.h"
#include "ektrace_trace.h"

#define EVENTS_DIR TRACING_DIR "events/"

/* "events/GRP/EVENT/format" -> GRP, EVENT. */
static int format_path(const char *path, char *grp, char *ev, size_t size)
{
	const char *p = path + strlen(EVENTS_DIR), *slash, *tail;

	if (strncmp(path, EVENTS_DIR, strlen(EVENTS_DIR)))
		return 0;
	slash = strchr(p, '/');
	if (!slash || slash == p)
		return 0;
	tail = strchr(slash + 1, '/');
	if (!tail || tail == slash + 1 || strcmp(tail, "/format"))
		return 0;
	if ((size_t)(slash - p) >= size || (size_t)(tail - slash - 1) >= size)
		return 0;
	memcpy(grp, p, (size_t)(slash - p));
	grp[slash - p] = '\0';
	memcpy(ev, slash + 1, (size_t)(tail - slash - 1));
	ev[tail - slash - 1] = '\0';
	return 1;
}

static int load_formats(struct ek_capture *c, struct ek_err *err)
{
	const struct ek_log *log = &c->log;

	c->fmts = ek_xrealloc(NULL, (log->nsec + 1) * sizeof(*c->fmts));
	for (size_t i = 0; i < log->nsec; i++) {
		const struct ek_section *s = &log->sec[i];
		char grp[64], ev[64];

		if (!format_path(s->path, grp, ev, sizeof(grp)) || ek_log_find(log, s->path) != s ||
		    s->missing)
			continue;
		if (ek_format_parse(log->name, s, grp, ev, &c->fmts[c->nfmts], err)) {
			ek_format_free(&c->fmts[c->nfmts]);
			return -1;
		}
		for (size_t j = 0; j < c->nfmts; j++)
			if (c->fmts[j].id == c->fmts[c->nfmts].id) {
				ek_fail(err, log->name, s->cmd_line, "%s: ID %u is also the ID of %s/%s",
					s->path, c->fmts[j].id, c->fmts[j].system, c->fmts[j].name);
				ek_format_free(&c->fmts[c->nfmts]);
				return -1;
			}
		c->nfmts++;
	}
	return 0;
}

/* The group available_events gives event @ev, or NULL. */
static char *avail_group(const struct ek_capture *c, const char *ev, size_t len)
{
	const struct ek_section *avail = ek_log_find(&c->log, TRACING_DIR "available_events");

	for (size_t i = 0; avail && i < avail->count; i++) {
		const char *a = avail->lines[i], *colon = strchr(a, ':');

		if (colon && strlen(colon + 1) == len && !strncmp(colon + 1, ev, len))
			return ek_xstrndup(a, (size_t)(colon - a));
	}
	return NULL;
}

/* The format for a trace line's event; the error says what the LOG lacks. */
static const struct ek_format *find_format(struct ek_capture *c, const char *sys, const char *ev,
					   size_t len, size_t line, struct ek_err *err)
{
	const struct ek_format *found = NULL;
	char path[300], *grp;

	for (size_t i = 0; i < c->nfmts; i++) {
		const struct ek_format *f = &c->fmts[i];

		if (strlen(f->name) != len || strncmp(f->name, ev, len) ||
		    (sys && strcmp(f->system, sys)))
			continue;
		if (found) {
			ek_fail(err, c->log.name, line, "event '%.*s' has formats in groups '%s' and "
				"'%s': the trace does not say which one this is", (int)len, ev,
				found->system, f->system);
			return NULL;
		}
		found = f;
	}
	if (found)
		return found;
	/* name the format file that would have told */
	grp = sys ? ek_xstrndup(sys, strlen(sys)) : avail_group(c, ev, len);
	if (!grp) {
		ek_fail(err, c->log.name, line, "event '%.*s' has no format in the LOG, and no "
			"`cat %savailable_events` names its group", (int)len, ev, TRACING_DIR);
		return NULL;
	}
	snprintf(path, sizeof(path), EVENTS_DIR "%s/%.*s/format", grp, (int)len, ev);
	free(grp);
	if (ek_log_find(&c->log, path))
		ek_fail(err, c->log.name, line, "event '%.*s' has no format: %s does not exist "
			"on the target", (int)len, ev, path);
	else
		ek_fail(err, c->log.name, line, "event '%.*s' has no format in the LOG: "
			"add `cat %s`", (int)len, ev, path);
	return NULL;
}

/* "# tracer: X" and "# entries-in-buffer/entries-written: A/B   #P:N". */
static void read_header(struct ek_capture *c, const char *l, long *entries)
{
	const char *p;

	if (!strncmp(l, "# tracer: ", 10))
		snprintf(c->tracer, sizeof(c->tracer), "%s", l + 10);
	if (!strncmp(l, "# entries-in-buffer/entries-written: ", 37))
		*entries = strtol(l + 37, NULL, 10);
	p = strstr(l, "#P:");
	if (p)
		c->ncpus = (unsigned)strtoul(p + 3, NULL, 10);
}

static int read_record(struct ek_capture *c, const char *l, size_t line, struct ek_err *err)
{
	struct ek_record *r = &c->recs[c->nrecs];
	const char *body;
	size_t evlen;

	memset(r, 0, sizeof(*r));
	r->line = line;
	if (ek_trace_columns(c->log.name, line, l, r, &body, err))
		return -1;
	evlen = ek_trace_event_len(body);
	if (evlen)
		r->fmt = find_format(c, NULL, body, evlen, line, err);
	else if (strstr(body, " <-"))
		r->fmt = find_format(c, "ftrace", "function", 8, line, err);
	else
		return ek_fail(err, c->log.name, line, "expected 'EVENT: ...' or the function "
			       "tracer's 'FUNC <-PARENT' after the timestamp");
	if (!r->fmt)
		return -1;
	if (r->fmt->kind == EK_EV_OTHER)
		return ek_fail(err, c->log.name, line, "event %s/%s is neither a kprobe, a kretprobe "
			       "nor the function tracer's: ektrace cannot read its fields",
			       r->fmt->system, r->fmt->name);
	r->vals = ek_xrealloc(NULL, r->fmt->nfields * sizeof(*r->vals));
	memset(r->vals, 0, r->fmt->nfields * sizeof(*r->vals));
	c->nrecs++; /* owned now, freed even if its body is bad */
	return ek_trace_body(c->log.name, l, body, r, err);
}

static int load_trace(struct ek_capture *c, struct ek_err *err)
{
	const struct ek_section *s = ek_log_find(&c->log, TRACING_DIR "trace");
	long entries = -1;
	unsigned maxcpu = 0;

	if (!s)
		return ek_fail(err, c->log.name, c->log.nlines ? c->log.nlines : 1,
			       "no `cat %strace` in the LOG", TRACING_DIR);
	if (s->missing)
		return ek_fail(err, c->log.name, s->cmd_line, "%s: no such file on the target",
			       s->path);
	c->recs = ek_xrealloc(NULL, (s->count + 1) * sizeof(*c->recs));
	for (size_t i = 0; i < s->count; i++) {
		const char *l = s->lines[i];

		if (l[0] == '#') {
			read_header(c, l, &entries);
			continue;
		}
		/* blank lines, and Linux's "CPU:N [LOST M EVENTS]" */
		if (!l[strspn(l, " ")] || !strncmp(l, "CPU:", 4))
			continue;
		if (read_record(c, l, s->lineno[i], err))
			return -1;
		if (c->recs[c->nrecs - 1].cpu > maxcpu)
			maxcpu = c->recs[c->nrecs - 1].cpu;
	}
	if (entries >= 0 && (size_t)entries != c->nrecs)
		return ek_fail(err, c->log.name, s->count ? s->lineno[s->count - 1] : s->cmd_line,
			       "%s: the header says %ld entries, the capture holds %zu: "
			       "lines lost or cut off", s->path, entries, c->nrecs);
	if (c->nrecs && c->ncpus && maxcpu >= c->ncpus)
		return ek_fail(err, c->log.name, s->cmd_line, "%s: CPU %u in a trace of #P:%u",
			       s->path, maxcpu, c->ncpus);
	if (!c->ncpus)
		c->ncpus = maxcpu + 1;
	return 0;
}

/* What the writers rely on: each CPU's records in time order (as a ring
 * buffer holds them), each record small enough for a ring-buffer page. */
static int check_records(const struct ek_capture *c, struct ek_err *err)
{
	for (size_t i = 0; i < c->nrecs; i++) {
		const struct ek_record *r = &c->recs[i];
		size_t bytes = r->fmt->fixed_size;

		for (size_t j = i; j-- > 0;)
			if (c->recs[j].cpu == r->cpu) {
				if (c->recs[j].ts_ns > r->ts_ns)
					return ek_fail(err, c->log.name, r->line, "time goes backwards "
						       "on CPU %u (line %zu is later)", r->cpu,
						       c->recs[j].line);
				break;
			}
		for (size_t j = 0; j < r->fmt->nfields; j++)
			if (r->fmt->fields[j].kind == EK_FIELD_STRING)
				bytes += (r->vals[j].str ? strlen(r->vals[j].str) : 0) + 1;
		if (bytes > EK_MAX_RECORD)
			return ek_fail(err, c->log.name, r->line, "a record of %zu bytes: more than "
				       "a ring-buffer page holds (%d)", bytes, EK_MAX_RECORD);
	}
	return 0;
}

/* Every location and symbol-valued argument of the records, for @fn. */
static int for_each_loc(struct ek_capture *c,
			int (*fn)(struct ek_capture *, struct ek_record *, struct ek_loc *,
				  struct ek_err *),
			struct ek_err *err)
{
	for (size_t i = 0; i < c->nrecs; i++) {
		struct ek_record *r = &c->recs[i];

		if (fn(c, r, &r->where, err))
			return -1;
		if ((r->fmt->kind != EK_EV_KPROBE) && fn(c, r, &r->func, err))
			return -1;
		for (size_t j = r->fmt->first_arg; j < r->fmt->nfields; j++) {
			struct ek_value *v = &r->vals[j];
			struct ek_loc loc;

			if (!v->is_sym || !ek_parse_loc(v->text, strlen(v->text), &loc))
				continue;
			if (fn(c, r, &loc, err))
				return -1;
			v->num = loc.addr;
		}
	}
	return 0;
}

static int note_loc(struct ek_capture *c, struct ek_record *r, struct ek_loc *loc,
		    struct ek_err *err)
{
	(void)r;
	(void)err;
	if (loc->sym[0])
		ek_ksyms_note(&c->ksyms, loc->sym, loc->size > loc->off ? loc->size : loc->off + 4);
	return 0;
}

static int resolve_loc(struct ek_capture *c, struct ek_record *r, struct ek_loc *loc,
		       struct ek_err *err)
{
	struct ek_sym *s;

	if (!loc->sym[0])
		return 0;
	s = ek_ksyms_find_sized(&c->ksyms, loc->sym, loc->size);
	if (!s)
		return ek_fail(err, c->log.name, r->line, "symbol '%s' is not in the LOG's "
			       "`cat /proc/kallsyms`", loc->sym);
	s->used = 1;
	loc->addr = s->addr + loc->off;
	if (c->long_size == 4 && loc->addr > UINT32_MAX)
		return ek_fail(err, c->log.name, r->line, "%s+0x%llx is beyond 32 bits", loc->sym,
			       (unsigned long long)loc->off);
	return 0;
}

/* Values of the common and location fields, from the record's columns. */
static void fill_fixed(struct ek_record *r)
{
	const struct ek_format *f = r->fmt;

	for (size_t i = 0; i < f->first_arg; i++) {
		const char *n = f->fields[i].name;
		uint64_t v = 0;

		if (!strcmp(n, "common_type"))
			v = f->id;
		else if (!strcmp(n, "common_flags"))
			v = r->common_flags;
		else if (!strcmp(n, "common_preempt_count"))
			v = r->preempt;
		else if (!strcmp(n, "common_pid"))
			v = (uint32_t)r->pid;
		else if (!strcmp(n, "__probe_ip") || !strcmp(n, "__probe_ret_ip") ||
			 !strcmp(n, "ip"))
			v = r->where.addr;
		else if (!strcmp(n, "__probe_func") || !strcmp(n, "parent_ip"))
			v = r->func.addr;
		r->vals[i].num = v;
		r->vals[i].present = 1;
	}
}

static unsigned long_size(const struct ek_capture *c)
{
	static const char *const names[] = { "__probe_ip", "__probe_func", "ip" };

	for (size_t i = 0; i < c->nfmts; i++)
		for (size_t j = 0; j < sizeof(names) / sizeof(names[0]); j++) {
			const struct ek_field *f = ek_format_field(&c->fmts[i], names[j]);

			if (f && (f->size == 4 || f->size == 8))
				return f->size;
		}
	return 4;
}

static int load(struct ek_capture *c, struct ek_err *err)
{
	const struct ek_section *ks = ek_log_find(&c->log, "/proc/kallsyms");

	if (load_formats(c, err) || load_trace(c, err) || check_records(c, err))
		return -1;
	c->long_size = long_size(c);
	if (ks) {
		if (ek_ksyms_parse(c->log.name, ks, &c->ksyms, err))
			return -1;
	} else {
		for_each_loc(c, note_loc, err);
		/* where 32- and 64-bit ARM kernels start their text */
		ek_ksyms_place(&c->ksyms, c->long_size == 8 ? UINT64_C(0xffff800008010000) :
							    0xc0008000);
	}
	if (for_each_loc(c, resolve_loc, err))
		return -1;
	for (size_t i = 0; i < c->nrecs; i++)
		fill_fixed(&c->recs[i]);
	return 0;
}

int ek_capture_parse(const char *name, char *text, size_t len, struct ek_capture *c,
		     struct ek_err *err)
{
	memset(c, 0, sizeof(*c));
	if (ek_log_parse(name, text, len, &c->log, err))
		return -1;
	return load(c, err);
}

int ek_capture_load(const char *path, struct ek_capture *c, struct ek_err *err)
{
	memset(c, 0, sizeof(*c));
	if (ek_log_read(path, &c->log, err))
		return -1;
	return load(c, err);
}

void ek_capture_free(struct ek_capture *c)
{
	for (size_t i = 0; i < c->nrecs; i++) {
		const struct ek_record *r = &c->recs[i];

		for (size_t j = 0; j < r->fmt->nfields; j++) {
			free(r->vals[j].str);
			free(r->vals[j].text);
		}
		free(r->vals);
	}
	free(c->recs);
	for (size_t i = 0; i < c->nfmts; i++)
		ek_format_free(&c->fmts[i]);
	free(c->fmts);
	ek_ksyms_free(&c->ksyms);
	ek_log_free(&c->log);
	memset(c, 0, sizeof(*c));
}
