/*
 * An event's `format` file (/sys/kernel/tracing/events/<grp>/<event>/format)
 * in Linux's layout: "name:", "ID:", "format:", one
 * "field:TYPE NAME;\toffset:N;\tsize:N;\tsigned:N;" line per field (common
 * fields, a blank line, the event's own), a blank line, "print fmt: ...".
 */
#ifndef EKTRACE_FORMAT_H
#define EKTRACE_FORMAT_H

#include <stddef.h>

#include "ektrace_log.h"

enum ek_field_kind {
	EK_FIELD_NUM,    /* an integer of 1, 2, 4 or 8 bytes */
	EK_FIELD_STRING, /* __data_loc char[]: (length << 16) | offset of the bytes */
	EK_FIELD_OTHER,  /* arrays and the like: not written by ektrace */
};

struct ek_field {
	char type[64];
	char name[64];
	unsigned offset, size;
	int is_signed;
	int is_symbol;   /* printed as SYMBOL+0xOFF/0xSIZE: "NAME=%pS" in the print fmt */
	enum ek_field_kind kind;
};

/* What the trace line of the event looks like. */
enum ek_event_kind {
	EK_EV_KPROBE,    /* "EVENT: (SYM+OFF/SIZE) ARGS", fields __probe_ip, args */
	EK_EV_KRETPROBE, /* "EVENT: (CALLER+OFF/SIZE <- FUNC) ARGS", __probe_func, __probe_ret_ip */
	EK_EV_FUNCTION,  /* the function tracer's "FUNC <-PARENT", fields ip, parent_ip */
	EK_EV_OTHER,
};

struct ek_format {
	char system[64];
	char name[64];
	unsigned id;
	enum ek_event_kind kind;
	struct ek_field *fields;
	size_t nfields;
	size_t first_arg;   /* the first fetch argument among @fields */
	unsigned fixed_size; /* end of the last field: strings' bytes follow */
	char *text;         /* the file as captured, for the trace.dat */
	size_t text_len;
	size_t line;        /* LOG line of its `cat` */
};

/* Parses @sec, the `cat` of events/@system/@event/format. Returns 0 or -1
 * with @err naming the LOG line. */
int ek_format_parse(const char *logname, const struct ek_section *sec, const char *system,
		    const char *event, struct ek_format *fmt, struct ek_err *err);

/* The field called @name, or NULL. */
const struct ek_field *ek_format_field(const struct ek_format *fmt, const char *name);

void ek_format_free(struct ek_format *fmt);

#endif
