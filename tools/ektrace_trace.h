/*
 * One line of ftrace's text output (/sys/kernel/tracing/trace):
 *
 *   "          <idle>-0       [000] d.h1.    12.345678: stage: (boot_stage+0x4/0x1c) name="x""
 *   "          <idle>-0       [001] d..1.     0.011002: boot_stage <-start_kernel"
 *
 * TASK may hold blanks and dashes (the PID follows the last dash), the
 * flags column may be missing (trace_options noirq-info) and has 4 or 5
 * characters; the timestamp has up to nine decimals.
 */
#ifndef EKTRACE_TRACE_H
#define EKTRACE_TRACE_H

#include "ektrace_capture.h"

/* Reads the columns of @line into @r and points @body at the text after
 * "TIMESTAMP: ". Returns 0, or -1 with @err set (@lineno names the line). */
int ek_trace_columns(const char *logname, size_t lineno, const char *line, struct ek_record *r,
		     const char **body, struct ek_err *err);

/* Length of the "EVENT" of a body "EVENT: ...", 0 for a function tracer body. */
size_t ek_trace_event_len(const char *body);

/* Reads the body of @r (whose fmt is set) as its event kind prints it: the
 * location(s) and each fetch argument into r->vals[].text/num/str. Symbols
 * are not resolved yet. Returns 0 or -1 with @err set. */
int ek_trace_body(const char *logname, const char *line, const char *body, struct ek_record *r,
		  struct ek_err *err);

/* Parses "sym+0xoff/0xsize", "sym+0xoff", "sym" or "0xaddr" (@len bytes). */
int ek_parse_loc(const char *s, size_t len, struct ek_loc *loc);

#endif
