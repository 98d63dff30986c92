/*
 * A loaded capture: the LOG's `trace` with every record bound to its
 * event's format, every field value known (numbers, strings, addresses),
 * as the trace.dat, Perfetto and SVG writers need it.
 *
 * The LOG must hold `cat /sys/kernel/tracing/trace` and, for every event
 * the trace shows, `cat /sys/kernel/tracing/events/<grp>/<event>/format`
 * (events/ftrace/function/format for function tracer lines). Optional:
 * `cat /sys/kernel/tracing/available_events` (names the missing format
 * file in errors) and `cat /proc/kallsyms` (real addresses, see
 * ektrace_ksyms.h).
 */
#ifndef EKTRACE_CAPTURE_H
#define EKTRACE_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "ektrace_format.h"
#include "ektrace_ksyms.h"
#include "ektrace_log.h"

#define TRACING_DIR "/sys/kernel/tracing/"

/* The largest record (fields and strings): a 4096-byte ring-buffer page
 * less its header and the event's. */
#define EK_MAX_RECORD 4000

/* A code location as the trace prints it: "sym+0xoff/0xsize", "sym" or "0xaddr". */
struct ek_loc {
	char sym[128];      /* empty for a bare address */
	uint64_t off, size; /* size 0: not printed */
	uint64_t addr;      /* resolved */
};

/* One field's value. */
struct ek_value {
	uint64_t num;  /* numbers, masked to the field's size */
	char *str;     /* strings (bytes between the quotes) */
	char *text;    /* a fetch argument as printed, e.g. "0x1e001000" */
	int present;   /* printed (a full trace slot may drop trailing arguments) */
	int fault;     /* printed "(fault)" */
	int is_sym;    /* printed as SYMBOL+0xOFF: @num is its address */
};

struct ek_record {
	size_t line;          /* LOG line */
	char task[64];
	int pid;
	unsigned cpu;
	char flags[8];        /* the flags column as printed ("d.h1."), "" if none */
	uint8_t common_flags; /* the same as Linux's TRACE_FLAG_* bits */
	uint8_t preempt;      /* preempt depth | migrate-disable depth << 4 */
	uint64_t ts_ns;
	const struct ek_format *fmt;
	struct ek_loc where;  /* kprobe: the probe; kretprobe: the return address; function: it */
	struct ek_loc func;   /* kretprobe: the function returning; function: its parent */
	struct ek_value *vals; /* one per field of @fmt */
};

struct ek_capture {
	struct ek_log log;
	struct ek_format *fmts;
	size_t nfmts;
	struct ek_ksyms ksyms;
	struct ek_record *recs;  /* in trace order */
	size_t nrecs;
	unsigned ncpus;          /* "#P:N", else the highest CPU + 1 */
	unsigned long_size;      /* 4 or 8: the size of __probe_ip and friends */
	char tracer[32];         /* "# tracer: X" */
};

/* Loads @path. Returns 0, or -1 with @err = "<file>:<line>: <message>". */
int ek_capture_load(const char *path, struct ek_capture *c, struct ek_err *err);

/* The same from a LOG already in memory (taken over, see ek_log_parse). */
int ek_capture_parse(const char *name, char *text, size_t len, struct ek_capture *c,
		     struct ek_err *err);

void ek_capture_free(struct ek_capture *c);

#endif
