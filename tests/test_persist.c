/*
 * Reading a boot trace area (kernel/trace/persist_read.c, persist_events.c):
 * areas are laid out here as the kernel writes them (the real ring buffer
 * fills the slots), then damaged the ways a reset and DRAM damage them. What
 * the reader returns must be exactly the records written, in time order;
 * damaged pages, the record cut by the reset and stale records must never
 * come back as records.
 */
#include <stdio.h>
#include <string.h>

#include <ek/crc32.h>
#include <ek/kallsyms.h>
#include <ek/persist_read.h>
#include <ek/probe_event.h>
#include <ek/shell.h>
#include <ek/trace_options.h>

#include "test.h"

#define NSLOTS (4 * PERSIST_PAGE_SLOTS) /* four pages */
#define SEQ 7
#define TAG 0x13 /* 5 bits */
#define LOAD_BASE 0x60010000u

/* One area: header page, event table, slots; plus room for truncation. */
static struct {
	struct persist_header h;
	u8 pad[PERSIST_EVENTS_OFF - sizeof(struct persist_header)];
	u8 events[PERSIST_EVENTS_SIZE];
	struct trace_slot slots[NSLOTS];
} area __attribute__((aligned(4096)));

static const u8 id[20] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
static struct ring_buffer rb;
static struct persist_view view;
static u32 events_used;

/* Symbols, as link offsets: what kallsyms gives the printer. */
static const u32 sym_addrs[] = { 0x100, 0x200 };
static const u32 sym_sizes[] = { 0x40, 0x100 };
static const char sym_names[] = "Tboot_stage\0Tstart_kernel";
static const u32 sym_name_off[] = { 0, 12 };
static u16 sym_hash[2];
static const struct kallsyms_table syms = {
	.num = 2, .addrs = sym_addrs, .sizes = sym_sizes, .name_off = sym_name_off,
	.names = sym_names, .hash = sym_hash, .hash_mask = 1,
};

/* Task column pid @pid named @name in the area's header. */
static void set_task(unsigned int pid, const char *name)
{
	struct persist_task *t = &area.h.tasks[pid];

	memset(t->name, 0, sizeof(t->name));
	strcpy(t->name, name);
	t->check = crc32_update(SEQ ^ pid, t->name, sizeof(t->name));
}

static void add_event(u16 eid, const char *event, u8 kind, const char *sym, u32 addr_off,
		      int nargs, const char *const *names, const u8 *types)
{
	static struct probe_def def;
	size_t n;

	memset(&def, 0, sizeof(def));
	strcpy(def.group, "grp");
	strcpy(def.event, event);
	strcpy(def.symbol, sym);
	def.has_symbol = true;
	def.kind = kind;
	def.nargs = nargs;
	for (int i = 0; i < nargs; i++) {
		strcpy(def.args[i].name, names[i]);
		def.args[i].type = types[i];
	}
	n = persist_event_encode(area.events + events_used, sizeof(area.events) - events_used, eid,
				 SEQ, addr_off, &def);
	assert_true(n > 0);
	events_used += (u32)n;
}

/* A fresh area of @capacity slots (checked records), two events, the
 * slots full of stale bytes. */
