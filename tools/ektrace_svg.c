/*
 * A boot timeline as one self-contained SVG (no scripts, fonts or images
 * from elsewhere): a row of boot stages as bars, one row per event with a
 * tick per hit (coloured by CPU when there are several; an entry/return
 * pair also as a bar on the return's row), and a time axis in ms with a
 * grid. Names that do not fit their bar go to label lanes under the
 * stages. Every bar and tick carries a <title>, which browsers show on hover.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ektrace_timeline.h"
#include "ektrace_write.h"

#define WIDTH 1200
#define LEFT 190           /* event names */
#define RIGHT 40
#define TOP 56
#define STAGE_H 26
#define LANE_H 15          /* a lane of stage names that do not fit their bar */
#define MAX_LANES 6
#define ROW_H 22
#define AXIS_H 44
#define CHAR_W 6.2         /* average width of an 11px sans-serif character */
#define FONT "font-family=\"DejaVu Sans,Verdana,sans-serif\""

static const char *const stage_colors[] = { "#8ecae6", "#ffb703", "#a7c957", "#f4a261",
					    "#cdb4db", "#90be6d", "#f28482", "#84a59d" };
static const char *const cpu_colors[] = { "#1d3557", "#e63946", "#2a9d8f", "#9c6644",
					  "#7209b7", "#f77f00", "#4361ee", "#588157" };

struct scale {
	uint64_t a0, a1, step; /* axis start, end and tick step, ns */
};

static double x_of(const struct scale *s, uint64_t t)
{
	return LEFT + (double)(t - s->a0) * (WIDTH - LEFT - RIGHT) / (double)(s->a1 - s->a0);
}

/* Ticks every 1, 2 or 5 x 10^k ns, at most 10 of them. */
static void make_scale(const struct ek_timeline *t, struct scale *s)
{
	uint64_t span = t->t1 - t->t0, step = 1000;

	for (uint64_t m = 1000; m < UINT64_MAX / 100; m *= 10) {
		if (span <= 10 * m) { step = m; break; }
		if (span <= 20 * m) { step = 2 * m; break; }
		if (span <= 50 * m) { step = 5 * m; break; }
	}
	s->step = step;
	s->a0 = t->t0 / step * step;
	s->a1 = (t->t1 + step - 1) / step * step;
	if (s->a1 <= s->a0)
		s->a1 = s->a0 + step;
}

/* Text content: XML's specials escaped, other bytes as character references. */
static void xml_text(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			if (*p < 0x20)
				fputc('?', f); /* not allowed in XML 1.0 */
			else if (*p >= 0x7f)
				fprintf(f, "&#x%x;", *p);
			else
				fputc(*p, f);
		}
	}
}

static void ms_text(char *buf, size_t size, uint64_t ns, uint64_t step)
{
	int decimals = step >= 1000000 ? 0 : step >= 100000 ? 1 : step >= 10000 ? 2 : 3;

	snprintf(buf, size, "%.*f", decimals, (double)ns / 1e6);
}

static void header(FILE *f, const struct ek_capture *c, const struct ek_timeline *t,
		   unsigned height)
{
	const char *base = strrchr(c->log.name, '/');

	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%u\" "
		"viewBox=\"0 0 %d %u\" %s font-size=\"11\">\n", WIDTH, height, WIDTH, height, FONT);
	fprintf(f, "<rect width=\"%d\" height=\"%u\" fill=\"#ffffff\"/>\n", WIDTH, height);
	fprintf(f, "<text x=\"12\" y=\"24\" font-size=\"16\" font-weight=\"bold\">ekprobes boot "
		"timeline</text>\n<text x=\"12\" y=\"42\" fill=\"#555555\">");
	xml_text(f, base ? base + 1 : c->log.name);
	fprintf(f, ": %zu hits, %zu stages, %.3f ms to %.3f ms</text>\n", c->nrecs, t->nstages,
		(double)t->t0 / 1e6, (double)t->t1 / 1e6);
}

