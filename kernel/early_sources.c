/*
 * Reading early-probe definitions out of the DT and the command line. Every
 * malformed input is reported with its exact source (node:property[index]
 * or bootargs:param[index]) and skipped, so one typo never costs the other
 * probes. Binding: dts/bindings/ekprobes.yaml.
 */
#include <ek/cmdline.h>
#include <ek/early_sources.h>
#include <ek/fdt.h>
#include <ek/printk.h>
#include <ek/string.h>

struct scan {
	const struct early_sources_ops *ops;
	struct early_options *opt;
	int errors;
	unsigned int ekprobe_idx, kprobe_event_idx;
};

static void err(struct scan *sc, const char *source, const char *message)
{
	sc->errors++;
	if (sc->ops->error)
		sc->ops->error(source, message, sc->ops->ctx);
}

static void emit(struct scan *sc, struct early_probe_spec *spec)
{
	char source[EARLY_SOURCE_LEN];

	if (spec->len + (early_spec_synthesized(spec) ? 2 : 0) >= EARLY_DEF_LEN) {
		early_spec_source(spec, source, sizeof(source));
		err(sc, source, early_spec_synthesized(spec) ? "symbol name too long"
							      : "definition longer than 255 characters");
		return;
	}
	sc->ops->probe(spec, sc->ops->ctx);
}

int early_spec_def(const struct early_probe_spec *spec, char *buf, size_t size)
{
	size_t skip = early_spec_synthesized(spec) ? 2 : 0;

	if (spec->len + skip >= size)
		return -1;
	memcpy(buf, "p ", skip);
	memcpy(buf + skip, spec->text, spec->len);
	buf[skip + spec->len] = '\0';
	if (spec->origin == EARLY_FROM_KPROBE_EVENT)
		for (char *p = buf; *p; p++)
			if (*p == ',')
				*p = ' ';
	return (int)(skip + spec->len);
}

void early_spec_source(const struct early_probe_spec *spec, char *buf, size_t size)
{
	if (spec->origin == EARLY_FROM_DT)
		ksnprintf(buf, size, "/chosen/ekprobes/%.*s:probes[%u]", (int)spec->group_len,
			  spec->group, spec->index);
	else
		ksnprintf(buf, size, "bootargs:%s[%u]",
			  spec->origin == EARLY_FROM_EKPROBE ? "ekprobe" : "kprobe_event", spec->index);
}

/*
 * strlen() of a string in a DT property list, a word at a time once
 * aligned: the list ends in a NUL inside the property, whose value is
 * padded to a word in the structure block, so the words read stay inside
 * it. A thousand probes in one property make this worth it.
 */
static size_t dt_strlen(const char *s)
{
	typedef u32 __attribute__((may_alias)) word;
	const char *p = s;

	for (; (uintptr_t)p & 3; p++)
		if (!*p)
			return (size_t)(p - s);
	for (;; p += 4) {
		u32 w = *(const word *)p;

		if ((w - 0x01010101u) & ~w & 0x80808080u)
			break;
	}
	while (*p)
		p++;
	return (size_t)(p - s);
}