static void setup_area(u32 capacity)
{
	static const char *const args1[] = { "a", "s" };
	static const u8 types1[] = { PTYPE_U32, PTYPE_STRING };
	struct persist_header *h = &area.h;

	memset(&area, 0x5a, sizeof(area));
	events_used = 0;
	memset(h, 0, sizeof(*h));
	h->magic[0] = PERSIST_MAGIC0;
	h->magic[1] = PERSIST_MAGIC1;
	h->version = PERSIST_VERSION;
	h->header_size = sizeof(*h);
	h->area_size = sizeof(area);
	h->slots_off = (s32)offsetof(__typeof__(area), slots);
	h->nslots = NSLOTS;
	h->slot_size = TRACE_ENTRY_SIZE;
	h->events_off = PERSIST_EVENTS_OFF;
	h->events_size = PERSIST_EVENTS_SIZE;
	h->seq = SEQ;
	h->flags = PERSIST_F_KEPT | PERSIST_F_CHECKED;
	h->load_base = LOAD_BASE;
	h->build_id_len = sizeof(id);
	memcpy(h->build_id, id, sizeof(id));
	h->check = persist_check(h, offsetof(struct persist_header, check), SEQ);
	h->gen = (struct persist_gen){ TAG, capacity, 0, 0 };
	h->gen.check = persist_check(&h->gen, offsetof(struct persist_gen, check), SEQ);
	strcpy(h->stage.name, "mem_init");
	memset(h->stage.name + 9, 0, sizeof(h->stage.name) - 9);
	h->stage.check = crc32_update(SEQ, h->stage.name, sizeof(h->stage.name));
	/* epoch 0: 1 ns a count from 0 */
	h->epochs[0] = (struct persist_epoch){ 0, 0, 1u << 20, 20, 0, 0 };
	h->epochs[0].check = persist_check(&h->epochs[0], offsetof(struct persist_epoch, check), SEQ);
	set_task(0, "<idle>");
	set_task(1, "start_kernel");
	set_task(2, "mem_init");
	add_event(1, "ev1", PROBE_ENTRY, "boot_stage", 0x100, 2, args1, types1);
	add_event(2, "ev2", PROBE_RETURN, "start_kernel", 0x200, 0, NULL, NULL);
	memset(area.events + events_used, 0, 4);
	ring_buffer_init(&rb, area.slots, NSLOTS);
	assert_int_equal(ring_buffer_set_capacity(&rb, capacity), 0);
	kallsyms_init(&syms, 0);
}

/* Record @n as the kernel would: event 1 with a=n and s="x<n>" from
 * start_kernel (pid 1) with IRQs off, every fourth a function entry from
 * mem_init (pid 2) in the interrupt handler with IRQs on; ts = 1000 * (n + 1). */
static struct trace_slot *put(u32 n, u16 tag)
{
	struct trace_slot *s = ring_buffer_reserve(&rb);
	char str[16];
	int len;

	memset(s, 0, sizeof(*s));
	s->e.ts = 1000ull * (n + 1);
	s->e.flags = (u16)(tag << TRACE_ENTRY_TAG_SHIFT);
	s->e.status = 0x600001d3u; /* SVC, I set */
	if (n % 4 == 3) {
		s->e.flags |= 2u << TRACE_ENTRY_TASK_SHIFT | TRACE_ENTRY_HARDIRQ;
		s->e.status = 0x13; /* SVC, I clear */
		u32 parent = LOAD_BASE + 0x210;

		s->e.event_id = TRACE_TYPE_FUNCTION;
		s->e.ip = LOAD_BASE + 0x104;
		s->e.len = 4;
		memcpy(s->data, &parent, 4);
	} else {
		s->e.flags |= 1u << TRACE_ENTRY_TASK_SHIFT;
		s->e.event_id = 1;
		s->e.ip = LOAD_BASE + 0x100;
		memcpy(s->data, &n, 4);
		len = snprintf(str, sizeof(str), "x%u", n);
		s->data[4] = (u8)len;
		memcpy(s->data + 5, str, (size_t)len);
		s->e.len = (u16)(5 + len);
	}
	s->e.check = trace_entry_check(s);
	ring_buffer_commit(&rb, s); /* published, as the kernel's writers do */
	return s;
}

static int open_area(void)
{
	return persist_open(&view, &area, &area, (const u8 *)&area + sizeof(area), id, sizeof(id));
}

/* The records read, in order, as their numbers (ts / 1000 - 1). */
static u32 got[NSLOTS + 1], ngot;

static bool collect(const struct persist_view *v, const struct trace_slot *slot, u64 ns, void *ctx)
{
	(void)v;
	(void)ctx;
	assert_int_equal(ns, slot->e.ts); /* epoch 0 is 1 ns a count */
	assert_true(ngot < NSLOTS);
	got[ngot++] = (u32)(slot->e.ts / 1000 - 1);
	return true;
}

static void read_all(void)
{
	ngot = 0;
	persist_for_each(&view, collect, NULL);
	assert_int_equal(ngot, view.records);
}

