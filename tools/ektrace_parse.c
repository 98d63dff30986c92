/*
 * Parsing and statistics for ektrace. Two line shapes carry a hit:
 *   "          <idle>-0       [000] d..1.     1.234567: EVENT: (WHERE) ARGS"
 *   "[    1.234567] ekprobes: EVENT: (WHERE) ARGS"        (live printing)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ektrace.h"

static int copy_field(char *dst, size_t size, const char *src, size_t len)
{
	if (len >= size)
		return 0;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return 1;
}

/* "EVENT: (WHERE) ARGS" at @p. */
static int parse_event(const char *p, struct ek_hit *hit)
{
	const char *colon = strstr(p, ": (");
	const char *close;

	if (!colon || colon == p || memchr(p, ' ', (size_t)(colon - p)))
		return 0;
	close = strchr(colon + 3, ')');
	if (!close)
		return 0;
	if (!copy_field(hit->event, sizeof(hit->event), p, (size_t)(colon - p)) ||
	    !copy_field(hit->where, sizeof(hit->where), colon + 3, (size_t)(close - colon - 3)))
		return 0;
	p = close + 1;
	while (*p == ' ')
		p++;
	return copy_field(hit->args, sizeof(hit->args), p, strcspn(p, "\r\n"));
}

int ek_parse_line(const char *line, struct ek_hit *hit)
{
	const char *p;
	char *end;

	if (line[0] == '#')
		return 0;
	if (line[0] == '[') { /* live printing */
		hit->ts = strtod(line + 1, &end);
		if (end == line + 1 || *end != ']' || strncmp(end, "] ekprobes: ", 12))
			return 0;
		return parse_event(end + 12, hit);
	}
	/* trace file: TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: ... */
	p = strchr(line, '[');
	if (!p || !(p = strchr(p, ']')))
		return 0;
	p++;
	while (*p == ' ')
		p++;
	p += strcspn(p, " "); /* flags */
	hit->ts = strtod(p, &end);
	if (end == p || strncmp(end, ": ", 2))
		return 0;
	return parse_event(end + 2, hit);
}

size_t ek_event_stats(const struct ek_hit *hits, size_t n, struct ek_event_stats *out,
		      size_t max)
{
	size_t nev = 0;

	for (size_t i = 0; i < n; i++) {
		struct ek_event_stats *s = NULL;

		for (size_t j = 0; j < nev; j++)
			if (!strcmp(out[j].event, hits[i].event))
				s = &out[j];
		if (!s) {
			if (nev == max)
				continue;
			s = &out[nev++];
			memset(s, 0, sizeof(*s));
			snprintf(s->event, sizeof(s->event), "%s", hits[i].event);
			s->first = s->last = hits[i].ts;
			s->count = 1;
			continue;
		}
		double gap = hits[i].ts - s->last;

		if (s->count == 1 || gap < s->min_gap)
			s->min_gap = gap;
		if (gap > s->max_gap)
			s->max_gap = gap;
		s->last = hits[i].ts;
		s->count++;
	}
	return nev;
}
