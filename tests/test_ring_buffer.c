/*
 * Trace ring buffer (kernel/trace/ring_buffer.c): order, wrap-around,
 * both overflow policies and their counters, readers overtaken by the
 * writer, resizing; entries published only when committed, readers on
 * another CPU (margin), several rings merged in time order, and a reader
 * thread against a writer thread.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <ek/errno.h>
#include <ek/trace.h>

#include "test.h"

#define NSLOTS 8

static struct trace_slot slots[NSLOTS];
static struct ring_buffer rb;
static unsigned int nchecks;

static void setup(u32 capacity, bool overwrite)
{
	memset(slots, 0xa5, sizeof(slots));
	ring_buffer_init(&rb, slots, NSLOTS);
	if (capacity != NSLOTS)
		assert_int_equal(ring_buffer_set_capacity(&rb, capacity), 0);
	ring_buffer_set_overwrite(&rb, overwrite);
}

static u64 overruns(const struct ring_buffer *r)
{
	return ring_buffer_written(r) - ring_buffer_count(r, 0);
}

/* Fills @s as entry @n: its timestamp and one data byte say which it is. */
static void fill(struct trace_slot *s, u64 n)
{
	s->e.ts = n;
	s->e.event_id = (u16)n;
	s->e.len = 1;
	s->data[0] = (u8)n;
}

/* Writes entry @n into @r. */
static bool put_in(struct ring_buffer *r, u64 n)
{
	struct trace_slot *s = ring_buffer_reserve(r);

	if (!s)
		return false;
	fill(s, n);
	ring_buffer_commit(r, s);
	return true;
}

static bool put(u64 n)
{
	return put_in(&rb, n);
}

/* Reads everything from @seq and checks it is exactly [first, last]. */
static void expect_range(u64 seq, u64 first, u64 last)
{
	struct trace_slot out;
	u64 want = first;

	while (ring_buffer_read(&rb, &seq, &out, 0)) {
		assert_true(want <= last);
		assert_int_equal(out.e.ts, want);
		assert_int_equal(out.data[0], (u8)want);
		assert_int_equal(seq, want + 1);
		want++;
		nchecks++;
	}
	assert_int_equal(want, last + 1);
}

static void test_empty(void **state)
{
	struct trace_slot out;
	u64 seq = 0;

	(void)state;
	setup(NSLOTS, true);
	assert_false(ring_buffer_read(&rb, &seq, &out, 0));
	assert_int_equal(seq, 0);
	assert_int_equal(ring_buffer_count(&rb, 0), 0);
	assert_int_equal(ring_buffer_written(&rb), 0);
	assert_int_equal(ring_buffer_first_seq(&rb, 0), 0);
	assert_true(rb.overwrite); /* the default policy */
}

static void test_in_order(void **state)
{
	(void)state;
	setup(NSLOTS, true);
	for (u64 i = 0; i < 5; i++)
		assert_true(put(i));
	assert_int_equal(ring_buffer_count(&rb, 0), 5);
	assert_int_equal(ring_buffer_written(&rb), 5);
	assert_int_equal(overruns(&rb), 0);
	expect_range(0, 0, 4);
	/* Reading does not consume: a second reader sees the same. */
	expect_range(0, 0, 4);
	/* A reader starting in the middle. */
	expect_range(3, 3, 4);
	/* Exactly full: still no overrun. */
	for (u64 i = 5; i < NSLOTS; i++)
		assert_true(put(i));
	assert_int_equal(ring_buffer_count(&rb, 0), NSLOTS);
	assert_int_equal(overruns(&rb), 0);
	expect_range(0, 0, NSLOTS - 1);
}

