/*
 * The tracing error log (/sys/kernel/tracing/error_log, Linux's format):
 * kernel/trace/error_log.c.
 */
#ifndef EK_ERROR_LOG_H
#define EK_ERROR_LOG_H

#include <ek/types.h>

/* One error of @loc ("trace_kprobe") in the command @cmd (@len bytes, a
 * trailing newline is fine) at byte @pos (-1: none in particular, shown
 * at the start). */
void trace_error_log(const char *loc, const char *cmd, size_t len, int pos, const char *msg);

#endif
