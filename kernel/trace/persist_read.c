/*
 * Reading a boot trace area after the fact (include/ek/persist_read.h).
 *
 * The ring's own state (where the next entry goes, how often it wrapped)
 * died with the boot that wrote it, so the records say it themselves: a
 * slot holds a record of the area's last generation when its tag is the
 * header's and, in a kept region, its check word matches. The writer fills
 * slots in order and wraps to slot 0, so in slot order the records' times
 * rise but once, where the ring wrapped: the oldest record is there.
 *
 * What cannot be trusted is dropped, never shown: a page (32 slots) with a
 * slot that should hold a record and does not (decayed DRAM, a write that
 * never left a cache) goes whole, as the damage that hit one record rarely
 * spares its neighbours; the one slot the writer was filling when the boot
 * stopped is dropped alone; a record whose time goes backwards, or sticks
 * out above the next one, is dropped.
 */
#include <ek/crc32.h>
#include <ek/kallsyms.h>
#include <ek/persist_read.h>
#include <ek/printk.h>
#include <ek/probe_event.h>
#include <ek/shell.h>
#include <ek/string.h>
#include <ek/time.h>

static bool bit(const u32 *map, u32 i)
{
	return map[i / 32] >> (i % 32) & 1;
}

static void set_bit(u32 *map, u32 i)
{
	map[i / 32] |= 1u << (i % 32);
}

int persist_header_status(const struct persist_header *h)
{
	if (h->magic[0] != PERSIST_MAGIC0 || h->magic[1] != PERSIST_MAGIC1)
		return PERSIST_NONE;
	if (h->version != PERSIST_VERSION)
		return PERSIST_BAD_VERSION;
	if (h->check != persist_check(h, offsetof(struct persist_header, check), h->seq) ||
	    h->header_size != sizeof(*h) || h->slot_size != TRACE_ENTRY_SIZE ||
	    !h->nslots || h->nslots > PERSIST_MAX_SLOTS || h->build_id_len > PERSIST_BUILD_ID_MAX ||
	    h->events_off < sizeof(*h) || h->events_size > h->area_size ||
	    h->events_off > h->area_size - h->events_size)
		return PERSIST_BAD_HEADER;
	return PERSIST_OK;
}

static u32 gen_check(const struct persist_gen *g, u32 seq)
{
	return persist_check(g, offsetof(struct persist_gen, check), seq);
}

static bool epoch_valid(const struct persist_header *h, unsigned int epoch)
{
	const struct persist_epoch *e = &h->epochs[epoch];

	return e->check == persist_check(e, offsetof(struct persist_epoch, check), h->seq) &&
	       e->shift <= 32;
}

u64 persist_slot_ns(const struct persist_view *v, const struct trace_slot *slot)
{
	const struct persist_epoch *e = &v->h->epochs[TRACE_ENTRY_EPOCH(slot->e.flags)];

	return e->base_ns + clock_cycles_to_ns(slot->e.ts - e->base_cycles, e->mult, e->shift);
}

/* Whether @s is a whole record of this generation. */
static bool record_good(const struct persist_view *v, const struct trace_slot *s)
{
	if (TRACE_ENTRY_TAG(s->e.flags) != v->tag || s->e.len > TRACE_DATA_MAX ||
	    !epoch_valid(v->h, TRACE_ENTRY_EPOCH(s->e.flags)))
		return false;
	if (s->e.event_id == TRACE_TYPE_FUNCTION &&
	    (s->e.len != sizeof(u32) || s->e.faults || (s->e.flags & TRACE_ENTRY_TRUNCATED) ||
	     !persist_task_comm(v, (s->e.flags & TRACE_ENTRY_TASK_MASK) >> TRACE_ENTRY_TASK_SHIFT)))
		return false; /* the trampoline's constant header words, a known task */
	return !(v->h->flags & PERSIST_F_CHECKED) || s->e.check == trace_entry_check(s);
}

static bool tag_matches(const struct persist_view *v, const struct trace_slot *s)
{
	return TRACE_ENTRY_TAG(s->e.flags) == v->tag;
}

