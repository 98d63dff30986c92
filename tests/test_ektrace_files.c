/*
 * ektrace trace-dat / perfetto / svg, run as a user runs them on the
 * captures in tests/ektrace/ (a real vexpress-a9 boot with the README's
 * probes; a hand-made SMP capture with the function tracer, every fetch
 * type and a hit seconds later; a real boot with the function tracer):
 *  - every output equals its golden file (EKTRACE_BLESS=1 rewrites them);
 *  - round trip: Debian's `trace-cmd report` on the trace.dat prints the
 *    capture's trace, line for line, after the normalisation below;
 *  - KernelShark's library (libkshark, via kshark_load) loads every event
 *    with its time, CPU, task and name;
 *  - the JSON parses (python3 -m json.tool); the SVG renders with
 *    rsvg-convert to a PNG that is not blank;
 *  - bad input and bad usage: one line "ektrace: ..." and a nonzero exit,
 *    no output file left.
 *
 * The normalisation, all of it (what trace-cmd prints differently from
 * ftrace's text by design, not by loss):
 *  1. runs of blanks become one; the trace's "#" header and trace-cmd's
 *     "cpus=N" are dropped (N is checked against the header's #P:N);
 *  2. the flags column ("d.h1.") is dropped: `trace-cmd report` does not
 *     print it; `trace-cmd report -l` does, as CPU digit + flags, and is
 *     checked against it separately;
 *  3. "/0xSIZE" after "SYM+0xOFF" is dropped: kallsyms has no sizes, so
 *     trace-cmd prints symbols as SYM+0xOFF;
 *  4. a kprobe's location: Linux's print fmt prints __probe_ip in hex,
 *     "(%lx)"; the hex is turned back into SYM+0xOFF with the LOG's
 *     /proc/kallsyms (for a LOG without one, with the trace.dat's own,
 *     `trace-cmd report -f`). A return probe's print fmt is
 *     "(%lx <- %lx)" with __probe_func first, while the text shows the
 *     return address first: the two are swapped back, and the function
 *     is shown by name alone, as the text does;
 *  5. the function tracer: trace-cmd's function plugin prints
 *     "function: F <-- P", ftrace's text "F <-P".
 */
#include "test.h"

#include <ctype.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *ektrace, *dir, *out, *kshark;
/* JSON and SVG goldens for the first two; trace.dat for all (function.log,
 * a real boot with the function tracer, fills more than one ring-buffer page). */
static const char *const logs[] = { "vexpress-a9", "smp" };
static const char *const dat_logs[] = { "vexpress-a9", "smp", "function" };

struct lines {
	char **v;
	size_t n;
};

static void add_line(struct lines *l, const char *s, size_t len)
{
	l->v = realloc(l->v, (l->n + 1) * sizeof(*l->v));
	assert_non_null(l->v);
	l->v[l->n] = strndup(s, len);
	assert_non_null(l->v[l->n++]);
}

static void free_lines(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* The lines of a stream, without line ends and carriage returns. */
static struct lines read_stream(FILE *f)
{
	struct lines l = { 0 };
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, f)) >= 0) {
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		add_line(&l, line, (size_t)len);
	}
	free(line);
	return l;
}

static struct lines read_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	struct lines l;

	if (!f)
		fail_msg("cannot open %s", path);
	l = read_stream(f);
	fclose(f);
	return l;
}

/* Output of a shell command, which must exit 0. */
static struct lines command_lines(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	struct lines l;

	assert_non_null(p);
	l = read_stream(p);
	if (pclose(p))
		fail_msg("'%s' failed", cmd);
	return l;
}