/* Greedy lanes for the names that do not fit their bars; returns lanes used. */
static unsigned place_labels(const struct ek_timeline *t, const struct scale *s, int *lane)
{
	double end[MAX_LANES];
	unsigned used = 0;

	for (size_t i = 0; i < t->nstages; i++) {
		const struct ek_stage *st = &t->stages[i];
		double x = x_of(s, st->start), w = x_of(s, st->end) - x;
		double need = CHAR_W * (double)strlen(st->name) + 8;

		lane[i] = -1;
		if (need <= w)
			continue;
		for (unsigned l = 0; l < MAX_LANES; l++) {
			if (l == used) {
				used++;
				end[l] = -1e9;
			}
			if (end[l] < x) {
				lane[i] = (int)l;
				end[l] = x + need;
				break;
			}
		}
	}
	return used;
}

static void stage_row(FILE *f, const struct ek_timeline *t, const struct scale *s, const int *lane)
{
	double y = TOP;

	fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-weight=\"bold\">boot stages</text>\n", 12,
		y + STAGE_H / 2.0 + 4);
	for (size_t i = 0; i < t->nstages; i++) {
		const struct ek_stage *st = &t->stages[i];
		double x = x_of(s, st->start), w = x_of(s, st->end) - x;
		char a[32], b[32], d[32];

		if (w < 1.5)
			w = 1.5;
		ms_text(a, sizeof(a), st->start, 1000);
		ms_text(b, sizeof(b), st->end, 1000);
		ms_text(d, sizeof(d), st->end - st->start, 1000);
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
			"stroke=\"#333333\" stroke-width=\"0.5\"><title>", x, y, w, STAGE_H,
			stage_colors[i % (sizeof(stage_colors) / sizeof(stage_colors[0]))]);
		xml_text(f, st->name);
		fprintf(f, ": %s to %s ms (%s ms)</title></rect>\n", a, b, d);
		if (lane[i] < 0) {
			fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x + w / 2,
				y + STAGE_H / 2.0 + 4);
		} else {
			double ly = y + STAGE_H + LANE_H * (lane[i] + 1) - 3;

			fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
				"stroke=\"#888888\" stroke-width=\"0.5\"/>\n", x + 1, y + STAGE_H,
				x + 1, ly - 9);
			fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">", x + 1, ly);
		}
		xml_text(f, st->name);
		fputs("</text>\n", f);
	}
}

/* The distinct events in order of first hit; returns how many. */
static size_t event_rows(const struct ek_capture *c, const struct ek_format **rows)
{
	size_t n = 0;

	for (size_t i = 0; i < c->nrecs; i++) {
		size_t j;

		for (j = 0; j < n && rows[j] != c->recs[i].fmt; j++)
			;
		if (j == n)
			rows[n++] = c->recs[i].fmt;
	}
	return n;
}

static void tick(FILE *f, const struct ek_capture *c, const struct ek_timeline *t,
		 const struct ek_record *r, double x, double y)
{
	char where[300], ms[32];
	const struct ek_format *fmt = r->fmt;

	ek_record_where(r, where, sizeof(where));
	ms_text(ms, sizeof(ms), r->ts_ns, 1000);
	fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
		"stroke-width=\"1.5\"><title>", x, y + 3, x, y + ROW_H - 3,
		t->ncpus > 1 ? cpu_colors[r->cpu % (sizeof(cpu_colors) / sizeof(cpu_colors[0]))] :
			       cpu_colors[0]);
	fprintf(f, "%s ms ", ms);
	if (t->ncpus > 1 || c->ncpus > 1)
		fprintf(f, "CPU %u ", r->cpu);
	xml_text(f, fmt->name);
	fputs(": ", f);
	xml_text(f, where);
	for (size_t i = fmt->first_arg; i < fmt->nfields; i++) {
		if (!r->vals[i].present)
			continue;
		fputc(' ', f);
		xml_text(f, fmt->fields[i].name);
		fputc('=', f);
		xml_text(f, r->vals[i].text);
	}
	fputs("</title></line>\n", f);
}

