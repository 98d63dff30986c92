/*
 * ektrace's capture loader: a console capture (LOG) in, field values out,
 * as the trace.dat writer stores them; and one clear error line, naming
 * the LOG line, for every kind of bad input.
 */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tools/ektrace_capture.h"

#define EV "/sys/kernel/tracing/events/"
#define COMMON "format:\n" \
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n" \
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n" \
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n" \
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"

/* Lines 1-2: boot messages; the formats start at line 3. */
static const char formats[] =
	"[    0.000178] ekprobes 0.1 on Cortex-A9 r0p0\n"
	"ekprobes shell: type 'help' for commands\n"
	"ek# cat " EV "boot/stage/format\n"
	"name: stage\nID: 1001\n" COMMON
	"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:4;\tsigned:0;\n"
	"\tfield:__data_loc char[] name;\toffset:12;\tsize:4;\tsigned:1;\n\n"
	"print fmt: \"(%lx) name=\\\"%s\\\"\", REC->__probe_ip, __get_str(name)\n"
	"ek# cat " EV "timer/tick/format\n"
	"name: tick\nID: 1002\n" COMMON
	"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:4;\tsigned:0;\n"
	"\tfield:u8 irq;\toffset:12;\tsize:1;\tsigned:0;\n"
	"\tfield:u64 cnt;\toffset:13;\tsize:8;\tsigned:0;\n"
	"\tfield:u32 dev;\toffset:21;\tsize:4;\tsigned:0;\n"
	"\tfield:s8 depth;\toffset:25;\tsize:1;\tsigned:1;\n\n"
	"print fmt: \"(%lx) irq=%u cnt=%Lu dev=%pS depth=%d\", REC->__probe_ip, REC->irq, "
	"REC->cnt, REC->dev, REC->depth\n"
	"ek# cat " EV "boot/memory/format\n"
	"name: memory\nID: 1003\n" COMMON
	"\tfield:unsigned long __probe_func;\toffset:8;\tsize:4;\tsigned:0;\n"
	"\tfield:unsigned long __probe_ret_ip;\toffset:12;\tsize:4;\tsigned:0;\n"
	"\tfield:s32 banks;\toffset:16;\tsize:4;\tsigned:1;\n\n"
	"print fmt: \"(%lx <- %lx) banks=%d\", REC->__probe_func, REC->__probe_ret_ip, REC->banks\n"
	"ek# cat " EV "ftrace/function/format\n"
	"name: function\nID: 1\n" COMMON
	"\tfield:unsigned long ip;\toffset:8;\tsize:4;\tsigned:0;\n"
	"\tfield:unsigned long parent_ip;\toffset:12;\tsize:4;\tsigned:0;\n\n"
	"print fmt: \" %ps <-- %ps\", (void *)REC->ip, (void *)REC->parent_ip\n";

static const char kallsyms[] =
	"ek# cat /proc/kallsyms\n"
	"60010000 T _text\n600238c4 t boot_stage\n600238e0 t start_kernel\n"
	"60024000 t a9_twd_irq\n60025000 d twd_clockevent\n";

static struct ek_capture cap;
static struct ek_err err;

/* Loads formats + @extra + `cat trace` of @trace + a prompt; returns the loader's result. */
static int load(const char *extra, const char *trace)
{
	size_t len = strlen(formats) + strlen(extra) + strlen(trace) + 64;
	char *text = malloc(len + 1);

	assert_non_null(text);
	snprintf(text, len + 1, "%s%sek# cat /sys/kernel/tracing/trace\n%sek# poweroff\n", formats,
		 extra, trace);
	ek_capture_free(&cap);
	memset(&err, 0, sizeof(err));
	return ek_capture_parse("boot.log", text, strlen(text), &cap, &err);
}

/* The LOG line of the `cat trace` line plus @n (the trace's first line is 1). */
static size_t trace_line(const char *extra, size_t n)
{
	size_t lines = 0;

	for (const char *p = formats; *p; p++)
		lines += *p == '\n';
	for (const char *p = extra; *p; p++)
		lines += *p == '\n';
	return lines + 1 + n;
}

static void expect_error(const char *extra, const char *trace, const char *msg)
{
	assert_int_equal(load(extra, trace), -1);
	if (!strstr(err.msg, msg))
		fail_msg("error '%s' lacks '%s'", err.msg, msg);
}

