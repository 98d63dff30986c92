/*
 * Trace ring buffer (kernel/trace/ring_buffer.c): order, wrap-around,
 * both overflow policies and their counters, readers overtaken by the
 * writer, resizing.
 */
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

/* Writes entry @n: its timestamp and one data byte say which it is. */
static bool put(u64 n)
{
	struct trace_slot *s = ring_buffer_reserve(&rb);

	if (!s)
		return false;
	s->e.ts = n;
	s->e.event_id = (u16)n;
	s->e.len = 1;
	s->data[0] = (u8)n;
	return true;
}

/* Reads everything from @seq and checks it is exactly [first, last]. */
static void expect_range(u64 seq, u64 first, u64 last)
{
	struct trace_slot out;
	u64 want = first;

	while (ring_buffer_read(&rb, &seq, &out)) {
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
	assert_false(ring_buffer_read(&rb, &seq, &out));
	assert_int_equal(seq, 0);
	assert_int_equal(ring_buffer_count(&rb), 0);
	assert_int_equal(ring_buffer_written(&rb), 0);
	assert_int_equal(ring_buffer_first_seq(&rb), 0);
	assert_true(rb.overwrite); /* the default policy */
}

static void test_in_order(void **state)
{
	(void)state;
	setup(NSLOTS, true);
	for (u64 i = 0; i < 5; i++)
		assert_true(put(i));
	assert_int_equal(ring_buffer_count(&rb), 5);
	assert_int_equal(ring_buffer_written(&rb), 5);
	assert_int_equal(ring_buffer_overruns(&rb), 0);
	expect_range(0, 0, 4);
	/* Reading does not consume: a second reader sees the same. */
	expect_range(0, 0, 4);
	/* A reader starting in the middle. */
	expect_range(3, 3, 4);
	/* Exactly full: still no overrun. */
	for (u64 i = 5; i < NSLOTS; i++)
		assert_true(put(i));
	assert_int_equal(ring_buffer_count(&rb), NSLOTS);
	assert_int_equal(ring_buffer_overruns(&rb), 0);
	expect_range(0, 0, NSLOTS - 1);
}

static void test_overwrite(void **state)
{
	(void)state;
	setup(4, true);
	for (u64 i = 0; i < 10; i++)
		assert_true(put(i));
	assert_int_equal(ring_buffer_count(&rb), 4);
	assert_int_equal(ring_buffer_written(&rb), 10);
	assert_int_equal(ring_buffer_overruns(&rb), 6);
	assert_int_equal(rb.dropped, 0);
	assert_int_equal(ring_buffer_first_seq(&rb), 6);
	expect_range(0, 6, 9);
	/* Many laps. */
	for (u64 i = 10; i < 1003; i++)
		assert_true(put(i));
	assert_int_equal(ring_buffer_overruns(&rb), 999);
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
	assert_int_equal(ring_buffer_count(&rb), 4);
	assert_int_equal(ring_buffer_written(&rb), 4);
	assert_int_equal(rb.dropped, 2);
	assert_int_equal(ring_buffer_overruns(&rb), 0);
	expect_range(0, 0, 3);
	/* Switching policy at run time: now the oldest goes. */
	ring_buffer_set_overwrite(&rb, true);
	assert_true(put(4));
	assert_int_equal(ring_buffer_overruns(&rb), 1);
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
	assert_true(ring_buffer_read(&rb, &seq, &out));
	assert_int_equal(out.e.ts, 0);
	/* The writer laps the reader: it resumes at the oldest present. */
	for (u64 i = 4; i < 11; i++)
		put(i);
	assert_true(ring_buffer_read(&rb, &seq, &out));
	assert_int_equal(out.e.ts, 7);
	assert_int_equal(seq, 8);
	expect_range(seq, 8, 10);
	/* A reader past the end just sees nothing. */
	seq = 100;
	assert_false(ring_buffer_read(&rb, &seq, &out));
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
	assert_int_equal(ring_buffer_count(&rb), 1);
	assert_int_equal(ring_buffer_set_capacity(&rb, 1), 0);
	assert_int_equal(ring_buffer_count(&rb), 0);
	assert_int_equal(ring_buffer_written(&rb), 0);
	for (u64 i = 0; i < 3; i++)
		put(i);
	assert_int_equal(ring_buffer_overruns(&rb), 2);
	expect_range(0, 2, 2);
	assert_int_equal(ring_buffer_set_capacity(&rb, NSLOTS), 0);
	assert_int_equal(rb.capacity, NSLOTS);
	/* Reset empties and zeroes the counters. */
	put(0);
	ring_buffer_reset(&rb);
	assert_int_equal(ring_buffer_count(&rb), 0);
	assert_int_equal(ring_buffer_written(&rb), 0);
	assert_int_equal(ring_buffer_overruns(&rb), 0);
	expect_range(0, 0, (u64)-1);
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
		cmocka_unit_test(test_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
