/*
 * The trace printed on the console when nothing else will get it out
 * (kernel/trace/trace_dump.c): on an oops or a panic with
 * ekprobes.dump_on_oops=1 (DT dump-on-oops), or when a boot stage hangs
 * (ekprobes.hang_timeout_ms).
 */
#ifndef EK_TRACE_DUMP_H
#define EK_TRACE_DUMP_H

#include <ek/types.h>

/* Lines a dump prints at most: the newest entries, oldest first. */
#define TRACE_DUMP_LINES 64

/* The newest @max entries between a line naming @why and an end line. */
void trace_dump(const char *why, unsigned int max);
void trace_dump_set_on_oops(bool on);
/* An oops or a panic is being reported (arch traps, panic()): the dump,
 * the first time only, when asked for. */
void trace_dump_oops(void);

#endif