/* Each event's row: a shaded background every other row, its name and hit count. */
static void row_labels(FILE *f, const struct ek_capture *c, const struct ek_format **ev,
		       size_t nev, double y0)
{
	for (size_t k = 0; k < nev; k++) {
		double y = y0 + (double)k * ROW_H;
		size_t hits = 0;

		for (size_t i = 0; i < c->nrecs; i++)
			hits += c->recs[i].fmt == ev[k];
		if (k % 2)
			fprintf(f, "<rect x=\"0\" y=\"%.1f\" width=\"%d\" height=\"%d\" "
				"fill=\"#f3f3f3\"/>\n", y, WIDTH, ROW_H);
		fprintf(f, "<text x=\"12\" y=\"%.1f\">", y + ROW_H / 2.0 + 4);
		xml_text(f, ev[k]->system);
		fputc(':', f);
		xml_text(f, ev[k]->name);
		fprintf(f, " (%zu)</text>\n", hits);
	}
}

/* Each event's spans and ticks. */
static void rows(FILE *f, const struct ek_capture *c, const struct ek_timeline *t,
		 const struct scale *s, const struct ek_format **ev, size_t nev, double y0)
{
	for (size_t k = 0; k < nev; k++) {
		double y = y0 + (double)k * ROW_H;

		for (size_t i = 0; i < t->nspans; i++) {
			const struct ek_record *e = &c->recs[t->spans[i].entry];
			const struct ek_record *r = &c->recs[t->spans[i].ret];

			if (r->fmt != ev[k])
				continue;
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"6\" "
				"fill=\"#bbbbbb\"/>\n", x_of(s, e->ts_ns), y + ROW_H / 2.0 - 3,
				x_of(s, r->ts_ns) - x_of(s, e->ts_ns));
		}
		for (size_t i = 0; i < c->nrecs; i++)
			if (c->recs[i].fmt == ev[k])
				tick(f, c, t, &c->recs[i], x_of(s, c->recs[i].ts_ns), y);
	}
}

static void axis(FILE *f, const struct scale *s, double top, double y)
{
	fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333333\"/>\n", LEFT,
		y, WIDTH - RIGHT, y);
	for (uint64_t v = s->a0; v <= s->a1; v += s->step) {
		double x = x_of(s, v);
		char ms[32];

		ms_text(ms, sizeof(ms), v, s->step);
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\" "
			"stroke-width=\"0.5\"/>\n", x, top, x, y);
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			"stroke=\"#333333\"/>\n", x, y, x, y + 5);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", x,
			y + 18, ms);
	}
	fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555555\">time since "
		"boot (ms)</text>\n", WIDTH - RIGHT, y + 36);
}

static void legend(FILE *f, const struct ek_timeline *t, double y)
{
	if (t->ncpus < 2)
		return;
	for (unsigned cpu = 0; cpu < t->ncpus; cpu++) {
		double x = 12 + 70.0 * cpu;

		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>\n"
			"<text x=\"%.1f\" y=\"%.1f\">CPU %u</text>\n", x, y - 9,
			cpu_colors[cpu % (sizeof(cpu_colors) / sizeof(cpu_colors[0]))], x + 14, y, cpu);
	}
}

int ek_write_svg(const struct ek_capture *c, FILE *out, struct ek_err *err)
{
	struct ek_timeline t;
	struct scale s;
	const struct ek_format **ev = ek_xrealloc(NULL, (c->nrecs + 1) * sizeof(*ev));
	int *lane;
	unsigned lanes, height;
	size_t nev = event_rows(c, ev);
	double rows_top, axis_y;

	ek_timeline_build(c, &t);
	make_scale(&t, &s);
	lane = ek_xrealloc(NULL, (t.nstages + 1) * sizeof(*lane));
	lanes = place_labels(&t, &s, lane);
	rows_top = TOP + STAGE_H + LANE_H * lanes + 10;
	axis_y = rows_top + ROW_H * (double)nev + 6;
	height = (unsigned)axis_y + AXIS_H + (t.ncpus > 1 ? 20 : 0);
	header(out, c, &t, height);
	row_labels(out, c, ev, nev, rows_top);
	axis(out, &s, TOP - 4, axis_y);
	stage_row(out, &t, &s, lane);
	rows(out, c, &t, &s, ev, nev, rows_top);
	legend(out, &t, axis_y + AXIS_H + 6);
	fputs("</svg>\n", out);
	ek_timeline_free(&t);
	free(lane);
	free(ev);
	if (ferror(out)) {
		snprintf(err->msg, sizeof(err->msg), "write error: %s", strerror(errno));
		return -1;
	}
	return 0;
}
