/*
 * An event's fields as Linux describes them in events/<grp>/<event>/format
 * (kernel/trace/event_format.c): the binary record a Linux kernel of 32
 * bits would write for it. Our ring keeps its own compact slots; this
 * layout is what the format files promise, what tools that build a
 * trace.dat from our text lay records out by, and what filters name.
 *
 *   common_type u16 @0, common_flags u8 @2, common_preempt_count u8 @3,
 *   common_pid int @4; then __probe_ip (entry probes) or __probe_func and
 *   __probe_ret_ip (return probes), unsigned long each; then the fetch
 *   arguments back to back, in their type's size (a string is a
 *   __data_loc u32: length << 16 | offset of its bytes in the record,
 *   which follow the fixed part).
 *
 * Pure code over struct probe_def and trace slots: host-tested.
 */
#ifndef EK_EVENT_FORMAT_H
#define EK_EVENT_FORMAT_H

#include <ek/probe_event.h>
#include <ek/types.h>

struct seq;
struct trace_slot;

/* Where a field's value comes from. */
enum event_field_src {
	FIELD_COMMON_TYPE, FIELD_COMMON_FLAGS, FIELD_COMMON_PREEMPT, FIELD_COMMON_PID,
	FIELD_PROBE_IP,    /* __probe_ip, __probe_ret_ip: the entry's ip */
	FIELD_PROBE_FUNC,  /* __probe_func: the probed function */
	FIELD_ARG,         /* fetch argument @arg */
};

struct event_field {
	const char *type;   /* as the format file says it */
	const char *name;
	u16 offset;
	u8 size;
	bool is_signed;
	bool is_string;     /* a __data_loc char[] */
	u8 src;             /* enum event_field_src */
	u8 arg;             /* FIELD_ARG: its index */
};

#define EVENT_COMMON_FIELDS 4
#define EVENT_FIELDS_MAX (EVENT_COMMON_FIELDS + 2 + PROBE_MAX_ARGS)

/* Every field of @def's event, common ones first; returns how many. */
int event_fields(const struct probe_def *def, struct event_field *out);
/* The field named @name (@len bytes), or NULL. */
const struct event_field *event_field_find(const struct event_field *f, int n,
					   const char *name, size_t len);

/* The whole format file of @def's event, registered as @id. */
void event_format_show(struct seq *s, const struct probe_def *def, unsigned int id);
/* The function tracer's entry (events/ftrace/function/format). */
void event_format_function(struct seq *s, unsigned int id);
/* events/header_page and events/header_event: the ring buffer page and
 * event headers of Linux's binary format, for this 32-bit kernel. */
void event_format_header_page(struct seq *s);
void event_format_header_event(struct seq *s);

/* Linux's common_flags bits, from an entry's flags and status word. */
#define TRACE_FLAG_IRQS_OFF 0x01
#define TRACE_FLAG_HARDIRQ 0x08
u8 event_common_flags(const struct trace_slot *slot);

/* The value of field @f in @slot (recorded for @def): a number (sign
 * extended when signed), or for a string its bytes in *str, *len. False
 * when the slot did not record it (a full slot cut the arguments short). */
bool event_field_value(const struct probe_def *def, const struct trace_slot *slot,
		       const struct event_field *f, u64 *val, const char **str, size_t *len);
/* Argument @i's bytes in @slot (a string's characters, *len of them), or
 * NULL when the slot did not record it. */
const u8 *probe_slot_arg(const struct probe_def *def, const struct trace_slot *slot, int i,
			 size_t *len);
/* A number argument of @type at @p, sign extended when the type is. */
u64 probe_arg_number(u8 type, const u8 *p);

#endif
