/*
 * kprobe_events parser (kernel/trace/probe_parse.c): valid lines must
 * come back in canonical form with the right fetch program; invalid ones
 * must fail with the right errno at the right character.
 */
#include <stdio.h>
#include <string.h>

#include <ek/errno.h>
#include <ek/probe_event.h>

#include "test.h"

/* ARM register names as the arch table gives them. */
static int arm_reg_index(const char *name, size_t len)
{
	static const char *const names[] = { "r0", "r1", "r2",  "r3",  "r4",  "r5",
					     "r6", "r7", "r8",  "r9",  "r10", "fp",
					     "ip", "sp", "lr",  "pc" };
	static const struct { const char *alias; int idx; } aliases[] = {
		{ "r11", 11 }, { "r12", 12 }, { "r13", 13 }, { "r14", 14 }, { "r15", 15 },
	};

	for (int i = 0; i < 16; i++)
		if (strlen(names[i]) == len && !strncmp(names[i], name, len))
			return i;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strlen(aliases[i].alias) == len && !strncmp(aliases[i].alias, name, len))
			return aliases[i].idx;
	return -EINVAL;
}

static const struct probe_parse_opts opts = { "kprobes", arm_reg_index, false };
static struct probe_def def;
static unsigned int ncases;

static int parse(const char *line, struct probe_error *err)
{
	return probe_parse(line, strlen(line), &opts, &def, err);
}

/* ---- valid lines: canonical form ----------------------------------- */

static const struct {
	const char *line;
	const char *canonical; /* NULL: a delete */
} valid[] = {
	{ "p gic_init", "p:kprobes/p_gic_init_0 gic_init" },
	{ "p:myprobe gic_init base=%r0:x32", "p:kprobes/myprobe gic_init base=%r0:x32" },
	{ "p:grp/ev gic_init+0x10", "p:grp/ev gic_init+16" },
	{ "p gic_init+0x10", "p:kprobes/p_gic_init_16 gic_init+16" },
	{ "p gic_init+8", "p:kprobes/p_gic_init_8 gic_init+8" },
	{ "r gic_init $retval", "r:kprobes/r_gic_init_0 gic_init arg1=$retval" },
	{ "r gic_init+0 ret=$retval:s32", "r:kprobes/r_gic_init_0 gic_init ret=$retval:s32" },
	{ "r16:ret timer_init ret=$retval:s32", "r16:kprobes/ret timer_init ret=$retval:s32" },
	{ "r4096:g/e f", "r4096:g/e f" },
	{ "p 0x80001000", "p:kprobes/p_0x80001000 0x80001000" },
	{ "r 0x80001000", "r:kprobes/r_0x80001000 0x80001000" },
	{ "p foo %r0 %sp %lr %pc %fp %ip %r15",
	  "p:kprobes/p_foo_0 foo arg1=%r0 arg2=%sp arg3=%lr arg4=%pc arg5=%fp arg6=%ip arg7=%r15" },
	{ "p foo $arg1 $arg4 $arg16", "p:kprobes/p_foo_0 foo arg1=$arg1 arg2=$arg4 arg3=$arg16" },
	{ "p foo $stack $stack0 $stack1024",
	  "p:kprobes/p_foo_0 foo arg1=$stack arg2=$stack0 arg3=$stack1024" },
	{ "p foo +4(%r0) -8(+0($stack)):u8",
	  "p:kprobes/p_foo_0 foo arg1=+4(%r0) arg2=-8(+0($stack)):u8" },
	{ "p foo @jiffies @jiffies+4:u64 @jiffies-4 @0x1000:x16",
	  "p:kprobes/p_foo_0 foo arg1=@jiffies arg2=@jiffies+4:u64 arg3=@jiffies-4 "
	  "arg4=@0x1000:x16" },
	{ "p foo \\123 \\-1:s32 \\0x10:u8",
	  "p:kprobes/p_foo_0 foo arg1=\\123 arg2=\\-1:s32 arg3=\\0x10:u8" },
	{ "p foo name=+0(%r1):string", "p:kprobes/p_foo_0 foo name=+0(%r1):string" },
	{ "p foo s=@banner:string sym=%lr:symbol",
	  "p:kprobes/p_foo_0 foo s=@banner:string sym=%lr:symbol" },
	{ "  p:g/e   foo   a=%r0  \n", "p:g/e foo a=%r0" },
	{ "p\tfoo\ta=%r0\n", "p:kprobes/p_foo_0 foo a=%r0" },
	{ "p foo.isra.0", "p:kprobes/p_foo_isra_0_0 foo.isra.0" },
	{ "p _start", "p:kprobes/p__start_0 _start" },
	{ "p foo a=%r0 b=%r1 c=%r2 d=%r3 e=%r4 f=%r5 g=%r6 h=%r7",
	  "p:kprobes/p_foo_0 foo a=%r0 b=%r1 c=%r2 d=%r3 e=%r4 f=%r5 g=%r6 h=%r7" },
	{ "p foo x=+0(+0(+0(+0(%r0))))", "p:kprobes/p_foo_0 foo x=+0(+0(+0(+0(%r0))))" },
	{ "p foo x=+0(+0(+0(@sym)))", "p:kprobes/p_foo_0 foo x=+0(+0(+0(@sym)))" },
	{ "p foo a=%r0:u8 b=%r0:u16 c=%r0:u32 d=%r0:u64 e=%r0:s8 f=%r0:s16 g=%r0:s32 h=%r0:s64",
	  "p:kprobes/p_foo_0 foo a=%r0:u8 b=%r0:u16 c=%r0:u32 d=%r0:u64 e=%r0:s8 f=%r0:s16 "
	  "g=%r0:s32 h=%r0:s64" },
	{ "p foo a=%r0:x8 b=%r0:x16 c=%r0:x32 d=%r0:x64",
	  "p:kprobes/p_foo_0 foo a=%r0:x8 b=%r0:x16 c=%r0:x32 d=%r0:x64" },
	{ "p:A_b9/C_d foo", "p:A_b9/C_d foo" },
	{ "p foo arg2=%r0 arg1=%r1", "p:kprobes/p_foo_0 foo arg2=%r0 arg1=%r1" },
	{ "-:ev", NULL },
	{ "-:grp/ev", NULL },
	{ "-:ev\n", NULL },
};

