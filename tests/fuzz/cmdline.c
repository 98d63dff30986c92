/*
 * libFuzzer target: the command-line tokenizer (kernel/lib/cmdline_parse.c)
 * and the early-probe source scanner (kernel/early_sources.c).
 *
 * Input: CMDLINE NUL DT. DT is either a raw blob (it starts with the DTB
 * magic: the board DTBs are seeds that way), used when dtb_check() accepts
 * it, or lines that build /chosen/ekprobes with libfdt's sequential writer
 * (see build_dt()). Properties:
 *  - every word cmdline_parse() reports lies inside the line, in order;
 *  - every probe spec points inside the command line or the blob, fits
 *    the definition buffer, and names a NUL-terminated group;
 *  - the error count returned is the number of errors reported, and the
 *    DT and the command line are scanned independently (the counts of
 *    scanning both are the sums of scanning each alone).
 */
#include <libfdt.h>

#include <ek/cmdline.h>
#include <ek/early_sources.h>
#include <ek/fdt.h>

#include "fuzz.h"

struct span {
	const char *start;
	size_t len;
};

struct seen {
	struct span cmd, dt;
	int probes, errors;
};

static bool inside(const struct span *s, const char *p, size_t len)
{
	return s->start && p >= s->start && len <= s->len && p <= s->start + s->len - len;
}

static void on_probe(const struct early_probe_spec *spec, void *ctx)
{
	struct seen *s = ctx;
	char def[EARLY_DEF_LEN], src[EARLY_SOURCE_LEN];
	int n;

	s->probes++;
	if (!inside(&s->cmd, spec->text, spec->len) && !inside(&s->dt, spec->text, spec->len))
		fuzz_fail("spec text outside both inputs");
	if (spec->group[spec->group_len] || strlen(spec->group) != spec->group_len)
		fuzz_fail("group not NUL-terminated at its length");
	n = early_spec_def(spec, def, sizeof(def));
	if (n < 0 || (size_t)n != strlen(def))
		fuzz_fail("early_spec_def: %d for a spec of %zu bytes", n, spec->len);
	if (spec->origin == EARLY_FROM_KPROBE_EVENT && strchr(def, ','))
		fuzz_fail("kprobe_event definition keeps a ',': %s", def);
	early_spec_source(spec, src, sizeof(src));
	if (!src[0])
		fuzz_fail("empty source");
}

static void on_error(const char *source, const char *message, void *ctx)
{
	struct seen *s = ctx;

	s->errors++;
	if (!source[0] || !message[0])
		fuzz_fail("error without source or message");
}

static int on_word(const struct cmdline_arg *a, void *ctx)
{
	struct span *line = ctx;

	if (!inside(line, a->key, a->klen) || (a->val && !inside(line, a->val, a->vlen)) ||
	    a->pos >= line->len || a->key < line->start + a->pos || !a->index)
		fuzz_fail("word at %zu outside the line, or numbered 0", a->pos);
	if (a->val && a->val < a->key + a->klen)
		fuzz_fail("value before the end of its key at %zu", a->pos);
	return 0;
}

static struct seen scan(const void *fdt, const struct span *dt, const char *cmd,
			const struct span *cmdspan)
{
	struct seen s = { .cmd = *cmdspan, .dt = *dt };
	struct early_sources_ops ops = { on_probe, on_error, &s };
	struct early_options opt;
	int errors = early_sources_scan(fdt, cmd, &ops, &opt);

	if (errors != s.errors)
		fuzz_fail("scan returned %d errors, reported %d", errors, s.errors);
	return s;
}

/*
 * DT lines, one record each: "gNAME" starts a group node under
 * /chosen/ekprobes, "pTEXT" adds a string to its probes, "d" marks it
 * disabled, "xNAME=BYTES" adds any property to it (to ekprobes itself
 * before the first group), "bBYTES" and "PBYTES" set buffer-entries and
 * print, "E" makes /chosen/ekprobes a property instead of a node.
 */