static void test_overwrite(void **state)
{
	(void)state;
	setup(4, true);
	for (u64 i = 0; i < 10; i++)
		assert_true(put(i));
	assert_int_equal(ring_buffer_count(&rb, 0), 4);
	assert_int_equal(ring_buffer_written(&rb), 10);
	assert_int_equal(overruns(&rb), 6);
	assert_int_equal(rb.dropped, 0);
	assert_int_equal(ring_buffer_first_seq(&rb, 0), 6);
	expect_range(0, 6, 9);
	/* Many laps. */
	for (u64 i = 10; i < 1003; i++)
		assert_true(put(i));
	assert_int_equal(overruns(&rb), 999);
	expect_range(0, 999, 1002);
	/* Only the first 4 slots were ever touched. */
	for (int i = 4; i < NSLOTS; i++)
		assert_int_equal(slots[i].data[0], 0xa5);
}

static void test_drop_newest(void **state)
{
	(void)state;
	setup(4, false);
	for (u64 i = 0; i < 4; i++)
		assert_true(put(i));
	assert_false(put(4));
	assert_false(put(5));
	assert_int_equal(ring_buffer_count(&rb, 0), 4);
	assert_int_equal(ring_buffer_written(&rb), 4);
	assert_int_equal(rb.dropped, 2);
	assert_int_equal(overruns(&rb), 0);
	expect_range(0, 0, 3);
	/* Switching policy at run time: now the oldest goes. */
	ring_buffer_set_overwrite(&rb, true);
	assert_true(put(4));
	assert_int_equal(overruns(&rb), 1);
	expect_range(0, 1, 4);
}

/* Refusing starts as soon as the ring is full, even when the policy
 * changes after the writer has wrapped. */
static void test_policy_after_wrap(void **state)
{
	(void)state;
	setup(4, true);
	for (u64 i = 0; i < 6; i++)
		assert_true(put(i));
	ring_buffer_set_overwrite(&rb, false);
	assert_false(put(6));
	assert_int_equal(rb.dropped, 1);
	assert_int_equal(ring_buffer_written(&rb), 6);
	expect_range(0, 2, 5);
	ring_buffer_reset(&rb);
	for (u64 i = 0; i < 4; i++)
		assert_true(put(i));
	assert_false(put(4));
	expect_range(0, 0, 3);
}

/* Off: nothing is stored or counted, and writing resumes where it was. */
static void test_on_off(void **state)
{
	(void)state;
	setup(4, true);
	assert_true(put(0));
	ring_buffer_set_on(&rb, false);
	assert_false(put(1));
	assert_false(put(2));
	assert_int_equal(ring_buffer_written(&rb), 1);
	assert_int_equal(rb.dropped, 0);
	ring_buffer_set_on(&rb, true);
	for (u64 i = 1; i < 6; i++)
		assert_true(put(i));
	expect_range(0, 2, 5);
	ring_buffer_set_on(&rb, false);
	ring_buffer_reset(&rb);
	assert_false(put(0));
	ring_buffer_set_on(&rb, true);
	assert_true(put(0));
	expect_range(0, 0, 0);
}

static void test_overtaken_reader(void **state)
{
	struct trace_slot out;
	u64 seq = 0;

	(void)state;
	setup(4, true);
	for (u64 i = 0; i < 4; i++)
		put(i);
	assert_true(ring_buffer_read(&rb, &seq, &out, 0));
	assert_int_equal(out.e.ts, 0);
	/* The writer laps the reader: it resumes at the oldest present. */
	for (u64 i = 4; i < 11; i++)
		put(i);
	assert_true(ring_buffer_read(&rb, &seq, &out, 0));
	assert_int_equal(out.e.ts, 7);
	assert_int_equal(seq, 8);
	expect_range(seq, 8, 10);
	/* A reader past the end just sees nothing. */
	seq = 100;
	assert_false(ring_buffer_read(&rb, &seq, &out, 0));
	nchecks += 3;
}