static void index_events(struct persist_view *v)
{
	const u8 *table = (const u8 *)v->h + v->h->events_off;
	size_t size = v->h->events_size, at = 0, n;

	v->nevents = 0;
	/* Entries follow each other; a damaged one is skipped by looking for
	 * the next magic word. */
	while (at + sizeof(struct persist_event) <= size && v->nevents < PERSIST_VIEW_EVENTS) {
		const struct persist_event *e = (const void *)(table + at);
		u32 i;

		if (!persist_event_valid(e, size - at, v->h->seq, &n)) {
			at += 4;
			continue;
		}
		/* Insertion by id (entries come mostly in id order); a later
		 * entry for the same id replaces the earlier one. */
		for (i = v->nevents; i && v->events[i - 1].id > e->id; i--)
			;
		if (i && v->events[i - 1].id == e->id) {
			v->events[i - 1].off = (u32)at;
		} else {
			memmove(&v->events[i + 1], &v->events[i], (v->nevents - i) * sizeof(v->events[0]));
			v->events[i].id = e->id;
			v->events[i].off = (u32)at;
			v->nevents++;
		}
		at += n;
	}
}

/* Pass 1: which slots hold good records, and where the times drop. A drop
 * below the last record but not below the one before it is a spike (that
 * record's time is wrong: a function entry's high timestamp word is not
 * in its check word), not where the ring wrapped. */
static void find_records(struct persist_view *v, u32 *first, u32 *last, u32 *wrap)
{
	u64 prev = 0, prev2 = 0;
	u32 seen = 0;

	*wrap = v->capacity; /* none */
	for (u32 i = 0; i < v->capacity; i++) {
		const struct trace_slot *s = &v->slots[i];
		u64 ns;

		if (!record_good(v, s)) {
			if (tag_matches(v, s))
				v->bad_records++;
			continue;
		}
		set_bit(v->good, i);
		ns = persist_slot_ns(v, s);
		if (!seen)
			*first = i;
		else if (ns < prev && (seen < 2 || ns < prev2) && *wrap == v->capacity)
			*wrap = i;
		*last = i;
		prev2 = prev;
		prev = ns;
		seen++;
	}
	if (!seen)
		*first = *last = v->capacity;
}

/* Pass 2: pages with a hole where a record should be are dropped. */
static void drop_damaged_pages(struct persist_view *v, u32 last)
{
	/* Slots that must hold records: all once the ring wrapped, else up to
	 * the newest one. The slot just before the oldest record was being
	 * written when the boot stopped: a hole there is the cut record. */
	u32 end = v->lapped ? v->capacity : last + 1;
	u32 cut = v->lapped ? (v->oldest + v->capacity - 1) % v->capacity : v->capacity;

	for (u32 i = 0; i < end; i++) {
		if (bit(v->good, i))
			continue;
		if (i == cut) {
			v->partial = 1;
			continue;
		}
		set_bit(v->page_bad, i / PERSIST_PAGE_SLOTS);
	}
	if (!v->lapped && end < v->capacity && tag_matches(v, &v->slots[end]))
		v->partial = 1; /* cut before the ring ever wrapped */
	for (u32 i = 0; i < v->capacity; i++)
		if (bit(v->good, i) && bit(v->page_bad, i / PERSIST_PAGE_SLOTS))
			v->dropped_records++;
	for (u32 p = 0; p * PERSIST_PAGE_SLOTS < v->capacity; p++)
		v->dropped_pages += bit(v->page_bad, p);
}

static bool usable(const struct persist_view *v, u32 i)
{
	return bit(v->good, i) && !bit(v->page_bad, i / PERSIST_PAGE_SLOTS);
}

/* The time of the next usable record after walk position @k, if any. */
static bool next_ns(const struct persist_view *v, u32 k, u64 *ns)
{
	for (k++; k < v->span; k++) {
		u32 i = (v->oldest + k) % v->capacity;

		if (usable(v, i)) {
			*ns = persist_slot_ns(v, &v->slots[i]);
			return true;
		}
	}
	return false;
}