static void *build_dt(const char *spec, size_t len)
{
	size_t size = 2 * len + 1024;
	void *fdt = malloc(size);
	char probes[4096];
	size_t plen = 0;
	bool in_group = false, disabled = false;
	int err = 0;

	err |= fdt_create(fdt, (int)size) | fdt_finish_reservemap(fdt) | fdt_begin_node(fdt, "");
	err |= fdt_begin_node(fdt, "chosen");
	for (const char *p = spec, *end = spec + len; p < end && !err;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		char rec[256];

		snprintf(rec, sizeof(rec), "%.*s", (int)(n - (n > 0)), p + (n > 0));
		switch (n ? *p : 0) {
		case 'E':
			err |= fdt_property(fdt, "ekprobes", rec, (int)strlen(rec));
			break;
		case 'g':
			if (in_group) {
				err |= plen ? fdt_property(fdt, "probes", probes, (int)plen) : 0;
				err |= disabled ? fdt_property(fdt, "disabled", NULL, 0) : 0;
				err |= fdt_end_node(fdt);
			} else {
				err |= fdt_begin_node(fdt, "ekprobes");
			}
			err |= fdt_begin_node(fdt, rec);
			in_group = true;
			plen = 0;
			disabled = false;
			break;
		case 'p':
			if (plen + strlen(rec) + 1 <= sizeof(probes)) {
				memcpy(probes + plen, rec, strlen(rec) + 1);
				plen += strlen(rec) + 1;
			}
			break;
		case 'd':
			disabled = true;
			break;
		case 'x': {
			char *eq = strchr(rec, '=');

			if (eq) {
				*eq = '\0';
				err |= fdt_property(fdt, rec, eq + 1, (int)strlen(eq + 1));
			}
			break;
		}
		case 'b':
		case 'P':
			err |= fdt_property(fdt, *p == 'b' ? "buffer-entries" : "print", rec,
					    (int)strlen(rec));
			break;
		}
		p += n + 1;
	}
	if (in_group) {
		err |= plen ? fdt_property(fdt, "probes", probes, (int)plen) : 0;
		err |= disabled ? fdt_property(fdt, "disabled", NULL, 0) : 0;
		err |= fdt_end_node(fdt) | fdt_end_node(fdt); /* group, ekprobes */
	}
	err |= fdt_end_node(fdt) | fdt_end_node(fdt) | fdt_finish(fdt); /* chosen, root */
	if (err) { /* e.g. a property written twice, or a name libfdt refuses */
		free(fdt);
		return NULL;
	}
	return fdt;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *sep = memchr(data, 0, size);
	size_t clen = sep ? (size_t)(sep - data) : size, dlen = sep ? size - clen - 1 : 0;
	/* The kernel tokenizes boot_command_line only, which cmdline_setup()
	 * cuts to CMDLINE_MAX - 1 bytes: a longer line never reaches the code
	 * under test. The cut also bounds cmdline_parse(), whose per-word
	 * occurrence count rescans the line (quadratic in the words), and
	 * which each input runs four times: multi-KB lines of many short
	 * words made most of this target's time. */
	size_t cut = clen < CMDLINE_MAX - 1 ? clen : CMDLINE_MAX - 1;
	char *cmd = fuzz_strndup(data, cut);
	struct span cmdspan = { cmd, cut }, dtspan = { NULL, 0 }, none = { NULL, 0 };
	void *fdt = NULL;
	struct seen both, dt_only, cmd_only;
	size_t vlen;
	const char *v;

	if (size > 8192)
		goto out;
	cmdline_parse(cmd, on_word, &cmdspan);
	v = cmdline_find(cmd, "kprobe_event", &vlen);
	if (v && !inside(&cmdspan, v, vlen))
		fuzz_fail("cmdline_find: value outside the line");

	if (dlen >= 4 && !memcmp(sep + 1, "\xd0\x0d\xfe\xed", 4)) {
		fdt = fuzz_dup(sep + 1, dlen); /* malloc'd: aligned as a DTB must be */
		if (dtb_check(fdt, dlen, NULL)) {
			free(fdt);
			fdt = NULL;
		}
	} else if (dlen) {
		fdt = build_dt((const char *)sep + 1, dlen);
		if (fdt && dtb_check(fdt, fdt_totalsize(fdt), NULL))
			fuzz_fail("dtb_check refuses what libfdt wrote");
	}
	if (fdt)
		dtspan = (struct span){ fdt, fdt_totalsize(fdt) };

	both = scan(fdt, &dtspan, cmd, &cmdspan);
	dt_only = scan(fdt, &dtspan, NULL, &none);
	cmd_only = scan(NULL, &none, cmd, &cmdspan);
	if (both.probes != dt_only.probes + cmd_only.probes ||
	    both.errors != dt_only.errors + cmd_only.errors)
		fuzz_fail("scanning both: %d probes %d errors; apart: %d+%d probes, %d+%d errors",
			  both.probes, both.errors, dt_only.probes, cmd_only.probes, dt_only.errors,
			  cmd_only.errors);
out:
	free(fdt);
	free(cmd);
	return 0;
}
