/*
 * Event formats and filters (kernel/trace/event_format.c, event_filter.c):
 * the format file of an entry and a return probe with every fetch type,
 * field values read back from slots, filter expressions that match and
 * that do not, and malformed filters with Linux's message and position.
 */
#include <stdio.h>
#include <string.h>

#include <ek/errno.h>
#include <ek/event_filter.h>
#include <ek/event_format.h>
#include <ek/shell.h>
#include <ek/trace.h>

#include "test.h"

/* The kernel's seq and arch pieces event_format.c uses. */
void seq_write(struct seq *s, const char *p, size_t n)
{
	if (s->len + n >= s->size)
		n = s->size - s->len - 1;
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	s->buf[s->len] = '\0';
}

void seq_puts(struct seq *s, const char *str)
{
	seq_write(s, str, strlen(str));
}

void seq_printf(struct seq *s, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	seq_write(s, tmp, (size_t)n);
}

bool arch_status_irqs_off(u32 status)
{
	return status & 0x80; /* ARM's CPSR I bit */
}

static int reg_index(const char *name, size_t len)
{
	return len == 2 && name[0] == 'r' && name[1] >= '0' && name[1] <= '9' ? name[1] - '0' : -1;
}

static struct probe_def def;

static void parse(const char *line)
{
	struct probe_parse_opts opts = { "kprobes", reg_index, false };
	struct probe_error err;

	assert_int_equal(probe_parse(line, strlen(line), &opts, &def, &err), 0);
}

static const char *format(unsigned int id)
{
	static char buf[4096];
	struct seq s = { .buf = buf, .size = sizeof(buf) };

	buf[0] = '\0';
	event_format_show(&s, &def, id);
	return buf;
}

#define COMMON                                                                       \
	"format:\n"                                                                  \
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"        \
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"        \
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n" \
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"                     \
	"\n"

static void test_format_entry(void **state)
{
	(void)state;
	parse("p:grp/ev f a=%r0:u8 b=%r1:u16 c=%r2:u32 d=%r3:u64 e=%r4:s8 f=%r5:s16 "
	      "g=%r6:s32 h=%r7:s64");
	assert_string_equal(format(7),
		"name: ev\nID: 7\n" COMMON
		"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:4;\tsigned:0;\n"
		"\tfield:u8 a;\toffset:12;\tsize:1;\tsigned:0;\n"
		"\tfield:u16 b;\toffset:13;\tsize:2;\tsigned:0;\n"
		"\tfield:u32 c;\toffset:15;\tsize:4;\tsigned:0;\n"
		"\tfield:u64 d;\toffset:19;\tsize:8;\tsigned:0;\n"
		"\tfield:s8 e;\toffset:27;\tsize:1;\tsigned:1;\n"
		"\tfield:s16 f;\toffset:28;\tsize:2;\tsigned:1;\n"
		"\tfield:s32 g;\toffset:30;\tsize:4;\tsigned:1;\n"
		"\tfield:s64 h;\toffset:34;\tsize:8;\tsigned:1;\n"
		"\n"
		"print fmt: \"(%lx) a=%u b=%u c=%u d=%Lu e=%d f=%d g=%d h=%Ld\", REC->__probe_ip, "
		"REC->a, REC->b, REC->c, REC->d, REC->e, REC->f, REC->g, REC->h\n");
	/* x types show as their u alias, a string as __data_loc, a symbol as
	 * an address (Linux's fmttype). */
	parse("p:grp/ev2 f i=%r0:x8 j=%r1:x16 k=%r2:x32 l=%r3:x64 s=+0(%r4):string y=%r5:symbol");
	assert_string_equal(format(8),
		"name: ev2\nID: 8\n" COMMON
		"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:4;\tsigned:0;\n"
		"\tfield:u8 i;\toffset:12;\tsize:1;\tsigned:0;\n"
		"\tfield:u16 j;\toffset:13;\tsize:2;\tsigned:0;\n"
		"\tfield:u32 k;\toffset:15;\tsize:4;\tsigned:0;\n"
		"\tfield:u64 l;\toffset:19;\tsize:8;\tsigned:0;\n"
		"\tfield:__data_loc char[] s;\toffset:27;\tsize:4;\tsigned:1;\n"
		"\tfield:u32 y;\toffset:31;\tsize:4;\tsigned:0;\n"
		"\n"
		"print fmt: \"(%lx) i=0x%x j=0x%x k=0x%x l=0x%Lx s=\\\"%s\\\" y=%pS\", "
		"REC->__probe_ip, REC->i, REC->j, REC->k, REC->l, __get_str(s), REC->y\n");
}

static void test_format_return(void **state)
{
	(void)state;
	parse("r:ret f rv=$retval:s32");
	assert_string_equal(format(9),
		"name: ret\nID: 9\n" COMMON
		"\tfield:unsigned long __probe_func;\toffset:8;\tsize:4;\tsigned:0;\n"
		"\tfield:unsigned long __probe_ret_ip;\toffset:12;\tsize:4;\tsigned:0;\n"
		"\tfield:s32 rv;\toffset:16;\tsize:4;\tsigned:1;\n"
		"\n"
		"print fmt: \"(%lx <- %lx) rv=%d\", REC->__probe_func, REC->__probe_ret_ip, "
		"REC->rv\n");
	parse("r f");
	assert_non_null(strstr(format(3), "print fmt: \"(%lx <- %lx)\", REC->__probe_func, "
				  "REC->__probe_ret_ip\n"));
}

