/*
 * libFuzzer target: the boot trace reader (kernel/trace/persist_read.c,
 * persist_events.c), which reads whatever a reset, decayed DRAM or a
 * foreign RAM dump left behind.
 *
 * The input's first 64 bytes choose the header's fields (slot count,
 * capacity, tag, table size, flags, epochs, task names); the harness gives
 * the header its magic and valid check words, so the reader goes past
 * them, and the rest of the input is everything after the header page: the
 * event table and the slots, in a buffer of exactly that size (ASan
 * catches a read past it). Properties: nothing is read outside the buffer; every record handed
 * out lies in a slot of the ring, carries the generation's tag and comes
 * in time order; the counts add up; every record prints.
 */
#include <ek/crc32.h>
#include <ek/kallsyms.h>
#include <ek/persist_read.h>
#include <ek/probe_event.h>
#include <ek/shell.h>

#include "fuzz.h"

#define PARAMS 64

struct walk_state {
	u64 prev;
	u32 n;
};

static bool check_one(const struct persist_view *v, const struct trace_slot *slot, u64 ns,
		      void *ctx)
{
	struct walk_state *w = ctx;
	char buf[512];
	struct seq s;

	if (slot < v->slots || slot >= v->slots + v->capacity)
		fuzz_fail("record outside the ring");
	if (TRACE_ENTRY_TAG(slot->e.flags) != v->tag)
		fuzz_fail("record of another generation");
	if (w->n && ns < w->prev)
		fuzz_fail("time goes backwards: %llu after %llu", (unsigned long long)ns,
			  (unsigned long long)w->prev);
	w->prev = ns;
	w->n++;
	seq_init_buf(&s, buf, sizeof(buf));
	persist_print_record(&s, v, slot, ns, 0);
	persist_record_name(v, slot, 0, buf, sizeof(buf));
	return true;
}

static u32 word(const uint8_t *p)
{
	u32 w;

	memcpy(&w, p, 4);
	return w;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u32 addrs[] = { 0x100 };
	static const u32 sizes[] = { 0x40 };
	static const u32 name_off[] = { 0 };
	static u16 hash[2];
	static const struct kallsyms_table syms = {
		.num = 1, .addrs = addrs, .sizes = sizes, .name_off = name_off,
		.names = "Tf", .hash = hash, .hash_mask = 1,
	};
	static struct persist_view v;
	struct persist_header *h;
	struct walk_state w = { 0, 0 };
	size_t rest, total;
	u8 *buf;
	u32 seq;

	if (size < PARAMS)
		return 0;
	kallsyms_init(&syms, 0);
	rest = size - PARAMS;
	total = PERSIST_PAGE + rest;
	buf = calloc(1, total);
	if (!buf)
		abort();
	memcpy(buf + PERSIST_PAGE, data + PARAMS, rest);
	h = (struct persist_header *)buf;
	seq = word(data) | 1;
	h->magic[0] = PERSIST_MAGIC0;
	h->magic[1] = PERSIST_MAGIC1;
	h->version = PERSIST_VERSION;
	h->header_size = sizeof(*h);
	h->events_off = PERSIST_PAGE;
	h->events_size = (u32)MIN((size_t)(word(data + 4) % (PERSIST_EVENTS_SIZE + 1)), rest);
	h->area_size = (u32)total;
	h->slots_off = (s32)(PERSIST_PAGE + ALIGN_UP(h->events_size, 128u) * (data[8] & 1));
	h->nslots = (word(data + 12) % PERSIST_MAX_SLOTS) + 1;
	h->slot_size = TRACE_ENTRY_SIZE;
	h->seq = seq;
	h->flags = data[9] & 3;
	h->load_base = word(data + 16);
	h->build_id_len = 0;
	h->check = persist_check(h, offsetof(struct persist_header, check), seq);
	h->gen.tag = word(data + 20) & TRACE_ENTRY_TAG_MASK;
	h->gen.capacity = (word(data + 24) % h->nslots) + 1;
	h->gen.check = persist_check(&h->gen, offsetof(struct persist_gen, check), seq);
	memcpy(h->stage.name, data + 28, sizeof(h->stage.name));
	h->stage.check = crc32_update(seq, h->stage.name, sizeof(h->stage.name));
	for (int i = 0; i < PERSIST_EPOCHS; i++) {
		struct persist_epoch *e = &h->epochs[i];

		e->base_ns = (u64)word(data + 52) << i;
		e->base_cycles = word(data + 56) >> i;
		e->mult = word(data + 60) | 1;
		e->shift = (u32)(i * 4) % 33;
		e->check = persist_check(e, offsetof(struct persist_epoch, check), seq) ^
			   (u32)((data[10] >> i) & 1);
	}
	/* task names: the stage name's bytes, every other one with a bad check */
	for (int i = 0; i < PERSIST_TASKS; i++) {
		struct persist_task *t = &h->tasks[i];

		memcpy(t->name, h->stage.name + i % 8, sizeof(t->name) - i % 8);
		t->check = crc32_update(seq ^ (u32)i, t->name, sizeof(t->name)) ^
			   (u32)(i & 1 & data[10]);
	}
	if (persist_open(&v, buf, buf, buf + total, NULL, 0) == PERSIST_OK) {
		persist_for_each(&v, check_one, &w);
		if (w.n != v.records)
			fuzz_fail("walked %u records, counted %u", w.n, v.records);
		if (v.records + v.dropped_records + v.out_of_order > v.capacity)
			fuzz_fail("more records than slots");
		persist_stage(&v);
	}
	free(buf);
	return 0;
}
