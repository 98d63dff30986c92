/* ektrace: reports over ekprobes trace output (host tool). */
#ifndef EKTRACE_H
#define EKTRACE_H

#include <stddef.h>

/* One probe hit, from a trace line or a live "ekprobes: EVENT: (...)" line. */
struct ek_hit {
	double ts;            /* seconds since boot */
	char event[64];
	char where[128];      /* "sym+off/size" or "caller+off/size <- func" */
	char args[256];       /* "name=value ..." as printed */
};

/* Parse one line of `cat /sys/kernel/tracing/trace` or of a boot log with
 * live printing. Returns 1 for a hit, 0 for any other line. */
int ek_parse_line(const char *line, struct ek_hit *hit);

struct ek_event_stats {
	char event[64];
	unsigned long count;
	double first, last;
	double min_gap, max_gap; /* between consecutive hits; 0 when count < 2 */
};

/* Per-event statistics over @n hits in time order; returns the number of
 * distinct events written to @out (at most @max), in first-hit order. */
size_t ek_event_stats(const struct ek_hit *hits, size_t n, struct ek_event_stats *out,
		      size_t max);

/* `ektrace ram ...` (tools/ektrace_ram.c): @argv[0] is "ram". */
int ektrace_ram_main(int argc, char **argv);

#endif
