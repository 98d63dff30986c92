/*
 * ektrace: turn ekprobes trace output into reports.
 *
 *   ektrace [--summary] [--timeline] [FILE]
 *   ektrace ram DUMP --vmlinux FILE [--phys-base ADDR]   (tools/ektrace_ram.c)
 *
 * FILE (or stdin) is a boot log with live printing (ekprobes.print=1) or a
 * capture of `cat /sys/kernel/tracing/trace`; other lines are ignored.
 * --summary (default): per event, the hit count, first and last hit and the
 * smallest and largest gap between hits. --timeline: every hit with its
 * time since the first one and since the previous one, which is where a
 * slow boot stage shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ektrace.h"

#define MAX_EVENTS 1024

static void usage(void)
{
	fprintf(stderr, "usage: ektrace [--summary] [--timeline] [FILE]\n"
			"       ektrace ram DUMP --vmlinux FILE [--phys-base ADDR]\n");
	exit(2);
}

static void summary(const struct ek_hit *hits, size_t n)
{
	static struct ek_event_stats st[MAX_EVENTS];
	size_t nev = ek_event_stats(hits, n, st, MAX_EVENTS);

	printf("%-24s %8s %14s %14s %12s %12s\n", "EVENT", "HITS", "FIRST", "LAST", "MIN-GAP",
	       "MAX-GAP");
	for (size_t i = 0; i < nev; i++)
		printf("%-24s %8lu %14.6f %14.6f %12.6f %12.6f\n", st[i].event, st[i].count,
		       st[i].first, st[i].last, st[i].min_gap, st[i].max_gap);
}

static void timeline(const struct ek_hit *hits, size_t n)
{
	printf("%12s %12s  %-20s %s\n", "+START", "+PREV", "EVENT", "WHERE / ARGS");
	for (size_t i = 0; i < n; i++)
		printf("%12.6f %12.6f  %-20s (%s) %s\n", hits[i].ts - hits[0].ts,
		       i ? hits[i].ts - hits[i - 1].ts : 0.0, hits[i].event, hits[i].where,
		       hits[i].args);
}

int main(int argc, char **argv)
{
	int want_summary = 0, want_timeline = 0;
	const char *path = NULL;
	FILE *f = stdin;
	struct ek_hit *hits = NULL;
	size_t n = 0, cap = 0;
	char line[1024];

	if (argc > 1 && !strcmp(argv[1], "ram"))
		return ektrace_ram_main(argc - 1, argv + 1);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--summary"))
			want_summary = 1;
		else if (!strcmp(argv[i], "--timeline"))
			want_timeline = 1;
		else if (argv[i][0] == '-' || path)
			usage();
		else
			path = argv[i];
	}
	if (!want_summary && !want_timeline)
		want_summary = 1;
	if (path && !(f = fopen(path, "r"))) {
		perror(path);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			hits = realloc(hits, cap * sizeof(*hits));
			if (!hits) {
				perror("ektrace");
				return 1;
			}
		}
		n += ek_parse_line(line, &hits[n]);
	}
	if (f != stdin)
		fclose(f);
	if (!n) {
		fprintf(stderr, "ektrace: no probe hits found\n");
		return 1;
	}
	if (want_summary)
		summary(hits, n);
	if (want_timeline)
		timeline(hits, n);
	free(hits);
	return 0;
}
