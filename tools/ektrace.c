/*
 * ektrace: turn ekprobes trace output into reports and files.
 *
 *   ektrace [--summary] [--timeline] [FILE]
 *   ektrace trace-dat LOG -o trace.dat   (trace-cmd report, KernelShark)
 *   ektrace perfetto LOG -o boot.json    (Perfetto UI, chrome://tracing)
 *   ektrace svg LOG -o boot.svg          (a boot timeline picture)
 *   ektrace ram DUMP --vmlinux FILE [--phys-base ADDR]   (tools/ektrace_ram.c)
 *
 * FILE (or stdin) is a boot log with live printing (ekprobes.print=1) or a
 * capture of `cat /sys/kernel/tracing/trace`; other lines are ignored.
 * --summary (default): per event, the hit count, first and last hit and the
 * smallest and largest gap between hits. --timeline: every hit with its
 * time since the first one and since the previous one, which is where a
 * slow boot stage shows.
 *
 * The subcommands read a LOG, a console capture of the ek# shell holding
 * `cat` of the trace and of its events' format files (ektrace_capture.h).
 * Errors are one line, "ektrace: <file>:<line>: <message>", exit status 1;
 * bad usage exits with 2.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ektrace.h"
#include "ektrace_write.h"

#define MAX_EVENTS 1024

static const struct subcommand {
	const char *name;
	const char *example;
	int (*write)(const struct ek_capture *c, FILE *out, struct ek_err *err);
} subcommands[] = {
	{ "trace-dat", "trace.dat", ek_write_dat },
	{ "perfetto", "boot.json", ek_write_perfetto },
	{ "svg", "boot.svg", ek_write_svg },
};

static int bad_usage(const struct subcommand *sc, const char *what)
{
	fprintf(stderr, "ektrace: %s: %s (usage: ektrace %s LOG -o %s)\n", sc->name, what,
		sc->name, sc->example);
	return 2;
}

/* ektrace SUBCOMMAND LOG -o OUT ("-o -": standard output). */
static int run_subcommand(const struct subcommand *sc, int argc, char **argv)
{
	const char *log = NULL, *outpath = NULL;
	struct ek_capture c;
	struct ek_err err;
	FILE *out;
	int ret;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-o")) {
			if (i + 1 == argc)
				return bad_usage(sc, "-o needs a file name");
			if (outpath)
				return bad_usage(sc, "-o given twice");
			outpath = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			char what[300];

			snprintf(what, sizeof(what), "unknown option '%s'", argv[i]);
			return bad_usage(sc, what);
		} else if (log) {
			return bad_usage(sc, "more than one LOG");
		} else {
			log = argv[i];
		}
	}
	if (!log)
		return bad_usage(sc, "no LOG given");
	if (!outpath)
		return bad_usage(sc, "no output file: -o FILE");
	if (ek_capture_load(log, &c, &err)) {
		fprintf(stderr, "ektrace: %s\n", err.msg);
		ek_capture_free(&c);
		return 1;
	}
	out = strcmp(outpath, "-") ? fopen(outpath, "wb") : stdout;
	if (!out) {
		fprintf(stderr, "ektrace: %s: cannot create: %s\n", outpath, strerror(errno));
		ek_capture_free(&c);
		return 1;
	}
	ret = sc->write(&c, out, &err);
	if (out != stdout && fclose(out) && !ret) {
		snprintf(err.msg, sizeof(err.msg), "%s: write error: %s", outpath, strerror(errno));
		ret = -1;
	}
	if (ret) {
		fprintf(stderr, "ektrace: %s\n", err.msg);
		if (out != stdout)
			remove(outpath);
	}
	ek_capture_free(&c);
	return ret ? 1 : 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: ektrace [--summary] [--timeline] [FILE]\n"
			"       ektrace trace-dat|perfetto|svg LOG -o FILE\n"
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

	for (size_t i = 0; argc > 1 && i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return run_subcommand(&subcommands[i], argc - 2, argv + 2);
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
