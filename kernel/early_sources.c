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

static void emit(struct scan *sc, const char *source, const char *group, const char *def,
		 size_t len, bool disabled, bool synthesized)
{
	struct early_probe_spec spec;

	if (len >= sizeof(spec.def)) {
		err(sc, source, "definition longer than 255 characters");
		return;
	}
	strlcpy(spec.source, source, sizeof(spec.source));
	strlcpy(spec.group, group, sizeof(spec.group));
	memcpy(spec.def, def, len);
	spec.def[len] = '\0';
	spec.disabled = disabled;
	spec.synthesized = synthesized;
	sc->ops->probe(&spec, sc->ops->ctx);
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

static bool is_bool_prop(const void *fdt, int node, const char *name, struct scan *sc,
			 const char *where)
{
	int len;
	char source[EARLY_SOURCE_LEN];

	if (!dtb_getprop(fdt, node, name, &len))
		return false;
	if (len != 0) {
		ksnprintf(source, sizeof(source), "%s:%s", where, name);
		err(sc, source, "boolean property must be empty (write it as `name;`)");
	}
	return true;
}

static void scan_group(struct scan *sc, const void *fdt, int node, const char *parent_path)
{
	const char *name = dtb_get_name(fdt, node, NULL);
	char path[EARLY_SOURCE_LEN], source[EARLY_SOURCE_LEN];
	const char *list, *end;
	bool disabled;
	int len, idx = 0;

	ksnprintf(path, sizeof(path), "%s/%s", parent_path, name);
	if (!valid_group_name(name)) {
		err(sc, path, "group node name must be [A-Za-z_][A-Za-z0-9_]* (it names the event group)");
		return;
	}
	for (int prop = dtb_first_property(fdt, node); prop >= 0;
	     prop = dtb_next_property(fdt, prop)) {
		const char *pname;

		dtb_getprop_by_offset(fdt, prop, &pname, NULL);
		if (strcmp(pname, "probes") && strcmp(pname, "disabled") && strcmp(pname, "phandle")) {
			ksnprintf(source, sizeof(source), "%s:%s", path, pname);
			err(sc, source, "unknown property (expected 'probes' or 'disabled')");
		}
	}
	if (dtb_first_subnode(fdt, node) >= 0)
		err(sc, path, "group nodes take no child nodes");
	disabled = is_bool_prop(fdt, node, "disabled", sc, path);
	list = dtb_getprop(fdt, node, "probes", &len);
	ksnprintf(source, sizeof(source), "%s:probes", path);
	if (!list) {
		err(sc, path, "missing 'probes' property");
		return;
	}
	if (len == 0 || list[len - 1] != '\0') {
		err(sc, source, "must be a list of strings");
		return;
	}
	end = list + len;
	for (const char *p = list; p < end; p += strlen(p) + 1, idx++) {
		size_t l = strlen(p);

		ksnprintf(source, sizeof(source), "%s:probes[%d]", path, idx);
		if (l == 0) {
			err(sc, source, "empty probe definition");
			continue;
		}
		emit(sc, source, name, p, l, disabled, false);
	}
}

static void scan_dt(struct scan *sc, const void *fdt)
{
	static const char path[] = "/chosen/ekprobes";
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
		char source[EARLY_SOURCE_LEN];
		int len;
		const void *val = dtb_getprop_by_offset(fdt, prop, &pname, &len);

		ksnprintf(source, sizeof(source), "%s:%s", path, pname);
		if (!strcmp(pname, "buffer-entries")) {
			u32 n = len == 4 ? dtb32(val) : 0;

			if (len != 4)
				err(sc, source, "must be one 32-bit cell, e.g. <4096>");
			else if (n == 0)
				err(sc, source, "must be at least 1");
			else
				sc->opt->buffer_entries = n;
		} else if (!strcmp(pname, "print")) {
			if (len)
				err(sc, source, "boolean property must be empty (write it as `print;`)");
			sc->opt->print = true;
		} else if (strcmp(pname, "phandle")) {
			err(sc, source, "unknown property (expected 'buffer-entries' or 'print')");
		}
	}
	for (int g = dtb_first_subnode(fdt, node); g >= 0; g = dtb_next_subnode(fdt, g))
		scan_group(sc, fdt, g, path);
}

