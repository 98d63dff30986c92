/*
 * Event filters, Linux's expressions over an event's fields
 * (events/<grp>/<event>/filter; kernel/trace/event_filter.c):
 *
 *   FIELD OP VALUE, combined with &&, ||, ! and parentheses
 *
 * with OP one of == != < <= > >= & for numbers, == != ~ (a glob) for
 * strings, and FIELD any field of the event's format (common_pid,
 * common_flags, ... included). A hit whose fields do not match is not
 * recorded. Pure code: host-tested.
 */
#ifndef EK_EVENT_FILTER_H
#define EK_EVENT_FILTER_H

#include <ek/event_format.h>
#include <ek/quiesce.h>
#include <ek/types.h>

#define FILTER_PREDS_MAX 16
#define FILTER_TEXT_MAX 256
#define FILTER_STR_MAX 64

struct filter_pred {
	struct event_field field;
	u8 op;
	u64 val;                   /* numbers */
	u8 slen;
	char str[FILTER_STR_MAX];  /* strings, not NUL-terminated */
};

struct event_filter {
	struct quiesce_head rcu;   /* freed after quiescence: a hit may be reading it */
	u8 npreds, nprog;
	struct filter_pred preds[FILTER_PREDS_MAX];
	u8 prog[3 * FILTER_PREDS_MAX]; /* postfix: predicate index, or an operator */
	char text[FILTER_TEXT_MAX];    /* as written, for reading the file back */
};

/* Compile @text (@len bytes, a trailing newline is fine) for @def's event
 * into @f. 0, or a negative errno with @err's message and position. */
int event_filter_compile(const struct probe_def *def, const char *text, size_t len,
			 struct event_filter *f, struct probe_error *err);
bool event_filter_match(const struct event_filter *f, const struct probe_def *def,
			const struct trace_slot *slot);

#endif