static void test_valid(void **state)
{
	char buf[512];
	struct probe_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		int ret = parse(valid[i].line, &err);

		if (ret)
			fail_msg("'%s': %d %s at %d", valid[i].line, ret, err.msg, err.pos);
		assert_int_equal(err.err, 0);
		if (valid[i].canonical) {
			int n = probe_def_format(&def, buf, sizeof(buf));

			assert_int_equal(n, (int)strlen(buf));
			if (strcmp(buf, valid[i].canonical))
				fail_msg("'%s' -> '%s', want '%s'", valid[i].line, buf,
					 valid[i].canonical);
			/* The canonical form parses to itself. */
			assert_int_equal(parse(buf, &err), 0);
			char again[512];

			probe_def_format(&def, again, sizeof(again));
			assert_string_equal(again, buf);
		} else {
			assert_int_equal(def.kind, PROBE_DELETE);
		}
		ncases++;
	}
}

/* ---- valid lines: the parsed program ------------------------------- */

static void test_fields(void **state)
{
	(void)state;
	assert_int_equal(parse("p:grp/ev gic_init+0x10 base=%r0:x32", NULL), 0);
	assert_int_equal(def.kind, PROBE_ENTRY);
	assert_true(def.has_group && def.has_event && def.has_symbol);
	assert_string_equal(def.group, "grp");
	assert_string_equal(def.event, "ev");
	assert_int_equal(def.event_pos, 6);
	assert_string_equal(def.symbol, "gic_init");
	assert_int_equal(def.point_pos, 9);
	assert_int_equal(def.offset, 0x10);
	assert_int_equal(def.nargs, 1);
	assert_string_equal(def.args[0].name, "base");
	assert_string_equal(def.args[0].text, "%r0:x32");
	assert_int_equal(def.args[0].pos, 28);
	assert_int_equal(def.args[0].base, FETCH_REG);
	assert_int_equal(def.args[0].index, 0);
	assert_int_equal(def.args[0].type, PTYPE_X32);
	assert_int_equal(def.args[0].nderef, 0);

	/* Defaults: group from the caller, names argN, type x32. */
	struct probe_parse_opts o = { "gic", arm_reg_index, false };

	assert_int_equal(probe_parse("p timer_init %sp", 16, &o, &def, NULL), 0);
	assert_string_equal(def.group, "gic");
	assert_false(def.has_group);
	assert_string_equal(def.event, "p_timer_init_0");
	assert_string_equal(def.args[0].name, "arg1");
	assert_int_equal(def.args[0].index, 13);
	assert_int_equal(def.args[0].type, PTYPE_DEFAULT);
	/* NULL default group: "kprobes". */
	struct probe_parse_opts none = { NULL, NULL, false };

	assert_int_equal(probe_parse("p f", 3, &none, &def, NULL), 0);
	assert_string_equal(def.group, "kprobes");
	/* The length bounds the line: the rest is not read. */
	assert_int_equal(probe_parse("p f %r0", 3, &opts, &def, NULL), 0);
	assert_int_equal(def.nargs, 0);

	assert_int_equal(parse("r16:ret timer_init ret=$retval:s32", NULL), 0);
	assert_int_equal(def.kind, PROBE_RETURN);
	assert_int_equal(def.maxactive, 16);
	assert_int_equal(def.args[0].base, FETCH_RETVAL);
	assert_int_equal(def.args[0].type, PTYPE_S32);

	assert_int_equal(parse("p 0x80001000", NULL), 0);
	assert_false(def.has_symbol);
	assert_int_equal(def.addr, 0x80001000ul);

	/* Dereferences apply innermost first. */
	assert_int_equal(parse("p f x=-8(+12($stack)):u8", NULL), 0);
	assert_int_equal(def.args[0].base, FETCH_STACKP);
	assert_int_equal(def.args[0].nderef, 2);
	assert_int_equal(def.args[0].deref[0], 12);
	assert_int_equal(def.args[0].deref[1], -8);
	assert_int_equal(def.args[0].type, PTYPE_U8);

	/* @SYM: symbol kept by name, one implicit read at sym+off. */
	assert_int_equal(parse("p f v=@jiffies-4:u64", NULL), 0);
	assert_int_equal(def.args[0].base, FETCH_SYMBOL);
	assert_int_equal(def.args[0].value, -4);
	assert_int_equal(def.args[0].nderef, 1);
	assert_int_equal(def.args[0].deref[0], 0);
	assert_memory_equal(def.args[0].text + def.args[0].sym_pos, "jiffies", 7);
	assert_int_equal(def.args[0].sym_len, 7);
	assert_int_equal(def.args[0].type, PTYPE_U64);

	assert_int_equal(parse("p f v=+4(@0x1000)", NULL), 0);
	assert_int_equal(def.args[0].base, FETCH_IMM);
	assert_int_equal(def.args[0].value, 0x1000);
	assert_int_equal(def.args[0].nderef, 2);
	assert_int_equal(def.args[0].deref[1], 4);

	assert_int_equal(parse("p f a=\\-1:s32 b=\\0x10 c=$arg3 d=$stack7 e=$stack", NULL), 0);
	assert_int_equal(def.args[0].base, FETCH_IMM);
	assert_int_equal(def.args[0].value, -1);
	assert_int_equal(def.args[1].value, 16);
	assert_int_equal(def.args[2].base, FETCH_ARG);
	assert_int_equal(def.args[2].index, 2);
	assert_int_equal(def.args[3].base, FETCH_STACK);
	assert_int_equal(def.args[3].index, 7);
	assert_int_equal(def.args[4].base, FETCH_STACKP);

	assert_int_equal(parse("p f s=+0(%r1):string y=%lr:symbol", NULL), 0);
	assert_int_equal(def.args[0].type, PTYPE_STRING);
	assert_int_equal(def.args[1].type, PTYPE_SYMBOL);

	assert_int_equal(parse("-:grp/ev", NULL), 0);
	assert_int_equal(def.kind, PROBE_DELETE);
	assert_true(def.has_group);
	assert_string_equal(def.event, "ev");
	assert_int_equal(parse("-:ev", NULL), 0);
	assert_false(def.has_group);
	ncases += 14;
}

