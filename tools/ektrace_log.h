/*
 * A console capture of the ek# shell (LOG), split into the files it shows:
 * each `ek# cat PATH` line is followed by PATH's contents up to the next
 * `ek# ` prompt. Lines keep their LOG line numbers for error messages.
 */
#ifndef EKTRACE_LOG_H
#define EKTRACE_LOG_H

#include <stddef.h>

#include "ektrace_util.h"

/* The output of one `cat`. Kernel messages printed meanwhile ("[    1.234567] ...",
 * e.g. live-printed probe hits) are not part of it. */
struct ek_section {
	char path[256];
	size_t cmd_line;     /* LOG line (1-based) of `ek# cat PATH` */
	const char **lines;  /* the file's lines */
	size_t *lineno;      /* their LOG line numbers */
	size_t count;
	int missing;         /* the shell said "cat: PATH: No such file or directory" */
};

struct ek_log {
	const char *name;   /* the LOG's file name, for messages */
	char *text;         /* the whole file; lines point into it */
	size_t nlines;
	struct ek_section *sec;
	size_t nsec;
};

/* Reads and splits @path. A LOG whose last `cat` is not followed by a
 * prompt was cut off: that is an error. Returns 0 or -1 with @err set. */
int ek_log_read(const char *path, struct ek_log *log, struct ek_err *err);

/* Splits @len bytes of @text, which has room for one byte more (it is
 * taken over: ek_log_free frees it). */
int ek_log_parse(const char *name, char *text, size_t len, struct ek_log *log,
		 struct ek_err *err);

/* The last `cat` of @path, or NULL. */
const struct ek_section *ek_log_find(const struct ek_log *log, const char *path);

void ek_log_free(struct ek_log *log);

#endif
