/*
 * The function tracer's boot parameters, device-tree property and tracefs
 * files, with the meaning and format of their Linux namesakes:
 *
 *   ftrace=function            start the function tracer at boot
 *   ftrace_filter=F[,F...]     set_ftrace_filter at boot (globs)
 *   /chosen/ekprobes ftrace-filter = "F", ...;   the same from the DT
 *
 * and available_tracers, current_tracer, set_ftrace_filter,
 * set_ftrace_notrace, available_filter_functions, enabled_functions under
 * /sys/kernel/tracing/. A bad filter gets one error line naming its
 * source, `ekprobes: error: bootargs:ftrace_filter[2]: ...`, and the boot
 * goes on with the others.
 */
#include <ek/arch.h>
#include <ek/cmdline.h>
#include <ek/errno.h>
#include <ek/fdt.h>
#include <ek/ftrace.h>
#include <ek/kallsyms.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>

#define TRACING "/sys/kernel/tracing/"

static bool boot_function;    /* ftrace=function */
static unsigned int boot_filter_idx; /* items of every ftrace_filter= so far */

/* One pattern from @source[@idx]: an error line unless it names something. */
static int add_pattern(enum ftrace_list list, const char *pat, size_t len, const char *source,
		       unsigned int idx)
{
	const char *why = "";
	int n = ftrace_list_add(list, pat, len, &why);

	if (n > 0)
		return 0;
	if (idx)
		printk("ekprobes: error: %s[%u]: %s '%.*s'\n", source, idx, why, (int)len, pat);
	else
		console_printf("ekprobes: error: %s: %s '%.*s'\n", source, why, (int)len, pat);
	return n < 0 ? n : -ENOENT;
}

static int ftrace_param(const struct cmdline_arg *a)
{
	if (a->val && a->vlen == 8 && !memcmp(a->val, "function", 8)) {
		boot_function = true;
		return 0;
	}
	if (a->val && a->vlen == 3 && !memcmp(a->val, "nop", 3)) {
		boot_function = false;
		return 0;
	}
	printk("ekprobes: error: bootargs:ftrace: unknown tracer '%.*s' (function, nop)\n",
	       a->val ? (int)a->vlen : 0, a->val ? a->val : "");
	return 0;
}
KERNEL_PARAM("ftrace", ftrace_param);

static int ftrace_filter_param(const struct cmdline_arg *a)
{
	const char *p = a->val ? a->val : "", *end = p + (a->val ? a->vlen : 0);

	for (;;) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		const char *e = c ? c : end;

		add_pattern(FTRACE_FILTER, p, (size_t)(e - p), "bootargs:ftrace_filter",
			    ++boot_filter_idx);
		if (!c)
			break;
		p = c + 1;
	}
	return 0;
}
KERNEL_PARAM("ftrace_filter", ftrace_filter_param);

/*
 * ekprobes.ftrace_bad_site=FUNC (debug, tests): before ftrace_init(),
 * FUNC's call site is made the NOP behind ftrace's back, as code patched
 * by someone else would be. ftrace_init() then finds a site that is not
 * the call its record expects and that no fixer owns: the one error line,
 * the record left as it was (never traced, never probed), the function
 * still running.
 */
static int ftrace_bad_site_param(const struct cmdline_arg *a)
{
	unsigned long site = a->val ? kallsyms_lookup_name_size(a->val, a->vlen, &(unsigned long){0})
				    : 0;
	u8 nop[FTRACE_SITE_MAX];

	site = site ? ftrace_location(site) : 0;
	if (!site || arch_mmu_enabled()) {
		printk("ekprobes: error: bootargs:ekprobes.ftrace_bad_site: no call site in '%.*s'\n",
		       a->val ? (int)a->vlen : 0, a->val ? a->val : "");
		return 0;
	}
	/* synced by ftrace_init() */
	arch_ftrace_write_early(site, nop, arch_ftrace_insn(site, FTRACE_INSN_NOP, nop));
	return 0;
}
KERNEL_PARAM("ekprobes.ftrace_bad_site", ftrace_bad_site_param);

/* /chosen/ekprobes ftrace-filter: a string list, one pattern each. */
static void dt_filter(const void *fdt)
{
	int node = fdt ? dtb_path_offset(fdt, "/chosen/ekprobes", 16) : -1;
	const char *p, *end;
	unsigned int idx = 0;
	int len = 0;

	if (node < 0 || !(p = dtb_getprop(fdt, node, "ftrace-filter", &len)) || len <= 0)
		return;
	end = p + len;
	while (p < end) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);

		add_pattern(FTRACE_FILTER, p, n, "/chosen/ekprobes:ftrace-filter", ++idx);
		p += n + 1;
	}
}

int ftrace_early_start(const void *fdt)
{
	int failed;

	dt_filter(fdt);
	if (!boot_function)
		return 0;
	failed = ftrace_set_function(true);
	printk("ftrace: function tracer on: %u function(s) traced%s\n", ftrace_enabled_count(),
	       failed ? ", some sites could not be changed" : "");
	return failed;
}

/* ---- available_tracers, current_tracer ------------------------------ */