static void test_columns_and_flags(void **state)
{
	(void)state;
	assert_int_equal(load("", "# entries-in-buffer/entries-written: 4/4   #P:4\n"
			      "          <idle>-0       [000] d.h1.    12.345678: stage: "
			      "(boot_stage+0x4/0x1c) name=\"x\"\n"
			      "   my-task name-123 [003] D.s2f 1.000000001: stage: (boot_stage+0x4/0x1c) "
			      "name=\"y\"\n"
			      "      setup_arch-7  [001] dNz2   0.5: stage: (boot_stage+0x4/0x1c) name=\"z\"\n"
			      "           shell-5  [002]    0.600000: stage: (boot_stage+0x4/0x1c) name=\"\"\n"),
			 0);
	assert_int_equal(cap.nrecs, 4);
	assert_int_equal(cap.ncpus, 4);
	assert_string_equal(cap.recs[0].task, "<idle>");
	assert_int_equal(cap.recs[0].pid, 0);
	assert_int_equal(cap.recs[0].ts_ns, 12345678000ull);
	assert_int_equal(cap.recs[0].common_flags, 0x09); /* irqs off, hardirq */
	assert_int_equal(cap.recs[0].preempt, 0x01);
	assert_string_equal(cap.recs[1].task, "my-task name");
	assert_int_equal(cap.recs[1].pid, 123);
	assert_int_equal(cap.recs[1].cpu, 3);
	assert_int_equal(cap.recs[1].ts_ns, 1000000001ull);
	assert_int_equal(cap.recs[1].common_flags, 0x91); /* irqs and BH off, softirq */
	assert_int_equal(cap.recs[1].preempt, 0xf2);      /* migrate-disable 15, depth 2 */
	assert_int_equal(cap.recs[2].common_flags, 0x65); /* need-resched both ways, NMI */
	assert_int_equal(cap.recs[2].preempt, 0x02);
	assert_int_equal(cap.recs[2].ts_ns, 500000000ull);
	assert_string_equal(cap.recs[3].flags, "");       /* no flags column */
	assert_int_equal(cap.recs[3].common_flags, 0);
	assert_string_equal(cap.recs[3].vals[5].str, "");
}

static void test_values(void **state)
{
	const struct ek_record *r;

	(void)state;
	assert_int_equal(load(kallsyms, "  <idle>-0 [000] d.h1. 0.031250: tick: (a9_twd_irq+0x0/0x58) "
			      "irq=255 cnt=18446744073709551615 dev=twd_clockevent+0x40/0x40 "
			      "depth=-1\n"
			      "  <idle>-0 [000] d..1. 0.031300: stage: (boot_stage+0x4/0x1c) "
			      "name=\"cpu \"1\" up\"\n"
			      "  <idle>-0 [000] d..1. 0.031400: stage: (boot_stage+0x4/0x1c) "
			      "name=(fault)\n"
			      "  <idle>-0 [000] d..1. 0.031500: memory: (start_kernel+0x10/0x80 <- "
			      "boot_stage) banks=-22\n"
			      "  <idle>-0 [000] d..1. 0.031600: boot_stage <-start_kernel\n"),
			 0);
	r = &cap.recs[0];
	assert_int_equal(r->vals[0].num, 1002);           /* common_type: the format's ID */
	assert_int_equal(r->vals[4].num, 0x60024000);     /* __probe_ip */
	assert_int_equal(r->vals[5].num, 255);
	assert_int_equal(r->vals[6].num, UINT64_MAX);
	assert_int_equal(r->vals[7].num, 0x60025040);     /* a symbol's address */
	assert_int_equal(r->vals[8].num, 0xff);           /* -1 in one byte */
	assert_string_equal(r->vals[8].text, "-1");
	assert_string_equal(cap.recs[1].vals[5].str, "cpu \"1\" up");
	assert_true(cap.recs[2].vals[5].fault);
	r = &cap.recs[3];
	assert_int_equal(r->vals[4].num, 0x600238c4);     /* __probe_func */
	assert_int_equal(r->vals[5].num, 0x600238f0);     /* __probe_ret_ip */
	assert_int_equal(r->vals[6].num, 0xffffffea);
	r = &cap.recs[4];
	assert_int_equal(r->vals[4].num, 0x600238c4);     /* ip */
	assert_int_equal(r->vals[5].num, 0x600238e0);     /* parent_ip */
	assert_int_equal(cap.long_size, 4);
}

/* Static functions of one name: the printed size tells which one was hit. */
static void test_same_name(void **state)
{
	(void)state;
	assert_int_equal(load("ek# cat /proc/kallsyms\n600238c4 t boot_stage\n60030000 t emit\n"
			      "60030010 t other\n60040000 t emit\n60040020 T _etext\n",
			      "  <idle>-0 [000] d..1. 0.1: stage: (emit+0x4/0x20) name=\"a\"\n"
			      "  <idle>-0 [000] d..1. 0.2: stage: (emit+0x4/0x10) name=\"b\"\n"
			      "  <idle>-0 [000] d..1. 0.3: stage: (emit+0x4) name=\"c\"\n"),
			 0);
	assert_int_equal(cap.recs[0].where.addr, 0x60040004);
	assert_int_equal(cap.recs[1].where.addr, 0x60030004);
	assert_int_equal(cap.recs[2].where.addr, 0x60030004); /* no size: the first */
}

