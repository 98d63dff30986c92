/* ektrace: both line shapes parse to the same hit; statistics are exact. */
#include "test.h"

#include <string.h>

#include "../tools/ektrace.h"

static void test_trace_line(void **state)
{
	struct ek_hit h;

	(void)state;
	assert_int_equal(ek_parse_line("          <idle>-0       [000] d..1.     3.392941: look: "
				       "(pfile_lookup+0x0/0xd0) path=\"/proc/uptime\"\n", &h), 1);
	assert_true(h.ts > 3.392940 && h.ts < 3.392942);
	assert_string_equal(h.event, "look");
	assert_string_equal(h.where, "pfile_lookup+0x0/0xd0");
	assert_string_equal(h.args, "path=\"/proc/uptime\"");
}

static void test_live_line(void **state)
{
	struct ek_hit h;

	(void)state;
	assert_int_equal(ek_parse_line("[    0.013634] ekprobes: memory: (arch_setup+0x124/0x278 <- "
				       "dt_memory_regions) banks=1\r\n", &h), 1);
	assert_string_equal(h.event, "memory");
	assert_string_equal(h.where, "arch_setup+0x124/0x278 <- dt_memory_regions");
	assert_string_equal(h.args, "banks=1");
}

static void test_other_lines(void **state)
{
	struct ek_hit h;

	(void)state;
	assert_int_equal(ek_parse_line("# tracer: nop\n", &h), 0);
	assert_int_equal(ek_parse_line("[    0.007551] ekprobes: 3 early probe(s) armed\n", &h), 0);
	assert_int_equal(ek_parse_line("[    0.002] ekprobes: error: bootargs:x: y (z)\n", &h), 0);
	assert_int_equal(ek_parse_line("[    0.009116] boot: stage setup_arch\n", &h), 0);
	assert_int_equal(ek_parse_line("ek# cat /proc/uptime\n", &h), 0);
}

static void test_stats(void **state)
{
	struct ek_hit hits[5];
	struct ek_event_stats st[4];
	const char *ev[] = { "a", "b", "a", "a", "b" };
	double ts[] = { 1.0, 1.5, 1.25, 2.0, 3.5 };

	(void)state;
	for (int i = 0; i < 5; i++) {
		memset(&hits[i], 0, sizeof(hits[i]));
		strcpy(hits[i].event, ev[i]);
		hits[i].ts = ts[i];
	}
	assert_int_equal(ek_event_stats(hits, 5, st, 4), 2);
	assert_string_equal(st[0].event, "a");
	assert_int_equal(st[0].count, 3);
	assert_true(st[0].first == 1.0 && st[0].last == 2.0);
	assert_true(st[0].min_gap == 0.25 && st[0].max_gap == 0.75);
	assert_int_equal(st[1].count, 2);
	assert_true(st[1].min_gap == 2.0 && st[1].max_gap == 2.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trace_line),
		cmocka_unit_test(test_live_line),
		cmocka_unit_test(test_other_lines),
		cmocka_unit_test(test_stats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
