/*
 * tracefs' events/ directory and the files that name events, as Linux has
 * them (include/ek/event_files.h):
 *
 *   events/<grp>/<event>/enable   0 or 1
 *   events/<grp>/<event>/format   the record layout (event_format.c)
 *   events/<grp>/<event>/id       the event's type number in records
 *   events/<grp>/<event>/filter   an expression over the fields, or "none"
 *   events/<grp>/enable, events/enable   0, 1, X (mixed) or ? (no event)
 *   events/header_page, events/header_event, events/ftrace/function/
 *   available_events              every event as grp:event
 *   set_event                     the enabled ones; writing grp:event
 *                                 enables, !grp:event disables, '>' first
 *                                 disables all (grp:*, *:event, grp, event
 *                                 also select, as in Linux)
 */
#include <ek/arch.h>
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/error_log.h>
#include <ek/event_files.h>
#include <ek/event_filter.h>
#include <ek/event_format.h>
#include <ek/ftrace.h>
#include <ek/mm.h>
#include <ek/printk.h>
#include <ek/probe_event.h>
#include <ek/quiesce.h>
#include <ek/shell.h>
#include <ek/string.h>

#define TRACING "/sys/kernel/tracing/"
#define EVENTS TRACING "events/"

enum { F_ENABLE, F_FORMAT, F_ID, F_FILTER, F_COUNT };
static const char file_names[F_COUNT][8] = { "enable", "format", "id", "filter" };

struct group_dir;

struct event_dir {
	struct probe_event *ev;
	struct group_dir *group;
	struct pfile files[F_COUNT];
	char paths[]; /* F_COUNT paths, NUL-terminated each */
};

struct group_dir {
	struct group_dir *next;
	unsigned int events;
	struct pfile enable;
	char name[PROBE_GROUP_MAX];
	char path[sizeof(EVENTS) + PROBE_GROUP_MAX + sizeof("/enable")];
};

static struct group_dir *groups;

/* A 0/1 write, as Linux's enable files take it. */
static int parse_bool(const char *text, size_t len, bool *on)
{
	if (len && (text[0] == '0' || text[0] == '1') && (len == 1 || text[1] == '\n')) {
		*on = text[0] == '1';
		return 0;
	}
	return -EINVAL;
}

/* ---- enable: one event, a group, all --------------------------------- */

struct enable_scan {
	const char *group; /* NULL: every group */
	unsigned int set;  /* bit 0: some disabled, bit 1: some enabled */
	bool on;
	int ret;
};

static void scan_one(struct probe_event *ev, void *ctx)
{
	struct enable_scan *sc = ctx;

	if (!sc->group || !strcmp(probe_event_def(ev)->group, sc->group))
		sc->set |= 1u << probe_event_enabled(ev);
}

static void enable_one(struct probe_event *ev, void *ctx)
{
	struct enable_scan *sc = ctx;
	int ret;

	if (sc->group && strcmp(probe_event_def(ev)->group, sc->group))
		return;
	ret = probe_event_enable(ev, sc->on);
	if (ret && !sc->ret)
		sc->ret = ret;
}

static int many_enable_show(struct seq *s, void *data)
{
	struct enable_scan sc = { .group = data };

	probe_event_for_each(scan_one, &sc);
	seq_printf(s, "%c\n", "?01X"[sc.set]);
	return 0;
}

static int many_enable_write(const char *text, size_t len, bool append, void *data)
{
	struct enable_scan sc = { .group = data };

	(void)append;
	if (parse_bool(text, len, &sc.on))
		return -EINVAL;
	probe_event_for_each(enable_one, &sc);
	return sc.ret;
}


static int event_enable_show(struct seq *s, void *data)
{
	seq_printf(s, "%d\n", probe_event_enabled(data));
	return 0;
}

static int event_enable_write(const char *text, size_t len, bool append, void *data)
{
	bool on;

	(void)append;
	return parse_bool(text, len, &on) ? -EINVAL : probe_event_enable(data, on);
}

/* ---- format, id, filter ---------------------------------------------- */

static int format_show(struct seq *s, void *data)
{
	event_format_show(s, probe_event_def(data), probe_event_id(data));
	return 0;
}

static int id_show(struct seq *s, void *data)
{
	seq_printf(s, "%u\n", probe_event_id(data));
	return 0;
}

