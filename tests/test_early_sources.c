/*
 * Early-probe inputs: every definition from /chosen/ekprobes and the command
 * line arrives with its exact source, and every malformed input yields one
 * error naming its source while the rest still arrive.
 */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ek/early_sources.h>

#define MAX_SEEN 32

/* A spec points into the blob, which scan() frees: keep text copies. */
struct spec_copy {
	char source[EARLY_SOURCE_LEN];
	char def[EARLY_DEF_LEN];
	char group[EARLY_GROUP_LEN];
	bool disabled;
};

struct seen {
	int nprobes, nerrors;
	struct spec_copy probes[MAX_SEEN];
	char errors[MAX_SEEN][EARLY_SOURCE_LEN + 128];
};

static void on_probe(const struct early_probe_spec *spec, void *ctx)
{
	struct seen *s = ctx;

	struct spec_copy *c;

	assert_true(s->nprobes < MAX_SEEN);
	c = &s->probes[s->nprobes++];
	early_spec_source(spec, c->source, sizeof(c->source));
	assert_true(early_spec_def(spec, c->def, sizeof(c->def)) >= 0);
	snprintf(c->group, sizeof(c->group), "%.*s", (int)spec->group_len, spec->group);
	c->disabled = spec->disabled;
}

static void on_error(const char *source, const char *message, void *ctx)
{
	struct seen *s = ctx;

	assert_true(s->nerrors < MAX_SEEN);
	snprintf(s->errors[s->nerrors++], sizeof(s->errors[0]), "%s: %s", source, message);
}

