/* /sys/kernel/debug/kprobes/{list,enabled,blacklist}, Linux formats. */
#include <ek/errno.h>
#include <ek/kallsyms.h>
#include <ek/kprobes.h>
#include <ek/sections.h>
#include <ek/shell.h>
#include <ek/string.h>

static void list_one(struct kprobe *p, void *ctx)
{
	struct seq *s = ctx;
	char sym[KSYM_NAME_LEN + 32];

	kallsyms_snprint_symbol(sym, sizeof(sym), (unsigned long)p->addr, false);
	seq_printf(s, "%08lx  %c  %s%s%s%s%s%s\n", (unsigned long)p->addr,
		   kprobe_is_kretprobe(p) ? 'r' : 'k', sym,
		   p->flags & KPROBE_FLAG_GONE ? "  [GONE]" : "",
		   p->flags & KPROBE_FLAG_DISABLED ? "  [DISABLED]" : "",
		   p->flags & KPROBE_FLAG_OPTIMIZED ? "  [OPTIMIZED]" : "",
		   p->flags & KPROBE_FLAG_FTRACE ? "  [FTRACE]" : "",
		   kprobe_is_early(p) ? "  [EARLY]" : "");
}

static int list_show(struct seq *s, void *data)
{
	(void)data;
	kprobe_for_each(list_one, s);
	return 0;
}
static const struct pfile list_file = { .path = "/sys/kernel/debug/kprobes/list",
					.show = list_show };
PFILE_DECLARE(list_file);

/* A 0/1 file over a global switch of the core. */
struct switch_file {
	bool (*get)(void);
	int (*set)(bool on);
};

static int switch_show(struct seq *s, void *data)
{
	const struct switch_file *sw = data;

	seq_printf(s, "%d\n", sw->get());
	return 0;
}

static int switch_write(const char *text, size_t len, bool append, void *data)
{
	const struct switch_file *sw = data;

	(void)append;
	if (len && (text[0] == '1' || text[0] == '0') && (len == 1 || text[1] == '\n'))
		return sw->set(text[0] == '1');
	return -EINVAL;
}

static const struct switch_file enabled_switch = { kprobes_enabled, kprobes_set_enabled };
static const struct pfile enabled_file = { .path = "/sys/kernel/debug/kprobes/enabled",
					   .show = switch_show,
					   .write = switch_write,
					   .data = (void *)&enabled_switch };
PFILE_DECLARE(enabled_file);

static const struct switch_file optimization_switch = { kprobes_optimization,
							kprobes_set_optimization };
static const struct pfile optimization_file = { .path = "/proc/sys/debug/kprobes-optimization",
						.show = switch_show,
						.write = switch_write,
						.data = (void *)&optimization_switch };
PFILE_DECLARE(optimization_file);

static int blacklist_show(struct seq *s, void *data)
{
	unsigned long addr;
	const char *name;
	char type;

	(void)data;
	/* One line per range inside the never-probe range, under the name
	 * kallsyms gives that address (aliases and local labels such as
	 * libgcc's ".udivsi3_skip_div0_test" are not ranges of their own). */
	for (unsigned int i = 0; kallsyms_entry(i, &addr, &type, &name); i++) {
		const char *shown;
		unsigned long size;

		/* (a weak function, 'W', is one too: patch_text_fresh()'s
		 * default on an arch with one CPU) */
		if (addr < (unsigned long)__noprobe_text_start ||
		    addr >= (unsigned long)__noprobe_text_end ||
		    (type != 't' && type != 'T' && type != 'W') || name[0] == '.')
			continue;
		if (!kallsyms_lookup(addr, &shown, NULL, &size) || shown != name)
			continue;
		seq_printf(s, "0x%08lx-0x%08lx\t%s\n", addr, addr + size, name);
	}
	return 0;
}
static const struct pfile blacklist_file = { .path = "/sys/kernel/debug/kprobes/blacklist",
					     .show = blacklist_show };
PFILE_DECLARE(blacklist_file);