static int filter_show(struct seq *s, void *data)
{
	const struct event_filter *f = probe_event_filter(data);

	seq_printf(s, "%s\n", f ? f->text : "none");
	return 0;
}

static void filter_release(struct quiesce_head *h)
{
	kfree(container_of(h, struct event_filter, rcu));
}

void event_filter_free(struct event_filter *f)
{
	call_after_quiescence(&f->rcu, filter_release);
}

/* "0" (or nothing) removes the filter, as in Linux; a bad expression is
 * reported (console and error_log) and the old filter stays. */
static int filter_write(const char *text, size_t len, bool append, void *data)
{
	struct probe_event *ev = data;
	struct probe_error err;
	struct event_filter *f;
	char msg[160];
	size_t n = len;

	(void)append;
	while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
		n--;
	if (!n || (n == 1 && text[0] == '0')) {
		probe_event_set_filter(ev, NULL);
		return 0;
	}
	f = kmalloc(sizeof(*f));
	if (!f)
		return -ENOMEM;
	if (event_filter_compile(probe_event_def(ev), text, len, f, &err)) {
		kfree(f);
		trace_error_log("event filter parse error", text, len, err.pos, err.msg);
		probe_error_format(&err, msg, sizeof(msg));
		console_printf("ekprobes: error: events/%s/%s/filter: %s\n",
			       probe_event_def(ev)->group, probe_event_def(ev)->event, msg);
		return err.err;
	}
	probe_event_set_filter(ev, f);
	return 0;
}

/* ---- the directories ------------------------------------------------- */

static struct group_dir *group_get(const char *name)
{
	struct group_dir *g;

	for (g = groups; g; g = g->next) {
		if (!strcmp(g->name, name)) {
			g->events++;
			return g;
		}
	}
	g = kzalloc(sizeof(*g));
	if (!g)
		return NULL;
	strlcpy(g->name, name, sizeof(g->name));
	ksnprintf(g->path, sizeof(g->path), EVENTS "%s/enable", name);
	g->events = 1;
	pfile_add(&g->enable, g->path, many_enable_show, many_enable_write, g->name);
	g->next = groups;
	groups = g;
	return g;
}

static void group_put(struct group_dir *g)
{
	if (--g->events)
		return;
	for (struct group_dir **pp = &groups; *pp; pp = &(*pp)->next) {
		if (*pp == g) {
			*pp = g->next;
			break;
		}
	}
	pfile_unregister(&g->enable);
	kfree(g);
}

struct event_dir *event_dir_add(struct probe_event *ev)
{
	const struct probe_def *def = probe_event_def(ev);
	size_t one = sizeof(EVENTS) + strlen(def->group) + strlen(def->event) + sizeof("/filter") + 1;
	struct event_dir *d = kzalloc(sizeof(*d) + F_COUNT * one);
	char *p;

	if (!d)
		return NULL;
	d->group = group_get(def->group);
	if (!d->group) {
		kfree(d);
		return NULL;
	}
	d->ev = ev;
	p = d->paths;
	for (int i = 0; i < F_COUNT; i++, p += one)
		ksnprintf(p, one, EVENTS "%s/%s/%s", def->group, def->event, file_names[i]);
	pfile_add(&d->files[F_ENABLE], d->paths, event_enable_show, event_enable_write, ev);
	pfile_add(&d->files[F_FORMAT], d->paths + one, format_show, NULL, ev);
	pfile_add(&d->files[F_ID], d->paths + 2 * one, id_show, NULL, ev);
	pfile_add(&d->files[F_FILTER], d->paths + 3 * one, filter_show, filter_write, ev);
	return d;
}

void event_dir_remove(struct event_dir *d)
{
	if (!d)
		return;
	for (int i = 0; i < F_COUNT; i++)
		pfile_unregister(&d->files[i]);
	group_put(d->group);
	kfree(d);
}

/* ---- static files ---------------------------------------------------- */

static int header_page_show(struct seq *s, void *data)
{
	(void)data;
	event_format_header_page(s);
	return 0;
}

static int header_event_show(struct seq *s, void *data)
{
	(void)data;
	event_format_header_event(s);
	return 0;
}

static int function_format_show(struct seq *s, void *data)
{
	(void)data;
	event_format_function(s, TRACE_TYPE_FUNCTION);
	return 0;
}

