/* ektrace's error messages and allocation helpers. */
#ifndef EKTRACE_UTIL_H
#define EKTRACE_UTIL_H

#include <stddef.h>

/* One error, already formatted as "<file>:<line>: <message>". */
struct ek_err {
	char msg[512];
};

/* Sets @err to "@file:@line: message" and returns -1 (for `return ek_fail(...)`). */
int ek_fail(struct ek_err *err, const char *file, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* realloc/strndup that end the program on exhaustion: a host tool has
 * nothing better to do. */
void *ek_xrealloc(void *p, size_t size);
char *ek_xstrndup(const char *s, size_t len);

#endif