static bool valid_group_name(const char *name)
{
	if (!*name || (*name >= '0' && *name <= '9'))
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

/* An error about group node @name or one of its properties (@prop, or
 * NULL for the node): the source path is formatted only then, as a boot
 * with many groups and no mistake should not pay for it. */
static void group_err(struct scan *sc, const char *name, const char *prop, const char *message)
{
	char source[EARLY_SOURCE_LEN];

	ksnprintf(source, sizeof(source), "/chosen/ekprobes/%s%s%s", name, prop ? ":" : "",
		  prop ? prop : "");
	err(sc, source, message);
}

static void scan_group(struct scan *sc, const void *fdt, int node)
{
	const char *name = dtb_get_name(fdt, node, NULL);
	char source[EARLY_SOURCE_LEN];
	const char *list = NULL, *end;
	bool has_probes = false, disabled = false;
	int len = 0, disabled_len = 0, idx = 0;

	if (!valid_group_name(name)) {
		group_err(sc, name, NULL,
			  "group node name must be [A-Za-z_][A-Za-z0-9_]* (it names the event group)");
		return;
	}
	/* One walk over the properties finds both and flags the others;
	 * errors come out in the order they always did. */
	for (int prop = dtb_first_property(fdt, node); prop >= 0;
	     prop = dtb_next_property(fdt, prop)) {
		const char *pname;
		int plen;
		const char *val = dtb_getprop_by_offset(fdt, prop, &pname, &plen);

		if (!strcmp(pname, "probes")) {
			if (!has_probes) {
				list = val;
				len = plen;
			}
			has_probes = true;
		} else if (!strcmp(pname, "disabled")) {
			if (!disabled)
				disabled_len = plen;
			disabled = true;
		} else if (strcmp(pname, "phandle")) {
			group_err(sc, name, pname,
				  "unknown property (expected 'probes' or 'disabled')");
		}
	}
	if (dtb_first_subnode(fdt, node) >= 0)
		group_err(sc, name, NULL, "group nodes take no child nodes");
	if (disabled && disabled_len != 0)
		group_err(sc, name, "disabled",
			  "boolean property must be empty (write it as `name;`)");
	if (!has_probes || !list) {
		group_err(sc, name, NULL, "missing 'probes' property");
		return;
	}
	if (len == 0 || list[len - 1] != '\0') {
		group_err(sc, name, "probes", "must be a list of strings");
		return;
	}
	end = list + len;
	struct early_probe_spec spec = { .group = name, .group_len = strlen(name),
					 .origin = EARLY_FROM_DT, .disabled = disabled };

	for (const char *p = list; p < end; p += spec.len + 1, idx++) {
		spec.text = p;
		spec.len = dt_strlen(p);
		spec.index = (unsigned int)idx;
		if (spec.len == 0) {
			early_spec_source(&spec, source, sizeof(source));
			err(sc, source, "empty probe definition");
			continue;
		}
		emit(sc, &spec);
	}
}

/* An error about property @prop of /chosen/ekprobes, formatted only then. */
static void node_prop_err(struct scan *sc, const char *prop, const char *message)
{
	char source[EARLY_SOURCE_LEN];

	ksnprintf(source, sizeof(source), "/chosen/ekprobes:%s", prop);
	err(sc, source, message);
}

static void scan_dt(struct scan *sc, const void *fdt)
{
	int chosen = dtb_path_offset(fdt, "/chosen", 7);
	int node;

	if (chosen < 0)
		return;
	if (dtb_getprop(fdt, chosen, "ekprobes", NULL)) {
		err(sc, "/chosen:ekprobes", "must be a node, not a property");
		return;
	}
	node = dtb_subnode_offset(fdt, chosen, "ekprobes", 8);
	if (node < 0)
		return;
	for (int prop = dtb_first_property(fdt, node); prop >= 0;
	     prop = dtb_next_property(fdt, prop)) {
		const char *pname;
		int len;
		const void *val = dtb_getprop_by_offset(fdt, prop, &pname, &len);

		if (!strcmp(pname, "buffer-entries")) {
			u32 n = len == 4 ? dtb32(val) : 0;

			if (len != 4)
				node_prop_err(sc, pname, "must be one 32-bit cell, e.g. <4096>");
			else if (n == 0)
				node_prop_err(sc, pname, "must be at least 1");
			else
				sc->opt->buffer_entries = n;
		} else if (!strcmp(pname, "print")) {
			if (len)
				node_prop_err(sc, pname,
					      "boolean property must be empty (write it as `print;`)");
			sc->opt->print = true;
		} else if (!strcmp(pname, "dump-on-oops")) {
			if (len)
				node_prop_err(sc, pname, "boolean property must be empty "
							 "(write it as `dump-on-oops;`)");
			sc->opt->dump_on_oops = true;
		} else if (!strcmp(pname, "memory-region")) {
			if (len != 4 || !dtb32(val))
				node_prop_err(sc, pname, "must be one phandle, e.g. <&trace_region>");
			else
				sc->opt->memory_region = dtb32(val);
		} else if (!strcmp(pname, "hang-timeout-ms")) {
			if (len != 4 || !dtb32(val))
				node_prop_err(sc, pname, "must be one 32-bit cell of at least 1, e.g. <500>");
			else
				sc->opt->hang_timeout_ms = dtb32(val);
		} else if (strcmp(pname, "phandle") && strcmp(pname, "ftrace-filter")) {
			/* ftrace-filter: the function tracer's (kernel/trace/ftrace_files.c) */
			node_prop_err(sc, pname, "unknown property (expected 'buffer-entries', "
						 "'print', 'ftrace-filter', 'memory-region', "
						 "'dump-on-oops' or 'hang-timeout-ms')");
		}
	}
	for (int g = dtb_first_subnode(fdt, node); g >= 0; g = dtb_next_subnode(fdt, g))
		scan_group(sc, fdt, g);
}

/*
 * One command-line list: ekprobe=SYM[,SYM...] (entry probes named after the
 * symbols) or kprobe_event=DEF[;DEF...] (Linux syntax, ',' for ' '). Items
 * are numbered across every occurrence of the parameter.
 */
static void cmd_list(struct scan *sc, const struct cmdline_arg *a, char sep,
		     enum early_origin origin, unsigned int *idx, const char *empty_msg)
{
	const char *p = a->val, *end = a->val + a->vlen;
	struct early_probe_spec spec = { .group = "kprobes", .group_len = 7, .origin = origin };

	for (;;) {
		const char *next = memchr(p, sep, (size_t)(end - p));
		const char *stop = next ? next : end;
		char source[EARLY_SOURCE_LEN];

		spec.text = p;
		spec.len = (size_t)(stop - p);
		spec.index = (*idx)++;
		if (spec.len == 0) {
			early_spec_source(&spec, source, sizeof(source));
			err(sc, source, empty_msg);
		} else {
			emit(sc, &spec);
		}
		if (!next)
			break;
		p = next + 1;
	}
}

static int bool_param(struct scan *sc, const struct cmdline_arg *a, bool *out)
{
	char source[EARLY_SOURCE_LEN];

	if (a->val && a->vlen == 1 && (a->val[0] == '0' || a->val[0] == '1')) {
		*out = a->val[0] == '1';
		return 0;
	}
	ksnprintf(source, sizeof(source), "bootargs:%.*s", (int)a->klen, a->key);
	err(sc, source, "expected 0 or 1");
	return -1;
}

/* A decimal number of milliseconds, 1 or more. */
static void ms_param(struct scan *sc, const struct cmdline_arg *a, u32 *out)
{
	char source[EARLY_SOURCE_LEN];
	u32 v = 0;
	size_t i = 0;

	for (; a->val && i < a->vlen && a->val[i] >= '0' && a->val[i] <= '9'; i++) {
		if (v > (0xffffffffu - 9) / 10)
			break;
		v = v * 10 + (u32)(a->val[i] - '0');
	}
	if (a->val && i == a->vlen && v) {
		*out = v;
		return;
	}
	ksnprintf(source, sizeof(source), "bootargs:%.*s", (int)a->klen, a->key);
	err(sc, source, "expected a number of milliseconds (1 or more)");
}

static int scan_arg(const struct cmdline_arg *a, void *ctx)
{
	struct scan *sc = ctx;
	char source[EARLY_SOURCE_LEN];

	if (cmdline_key_is(a, "ekprobe") || cmdline_key_is(a, "kprobe_event")) {
		if (!a->val || !a->vlen) {
			ksnprintf(source, sizeof(source), "bootargs:%.*s", (int)a->klen, a->key);
			err(sc, source, "needs a value");
		} else if (a->key[0] == 'e') {
			cmd_list(sc, a, ',', EARLY_FROM_EKPROBE, &sc->ekprobe_idx, "empty symbol");
		} else {
			cmd_list(sc, a, ';', EARLY_FROM_KPROBE_EVENT, &sc->kprobe_event_idx,
			 "empty probe definition");
		}
	} else if (a->klen > 9 && !strncmp(a->key, "ekprobes.", 9)) {
		/* Behind one prefix test: every other word of the line (the
		 * kernel's, the board's) costs the early arming nothing more. */
		if (cmdline_key_is(a, "ekprobes.print")) {
			bool_param(sc, a, &sc->opt->print);
		} else if (cmdline_key_is(a, "ekprobes.enabled")) {
			bool_param(sc, a, &sc->opt->enabled);
		} else if (cmdline_key_is(a, "ekprobes.dump_on_oops")) {
			bool_param(sc, a, &sc->opt->dump_on_oops);
		} else if (cmdline_key_is(a, "ekprobes.hang_timeout_ms")) {
			ms_param(sc, a, &sc->opt->hang_timeout_ms);
		} else if (!cmdline_key_is(a, "ekprobes.fail_handover") &&
			   !cmdline_key_is(a, "ekprobes.fault_inject") &&
			   !cmdline_key_is(a, "ekprobes.ftrace_bad_site")) {
			/* (those three: debug knobs of their own KERNEL_PARAMs) */
			ksnprintf(source, sizeof(source), "bootargs:%.*s", (int)a->klen, a->key);
			err(sc, source, "unknown parameter (expected ekprobes.print, "
					"ekprobes.enabled, ekprobes.dump_on_oops or "
					"ekprobes.hang_timeout_ms)");
		}
	}
	return 0;
}

int early_sources_scan(const void *fdt, const char *cmdline, const struct early_sources_ops *ops,
		       struct early_options *opt)
{
	struct scan sc = { .ops = ops, .opt = opt };

	opt->print = false;
	opt->enabled = true;
	opt->dump_on_oops = false;
	opt->buffer_entries = 0;
	opt->memory_region = 0;
	opt->hang_timeout_ms = 0;
	if (fdt)
		scan_dt(&sc, fdt);
	if (cmdline)
		cmdline_parse(cmdline, scan_arg, &sc);
	return sc.errors;
}