static void test_capacity(void **state)
{
	(void)state;
	setup(NSLOTS, true);
	put(0);
	assert_int_equal(ring_buffer_set_capacity(&rb, 0), -EINVAL);
	assert_int_equal(ring_buffer_set_capacity(&rb, NSLOTS + 1), -E2BIG);
	/* Failed resizes keep the contents. */
	assert_int_equal(rb.capacity, NSLOTS);
	assert_int_equal(ring_buffer_count(&rb, 0), 1);
	assert_int_equal(ring_buffer_set_capacity(&rb, 1), 0);
	assert_int_equal(ring_buffer_count(&rb, 0), 0);
	assert_int_equal(ring_buffer_written(&rb), 0);
	for (u64 i = 0; i < 3; i++)
		put(i);
	assert_int_equal(overruns(&rb), 2);
	expect_range(0, 2, 2);
	assert_int_equal(ring_buffer_set_capacity(&rb, NSLOTS), 0);
	assert_int_equal(rb.capacity, NSLOTS);
	/* Reset empties and zeroes the counters. */
	put(0);
	ring_buffer_reset(&rb);
	assert_int_equal(ring_buffer_count(&rb, 0), 0);
	assert_int_equal(ring_buffer_written(&rb), 0);
	assert_int_equal(overruns(&rb), 0);
	expect_range(0, 0, (u64)-1);
}

/* Reserved is not published: until the commit nobody sees the entry, and
 * reserving again hands out the same slot. */
static void test_commit(void **state)
{
	struct trace_slot *s, *again;

	(void)state;
	setup(4, true);
	assert_true(put(0));
	s = ring_buffer_reserve(&rb);
	assert_non_null(s);
	fill(s, 1);
	assert_int_equal(ring_buffer_written(&rb), 1);
	expect_range(0, 0, 0);
	again = ring_buffer_reserve(&rb);
	assert_ptr_equal(again, s);
	ring_buffer_commit(&rb, s);
	expect_range(0, 0, 1);
	/* The wrap: the slow path starts the next lap without publishing. */
	assert_true(put(2));
	assert_true(put(3));
	s = ring_buffer_reserve(&rb);
	assert_ptr_equal(s, &slots[0]);
	assert_int_equal(ring_buffer_written(&rb), 4);
	assert_int_equal(rb.laps, 1);
	expect_range(0, 0, 3);
	fill(s, 4);
	ring_buffer_commit(&rb, s);
	expect_range(0, 1, 4);
}

/* A reader on another CPU: the writer may already be filling the slot of
 * the oldest entry (or, its commit not seen yet, the next one), so those
 * two are gone for it; a ring not near full reads whole. */
static void test_remote_margin(void **state)
{
	struct trace_slot out, *inflight;
	u64 seq = 0;

	(void)state;
	setup(4, true);
	assert_true(put(0));
	assert_true(put(1));
	assert_int_equal(ring_buffer_count(&rb, RING_MARGIN_REMOTE), 2);
	assert_int_equal(ring_buffer_first_seq(&rb, RING_MARGIN_REMOTE), 0);
	assert_true(put(2));
	assert_true(put(3));
	assert_int_equal(ring_buffer_count(&rb, 0), 4);
	assert_int_equal(ring_buffer_count(&rb, RING_MARGIN_REMOTE), 2);
	assert_int_equal(ring_buffer_first_seq(&rb, RING_MARGIN_REMOTE), 2);
	/* Entry 4 is being filled over entry 0: half written, not committed. */
	inflight = ring_buffer_reserve(&rb);
	assert_ptr_equal(inflight, &slots[0]);
	inflight->e.ts = 4;
	assert_true(ring_buffer_read(&rb, &seq, &out, RING_MARGIN_REMOTE));
	assert_int_equal(out.e.ts, 2);
	assert_int_equal(seq, 3);
	assert_true(ring_buffer_read(&rb, &seq, &out, RING_MARGIN_REMOTE));
	assert_int_equal(out.e.ts, 3);
	assert_false(ring_buffer_read(&rb, &seq, &out, RING_MARGIN_REMOTE));
	fill(inflight, 4);
	ring_buffer_commit(&rb, inflight);
	seq = 0;
	assert_true(ring_buffer_read(&rb, &seq, &out, RING_MARGIN_REMOTE));
	assert_int_equal(out.e.ts, 3);
	nchecks += 4;
}