/* The walk in time order, shared by the count and by persist_for_each().
 * A record earlier than the last one shown is dropped, and so is one later
 * than the next while that next is not earlier than the last shown: a
 * spike, whose own time is wrong, not the ones after it. */
static void walk(const struct persist_view *v, u32 *out_of_order,
		 bool (*fn)(const struct persist_view *v, const struct trace_slot *slot, u64 ns,
			    void *ctx),
		 void *ctx)
{
	u64 prev = 0, after;

	for (u32 k = 0; k < v->span; k++) {
		u32 i = (v->oldest + k) % v->capacity;
		const struct trace_slot *s = &v->slots[i];
		u64 ns;

		if (!usable(v, i))
			continue;
		ns = persist_slot_ns(v, s);
		if (ns < prev || (next_ns(v, k, &after) && ns > after && after >= prev)) {
			if (out_of_order)
				(*out_of_order)++;
			continue;
		}
		prev = ns;
		if (fn && !fn(v, s, ns, ctx))
			return;
	}
}

static bool count_one(const struct persist_view *v, const struct trace_slot *slot, u64 ns,
		      void *ctx)
{
	struct persist_view *w = ctx;

	w->records++;
	w->last = (u32)(slot - v->slots);
	w->last_ns = ns;
	return true;
}

int persist_open(struct persist_view *v, const void *hdr, const void *lo, const void *hi,
		 const u8 *build_id, u32 build_id_len)
{
	const struct persist_header *h = hdr;
	const u8 *base = hdr;
	u32 first, last, wrap;

	memset(v, 0, sizeof(*v));
	v->h = h;
	if ((const u8 *)hi - base < (ptrdiff_t)sizeof(*h))
		return v->status = PERSIST_TRUNCATED;
	v->status = persist_header_status(h);
	if (v->status != PERSIST_OK)
		return v->status;
	if (build_id && (h->build_id_len != build_id_len || memcmp(h->build_id, build_id, build_id_len)))
		return v->status = PERSIST_OTHER_BUILD;
	v->slots = (const struct trace_slot *)(base + h->slots_off);
	if ((const u8 *)v->slots < (const u8 *)lo || (const u8 *)hi - base < (ptrdiff_t)h->area_size ||
	    (const u8 *)hi - (const u8 *)v->slots < (ptrdiff_t)(h->nslots * sizeof(struct trace_slot)))
		return v->status = PERSIST_TRUNCATED;
	if (h->gen.check != gen_check(&h->gen, h->seq) || !h->gen.capacity ||
	    h->gen.capacity > h->nslots)
		return v->status = PERSIST_BAD_HEADER;
	v->tag = h->gen.tag;
	v->capacity = h->gen.capacity;
	index_events(v);
	find_records(v, &first, &last, &wrap);
	/* Times drop once: the ring wrapped there. Records up to the last
	 * slot but none in slot 0 mean it wrapped too, and slot 0 was being
	 * rewritten when the boot stopped. */
	v->lapped = wrap < v->capacity || (first > 0 && first < v->capacity && last == v->capacity - 1);
	v->oldest = !v->lapped ? 0 : wrap < v->capacity ? wrap : first;
	if (first < v->capacity) {
		v->span = v->lapped ? v->capacity : last + 1;
		drop_damaged_pages(v, last);
	}
	walk(v, &v->out_of_order, count_one, v);
	return PERSIST_OK;
}

void persist_for_each(const struct persist_view *v,
		      bool (*fn)(const struct persist_view *v, const struct trace_slot *slot,
				 u64 ns, void *ctx),
		      void *ctx)
{
	if (v->status == PERSIST_OK)
		walk(v, NULL, fn, ctx);
}

const char *persist_stage(const struct persist_view *v)
{
	const struct persist_stage *st = &v->h->stage;

	if (st->check != crc32_update(v->h->seq, st->name, sizeof(st->name)) ||
	    !memchr(st->name, '\0', sizeof(st->name)))
		return "";
	return st->name;
}

