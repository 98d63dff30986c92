/*
 * libFuzzer target: ektrace's LOG loader (tools/ektrace_capture.c and the
 * files it reads through) and the three writers. The input is a LOG.
 * Beyond "no crash":
 *  - an error is one line "fuzz.log:N: message" whose N names a line of
 *    the input (or the line after the last, where something was missing);
 *  - a success has every record bound to a format of the LOG, with one
 *    value per field and a location the symbol table resolved, and the
 *    trace.dat, Perfetto and SVG writers all succeed on it.
 */
#include "../../tools/ektrace_write.h"

#include "fuzz.h"

static FILE *devnull;

static size_t count_lines(const uint8_t *data, size_t size)
{
	size_t n = 1;

	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n';
	return n;
}

static void check_error(const struct ek_err *err, size_t lines)
{
	unsigned long line;
	char *end;

	if (strncmp(err->msg, "fuzz.log:", 9))
		fuzz_fail("error without the LOG's name: %s", err->msg);
	line = strtoul(err->msg + 9, &end, 10);
	if (end == err->msg + 9 || strncmp(end, ": ", 2) || !end[2] || strchr(err->msg, '\n'))
		fuzz_fail("error not 'fuzz.log:N: message' on one line: %s", err->msg);
	if (line < 1 || line > lines + 1)
		fuzz_fail("error at line %lu of a LOG of %zu lines: %s", line, lines, err->msg);
}

static void check_capture(const struct ek_capture *c)
{
	for (size_t i = 0; i < c->nrecs; i++) {
		const struct ek_record *r = &c->recs[i];

		if (r->fmt < c->fmts || r->fmt >= c->fmts + c->nfmts || !r->vals)
			fuzz_fail("record %zu without a format of the LOG", i);
		if (r->cpu >= c->ncpus)
			fuzz_fail("record %zu on CPU %u of %u", i, r->cpu, c->ncpus);
		if (r->where.sym[0] && !r->where.addr)
			fuzz_fail("record %zu: %s unresolved", i, r->where.sym);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size); /* taken over by the capture */
	struct ek_capture c;
	struct ek_err err;

	if (!devnull && !(devnull = fopen("/dev/null", "w")))
		abort();
	if (ek_capture_parse("fuzz.log", text, size, &c, &err)) {
		check_error(&err, count_lines(data, size));
	} else {
		check_capture(&c);
		if (ek_write_dat(&c, devnull, &err) || ek_write_perfetto(&c, devnull, &err) ||
		    ek_write_svg(&c, devnull, &err))
			fuzz_fail("a loaded capture's writer failed: %s", err.msg);
	}
	ek_capture_free(&c);
	return 0;
}
