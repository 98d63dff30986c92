/*
 * The function tracer's filter globs, as Linux's set_ftrace_filter takes
 * them: '*' anywhere (start, end, middle, several), '?' for one character;
 * the pattern must match the whole name. Host-tested (tests/test_ftrace.c).
 */
#include <ek/ftrace.h>

bool ftrace_glob_match(const char *pat, size_t plen, const char *name)
{
	size_t p = 0, star_p = (size_t)-1;
	const char *n = name, *star_n = NULL;

	while (*n) {
		if (p < plen && (pat[p] == '?' || pat[p] == *n)) {
			p++;
			n++;
		} else if (p < plen && pat[p] == '*') {
			star_p = p++;
			star_n = n;
		} else if (star_n) {
			p = star_p + 1;
			n = ++star_n;
		} else {
			return false;
		}
	}
	while (p < plen && pat[p] == '*')
		p++;
	return p == plen;
}