const char *persist_task_comm(const struct persist_view *v, unsigned int pid)
{
	const struct persist_task *t = &v->h->tasks[pid % PERSIST_TASKS];

	if (pid >= PERSIST_TASKS || t->check != crc32_update(v->h->seq ^ pid, t->name, sizeof(t->name)) ||
	    !memchr(t->name, '\0', sizeof(t->name)) || !t->name[0])
		return NULL;
	return t->name;
}

static const struct persist_event *find_event(const struct persist_view *v, u16 id)
{
	u32 lo = 0, hi = v->nevents;

	while (lo < hi) {
		u32 mid = (lo + hi) / 2;

		if (v->events[mid].id == id)
			return (const void *)((const u8 *)v->h + v->h->events_off + v->events[mid].off);
		if (v->events[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool persist_event_def(const struct persist_view *v, u16 id, unsigned long base,
		       struct probe_def *def)
{
	const struct persist_event *e = find_event(v, id);

	if (!e)
		return false;
	persist_event_decode(e, base, def);
	return true;
}

/* The writer's addresses in @slot moved to @base: the ip, a function
 * entry's parent, and the arguments printed as symbols. */
static void relocate(const struct persist_view *v, struct trace_slot *slot,
		     const struct probe_def *def, unsigned long base)
{
	u32 delta = (u32)base - v->h->load_base;
	const u8 *end = slot->data + MIN(slot->e.len, TRACE_DATA_MAX);
	u8 *p = slot->data;
	u32 w;

	slot->e.ip += delta;
	if (slot->e.event_id == TRACE_TYPE_FUNCTION) {
		memcpy(&w, slot->data, 4);
		w += delta;
		memcpy(slot->data, &w, 4);
		return;
	}
	for (int i = 0; def && i < def->nargs; i++) {
		u8 type = def->args[i].type;
		size_t need = type == PTYPE_STRING ? 1u + (p < end ? *p : 0) : PTYPE_SIZE(type);

		if ((size_t)(end - p) < need)
			break;
		if (PTYPE_KIND(type) == PTYPE_KIND(PTYPE_SYMBOL) && need == 4 &&
		    !(slot->e.faults & (1u << i))) {
			memcpy(&w, p, 4);
			w += delta;
			memcpy(p, &w, 4);
		}
		p += need;
	}
}

void persist_print_record(struct seq *s, const struct persist_view *v,
			  const struct trace_slot *slot, u64 ns, unsigned long base)
{
	/* Too big for a stack; written before read: not cleared at boot. */
	static struct probe_def def __section(".noinit");
	static struct trace_slot copy __section(".noinit");
	bool known = slot->e.event_id != TRACE_TYPE_FUNCTION &&
		     persist_event_def(v, slot->e.event_id, base, &def);

	memcpy(&copy, slot, sizeof(copy));
	relocate(v, &copy, known ? &def : NULL, base);
	trace_print_prefix(s, &copy, ns,
			   persist_task_comm(v, (copy.e.flags & TRACE_ENTRY_TASK_MASK) >> TRACE_ENTRY_TASK_SHIFT));
	if (copy.e.event_id == TRACE_TYPE_FUNCTION)
		trace_print_function(s, &copy);
	else if (known)
		trace_print_event_def(s, &def, &copy);
	else
		seq_printf(s, "Unknown type %u", copy.e.event_id);
	seq_puts(s, "\n");
}

void persist_record_name(const struct persist_view *v, const struct trace_slot *slot,
			 unsigned long base, char *buf, size_t size)
{
	static struct probe_def def __section(".noinit");
	const char *fn = NULL;

	if (slot->e.event_id == TRACE_TYPE_FUNCTION) {
		kallsyms_lookup(slot->e.ip - v->h->load_base + base, &fn, NULL, NULL);
		strlcpy(buf, fn ? fn : "function", size);
	} else if (persist_event_def(v, slot->e.event_id, base, &def)) {
		strlcpy(buf, def.event, size);
	} else {
		ksnprintf(buf, size, "event %u", slot->e.event_id);
	}
}