/* Exactly the numbers [first, last] but those in @skip (a sorted list). */
static void expect(u32 first, u32 last, const u32 *skip, u32 nskip)
{
	u32 k = 0, j = 0;

	read_all();
	for (u32 n = first; n <= last; n++) {
		if (j < nskip && skip[j] == n) {
			j++;
			continue;
		}
		assert_true(k < ngot);
		assert_int_equal(got[k], n);
		k++;
	}
	assert_int_equal(k, ngot);
}

static void test_in_order(void **state)
{
	(void)state;
	setup_area(NSLOTS);
	for (u32 n = 0; n < 50; n++)
		put(n, TAG);
	assert_int_equal(open_area(), PERSIST_OK);
	assert_false(view.lapped);
	expect(0, 49, NULL, 0);
	assert_int_equal(view.last, 49);
	assert_int_equal(view.dropped_pages + view.partial + view.bad_records + view.out_of_order, 0);
	assert_string_equal(persist_stage(&view), "mem_init");
}

static void test_lapped(void **state)
{
	(void)state;
	setup_area(100); /* the ring wraps at 100, inside page 3 */
	for (u32 n = 0; n < 333; n++)
		put(n, TAG);
	assert_int_equal(open_area(), PERSIST_OK);
	assert_true(view.lapped);
	expect(233, 332, NULL, 0);
	assert_int_equal(view.last, 332 % 100);
}

static void test_lapped_at_slot_zero(void **state)
{
	(void)state;
	setup_area(NSLOTS);
	for (u32 n = 0; n < 2 * NSLOTS; n++)
		put(n, TAG);
	assert_int_equal(open_area(), PERSIST_OK);
	expect(NSLOTS, 2 * NSLOTS - 1, NULL, 0);
}

/* A word of a record's data decays: its page (32 records) goes, with a
 * warning, and every other record is read. */
static void test_damaged_page(void **state)
{
	u32 skip[PERSIST_PAGE_SLOTS];

	(void)state;
	setup_area(NSLOTS);
	for (u32 n = 0; n < 100; n++)
		put(n, TAG);
	area.slots[40].data[0] ^= 0x10; /* the argument of record 40 */
	assert_int_equal(open_area(), PERSIST_OK);
	assert_int_equal(view.dropped_pages, 1);
	assert_true(view.page_bad[0] & 2);
	assert_int_equal(view.bad_records, 1);
	assert_int_equal(view.dropped_records, PERSIST_PAGE_SLOTS - 1);
	for (u32 i = 0; i < PERSIST_PAGE_SLOTS; i++)
		skip[i] = PERSIST_PAGE_SLOTS + i;
	expect(0, 99, skip, PERSIST_PAGE_SLOTS);
	/* A function entry's parent word too (its check word covers it). */
	setup_area(NSLOTS);
	for (u32 n = 0; n < 100; n++)
		put(n, TAG);
	area.slots[71].data[1] ^= 1; /* 71 % 4 == 3: a function entry */
	assert_int_equal(open_area(), PERSIST_OK);
	assert_int_equal(view.dropped_pages, 1);
	assert_true(view.page_bad[0] & 4);
	/* A tag that decays leaves a hole: the page goes too. */
	setup_area(NSLOTS);
	for (u32 n = 0; n < 100; n++)
		put(n, TAG);
	area.slots[5].e.flags ^= 1u << TRACE_ENTRY_TAG_SHIFT;
	assert_int_equal(open_area(), PERSIST_OK);
	assert_int_equal(view.dropped_pages, 1);
	expect(32, 99, NULL, 0);
}

/* A function entry's high timestamp word (outside its check word) decays:
 * that one record is dropped as a spike in time; the records after it are
 * read, and the ring is not taken to have wrapped there. */