/* ---- invalid lines ------------------------------------------------- */

#define LONG64 "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcd"
#define LONG32 "abcdefghijabcdefghijabcdefghijab"
#define SYM130                                                                     \
	"s12345678901234567890123456789012345678901234567890123456789012345678901" \
	"2345678901234567890123456789012345678901234567890123456789"

static const struct {
	const char *line;
	int pos;
	int err;
	const char *msg; /* a substring of the message */
} invalid[] = {
	{ "", 0, -EINVAL, "empty" },
	{ "   \n", 0, -EINVAL, "empty" },
	{ "x foo", 0, -EINVAL, "unknown probe type" },
	{ "q:ev foo", 0, -EINVAL, "unknown probe type" },
	{ "p", 1, -EINVAL, "missing probe point" },
	{ "p:ev", 4, -EINVAL, "missing probe point" },
	{ "p:", 2, -EINVAL, "event name is empty" },
	{ "p:/ev foo", 2, -EINVAL, "group name is empty" },
	{ "p:grp/ foo", 6, -EINVAL, "event name is empty" },
	{ "p:1ev foo", 2, -EINVAL, "bad character in event name" },
	{ "p:e-v foo", 3, -EINVAL, "bad character in event name" },
	{ "p:g.x/ev foo", 3, -EINVAL, "bad character in group name" },
	{ "p:grp/ev/x foo", 8, -EINVAL, "bad character in event name" },
	{ "p:" LONG64 " foo", 2, -E2BIG, "event name is too long" },
	{ "p:" LONG32 "/ev foo", 2, -E2BIG, "group name is too long" },
	{ "p5 foo", 1, -EINVAL, "maxactive is only for return probes" },
	{ "r0 foo", 1, -E2BIG, "maxactive out of range" },
	{ "r4097 foo", 1, -E2BIG, "maxactive out of range" },
	{ "rx foo", 1, -EINVAL, "unknown probe type" },
	{ "r1x foo", 1, -EINVAL, "bad maxactive" },
	{ "r foo+4", 5, -EINVAL, "return probe must be on a function entry" },
	{ "r foo+0x4 $retval", 5, -EINVAL, "return probe must be on a function entry" },
	{ "p foo+", 6, -EINVAL, "bad probe offset" },
	{ "p foo+0xzz", 6, -EINVAL, "bad probe offset" },
	{ "p foo+-4", 6, -EINVAL, "bad probe offset" },
	{ "p 0x12g", 2, -EINVAL, "bad probe address" },
	{ "p fo-o", 4, -EINVAL, "bad character in symbol name" },
	{ "p +4", 2, -EINVAL, "missing symbol name" },
	{ "p " SYM130, 2, -E2BIG, "symbol name is too long" },
	{ "p " LONG64, 2, -E2BIG, "default event name is too long" },
	{ "p foo %r16", 7, -EINVAL, "unknown register" },
	{ "p foo %", 7, -EINVAL, "unknown register" },
	{ "p foo %R0", 7, -EINVAL, "unknown register" },
	{ "p foo a=%eax", 9, -EINVAL, "unknown register" },
	{ "p foo $retval", 6, -EINVAL, "$retval is only for return probes" },
	{ "r foo $arg1", 6, -EINVAL, "$argN is only available at function entry" },
	{ "p foo+4 $arg1", 8, -EINVAL, "$argN is only available at function entry" },
	{ "p foo $arg0", 10, -EINVAL, "bad argument number" },
	{ "p foo $arg17", 10, -EINVAL, "bad argument number" },
	{ "p foo $argx", 10, -EINVAL, "bad argument number" },
	{ "p foo $stack1025", 12, -EINVAL, "bad stack entry number" },
	{ "p foo $stackx", 12, -EINVAL, "bad stack entry number" },
	{ "p foo $comm", 6, -EINVAL, "unknown variable" },
	{ "p foo $", 6, -EINVAL, "unknown variable" },
	{ "p foo +4%r0", 11, -EINVAL, "missing '('" },
	{ "p foo +(%r0)", 6, -EINVAL, "bad dereference offset" },
	{ "p foo +0x(%r0)", 6, -EINVAL, "bad dereference offset" },
	{ "p foo +4(%r0", 12, -EINVAL, "missing ')'" },
	{ "p foo +4()", 9, -EINVAL, "missing fetch argument" },
	{ "p foo +4(%r0)x", 14, -EINVAL, "missing ')'" },
	{ "p foo +4(%r9x)", 10, -EINVAL, "unknown register" },
	{ "p foo x=+0(+0(+0(+0(+0(%r0)))))", 8, -E2BIG, "nesting is too deep" },
	{ "p foo x=+0(+0(+0(+0(@sym))))", 8, -E2BIG, "nesting is too deep" },
	{ "p foo @", 7, -EINVAL, "missing symbol or address" },
	{ "p foo @0xzz", 7, -EINVAL, "bad address after '@'" },
	{ "p foo @sym+", 10, -EINVAL, "bad symbol offset" },
	{ "p foo @sym+4x", 10, -EINVAL, "bad symbol offset" },
	{ "p foo @sy!m", 9, -EINVAL, "bad character in symbol name" },
	{ "p foo \\abc", 7, -EINVAL, "bad immediate" },
	{ "p foo \\", 7, -EINVAL, "bad immediate" },
	{ "p foo \\-x", 7, -EINVAL, "bad immediate" },
	{ "p foo \\\"str\"", 7, -EOPNOTSUPP, "string immediates" },
	{ "p foo %r0:x128", 10, -EINVAL, "bad fetch argument type" },
	{ "p foo x=%r0:u8:u8", 12, -EINVAL, "bad fetch argument type" },
	{ "p foo %r0:", 10, -EINVAL, "missing type" },
	{ "p foo %r0:string", 10, -EINVAL, "string type needs a memory dereference" },
	{ "p foo \\1:string", 9, -EINVAL, "string type needs a memory dereference" },
	{ "p foo =%r0", 6, -EINVAL, "argument name is empty" },
	{ "p foo 1a=%r0", 6, -EINVAL, "bad character in argument name" },
	{ "p foo " LONG32 "=%r0", 6, -E2BIG, "argument name is too long" },
	{ "p foo a=%r0 a=%r1", 12, -EEXIST, "already used" },
	{ "p foo arg2=%r0 %r1", 15, -EEXIST, "already used" },
	{ "p foo a=%r0 b=%r0 c=%r0 d=%r0 e=%r0 f=%r0 g=%r0 h=%r0 i=%r0", 54, -E2BIG,
	  "too many arguments" },
	{ "p foo x=+0(+0(+0(+0(%r0)))):" LONG64, 8, -E2BIG,
	  "fetch argument is too long" },
	{ "p foo r0", 6, -EINVAL, "bad fetch argument" },
	{ "p foo a=", 8, -EINVAL, "missing fetch argument" },
	{ "p foo a=:u8", 8, -EINVAL, "missing fetch argument" },
	{ "-:", 2, -EINVAL, "event name is empty" },
	{ "-", 1, -EINVAL, "delete needs" },
	{ "-ev", 1, -EINVAL, "unknown probe type" },
	{ "-:ev foo", 5, -EINVAL, "unexpected text" },
	{ "-:g/", 4, -EINVAL, "event name is empty" },
};