/* Exit status of a shell command. */
static int run(const char *cmd)
{
	int st = system(cmd);

	assert_true(st != -1 && WIFEXITED(st));
	return WEXITSTATUS(st);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* @made equals @golden byte for byte; the first differing line is shown. */
static void check_golden(const char *made, const char *golden)
{
	size_t la, lb, i, line = 1;
	char *a = slurp(made, &la), *b;
	char cmd[600];

	if (getenv("EKTRACE_BLESS")) {
		snprintf(cmd, sizeof(cmd), "cp %s %s", made, golden);
		assert_int_equal(run(cmd), 0);
		printf("ektrace_files: blessed %s\n", golden);
	}
	b = slurp(golden, &lb);
	for (i = 0; i < la && i < lb && a[i] == b[i]; i++)
		line += a[i] == '\n';
	if (i != la || la != lb)
		fail_msg("%s differs from %s from line %zu (byte %zu)", made, golden, line, i);
	free(a);
	free(b);
}

static void ektrace_to(const char *cmd, const char *name, const char *ext, char *outpath,
		       size_t size)
{
	char line[800];

	snprintf(outpath, size, "%s/%s.%s", out, name, ext);
	snprintf(line, sizeof(line), "%s %s %s/%s.log -o %s", ektrace, cmd, dir, name, outpath);
	if (run(line))
		fail_msg("'%s' failed", line);
}

/* ---- the capture's files, read independently of ektrace ---- */

/* The lines `ek# cat PATH` printed, kernel messages and (for the trace) "#" lines left out. */
static struct lines cat_section(const char *name, const char *path)
{
	char log[400], cmd[300];
	struct lines all, sec = { 0 };
	int in = 0;

	snprintf(log, sizeof(log), "%s/%s.log", dir, name);
	snprintf(cmd, sizeof(cmd), "ek# cat %s", path);
	all = read_lines(log);
	for (size_t i = 0; i < all.n; i++) {
		const char *l = all.v[i];

		if (!strncmp(l, "ek# ", 4)) {
			in = !strcmp(l, cmd);
			continue;
		}
		if (in && l[0] != '[')
			add_line(&sec, l, strlen(l));
	}
	free_lines(&all);
	return sec;
}

/* Runs of blanks as one, none at the ends. */
static void squeeze(char *s)
{
	char *d = s;

	for (char *p = s; *p; p++) {
		if (isspace((unsigned char)*p) && (d == s || d[-1] == ' '))
			continue;
		*d++ = isspace((unsigned char)*p) ? ' ' : *p;
	}
	if (d > s && d[-1] == ' ')
		d--;
	*d = '\0';
}

struct sym {
	unsigned long long addr;
	char name[128];
};

struct syms {
	struct sym *v;
	size_t n;
};

static int sym_cmp(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* "ADDR [TYPE] NAME" lines: /proc/kallsyms or `trace-cmd report -f`. */
static struct syms parse_syms(const struct lines *l)
{
	struct syms s = { calloc(l->n + 1, sizeof(struct sym)), 0 };

	for (size_t i = 0; i < l->n; i++) {
		const char *name = strrchr(l->v[i], ' ');

		if (!name || !isxdigit((unsigned char)l->v[i][0]))
			continue;
		s.v[s.n].addr = strtoull(l->v[i], NULL, 16);
		snprintf(s.v[s.n++].name, sizeof(s.v[0].name), "%s", name + 1);
	}
	qsort(s.v, s.n, sizeof(*s.v), sym_cmp);
	return s;
}

/* "SYM+0xOFF" for an address (the name alone for @bare and offset 0). */
static void sym_text(const struct syms *s, unsigned long long a, int bare, char *buf, size_t size)
{
	const struct sym *best = NULL;

	for (size_t i = 0; i < s->n && s->v[i].addr <= a; i++)
		best = &s->v[i];
	if (!best)
		snprintf(buf, size, "0x%llx", a);
	else if (bare && a == best->addr)
		snprintf(buf, size, "%s", best->name);
	else
		snprintf(buf, size, "%s+0x%llx", best->name, a - best->addr);
}

/* Normalisation 3: "SYM+0xOFF/0xSIZE" -> "SYM+0xOFF". */
static void drop_sizes(char *s)
{
	char *p = s;

	while ((p = strstr(p, "+0x"))) {
		char *q = p + 3;

		while (isxdigit((unsigned char)*q))
			q++;
		if (q[0] == '/' && q[1] == '0' && q[2] == 'x') {
			char *e = q + 3;

			while (isxdigit((unsigned char)*e))
				e++;
			memmove(q, e, strlen(e) + 1);
		}
		p = q;
	}
}

struct trace_line {
	char text[700];  /* normalised */
	unsigned cpu;
	char flags[8];
	char task_pid[80];
	char event[80];  /* "" for function lines */
	unsigned long long ns;
};

/* A line of the capture's trace, normalised (1-3). */
static void norm_trace_line(const char *line, struct trace_line *t)
{
	char buf[700], *open, *close, *flags, *ts, *colon;
	unsigned long long s, us;

	memset(t, 0, sizeof(*t));
	snprintf(buf, sizeof(buf), "%s", line);
	squeeze(buf);
	open = strstr(buf, " [");
	assert_non_null(open);
	close = strchr(open, ']');
	assert_non_null(close);
	snprintf(t->task_pid, sizeof(t->task_pid), "%.*s", (int)(open - buf), buf);
	t->cpu = (unsigned)strtoul(open + 2, NULL, 10);
	flags = close + 2;
	ts = strchr(flags, ' ');
	if (ts && ts[-1] != ':') { /* 2: drop the flags column */
		snprintf(t->flags, sizeof(t->flags), "%.*s", (int)(ts - flags), flags);
		memmove(flags, ts + 1, strlen(ts + 1) + 1);
	}
	assert_int_equal(sscanf(flags, "%llu.%llu:", &s, &us), 2);
	t->ns = s * 1000000000ull + us * 1000;
	colon = strchr(flags, ' ');
	if (colon && strchr(colon + 1, ':') && strchr(colon + 1, ':') < strchr(colon + 1, ' '))
		snprintf(t->event, sizeof(t->event), "%.*s",
			 (int)(strchr(colon + 1, ':') - colon - 1), colon + 1);
	drop_sizes(buf);
	snprintf(t->text, sizeof(t->text), "%s", buf);
}

/* A line of `trace-cmd report -O parent`, normalised (1, 4, 5). */
static void norm_report_line(const char *line, const struct syms *syms, char *res, size_t size)
{
	char buf[700], a[160], b[160];
	char *body, *loc;

	snprintf(buf, sizeof(buf), "%s", line);
	squeeze(buf);
	body = strstr(buf, ": ");
	assert_non_null(body);
	body += 2;
	if (!strncmp(body, "function: ", 10)) { /* 5 */
		char *arrow = strstr(body, " <-- ");

		assert_non_null(arrow);
		memmove(arrow + 3, arrow + 5, strlen(arrow + 5) + 1);
		memmove(body, body + 10, strlen(body + 10) + 1);
		snprintf(res, size, "%s", buf);
		return;
	}
	loc = strstr(body, ": (");
	if (loc) { /* 4 */
		char *end, *rest;
		unsigned long long x = strtoull(loc + 3, &end, 16);

		if (!strncmp(end, " <- ", 4)) {
			unsigned long long y = strtoull(end + 4, &end, 16);

			sym_text(syms, y, 0, a, sizeof(a));
			sym_text(syms, x, 1, b, sizeof(b));
			rest = end;
			snprintf(res, size, "%.*s: (%s <- %s%s", (int)(loc - buf), buf, a, b, rest);
		} else {
			sym_text(syms, x, 0, a, sizeof(a));
			snprintf(res, size, "%.*s: (%s%s", (int)(loc - buf), buf, a, end);
		}
		return;
	}
	snprintf(res, size, "%s", buf);
}

static unsigned header_cpus(const struct lines *trace)
{
	for (size_t i = 0; i < trace->n; i++) {
		const char *p = strstr(trace->v[i], "#P:");

		if (trace->v[i][0] == '#' && p)
			return (unsigned)atoi(p + 3);
	}
	fail_msg("no #P:N in the trace header");
	return 0;
}

/* The capture's trace lines, normalised. */
static struct trace_line *trace_of(const char *name, size_t *n, unsigned *ncpus)
{
	struct lines sec = cat_section(name, "/sys/kernel/tracing/trace");
	struct trace_line *t = calloc(sec.n + 1, sizeof(*t));

	*n = 0;
	*ncpus = header_cpus(&sec);
	for (size_t i = 0; i < sec.n; i++)
		if (sec.v[i][0] != '#' && sec.v[i][strspn(sec.v[i], " ")])
			norm_trace_line(sec.v[i], &t[(*n)++]);
	free_lines(&sec);
	return t;
}

static void round_trip(const char *name)
{
	char dat[400], cmd[600], cpus[32], norm[700], lat[32];
	struct lines report, latency, ks;
	struct syms syms;
	unsigned ncpus;
	size_t n;
	struct trace_line *t = trace_of(name, &n, &ncpus);
	char golden[400];

	ektrace_to("trace-dat", name, "dat", dat, sizeof(dat));
	snprintf(golden, sizeof(golden), "%s/%s.dat", dir, name);
	check_golden(dat, golden);
	ks = cat_section(name, "/proc/kallsyms");
	if (!ks.n) {
		snprintf(cmd, sizeof(cmd), "trace-cmd report -f %s", dat);
		free_lines(&ks);
		ks = command_lines(cmd);
	}
	syms = parse_syms(&ks);
	snprintf(cmd, sizeof(cmd), "trace-cmd report -O parent %s 2>&1", dat);
	report = command_lines(cmd);
	snprintf(cmd, sizeof(cmd), "trace-cmd report -l -O parent %s 2>&1", dat);
	latency = command_lines(cmd);
	snprintf(cpus, sizeof(cpus), "cpus=%u", ncpus);
	assert_true(report.n > 0 && latency.n == report.n);
	assert_string_equal(report.v[0], cpus);
	if (report.n - 1 != n)
		fail_msg("%s: trace-cmd report prints %zu events, the trace has %zu", name,
			 report.n - 1, n);
	for (size_t i = 0; i < n; i++) {
		char *tok;

		norm_report_line(report.v[i + 1], &syms, norm, sizeof(norm));
		if (strcmp(norm, t[i].text))
			fail_msg("%s line %zu:\n  trace:      %s\n  trace-cmd:  %s", name, i + 1,
				 t[i].text, norm);
		/* 2: "TASK-PID CPUFLAGS TIMESTAMP: ..." in latency format */
		squeeze(latency.v[i + 1]);
		tok = strchr(latency.v[i + 1], ' ');
		assert_non_null(tok);
		snprintf(lat, sizeof(lat), "%u%s ", t[i].cpu, t[i].flags);
		if (strncmp(tok + 1, lat, strlen(lat)))
			fail_msg("%s line %zu: flags '%s', trace-cmd report -l: %s", name, i + 1,
				 t[i].flags, latency.v[i + 1]);
	}
	printf("ektrace_files: %s: trace-cmd report prints the %zu events of the trace\n", name, n);
	free(syms.v);
	free_lines(&ks);
	free_lines(&report);
	free_lines(&latency);
	free(t);
}

static void test_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(dat_logs) / sizeof(dat_logs[0]); i++)
		round_trip(dat_logs[i]);
}