static int available_tracers_show(struct seq *s, void *data)
{
	(void)data;
	seq_puts(s, "function nop\n");
	return 0;
}

static const struct pfile available_tracers_file = { .path = TRACING "available_tracers",
						     .show = available_tracers_show };
PFILE_DECLARE(available_tracers_file);

static int current_tracer_show(struct seq *s, void *data)
{
	(void)data;
	seq_puts(s, ftrace_function_on() ? "function\n" : "nop\n");
	return 0;
}

static size_t trim(const char **text, size_t len)
{
	while (len && (**text == ' ' || **text == '\t' || **text == '\n')) {
		(*text)++;
		len--;
	}
	while (len && ((*text)[len - 1] == ' ' || (*text)[len - 1] == '\t' ||
		       (*text)[len - 1] == '\n'))
		len--;
	return len;
}

static int current_tracer_write(const char *text, size_t len, bool append, void *data)
{
	(void)append;
	(void)data;
	len = trim(&text, len);
	if (len == 8 && !memcmp(text, "function", 8))
		return ftrace_set_function(true) ? -EIO : 0;
	if (len == 3 && !memcmp(text, "nop", 3))
		return ftrace_set_function(false) ? -EIO : 0;
	console_printf("ekprobes: error: current_tracer: unknown tracer '%.*s' (function, nop)\n",
		       (int)len, text);
	return -EINVAL;
}

static const struct pfile current_tracer_file = { .path = TRACING "current_tracer",
						  .show = current_tracer_show,
						  .write = current_tracer_write };
PFILE_DECLARE(current_tracer_file);

/* ---- set_ftrace_filter, set_ftrace_notrace --------------------------- */

static void show_sites(struct seq *s, u8 flag)
{
	for (u32 i = 0; i < ftrace_site_count; i++) {
		const char *name;

		if ((ftrace_site_flags[i] & flag) &&
		    kallsyms_lookup(ftrace_site_addr(i), &name, NULL, NULL))
			seq_printf(s, "%s\n", name);
	}
}

static int list_show(struct seq *s, void *data)
{
	enum ftrace_list list = (enum ftrace_list)(uintptr_t)data;

	if (list == FTRACE_FILTER && !ftrace_list_count(list))
		seq_puts(s, "#### all functions enabled ####\n");
	show_sites(s, list == FTRACE_FILTER ? FTRACE_FL_FILTER : FTRACE_FL_NOTRACE);
	return 0;
}

/* Like Linux: '>' replaces the list, '>>' adds; words are separated by
 * white space; a word that matches nothing fails the write (the ones
 * before it stay). The sites follow at once when the tracer is on. */
static int list_write(const char *text, size_t len, bool append, void *data)
{
	enum ftrace_list list = (enum ftrace_list)(uintptr_t)data;
	const char *src = list == FTRACE_FILTER ? "set_ftrace_filter" : "set_ftrace_notrace";
	int ret = 0;

	if (!append)
		ftrace_list_clear(list);
	while (len) {
		size_t n = 0;

		while (len && (*text == ' ' || *text == '\t' || *text == '\n')) {
			text++;
			len--;
		}
		while (n < len && text[n] != ' ' && text[n] != '\t' && text[n] != '\n')
			n++;
		if (!n)
			break;
		ret = add_pattern(list, text, n, src, 0);
		if (ret)
			break;
		text += n;
		len -= n;
	}
	if (ftrace_update_sites())
		return -EIO;
	return ret ? -EINVAL : 0;
}

static const struct pfile set_ftrace_filter_file = { .path = TRACING "set_ftrace_filter",
						     .show = list_show,
						     .write = list_write,
						     .data = (void *)(uintptr_t)FTRACE_FILTER };
PFILE_DECLARE(set_ftrace_filter_file);

static const struct pfile set_ftrace_notrace_file = { .path = TRACING "set_ftrace_notrace",
						      .show = list_show,
						      .write = list_write,
						      .data = (void *)(uintptr_t)FTRACE_NOTRACE };
PFILE_DECLARE(set_ftrace_notrace_file);

/* ---- available_filter_functions, enabled_functions ------------------- */

static int available_filter_functions_show(struct seq *s, void *data)
{
	(void)data;
	show_sites(s, FTRACE_FL_NOP);
	return 0;
}

static const struct pfile available_filter_functions_file = {
	.path = TRACING "available_filter_functions", .show = available_filter_functions_show
};
PFILE_DECLARE(available_filter_functions_file);

static int enabled_functions_show(struct seq *s, void *data)
{
	(void)data;
	for (u32 i = 0; i < ftrace_site_count; i++) {
		const char *name;

		/* Linux 6.1: "%ps (%ld)%s%s%s" with the R/I/D columns blank. */
		if ((ftrace_site_flags[i] & FTRACE_FL_ENABLED) &&
		    kallsyms_lookup(ftrace_site_addr(i), &name, NULL, NULL))
			seq_printf(s, "%s (1)      \n", name);
	}
	return 0;
}

static const struct pfile enabled_functions_file = { .path = TRACING "enabled_functions",
						     .show = enabled_functions_show };
PFILE_DECLARE(enabled_functions_file);
