/*
 * The events/ directory of tracefs (kernel/trace/event_files.c): per event
 * enable, format, id and filter; per group enable; events/enable, the
 * header files and the function tracer's ftrace/function; and the files
 * that name events: available_events, set_event.
 */
#ifndef EK_EVENT_FILES_H
#define EK_EVENT_FILES_H

#include <ek/types.h>

struct probe_event;
struct event_dir;
struct event_filter;

/* events/<grp>/<event>/ for @ev (NULL when out of memory: the event works
 * without its files). */
struct event_dir *event_dir_add(struct probe_event *ev);
void event_dir_remove(struct event_dir *dir);

/* Probe events' filters (probe_events.c keeps them). */
u16 probe_event_id(const struct probe_event *ev);
const struct event_filter *probe_event_filter(const struct probe_event *ev);
/* Install @filter (NULL: none); the old one is freed after quiescence. */
void probe_event_set_filter(struct probe_event *ev, struct event_filter *filter);
void event_filter_free(struct event_filter *f);

#endif
