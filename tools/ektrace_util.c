/* ektrace's error messages and allocation helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ektrace_util.h"

int ek_fail(struct ek_err *err, const char *file, size_t line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err->msg, sizeof(err->msg), "%s:%zu: ", file, line);

	if (n < 0 || (size_t)n >= sizeof(err->msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(err->msg + n, sizeof(err->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

void *ek_xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		perror("ektrace");
		exit(1);
	}
	return p;
}

char *ek_xstrndup(const char *s, size_t len)
{
	char *d = ek_xrealloc(NULL, len + 1);

	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}