/* Without /proc/kallsyms each named function gets a range of its own. */
static void test_made_up_addresses(void **state)
{
	const struct ek_record *r;

	(void)state;
	assert_int_equal(load("", "  <idle>-0 [000] d..1. 0.1: memory: (start_kernel+0x10/0x80 <- "
			      "boot_stage) banks=1\n"
			      "  <idle>-0 [000] d..1. 0.2: stage: (boot_stage+0x4/0x1c) name=\"a\"\n"
			      "  <idle>-0 [000] d..1. 0.3: boot_stage <-start_kernel\n"),
			 0);
	assert_true(cap.ksyms.synthetic);
	r = &cap.recs[0];
	assert_int_equal(r->where.addr, 0xc0008010);      /* start_kernel first, at the base */
	assert_int_equal(r->func.addr, 0xc0008080);       /* boot_stage after its 0x80 bytes */
	assert_int_equal(cap.recs[1].where.addr, 0xc0008084);
	assert_int_equal(cap.recs[2].where.addr, 0xc0008080);
	assert_int_equal(cap.recs[2].func.addr, 0xc0008000);
}

static void test_kernel_messages_skipped(void **state)
{
	(void)state;
	assert_int_equal(load("", "# entries-in-buffer/entries-written: 1/1   #P:1\r\n"
			      "[    3.392950] ekprobes: stage: (boot_stage+0x4/0x1c) name=\"x\"\r\n"
			      "  <idle>-0 [000] d..1. 0.1: stage: (boot_stage+0x4/0x1c) name=\"a\"\r\r\n"),
			 0);
	assert_int_equal(cap.nrecs, 1);
	assert_string_equal(cap.recs[0].vals[5].str, "a");
}

static void test_errors(void **state)
{
	char msg[200];
	(void)state;
	snprintf(msg, sizeof(msg), "boot.log:%zu: event 'look' has no format in the LOG: add "
		 "`cat " EV "kprobes/look/format`", trace_line("ek# cat /sys/kernel/tracing/"
							       "available_events\nkprobes:look\n", 1));
	expect_error("ek# cat /sys/kernel/tracing/available_events\nkprobes:look\n",
		     "  <idle>-0 [000] d..1. 0.1: look: (f+0x0/0x4)\n", msg);
	expect_error("", "  <idle>-0 [000] d..1. 0.1: look: (f+0x0/0x4)\n",
		     "event 'look' has no format in the LOG, and no `cat /sys/kernel/tracing/"
		     "available_events` names its group");
	expect_error("ek# cat " EV "kprobes/look/format\ncat: " EV "kprobes/look/format: No such "
		     "file or directory\nek# cat /sys/kernel/tracing/available_events\nkprobes:look\n",
		     "  <idle>-0 [000] d..1. 0.1: look: (f+0x0/0x4)\n",
		     "event 'look' has no format: " EV "kprobes/look/format does not exist on the target");
	snprintf(msg, sizeof(msg), "boot.log:%zu: column 61: '300' is not a u8 value",
		 trace_line(kallsyms, 1));
	expect_error(kallsyms, "  <idle>-0 [000] d..1. 0.1: tick: (a9_twd_irq+0x0/0x58) irq=300\n",
		     msg);
	expect_error(kallsyms, "  <idle>-0 [000] d..1. 0.1: tick: (a9_twd_irq+0x0/0x58) irq=1 "
		     "cnt=2 dev=nosuch+0x0/0x4\n", "symbol 'nosuch' is not in the LOG's");
	expect_error("", "  <idle>-0 [000] d..1. 0.1: tick: (a9_twd_irq+0x0/0x58) irq=1 cnt=x\n",
		     "'x' is not a u64 value");
	expect_error("", "  <idle>-0 [000] d..1. 0.1: stage: (boot_stage+0x4/0x1c) nme=\"a\"\n",
		     "column 57: expected ' name=' (the format's next field)");
	expect_error("", "  <idle>-0 [000] d..1. 0.1: memory: (f+0x4/0x1c <- g) banks=1 x=1\n",
		     "column 62: text after the last field of the event's format");
	expect_error("", "  <idle>-0 [000] d..1. 0.1: stage: (boot_stage+0x4/0x1c) name=\"a\n",
		     "expected a \"quoted\" string value");
	expect_error("", "  <idle>-0 [000] d..1. 0.1: memory: (boot_stage+0x4/0x1c) banks=1\n",
		     "a return probe's event needs '(CALLER <- FUNC)'");
	expect_error("", "  <idle>-0 [000] d?h1. 0.1: stage: (boot_stage+0x4/0x1c) name=\"a\"\n",
		     "column 18: bad flags column");
	expect_error("", "  <idle>-0 [000] d..1. 0.1 stage: (boot_stage+0x4/0x1c) name=\"a\"\n",
		     "expected the timestamp");
	expect_error("", "garbage\n", "not a trace line");
	expect_error("", "  <idle>-0 [000] d..1. 0.1: something else\n",
		     "expected 'EVENT: ...' or the function tracer's");
	expect_error("", "# entries-in-buffer/entries-written: 2/2   #P:1\n",
		     "the header says 2 entries, the capture holds 0");
	snprintf(msg, sizeof(msg), "boot.log:%zu: /sys/kernel/tracing/trace: the header says 2 "
		 "entries, the capture holds 1: lines lost or cut off", trace_line("", 2));
	expect_error("", "# entries-in-buffer/entries-written: 2/2   #P:1\n  <idle>-0 [000] d..1. "
		     "0.1: stage: (boot_stage+0x4/0x1c) name=\"a\"\n", msg);
	expect_error("", "#P:1\n  <idle>-0 [001] d..1. 0.1: stage: (boot_stage+0x4/0x1c) name=\"a\"\n",
		     "CPU 1 in a trace of #P:1");
}

