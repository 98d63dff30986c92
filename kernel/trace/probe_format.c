/*
 * kprobe_events definitions and parse errors back to text: the canonical
 * form the listings print (Linux's, so scripts read both the same way)
 * and "message at col N". Pure string work, like the parser, so host
 * tests check them together.
 */
#include <ek/event_format.h>
#include <ek/printk.h>
#include <ek/probe_event.h>
#include <ek/string.h>
#include <ek/trace.h>

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

/* A recorded argument, where it lies in a slot (pure: the host printers use it too). */
const u8 *probe_slot_arg(const struct probe_def *def, const struct trace_slot *slot, int i,
			 size_t *len)
{
	const u8 *p = slot->data, *end = slot->data + MIN(slot->e.len, TRACE_DATA_MAX);

	for (int k = 0; k <= i && k < def->nargs; k++) {
		bool str = def->args[k].type == PTYPE_STRING;
		size_t n = str ? (end > p ? (size_t)p[0] : 0) : PTYPE_SIZE(def->args[k].type);

		if ((size_t)(end - p) < n + (str ? 1 : 0))
			return NULL; /* not recorded: the slot was full */
		if (k == i) {
			*len = n;
			return str ? p + 1 : p;
		}
		p += n + (str ? 1 : 0);
	}
	return NULL;
}

u64 probe_arg_number(u8 type, const u8 *p)
{
	bool sign = PTYPE_KIND(type) == 0x10;

	switch (PTYPE_SIZE(type)) {
	case 1: { u8 x; memcpy(&x, p, 1); return sign ? (u64)(s64)(s8)x : x; }
	case 2: { u16 x; memcpy(&x, p, 2); return sign ? (u64)(s64)(s16)x : x; }
	case 4: { u32 x; memcpy(&x, p, 4); return sign ? (u64)(s64)(s32)x : x; }
	default: { u64 x; memcpy(&x, p, 8); return x; }
	}
}