static int function_id_show(struct seq *s, void *data)
{
	(void)data;
	seq_printf(s, "%u\n", TRACE_TYPE_FUNCTION);
	return 0;
}


/* ---- available_events, set_event ------------------------------------- */

struct name_list {
	struct seq *s;
	bool enabled_only;
};

static void list_one(struct probe_event *ev, void *ctx)
{
	struct name_list *nl = ctx;
	const struct probe_def *def = probe_event_def(ev);

	if (!nl->enabled_only || probe_event_enabled(ev))
		seq_printf(nl->s, "%s:%s\n", def->group, def->event);
}

static int available_events_show(struct seq *s, void *data)
{
	struct name_list nl = { s, false };

	(void)data;
	probe_event_for_each(list_one, &nl);
	return 0;
}


static int set_event_show(struct seq *s, void *data)
{
	struct name_list nl = { s, true };

	(void)data;
	probe_event_for_each(list_one, &nl);
	return 0;
}

/* One set_event word: [!][GRP:]EVENT, where "*" or nothing is any. As in
 * Linux, a word without ':' matches an event or a group of that name. */
struct select {
	const char *grp, *ev;
	size_t glen, elen;
	bool colon, on;
	int matched, ret;
};

static bool name_is(const char *name, const char *pat, size_t len)
{
	return !len || (len == 1 && pat[0] == '*') ||
	       (strlen(name) == len && !memcmp(name, pat, len));
}

static void select_one(struct probe_event *ev, void *ctx)
{
	struct select *sel = ctx;
	const struct probe_def *def = probe_event_def(ev);
	int ret;

	if (sel->colon ? !(name_is(def->group, sel->grp, sel->glen) &&
			   name_is(def->event, sel->ev, sel->elen))
		       : !(name_is(def->event, sel->ev, sel->elen) ||
			   name_is(def->group, sel->ev, sel->elen)))
		return;
	sel->matched++;
	ret = probe_event_enable(ev, sel->on);
	if (ret && !sel->ret)
		sel->ret = ret;
}

static void disable_one(struct probe_event *ev, void *ctx)
{
	(void)ctx;
	probe_event_enable(ev, false);
}

static int set_event_write(const char *text, size_t len, bool append, void *data)
{
	const char *end = text + len;

	(void)data;
	if (!append)
		probe_event_for_each(disable_one, NULL);
	while (text < end) {
		struct select sel = { .on = true };
		const char *w, *colon;

		while (text < end && (*text == ' ' || *text == '\t' || *text == '\n'))
			text++;
		w = text;
		while (text < end && *text != ' ' && *text != '\t' && *text != '\n')
			text++;
		if (w == text)
			break;
		if (*w == '!') {
			sel.on = false;
			w++;
		}
		colon = memchr(w, ':', (size_t)(text - w));
		sel.colon = colon != NULL;
		sel.grp = w;
		sel.glen = colon ? (size_t)(colon - w) : 0;
		sel.ev = colon ? colon + 1 : w;
		sel.elen = (size_t)(text - sel.ev);
		probe_event_for_each(select_one, &sel);
		if (!sel.matched) {
			console_printf("ekprobes: error: set_event: no event matches '%.*s'\n",
				       (int)(text - w), w);
			return -EINVAL;
		}
		if (sel.ret)
			return sel.ret;
	}
	return 0;
}

/* The static files, registered by code (pfile_add()). */
static int event_files_init(void)
{
	static struct pfile files[7] __section(".noinit"); /* pfile_add() fills them */

	pfile_add(&files[0], EVENTS "enable", many_enable_show, many_enable_write, NULL);
	pfile_add(&files[1], EVENTS "header_page", header_page_show, NULL, NULL);
	pfile_add(&files[2], EVENTS "header_event", header_event_show, NULL, NULL);
	pfile_add(&files[3], EVENTS "ftrace/function/format", function_format_show, NULL, NULL);
	pfile_add(&files[4], EVENTS "ftrace/function/id", function_id_show, NULL, NULL);
	pfile_add(&files[5], TRACING "available_events", available_events_show, NULL, NULL);
	pfile_add(&files[6], TRACING "set_event", set_event_show, set_event_write, NULL);
	return 0;
}
device_initcall(event_files_init);