/* libkshark loads what the trace holds: count, time, CPU, task, event. */
static void test_kernelshark(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(dat_logs) / sizeof(dat_logs[0]); k++) {
		const char *const *logs = dat_logs;
		char cmd[600], dat[400];
		struct lines ks;
		unsigned ncpus;
		size_t n;
		struct trace_line *t = trace_of(logs[k], &n, &ncpus);

		ektrace_to("trace-dat", logs[k], "dat", dat, sizeof(dat));
		snprintf(cmd, sizeof(cmd), "%s %s", kshark, dat);
		ks = command_lines(cmd);
		assert_int_equal(ks.n, n);
		for (size_t i = 0; i < n; i++) {
			char want[300];

			snprintf(want, sizeof(want), "%llu %u %s ", t[i].ns, t[i].cpu, t[i].task_pid);
			if (strncmp(ks.v[i], want, strlen(want)))
				fail_msg("%s line %zu: libkshark loaded '%s', the trace has '%s'", logs[k],
					 i + 1, ks.v[i], want);
			if (t[i].event[0]) {
				const char *slash = strchr(ks.v[i] + strlen(want), '/');

				assert_non_null(slash);
				assert_true(!strncmp(slash + 1, t[i].event, strlen(t[i].event)) &&
					    slash[1 + strlen(t[i].event)] == '\t');
			} else {
				assert_true(!strncmp(ks.v[i] + strlen(want), "ftrace/function\t", 16));
			}
		}
		printf("ektrace_files: %s: libkshark (KernelShark) loads its %zu events\n",
		       logs[k], n);
		free_lines(&ks);
		free(t);
	}
}