static void test_time_spike(void **state)
{
	u32 skip[] = { 23 };

	(void)state;
	setup_area(NSLOTS);
	for (u32 n = 0; n < 60; n++)
		put(n, TAG);
	area.slots[23].e.ts += 1ull << 36; /* 23 % 4 == 3: a function entry */
	assert_int_equal(open_area(), PERSIST_OK);
	assert_false(view.lapped);
	assert_int_equal(view.dropped_pages, 0);
	assert_int_equal(view.out_of_order, 1);
	expect(0, 59, skip, 1);
	/* No check word holds the high word (a handler's budget): an
	 * event's spike goes the same way, alone; its low word is checked,
	 * and a change there takes the page. */
	setup_area(NSLOTS);
	for (u32 n = 0; n < 60; n++)
		put(n, TAG);
	area.slots[22].e.ts += 1ull << 36;
	assert_int_equal(open_area(), PERSIST_OK);
	assert_int_equal(view.dropped_pages, 0);
	assert_int_equal(view.out_of_order, 1);
	skip[0] = 22;
	expect(0, 59, skip, 1);
	setup_area(NSLOTS);
	for (u32 n = 0; n < 60; n++)
		put(n, TAG);
	area.slots[22].e.ts += 1;
	assert_int_equal(open_area(), PERSIST_OK);
	assert_int_equal(view.dropped_pages, 1);
	expect(32, 59, NULL, 0);
}

/* The reset came while a record was being written: that one record is
 * dropped, not its page. */
static void test_cut_record(void **state)
{
	struct trace_slot *s;

	(void)state;
	setup_area(NSLOTS);
	for (u32 n = 0; n < 60; n++)
		put(n, TAG);
	s = put(60, TAG);
	s->e.check ^= 0xffff; /* data written, check word not yet */
	assert_int_equal(open_area(), PERSIST_OK);
	assert_int_equal(view.partial, 1);
	assert_int_equal(view.dropped_pages, 0);
	expect(0, 59, NULL, 0);
	/* The same once the ring has wrapped: the slot before the oldest. */
	setup_area(NSLOTS);
	for (u32 n = 0; n < NSLOTS + 20; n++)
		put(n, TAG);
	s = put(NSLOTS + 20, TAG);
	memset(s->data, 0, 4);
	assert_int_equal(open_area(), PERSIST_OK);
	assert_int_equal(view.partial, 1);
	assert_int_equal(view.dropped_pages, 0);
	expect(21, NSLOTS + 19, NULL, 0);
}

/* Records of an earlier boot or generation (another tag) behind the
 * current ones are never read. */
static void test_stale_records(void **state)
{
	(void)state;
	setup_area(NSLOTS);
	for (u32 n = 0; n < NSLOTS; n++)
		put(1000 + n, TAG - 1);
	ring_buffer_reset(&rb);
	for (u32 n = 0; n < 10; n++)
		put(n, TAG);
	assert_int_equal(open_area(), PERSIST_OK);
	assert_false(view.lapped);
	expect(0, 9, NULL, 0);
	assert_int_equal(view.dropped_pages + view.partial, 0);
}

static void test_header_problems(void **state)
{
	u8 other[20];

	(void)state;
	setup_area(NSLOTS);
	put(0, TAG);
	memcpy(other, id, sizeof(other));
	other[19] ^= 1;
	assert_int_equal(persist_open(&view, &area, &area, (u8 *)&area + sizeof(area), other, 20),
			 PERSIST_OTHER_BUILD);
	/* No build asked: any is fine. */
	assert_int_equal(persist_open(&view, &area, &area, (u8 *)&area + sizeof(area), NULL, 0),
			 PERSIST_OK);
	assert_int_equal(persist_open(&view, &area, &area, (u8 *)&area + sizeof(area) - 128, id, 20),
			 PERSIST_TRUNCATED);
	area.h.nslots++; /* a header field decays */
	assert_int_equal(open_area(), PERSIST_BAD_HEADER);
	area.h.nslots--;
	area.h.gen.capacity = 3; /* the generation's check */
	assert_int_equal(open_area(), PERSIST_BAD_HEADER);
	setup_area(NSLOTS);
	area.h.version = 2;
	assert_int_equal(open_area(), PERSIST_BAD_VERSION);
	area.h.magic[1] = 0;
	assert_int_equal(open_area(), PERSIST_NONE);
	/* A damaged stage says nothing. */
	setup_area(NSLOTS);
	area.h.stage.name[0] = 'x';
	assert_int_equal(open_area(), PERSIST_OK);
	assert_string_equal(persist_stage(&view), "");
}