static void test_invalid(void **state)
{
	struct probe_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		int ret = parse(invalid[i].line, &err);

		if (ret != invalid[i].err || err.err != ret || err.pos != invalid[i].pos ||
		    !strstr(err.msg, invalid[i].msg))
			fail_msg("'%s': got %d '%s' at %d, want %d '%s' at %d", invalid[i].line,
				 ret, err.msg, err.pos, invalid[i].err, invalid[i].msg,
				 invalid[i].pos);
		ncases++;
	}
	/* The probe point alone is a valid number, not an argument. */
	assert_int_equal(parse("p foo 0x10", &err), -EINVAL);
	assert_int_equal(err.pos, 6);
	/* A NULL error pointer is allowed. */
	assert_int_equal(parse("p foo %r99", NULL), -EINVAL);
}

static void test_error_format(void **state)
{
	struct probe_error err;
	char buf[160];

	(void)state;
	/* Column in messages is 1-based: 'x128' is the 11th character. */
	assert_int_equal(parse("p foo %r0:x128", &err), -EINVAL);
	probe_error_format(&err, buf, sizeof(buf));
	assert_string_equal(buf, "bad fetch argument type at col 11");
	err.pos = -1;
	probe_error_format(&err, buf, sizeof(buf));
	assert_string_equal(buf, "bad fetch argument type");
	/* Truncating output still terminates. */
	assert_int_equal(parse("p foo %r0:x128", &err), -EINVAL);
	probe_error_format(&err, buf, 8);
	assert_string_equal(buf, "bad fet");
	/* probe_def_format reports the length it needs, like snprintf. */
	assert_int_equal(parse("p:g/e foo a=%r0", NULL), 0);
	assert_int_equal(probe_def_format(&def, buf, 4), (int)strlen("p:g/e foo a=%r0"));
	assert_string_equal(buf, "p:g");
	assert_string_equal(probe_type_name(PTYPE_S16), "s16");
	assert_string_equal(probe_type_name(PTYPE_SYMBOL), "symbol");
}

static void test_summary(void **state)
{
	(void)state;
	printf("probe_parse: %u cases (%zu invalid lines with error positions)\n", ncases,
	       sizeof(invalid) / sizeof(invalid[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_error_format),
		cmocka_unit_test(test_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