static void test_perfetto(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(logs) / sizeof(logs[0]); i++) {
		char json[400], golden[400], cmd[600];

		ektrace_to("perfetto", logs[i], "json", json, sizeof(json));
		snprintf(golden, sizeof(golden), "%s/%s.json", dir, logs[i]);
		check_golden(json, golden);
		snprintf(cmd, sizeof(cmd), "python3 -m json.tool %s >/dev/null", json);
		assert_int_equal(run(cmd), 0);
		printf("ektrace_files: %s: the Perfetto JSON is valid and as expected\n", logs[i]);
	}
}

/* Pixels of a PNG that differ from its top-left (background) pixel. */
static size_t inked_pixels(const char *path, size_t *total)
{
	png_image img;
	png_bytep px;
	size_t n = 0;

	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&img, path))
		fail_msg("%s: %s", path, img.message);
	img.format = PNG_FORMAT_RGB;
	px = malloc(PNG_IMAGE_SIZE(img));
	assert_non_null(px);
	assert_true(png_image_finish_read(&img, NULL, px, 0, NULL));
	*total = (size_t)img.width * img.height;
	for (size_t i = 0; i < *total; i++)
		n += memcmp(px + 3 * i, px, 3) != 0;
	free(px);
	return n;
}

static void test_svg(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(logs) / sizeof(logs[0]); i++) {
		char svg[400], golden[400], png[400], cmd[900];
		size_t total, inked;

		ektrace_to("svg", logs[i], "svg", svg, sizeof(svg));
		snprintf(golden, sizeof(golden), "%s/%s.svg", dir, logs[i]);
		check_golden(svg, golden);
		snprintf(png, sizeof(png), "%s/%s.png", out, logs[i]);
		snprintf(cmd, sizeof(cmd), "rsvg-convert -o %s %s", png, svg);
		assert_int_equal(run(cmd), 0);
		inked = inked_pixels(png, &total);
		/* stage bars alone cover more than 2% of the picture */
		if (inked * 50 < total)
			fail_msg("%s: only %zu of %zu pixels drawn", png, inked, total);
		printf("ektrace_files: %s: rsvg-convert draws %zu of %zu pixels (%zu%%)\n", logs[i],
		       inked, total, inked * 100 / total);
	}
}

