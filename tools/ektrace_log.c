/*
 * Splitting a console capture into the files `cat` printed. Captures come
 * from serial consoles and terminal programs: lines may end in "\r\n" or
 * "\r\r\n", and kernel messages may land in the middle of a file's output.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ektrace_log.h"

#define PROMPT "ek# "

/* "[    1.234567] ..." */
static int is_kernel_message(const char *l)
{
	if (*l++ != '[')
		return 0;
	while (*l == ' ')
		l++;
	if (!isdigit((unsigned char)*l))
		return 0;
	while (isdigit((unsigned char)*l))
		l++;
	if (*l++ != '.' || !isdigit((unsigned char)*l))
		return 0;
	while (isdigit((unsigned char)*l))
		l++;
	return *l == ']';
}

/* "cat PATH" with exactly one path: PATH is copied to @path. */
static int cat_path(const char *cmd, char *path, size_t size)
{
	size_t len;

	if (strncmp(cmd, "cat ", 4))
		return 0;
	cmd += 4;
	while (*cmd == ' ')
		cmd++;
	len = strcspn(cmd, " ");
	if (!len || len >= size || cmd[len + strspn(cmd + len, " ")])
		return 0;
	memcpy(path, cmd, len);
	path[len] = '\0';
	return 1;
}

static void add_line(struct ek_section *s, size_t *cap, const char *line, size_t lineno)
{
	if (s->count == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		s->lines = ek_xrealloc(s->lines, *cap * sizeof(*s->lines));
		s->lineno = ek_xrealloc(s->lineno, *cap * sizeof(*s->lineno));
	}
	s->lines[s->count] = line;
	s->lineno[s->count++] = lineno;
}

/* A `cat` of a file that does not exist prints one "cat: PATH: ..." line. */
static void mark_missing(struct ek_section *s)
{
	char want[300];

	snprintf(want, sizeof(want), "cat: %s: ", s->path);
	if (s->count == 1 && !strncmp(s->lines[0], want, strlen(want))) {
		s->missing = 1;
		s->count = 0;
	}
}

int ek_log_parse(const char *name, char *text, size_t len, struct ek_log *log,
		 struct ek_err *err)
{
	struct ek_section *cur = NULL;
	size_t seccap = 0, linecap = 0, lineno = 0;
	char *p = text, *end = text + len;
	char *nul = memchr(text, '\0', len);

	memset(log, 0, sizeof(*log));
	log->name = name;
	log->text = text;
	if (nul) {
		size_t l = 1;

		for (char *q = text; q < nul; q++)
			l += *q == '\n';
		return ek_fail(err, name, l, "NUL byte: not a text console capture");
	}
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *eol = nl ? nl : end;
		char *line = p;

		p = nl ? nl + 1 : end;
		lineno++;
		while (eol > line && eol[-1] == '\r')
			eol--;
		*eol = '\0';
		if (!strncmp(line, PROMPT, strlen(PROMPT)) || !strcmp(line, "ek#")) {
			char path[sizeof(cur->path)];

			if (cur)
				mark_missing(cur);
			cur = NULL;
			if (!line[3] || !cat_path(line + strlen(PROMPT), path, sizeof(path)))
				continue;
			if (log->nsec == seccap) {
				seccap = seccap ? 2 * seccap : 16;
				log->sec = ek_xrealloc(log->sec, seccap * sizeof(*log->sec));
			}
			cur = &log->sec[log->nsec++];
			memset(cur, 0, sizeof(*cur));
			strcpy(cur->path, path);
			cur->cmd_line = lineno;
			linecap = 0;
			continue;
		}
		if (cur && !is_kernel_message(line))
			add_line(cur, &linecap, line, lineno);
	}
	log->nlines = lineno;
	if (cur)
		return ek_fail(err, name, cur->cmd_line,
			       "the output of 'cat %s' is not followed by an ek# prompt: "
			       "the capture is cut off", cur->path);
	return 0;
}

int ek_log_read(const char *path, struct ek_log *log, struct ek_err *err)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	size_t len = 0, cap = 0, n;

	memset(log, 0, sizeof(*log));
	if (!f) {
		snprintf(err->msg, sizeof(err->msg), "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	do {
		if (cap - len < 4096)
			text = ek_xrealloc(text, cap = 2 * cap + 4096);
		n = fread(text + len, 1, cap - len, f);
		len += n;
	} while (n);
	fclose(f);
	return ek_log_parse(path, text, len, log, err);
}

const struct ek_section *ek_log_find(const struct ek_log *log, const char *path)
{
	for (size_t i = log->nsec; i-- > 0;)
		if (!strcmp(log->sec[i].path, path))
			return &log->sec[i];
	return NULL;
}

void ek_log_free(struct ek_log *log)
{
	for (size_t i = 0; i < log->nsec; i++) {
		free(log->sec[i].lines);
		free(log->sec[i].lineno);
	}
	free(log->sec);
	free(log->text);
	memset(log, 0, sizeof(*log));
}
