/*
 * The event table of a boot trace area: what each record's event_id meant
 * to the boot that wrote it, in as few bytes as a later reader needs to
 * print its records (names, kind, the probed address, each argument's
 * name and type). Pure: kernel and host share it.
 */
#include <ek/crc32.h>
#include <ek/persist_read.h>
#include <ek/probe_event.h>
#include <ek/string.h>

/* @s and its NUL at @p, before @end: the byte after, or NULL. */
static char *put_str(char *p, const char *end, const char *s)
{
	size_t n = strlen(s) + 1;

	if (!p || (size_t)(end - p) < n)
		return NULL;
	memcpy(p, s, n);
	return p + n;
}

static u32 entry_check(const struct persist_event *e, u32 seq)
{
	const u8 *from = (const u8 *)&e->seq;

	return crc32_update(seq, from, e->size - offsetof(struct persist_event, seq));
}

size_t persist_event_encode(void *buf, size_t size, u16 id, u32 seq, u32 addr_off,
			    const struct probe_def *def)
{
	struct persist_event *e = buf;
	const char *end = (const char *)buf + size;
	char *p;
	size_t n;

	if (size < sizeof(*e))
		return 0;
	p = put_str(e->names, end, def->group);
	p = put_str(p, end, def->event);
	p = put_str(p, end, def->has_symbol ? def->symbol : "");
	for (int i = 0; p && i < def->nargs; i++) {
		if (p == end)
			return 0;
		*p++ = (char)def->args[i].type;
		p = put_str(p, end, def->args[i].name);
	}
	if (!p)
		return 0;
	n = ALIGN_UP((size_t)(p - (char *)buf), (size_t)4);
	if (n > size || n > 0xffff)
		return 0;
	memset(p, 0, n - (size_t)(p - (char *)buf));
	e->magic = PERSIST_EVENT_MAGIC;
	e->seq = seq;
	e->size = (u16)n;
	e->id = id;
	e->addr = addr_off;
	e->kind = def->kind;
	e->has_symbol = def->has_symbol;
	e->nargs = (u8)def->nargs;
	e->pad = 0;
	e->check = entry_check(e, seq);
	return n;
}

/* The next string of an entry's names[], or NULL when it runs off the end. */
static const char *next_str(const char **p, const char *end)
{
	const char *s = *p, *nul = memchr(s, '\0', (size_t)(end - s));

	if (!nul)
		return NULL;
	*p = nul + 1;
	return s;
}

bool persist_event_valid(const void *p, size_t avail, u32 seq, size_t *size)
{
	const struct persist_event *e = p;
	const char *names, *end;

	if (avail < sizeof(*e) || e->magic != PERSIST_EVENT_MAGIC || e->seq != seq ||
	    e->size < sizeof(*e) || e->size % 4 || e->size > avail ||
	    e->nargs > PROBE_MAX_ARGS || e->kind > PROBE_RETURN || e->check != entry_check(e, seq))
		return false;
	names = e->names;
	end = (const char *)p + e->size;
	for (int i = 0; i < 3; i++)
		if (!next_str(&names, end))
			return false;
	for (int i = 0; i < e->nargs; i++) {
		if (names >= end)
			return false;
		names++; /* the type */
		if (!next_str(&names, end))
			return false;
	}
	*size = e->size;
	return true;
}

void persist_event_decode(const struct persist_event *e, unsigned long base,
			  struct probe_def *def)
{
	const char *p = e->names, *end = (const char *)e + e->size;

	memset(def, 0, sizeof(*def));
	def->kind = e->kind;
	def->has_symbol = e->has_symbol;
	def->addr = base + e->addr;
	strlcpy(def->group, next_str(&p, end), sizeof(def->group));
	strlcpy(def->event, next_str(&p, end), sizeof(def->event));
	strlcpy(def->symbol, next_str(&p, end), sizeof(def->symbol));
	def->nargs = e->nargs;
	for (int i = 0; i < e->nargs; i++) {
		def->args[i].type = (u8)*p++;
		strlcpy(def->args[i].name, next_str(&p, end), sizeof(def->args[i].name));
	}
}