/* Bad usage and bad LOGs: exit status, one stderr line, no output file. */
static void test_errors(void **state)
{
	static const struct {
		const char *args; /* %1$s: tests/ektrace, %2$s: the output file */
		int status;
		const char *err;
	} cases[] = {
		{ "perfetto", 2, "ektrace: perfetto: no LOG given (usage: ektrace perfetto LOG -o "
				 "boot.json)" },
		{ "svg %1$s/vexpress-a9.log", 2, "ektrace: svg: no output file: -o FILE (usage: "
						 "ektrace svg LOG -o boot.svg)" },
		{ "trace-dat %1$s/vexpress-a9.log -o %2$s -q", 2,
		  "ektrace: trace-dat: unknown option '-q' (usage: ektrace trace-dat LOG -o trace.dat)" },
		{ "trace-dat %1$s/vexpress-a9.log %1$s/smp.log -o %2$s", 2,
		  "ektrace: trace-dat: more than one LOG (usage: ektrace trace-dat LOG -o trace.dat)" },
		{ "svg %1$s/vexpress-a9.log -o", 2,
		  "ektrace: svg: -o needs a file name (usage: ektrace svg LOG -o boot.svg)" },
		{ "svg %1$s/no-such.log -o %2$s", 1,
		  "ektrace: %1$s/no-such.log: cannot open: No such file or directory" },
		{ "svg %1$s/vexpress-a9.log -o /nonexistent/boot.svg", 1,
		  "ektrace: /nonexistent/boot.svg: cannot create: No such file or directory" },
		{ "trace-dat %1$s/bad-cut-off.log -o %2$s", 1,
		  "ektrace: %1$s/bad-cut-off.log:104: the output of 'cat /sys/kernel/tracing/trace' "
		  "is not followed by an ek# prompt: the capture is cut off" },
		{ "trace-dat %1$s/bad-lost-line.log -o %2$s", 1,
		  "ektrace: %1$s/bad-lost-line.log:133: /sys/kernel/tracing/trace: the header says 18 "
		  "entries, the capture holds 17: lines lost or cut off" },
		{ "perfetto %1$s/bad-no-format.log -o %2$s", 1,
		  "ektrace: %1$s/bad-no-format.log:110: event 'ioremap' has no format in the LOG: add "
		  "`cat /sys/kernel/tracing/events/boot/ioremap/format`" },
		{ "svg %1$s/bad-format-missing.log -o %2$s", 1,
		  "ektrace: %1$s/bad-format-missing.log:112: event 'ioremap' has no format: "
		  "/sys/kernel/tracing/events/boot/ioremap/format does not exist on the target" },
		{ "trace-dat %1$s/bad-format.log -o %2$s", 1,
		  "ektrace: %1$s/bad-format.log:88: /sys/kernel/tracing/events/boot/ioremap/format: "
		  "expected 'field:TYPE NAME;\\toffset:N;\\tsize:N;\\tsigned:N;'" },
		{ "trace-dat %1$s/bad-value.log -o %2$s", 1,
		  "ektrace: %1$s/bad-value.log:124: column 85: '0x1e00g000' is not a u32 value" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char outfile[400], args[800], want[800], cmd[1200];
		struct lines err;

		snprintf(outfile, sizeof(outfile), "%s/error-case.out", out);
		remove(outfile);
		snprintf(args, sizeof(args), cases[i].args, dir, outfile);
		snprintf(want, sizeof(want), cases[i].err, dir, outfile);
		snprintf(cmd, sizeof(cmd), "%s %s 2>%s/error-case.err >/dev/null", ektrace, args, out);
		assert_int_equal(run(cmd), cases[i].status);
		snprintf(cmd, sizeof(cmd), "%s/error-case.err", out);
		err = read_lines(cmd);
		if (err.n != 1 || strcmp(err.v[0], want))
			fail_msg("ektrace %s:\n  said: %s\n  want: %s", args, err.n ? err.v[0] : "",
				 want);
		assert_int_equal(access(outfile, F_OK), -1);
		free_lines(&err);
	}
	printf("ektrace_files: %zu bad inputs and usages give one line each\n",
	       sizeof(cases) / sizeof(cases[0]));
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_kernelshark),
		cmocka_unit_test(test_perfetto),
		cmocka_unit_test(test_svg),
		cmocka_unit_test(test_errors),
	};
	char mkdir[600];

	if (argc != 5) {
		fprintf(stderr, "usage: test_ektrace_files EKTRACE TESTDIR OUTDIR KSHARK_LOAD\n");
		return 2;
	}
	ektrace = argv[1];
	dir = argv[2];
	out = argv[3];
	kshark = argv[4];
	snprintf(mkdir, sizeof(mkdir), "mkdir -p %s", out);
	if (system(mkdir))
		return 2;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