static void test_bad_formats(void **state)
{
	const char *trace = "  <idle>-0 [000] d..1. 0.1: stage: (boot_stage+0x4/0x1c) name=\"a\"\n";

	(void)state;
	expect_error("ek# cat " EV "x/y/format\nname: y\nID: 7\nformat:\n\tfield:int a;\toffset:0;\n"
		     "ek# cat /proc/uptime\n", trace, "expected 'field:TYPE NAME;");
	expect_error("ek# cat " EV "x/y/format\nname: z\n", trace, EV "x/y/format: expected 'name: y'");
	expect_error("ek# cat " EV "x/y/format\nname: y\nID: 70000\n", trace, "expected 'ID: N'");
	expect_error("ek# cat " EV "x/y/format\nname: y\nID: 1001\n" COMMON
		     "print fmt: \"\"\n", trace, "ID 1001 is also the ID of boot/stage");
	expect_error("ek# cat " EV "x/y/format\nname: y\nID: 7\n" COMMON, trace,
		     "no 'print fmt:' line (file cut off?)");
	expect_error("ek# cat " EV "x/y/format\nname: y\nID: 7\n" COMMON
		     "\tfield:int a;\toffset:6;\tsize:4;\tsigned:1;\nprint fmt: \"\"\n", trace,
		     "field overlaps another");
}

static void test_cut_off(void **state)
{
	char text[] = "boot\nek# cat /sys/kernel/tracing/trace\n# tracer: nop\n  <idle>-0 [0";
	char *copy = malloc(sizeof(text));

	(void)state;
	memcpy(copy, text, sizeof(text));
	ek_capture_free(&cap);
	assert_int_equal(ek_capture_parse("cut.log", copy, strlen(copy), &cap, &err), -1);
	assert_string_equal(err.msg, "cut.log:2: the output of 'cat /sys/kernel/tracing/trace' is "
			    "not followed by an ek# prompt: the capture is cut off");
	copy = malloc(8);
	memcpy(copy, "a\nb\0c\n", 7);
	ek_capture_free(&cap);
	assert_int_equal(ek_capture_parse("nul.log", copy, 6, &cap, &err), -1);
	assert_string_equal(err.msg, "nul.log:2: NUL byte: not a text console capture");
	copy = malloc(4);
	memcpy(copy, "ek#", 4);
	ek_capture_free(&cap);
	assert_int_equal(ek_capture_parse("empty.log", copy, 3, &cap, &err), -1);
	assert_string_equal(err.msg, "empty.log:1: no `cat /sys/kernel/tracing/trace` in the LOG");
	ek_capture_free(&cap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns_and_flags),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_same_name),
		cmocka_unit_test(test_made_up_addresses),
		cmocka_unit_test(test_kernel_messages_skipped),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_bad_formats),
		cmocka_unit_test(test_cut_off),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	ek_capture_free(&cap);
	if (!failed)
		printf("ektrace_capture: %zu checks of LOG parsing and errors passed\n",
		       sizeof(tests) / sizeof(tests[0]));
	return failed;
}