static u64 key_ts(const struct trace_slot *s)
{
	return s->e.ts;
}

/* Three CPUs' rings merged by time; equal times in ring order; what is
 * published after the start waits; a ring overwritten meanwhile skips. */
static void test_merge(void **state)
{
	static struct trace_slot cpu_slots[3][NSLOTS];
	static struct ring_buffer cpu_rb[3];
	static struct ring_merge m;
	static const u64 times[3][5] = { { 1, 4, 6, 9, 12 }, { 2, 3, 6, 10, 11 }, { 5, 7, 8 } };
	static const u64 want_ts[] = { 1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10, 11, 12 };
	static const unsigned int want_ring[] = { 0, 1, 1, 0, 2, 0, 1, 2, 2, 0, 1, 1, 0 };
	struct trace_slot out;
	unsigned int ring, n = 0;

	(void)state;
	for (unsigned int c = 0; c < 3; c++) {
		ring_buffer_init(&cpu_rb[c], cpu_slots[c], NSLOTS);
		for (unsigned int i = 0; i < 5 && times[c][i]; i++)
			assert_true(put_in(&cpu_rb[c], times[c][i]));
		m.rings[c] = &cpu_rb[c];
		m.margin[c] = 0;
	}
	m.n = 3;
	m.key = key_ts;
	ring_merge_start(&m);
	assert_true(put_in(&cpu_rb[2], 13)); /* after the start: not this time */
	while (ring_merge_next(&m, &out, &ring)) {
		assert_true(n < sizeof(want_ts) / sizeof(want_ts[0]));
		assert_int_equal(out.e.ts, want_ts[n]);
		assert_int_equal(ring, want_ring[n]);
		n++;
	}
	assert_int_equal(n, 13);
	/* Ring 0 laps while the merge stands at its second entry. */
	ring_merge_start(&m);
	assert_true(ring_merge_next(&m, &out, &ring));
	assert_int_equal(out.e.ts, 1);
	for (u64 t = 100; t < 100 + NSLOTS; t++)
		assert_true(put_in(&cpu_rb[0], t));
	n = 0;
	while (ring_merge_next(&m, &out, &ring))
		n += ring == 0;
	/* Its head (4) was copied before; the rest was overwritten, and the
	 * new entries came after the start. */
	assert_int_equal(n, 1);
	nchecks += 15;
}

/* A consuming reader (trace_pipe): each ring merged from its from[], and
 * the position past each entry returned, which the next merge starts at:
 * every entry comes once, in time order. */
static void test_merge_from(void **state)
{
	static struct trace_slot cpu_slots[2][NSLOTS];
	static struct ring_buffer cpu_rb[2];
	static struct ring_merge m;
	static const u64 times[2][3] = { { 1, 4, 5 }, { 2, 3, 6 } };
	/* Times 1..6: the sequence number past each in its own ring. */
	static const u64 next_of[6] = { 1, 1, 2, 2, 3, 3 };
	struct trace_slot out;
	unsigned int ring;
	u64 want = 1;

	(void)state;
	for (unsigned int c = 0; c < 2; c++) {
		ring_buffer_init(&cpu_rb[c], cpu_slots[c], NSLOTS);
		for (unsigned int i = 0; i < 3; i++)
			assert_true(put_in(&cpu_rb[c], times[c][i]));
		m.rings[c] = &cpu_rb[c];
		m.margin[c] = 0;
		m.from[c] = 0;
	}
	m.n = 2;
	m.key = key_ts;
	/* One entry per merge, consumed up to it each time. */
	for (;;) {
		ring_merge_start(&m);
		if (!ring_merge_next(&m, &out, &ring))
			break;
		assert_int_equal(out.e.ts, want);
		assert_int_equal(m.last, ring);
		assert_int_equal(m.last_next, next_of[want - 1]);
		m.from[ring] = m.last_next;
		want++;
	}
	assert_int_equal(want, 7);
	/* Past everything written: nothing, until a new entry. */
	assert_true(put_in(&cpu_rb[1], 7));
	ring_merge_start(&m);
	assert_true(ring_merge_next(&m, &out, &ring));
	assert_int_equal(out.e.ts, 7);
	assert_int_equal(m.last_next, 4);
	assert_false(ring_merge_next(&m, &out, &ring));
	nchecks += 21;
}