/* The event table: names and types back; a damaged entry is skipped and
 * the entries after it still found; an entry of another boot is not ours. */
static void test_event_table(void **state)
{
	static struct probe_def def;

	(void)state;
	setup_area(NSLOTS);
	assert_int_equal(open_area(), PERSIST_OK);
	assert_true(persist_event_def(&view, 1, 0x1000, &def));
	assert_string_equal(def.group, "grp");
	assert_string_equal(def.event, "ev1");
	assert_string_equal(def.symbol, "boot_stage");
	assert_int_equal(def.kind, PROBE_ENTRY);
	assert_int_equal(def.addr, 0x1100);
	assert_int_equal(def.nargs, 2);
	assert_string_equal(def.args[1].name, "s");
	assert_int_equal(def.args[1].type, PTYPE_STRING);
	assert_true(persist_event_def(&view, 2, 0, &def));
	assert_int_equal(def.kind, PROBE_RETURN);
	assert_false(persist_event_def(&view, 3, 0, &def));
	area.events[20] ^= 1; /* inside the first entry */
	assert_int_equal(open_area(), PERSIST_OK);
	assert_false(persist_event_def(&view, 1, 0, &def));
	assert_true(persist_event_def(&view, 2, 0, &def));
	setup_area(NSLOTS);
	area.h.seq++; /* the table is from boot SEQ, the header now says SEQ + 1 */
	area.h.check = persist_check(&area.h, offsetof(struct persist_header, check), SEQ + 1);
	area.h.gen.check = persist_check(&area.h.gen, offsetof(struct persist_gen, check), SEQ + 1);
	assert_int_equal(open_area(), PERSIST_OK);
	assert_false(persist_event_def(&view, 1, 0, &def));
}

/* ftrace text, addresses moved from the writer's load base to the
 * reader's (here 0, link offsets, as ektrace ram reads). */
static void test_print(void **state)
{
	char buf[512];
	struct seq s;

	(void)state;
	setup_area(NSLOTS);
	for (u32 n = 0; n < 4; n++)
		put(n, TAG);
	assert_int_equal(open_area(), PERSIST_OK);
	seq_init_buf(&s, buf, sizeof(buf));
	persist_print_record(&s, &view, &area.slots[1], persist_slot_ns(&view, &area.slots[1]), 0);
	assert_string_equal(buf, "    start_kernel-1       [000] d....     0.000002: ev1: "
				 "(boot_stage+0x0/0x40) a=1 s=\"x1\"\n");
	seq_init_buf(&s, buf, sizeof(buf));
	persist_print_record(&s, &view, &area.slots[3], persist_slot_ns(&view, &area.slots[3]), 0);
	assert_string_equal(buf, "        mem_init-2       [000] ..h..     0.000004: boot_stage "
				 "<-start_kernel\n");
	/* A function entry of a pid that boot never named is not a record
	 * (its check word leaves the task bits out). */
	area.slots[3].e.flags ^= 4u << TRACE_ENTRY_TASK_SHIFT;
	assert_int_equal(open_area(), PERSIST_OK);
	assert_int_equal(view.records, 3);
	area.slots[3].e.flags ^= 4u << TRACE_ENTRY_TASK_SHIFT;
	assert_int_equal(open_area(), PERSIST_OK);
	persist_record_name(&view, &area.slots[3], 0, buf, sizeof(buf));
	assert_string_equal(buf, "boot_stage");
	persist_record_name(&view, &area.slots[2], 0, buf, sizeof(buf));
	assert_string_equal(buf, "ev1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order),
		cmocka_unit_test(test_lapped),
		cmocka_unit_test(test_lapped_at_slot_zero),
		cmocka_unit_test(test_damaged_page),
		cmocka_unit_test(test_time_spike),
		cmocka_unit_test(test_cut_record),
		cmocka_unit_test(test_stale_records),
		cmocka_unit_test(test_header_problems),
		cmocka_unit_test(test_event_table),
		cmocka_unit_test(test_print),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	if (!failed)
		printf("persist: %zu area checks passed\n", ARRAY_SIZE(tests));
	return failed;
}
