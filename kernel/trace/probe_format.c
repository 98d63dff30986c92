/*
 * kprobe_events definitions and parse errors back to text: the canonical
 * form the listings print (Linux's, so scripts read both the same way)
 * and "message at col N". Pure string work, like the parser, so host
 * tests check them together.
 */
#include <ek/printk.h>
#include <ek/probe_event.h>
#include <ek/string.h>

int probe_error_set(struct probe_error *err, int code, int pos, const char *fmt, ...)
{
	va_list ap;

	err->err = code;
	err->pos = pos;
	va_start(ap, fmt);
	kvsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

int probe_error_format(const struct probe_error *err, char *buf, size_t size)
{
	if (err->pos < 0)
		return kscnprintf(buf, size, "%s", err->msg);
	return kscnprintf(buf, size, "%s at col %d", err->msg, err->pos + 1);
}

int probe_def_format(const struct probe_def *def, char *buf, size_t size)
{
	int n;

	n = ksnprintf(buf, size, "%c", def->kind == PROBE_RETURN ? 'r' : 'p');
	if (def->maxactive)
		n += ksnprintf(buf + MIN((size_t)n, size), size - MIN((size_t)n, size), "%d",
			       def->maxactive);
#define APPEND(...) n += ksnprintf(buf + MIN((size_t)n, size), size - MIN((size_t)n, size), __VA_ARGS__)
	APPEND(":%s/%s", def->group, def->event);
	if (!def->has_symbol)
		APPEND(" 0x%08lx", def->addr);
	else if (def->offset)
		APPEND(" %s+%lu", def->symbol, def->offset);
	else
		APPEND(" %s", def->symbol);
	for (int i = 0; i < def->nargs; i++)
		APPEND(" %s=%s", def->args[i].name, def->args[i].text);
#undef APPEND
	return n;
}