/* An entry of "p:ev f a=%r0:u32 b=%r1:s16 s=+0(%r2):string c=%r3:x8". */
static struct trace_slot slot;

static void fill(u32 a, s16 b, const char *s, u8 c, unsigned int pid, bool hardirq, u32 status)
{
	u8 *p = slot.data;
	size_t n = strlen(s);

	memset(&slot, 0, sizeof(slot));
	slot.e.event_id = 5;
	slot.e.ip = 0x1000;
	slot.e.flags = (u16)(pid << TRACE_ENTRY_TASK_SHIFT | (hardirq ? TRACE_ENTRY_HARDIRQ : 0));
	slot.e.status = status;
	memcpy(p, &a, 4), p += 4;
	memcpy(p, &b, 2), p += 2;
	*p++ = (u8)n;
	memcpy(p, s, n), p += n;
	*p++ = c;
	slot.e.len = (u16)(p - slot.data);
}

static int compile(const char *text, struct event_filter *f, struct probe_error *err)
{
	return event_filter_compile(&def, text, strlen(text), f, err);
}

static bool matches(const char *text)
{
	static struct event_filter f;
	struct probe_error err = { 0 };
	int ret = compile(text, &f, &err);

	if (ret)
		fail_msg("'%s': %s at %d", text, err.msg, err.pos);
	return event_filter_match(&f, &def, &slot);
}

static void test_filter_match(void **state)
{
	(void)state;
	parse("p:ev f a=%r0:u32 b=%r1:s16 s=+0(%r2):string c=%r3:x8");
	fill(5, -3, "abcdef", 0x14, 3, true, 0x93);
	assert_true(matches("a == 5"));
	assert_false(matches("a != 5"));
	assert_true(matches("a > 4 && a < 6 && a >= 5 && a <= 5"));
	assert_true(matches("b < 0"));        /* signed field */
	assert_false(matches("b > 0"));
	assert_true(matches("b == -3"));
	assert_true(matches("c & 0x4"));
	assert_false(matches("c & 0x8"));
	assert_true(matches("s == \"abcdef\""));
	assert_true(matches("s == 'abcdef'"));
	assert_true(matches("s == abcdef"));
	assert_false(matches("s == \"abc\""));
	assert_true(matches("s != \"abc\""));
	assert_true(matches("s ~ \"abc*\""));
	assert_true(matches("s ~ \"*def\""));
	assert_false(matches("s ~ \"*x*\""));
	assert_true(matches("a == 1 || c == 0x14"));
	assert_false(matches("a == 1 || c == 0x15"));
	assert_true(matches("!(a == 1)"));
	assert_true(matches("(a == 1 || a == 5) && !(s ~ \"z*\")"));
	assert_true(matches("common_pid == 3 && common_type == 5"));
	assert_true(matches("common_flags == 9")); /* irqs off (0x80 in cpsr), hardirq */
	assert_true(matches("__probe_ip == 0x1000"));
	fill(5, 7, "x", 0, 0, false, 0x13);
	assert_true(matches("common_flags == 0 && common_pid == 0 && b > 0"));
	assert_true(matches("  a==5  "));
}

static void test_filter_errors(void **state)
{
	static const struct {
		const char *text;
		int pos;
		const char *msg;
	} cases[] = {
		{ "nofield == 1", 0, "Field not found" },
		{ "a == 1 && zz > 2", 10, "Field not found" },
		{ "a = 1", 2, "Invalid operator" },
		{ "a &&", 2, "Invalid operator" },
		{ "a == x1", 5, "Illegal integer value" },
		{ "a == ", 4, "Invalid value (did you forget quotes)?" }, /* blanks at the end go */
		{ "s < 3", 2, "Illegal operation for field type" },
		{ "a ~ 3", 2, "Illegal operation for field type" },
		{ "s == \"abc", 5, "Missing matching quote" },
		{ "(a == 1", 0, "Too many '('" },
		{ "a == 1)", 6, "Too few '('" },
		{ "a == 1 b == 2", 7, "Meaningless filter expression" },
		{ "a == 1 &&", 9, "Meaningless filter expression" },
	};
	static struct event_filter f;

	(void)state;
	parse("p:ev f a=%r0:u32 b=%r1:s16 s=+0(%r2):string c=%r3:x8");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct probe_error err = { 0 };

		if (compile(cases[i].text, &f, &err) != -EINVAL || err.pos != cases[i].pos ||
		    strcmp(err.msg, cases[i].msg))
			fail_msg("'%s': got '%s' at %d, want '%s' at %d", cases[i].text, err.msg,
				 err.pos, cases[i].msg, cases[i].pos);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_entry),
		cmocka_unit_test(test_format_return),
		cmocka_unit_test(test_filter_match),
		cmocka_unit_test(test_filter_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