/* A writer thread against a reader on another CPU (margin): every entry
 * read is whole (its words agree) and in order, however far behind the
 * reader falls. The writer fills the whole slot with its number. */
#define RACE_ENTRIES 200000u
static struct ring_buffer race_rb;
#define RACE_SLOTS 16u
static struct trace_slot race_slots[RACE_SLOTS];

static void *race_writer(void *arg)
{
	(void)arg;
	for (u64 n = 0; n < RACE_ENTRIES; n++) {
		struct trace_slot *s = ring_buffer_reserve(&race_rb);
		u64 *w = (u64 *)s;

		/* Word by word, slowly: a copy often meets a fill half done. */
		for (size_t i = 0; i < sizeof(*s) / sizeof(u64); i++) {
			__atomic_store_n(&w[i], n, __ATOMIC_RELAXED);
			for (volatile int pause = 0; pause < 8; pause++)
				;
		}
		ring_buffer_commit(&race_rb, s);
	}
	return NULL;
}

static void test_reader_vs_writer(void **state)
{
	pthread_t writer;
	struct trace_slot out;
	u64 reads = 0, seq;

	(void)state;
	ring_buffer_init(&race_rb, race_slots, RACE_SLOTS);
	assert_int_equal(pthread_create(&writer, NULL, race_writer, NULL), 0);
	while (ring_buffer_written(&race_rb) < RACE_ENTRIES) {
		/* Always the oldest: the entry the writer overwrites next. */
		seq = 0;
		if (!ring_buffer_read(&race_rb, &seq, &out, RING_MARGIN_REMOTE))
			continue;
		const u64 *w = (const u64 *)&out;

		for (size_t i = 1; i < sizeof(out) / sizeof(u64); i++)
			assert_true(w[i] == w[0]);
		assert_true(w[0] == seq - 1); /* entry number = its content */
		reads++;
	}
	assert_int_equal(pthread_join(writer, NULL), 0);
	/* However the threads ran, the last entries are there at the end. */
	seq = 0;
	assert_true(ring_buffer_read(&race_rb, &seq, &out, RING_MARGIN_REMOTE));
	assert_int_equal(out.e.ts, RACE_ENTRIES + RING_MARGIN_REMOTE - RACE_SLOTS);
	reads++;
	printf("ring_buffer: %llu oldest entries read whole while a writer thread wrote %u\n",
	       (unsigned long long)reads, RACE_ENTRIES);
}

static void test_layout(void **state)
{
	(void)state;
	/* Each slot is exactly the build-time entry size. */
	assert_int_equal(sizeof(struct trace_slot), TRACE_ENTRY_SIZE);
	assert_true(TRACE_DATA_MAX >= 8 * sizeof(u64));
	printf("ring_buffer: %u entry checks, slot %u bytes (%zu data)\n", nchecks,
	       (unsigned int)TRACE_ENTRY_SIZE, (size_t)TRACE_DATA_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),          cmocka_unit_test(test_in_order),
		cmocka_unit_test(test_overwrite),      cmocka_unit_test(test_drop_newest),
		cmocka_unit_test(test_overtaken_reader), cmocka_unit_test(test_capacity),
		cmocka_unit_test(test_policy_after_wrap), cmocka_unit_test(test_on_off),
		cmocka_unit_test(test_commit),       cmocka_unit_test(test_remote_margin),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_merge_from),
		cmocka_unit_test(test_reader_vs_writer),
		cmocka_unit_test(test_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