/* ekprobe=SYM[,SYM...]: entry probes named after the symbols. */
static void cmd_ekprobe(struct scan *sc, const struct cmdline_arg *a)
{
	const char *p = a->val, *end = a->val + a->vlen;

	for (;;) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *stop = comma ? comma : end;
		char source[EARLY_SOURCE_LEN], def[EARLY_DEF_LEN];

		ksnprintf(source, sizeof(source), "bootargs:ekprobe[%u]", sc->ekprobe_idx++);
		if (stop == p)
			err(sc, source, "empty symbol");
		else if ((size_t)(stop - p) + 2 >= sizeof(def))
			err(sc, source, "symbol name too long");
		else {
			int n = ksnprintf(def, sizeof(def), "p %.*s", (int)(stop - p), p);

			emit(sc, source, "kprobes", def, (size_t)n, false, true);
		}
		if (!comma)
			break;
		p = comma + 1;
	}
}

/* kprobe_event=DEF[;DEF...]: Linux syntax with ',' standing for ' '. */
static void cmd_kprobe_event(struct scan *sc, const struct cmdline_arg *a)
{
	const char *p = a->val, *end = a->val + a->vlen;

	for (;;) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *stop = semi ? semi : end;
		char source[EARLY_SOURCE_LEN], def[EARLY_DEF_LEN];
		size_t n = (size_t)(stop - p);

		ksnprintf(source, sizeof(source), "bootargs:kprobe_event[%u]",
			  sc->kprobe_event_idx++);
		if (n == 0) {
			err(sc, source, "empty probe definition");
		} else if (n >= sizeof(def)) {
			err(sc, source, "definition longer than 255 characters");
		} else {
			for (size_t i = 0; i < n; i++)
				def[i] = p[i] == ',' ? ' ' : p[i];
			emit(sc, source, "kprobes", def, n, false, false);
		}
		if (!semi)
			break;
		p = semi + 1;
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

static int scan_arg(const struct cmdline_arg *a, void *ctx)
{
	struct scan *sc = ctx;
	char source[EARLY_SOURCE_LEN];

	if (cmdline_key_is(a, "ekprobe") || cmdline_key_is(a, "kprobe_event")) {
		if (!a->val || !a->vlen) {
			ksnprintf(source, sizeof(source), "bootargs:%.*s", (int)a->klen, a->key);
			err(sc, source, "needs a value");
		} else if (a->key[0] == 'e') {
			cmd_ekprobe(sc, a);
		} else {
			cmd_kprobe_event(sc, a);
		}
	} else if (cmdline_key_is(a, "ekprobes.print")) {
		bool_param(sc, a, &sc->opt->print);
	} else if (cmdline_key_is(a, "ekprobes.enabled")) {
		bool_param(sc, a, &sc->opt->enabled);
	} else if (a->klen > 9 && !strncmp(a->key, "ekprobes.", 9)) {
		ksnprintf(source, sizeof(source), "bootargs:%.*s", (int)a->klen, a->key);
		err(sc, source, "unknown parameter (expected ekprobes.print or ekprobes.enabled)");
	}
	return 0;
}

int early_sources_scan(const void *fdt, const char *cmdline, const struct early_sources_ops *ops,
		       struct early_options *opt)
{
	struct scan sc = { .ops = ops, .opt = opt };

	opt->print = false;
	opt->enabled = true;
	opt->buffer_entries = 0;
	if (fdt)
		scan_dt(&sc, fdt);
	if (cmdline)
		cmdline_parse(cmdline, scan_arg, &sc);
	return sc.errors;
}