/* Compile @dts with dtc into a malloc'ed blob. */
static void *compile_dts(const char *dts)
{
	char src[] = "/tmp/ek-early-XXXXXX";
	char cmd[256];
	int fd = mkstemp(src);
	FILE *f;
	void *blob = malloc(65536);
	size_t n;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(dts, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb %s", src);
	f = popen(cmd, "r");
	assert_non_null(f);
	n = fread(blob, 1, 65536, f);
	assert_int_equal(pclose(f), 0);
	assert_true(n > 40);
	unlink(src);
	return blob;
}

static struct seen scan(const char *dts, const char *cmdline, struct early_options *opt)
{
	static struct seen s;
	struct early_sources_ops ops = { on_probe, on_error, &s };
	void *fdt = dts ? compile_dts(dts) : NULL;
	int errors;

	memset(&s, 0, sizeof(s));
	errors = early_sources_scan(fdt, cmdline, &ops, opt);
	assert_int_equal(errors, s.nerrors);
	free(fdt);
	return s;
}

#define DTS_HEAD "/dts-v1/; / { #address-cells = <1>; #size-cells = <1>; chosen { "
#define DTS_TAIL " }; };"

static void test_dt_groups(void **state)
{
	struct early_options opt;
	struct seen s = scan(DTS_HEAD
			     "ekprobes { buffer-entries = <512>; print;"
			     " gic { probes = \"p:gic_entry gic_init base=%r0:x32\", \"r gic_init\"; };"
			     " timer { probes = \"p timer_init\"; disabled; }; };" DTS_TAIL,
			     NULL, &opt);

	(void)state;
	assert_int_equal(s.nerrors, 0);
	assert_int_equal(s.nprobes, 3);
	assert_string_equal(s.probes[0].source, "/chosen/ekprobes/gic:probes[0]");
	assert_string_equal(s.probes[0].def, "p:gic_entry gic_init base=%r0:x32");
	assert_string_equal(s.probes[0].group, "gic");
	assert_false(s.probes[0].disabled);
	assert_string_equal(s.probes[1].source, "/chosen/ekprobes/gic:probes[1]");
	assert_string_equal(s.probes[2].source, "/chosen/ekprobes/timer:probes[0]");
	assert_string_equal(s.probes[2].group, "timer");
	assert_true(s.probes[2].disabled);
	assert_int_equal(opt.buffer_entries, 512);
	assert_true(opt.print);
	assert_true(opt.enabled);
}

static void test_dt_errors(void **state)
{
	struct early_options opt;
	struct seen s = scan(DTS_HEAD
			     "ekprobes { buffer-entries = \"many\"; print = <1>; verbose;"
			     " nolist { disabled; };"
			     " ints { probes = <1 2>; };"
			     " holes { probes = \"p a\", \"\", \"p b\"; extra = <1>; };"
			     " bad-name { probes = \"p c\"; };"
			     " nested { probes = \"p d\"; child { }; }; };" DTS_TAIL,
			     NULL, &opt);
	static const char *const expect[] = {
		"/chosen/ekprobes:buffer-entries: must be one 32-bit cell, e.g. <4096>",
		"/chosen/ekprobes:print: boolean property must be empty (write it as `print;`)",
		"/chosen/ekprobes:verbose: unknown property (expected 'buffer-entries', 'print', "
		"'ftrace-filter', 'memory-region', 'dump-on-oops' or 'hang-timeout-ms')",
		"/chosen/ekprobes/nolist: missing 'probes' property",
		"/chosen/ekprobes/ints:probes: must be a list of strings",
		"/chosen/ekprobes/holes:extra: unknown property (expected 'probes' or 'disabled')",
		"/chosen/ekprobes/holes:probes[1]: empty probe definition",
		"/chosen/ekprobes/bad-name: group node name must be [A-Za-z_][A-Za-z0-9_]* (it names the event group)",
		"/chosen/ekprobes/nested: group nodes take no child nodes",
	};

	(void)state;
	assert_int_equal(s.nerrors, (int)(sizeof(expect) / sizeof(expect[0])));
	for (int i = 0; i < s.nerrors; i++)
		assert_string_equal(s.errors[i], expect[i]);
	/* the good definitions among the bad still arrive */
	assert_int_equal(s.nprobes, 3);
	assert_string_equal(s.probes[0].source, "/chosen/ekprobes/holes:probes[0]");
	assert_string_equal(s.probes[1].source, "/chosen/ekprobes/holes:probes[2]");
	assert_string_equal(s.probes[2].def, "p d");
	assert_int_equal(opt.buffer_entries, 0);
	assert_true(opt.print);
}

static void test_dt_property_not_node(void **state)
{
	struct early_options opt;
	struct seen s = scan(DTS_HEAD "ekprobes = \"p x\";" DTS_TAIL, NULL, &opt);

	(void)state;
	assert_int_equal(s.nerrors, 1);
	assert_string_equal(s.errors[0], "/chosen:ekprobes: must be a node, not a property");
	assert_int_equal(s.nprobes, 0);
}

static void test_no_ekprobes(void **state)
{
	struct early_options opt;
	struct seen s = scan(DTS_HEAD DTS_TAIL, "console=ttyAMA0", &opt);

	(void)state;
	assert_int_equal(s.nerrors, 0);
	assert_int_equal(s.nprobes, 0);
	assert_false(opt.print);
	assert_true(opt.enabled);
}

static void test_cmdline(void **state)
{
	struct early_options opt;
	struct seen s = scan(NULL,
			     "quiet ekprobe=mem_init,,irq_init kprobe_event="
			     "p:grp/ev,gic_init,base=%r0:x32;;r,timer_init,$retval "
			     "ekprobes.print=1 ekprobes.enabled=0 ekprobe=time_init",
			     &opt);

	(void)state;
	assert_int_equal(s.nerrors, 2);
	assert_string_equal(s.errors[0], "bootargs:ekprobe[1]: empty symbol");
	assert_string_equal(s.errors[1], "bootargs:kprobe_event[1]: empty probe definition");
	assert_int_equal(s.nprobes, 5);
	assert_string_equal(s.probes[0].def, "p mem_init");
	assert_string_equal(s.probes[0].source, "bootargs:ekprobe[0]");
	assert_string_equal(s.probes[0].group, "kprobes");
	assert_string_equal(s.probes[1].source, "bootargs:ekprobe[2]");
	assert_string_equal(s.probes[2].def, "p:grp/ev gic_init base=%r0:x32");
	assert_string_equal(s.probes[2].source, "bootargs:kprobe_event[0]");
	assert_string_equal(s.probes[3].def, "r timer_init $retval");
	assert_string_equal(s.probes[3].source, "bootargs:kprobe_event[2]");
	assert_string_equal(s.probes[4].source, "bootargs:ekprobe[3]");
	assert_true(opt.print);
	assert_false(opt.enabled);
}

static void test_cmdline_errors(void **state)
{
	struct early_options opt;
	char longdef[400];
	char line[512];
	struct seen s;

	(void)state;
	memset(longdef, 'a', sizeof(longdef) - 1);
	longdef[sizeof(longdef) - 1] = '\0';
	snprintf(line, sizeof(line),
		 "ekprobes.print=yes ekprobes.enabled ekprobes.verbose=1 ekprobe kprobe_event= "
		 "kprobe_event=p,%s",
		 longdef);
	s = scan(NULL, line, &opt);
	assert_int_equal(s.nprobes, 0);
	assert_int_equal(s.nerrors, 6);
	assert_string_equal(s.errors[0], "bootargs:ekprobes.print: expected 0 or 1");
	assert_string_equal(s.errors[1], "bootargs:ekprobes.enabled: expected 0 or 1");
	assert_string_equal(s.errors[2], "bootargs:ekprobes.verbose: unknown parameter "
					 "(expected ekprobes.print, ekprobes.enabled, "
					 "ekprobes.dump_on_oops or ekprobes.hang_timeout_ms)");
	assert_string_equal(s.errors[3], "bootargs:ekprobe: needs a value");
	assert_string_equal(s.errors[4], "bootargs:kprobe_event: needs a value");
	assert_string_equal(s.errors[5],
			    "bootargs:kprobe_event[0]: definition longer than 255 characters");
}

/* The boot trace's options: the region's phandle, dump on oops, the hang
 * timeout, from the DT and (but the region) the command line, which wins. */
static void test_boot_trace_options(void **state)
{
	struct early_options opt;
	struct seen s = scan("/dts-v1/; / { #address-cells = <1>; #size-cells = <1>;"
			     " reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;"
			     " r: trace@61000000 { reg = <0x61000000 0x100000>; }; };"
			     " chosen { ekprobes { memory-region = <&r>; dump-on-oops;"
			     " hang-timeout-ms = <500>; }; }; };",
			     NULL, &opt);

	(void)state;
	assert_int_equal(s.nerrors, 0);
	assert_int_equal(opt.memory_region, 1); /* dtc's first phandle */
	assert_true(opt.dump_on_oops);
	assert_int_equal(opt.hang_timeout_ms, 500);
	s = scan(DTS_HEAD "ekprobes { dump-on-oops; hang-timeout-ms = <500>; };" DTS_TAIL,
		 "ekprobes.dump_on_oops=0 ekprobes.hang_timeout_ms=2000", &opt);
	assert_int_equal(s.nerrors, 0);
	assert_false(opt.dump_on_oops);
	assert_int_equal(opt.hang_timeout_ms, 2000);
	s = scan(DTS_HEAD "ekprobes { memory-region = <0>; dump-on-oops = <1>;"
		 " hang-timeout-ms = <0>; };" DTS_TAIL,
		 "ekprobes.dump_on_oops=yes ekprobes.hang_timeout_ms=5s ekprobes.hang_timeout_ms=0 "
		 "ekprobes.hang_timeout_ms=99999999999", &opt);
	assert_int_equal(s.nerrors, 7);
	assert_string_equal(s.errors[0], "/chosen/ekprobes:memory-region: must be one phandle, "
					 "e.g. <&trace_region>");
	assert_string_equal(s.errors[1], "/chosen/ekprobes:dump-on-oops: boolean property must be "
					 "empty (write it as `dump-on-oops;`)");
	assert_string_equal(s.errors[2], "/chosen/ekprobes:hang-timeout-ms: must be one 32-bit "
					 "cell of at least 1, e.g. <500>");
	assert_string_equal(s.errors[3], "bootargs:ekprobes.dump_on_oops: expected 0 or 1");
	for (int i = 4; i < 7; i++)
		assert_string_equal(s.errors[i], "bootargs:ekprobes.hang_timeout_ms: expected a "
						 "number of milliseconds (1 or more)");
	assert_int_equal(opt.memory_region, 0);
	assert_int_equal(opt.hang_timeout_ms, 0);
}

/* The debug knobs that other code reads (their KERNEL_PARAMs) are not
 * unknown parameters here. */
static void test_debug_knobs_accepted(void **state)
{
	struct early_options opt;
	struct seen s = scan(NULL, "ekprobes.fail_handover=ev ekprobes.fault_inject=ev "
				   "ekprobes.ftrace_bad_site=boot_stage ekprobes.bogus=1", &opt);

	(void)state;
	assert_int_equal(s.nerrors, 1);
	assert_true(strstr(s.errors[0], "bootargs:ekprobes.bogus: unknown parameter") == s.errors[0]);
}

static void test_cmdline_overrides_dt_print(void **state)
{
	struct early_options opt;
	struct seen s = scan(DTS_HEAD "ekprobes { print; };" DTS_TAIL, "ekprobes.print=0", &opt);

	(void)state;
	assert_int_equal(s.nerrors, 0);
	assert_false(opt.print);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dt_groups),
		cmocka_unit_test(test_dt_errors),
		cmocka_unit_test(test_dt_property_not_node),
		cmocka_unit_test(test_no_ekprobes),
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_cmdline_errors),
		cmocka_unit_test(test_cmdline_overrides_dt_print),
		cmocka_unit_test(test_boot_trace_options),
		cmocka_unit_test(test_debug_knobs_accepted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
