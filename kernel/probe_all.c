/*
 * `probe-all [on|off|status]`: a probe on every function that may be
 * probed, for stress-testing the probe machinery on the whole kernel. Each
 * probe counts its hits; "off" removes them all and checks that every
 * probed instruction is back to its original bytes.
 */
#include <ek/errno.h>
#include <ek/kallsyms.h>
#include <ek/kprobes.h>
#include <ek/mm.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>

struct probed {
	struct kprobe kp;
	u32 orig;
	unsigned long hits;
};

static struct probed *probes;
static unsigned int nprobes;

/* Probed too (it is an ordinary function): its own hits show as missed,
 * the handler-path recursion the core must survive. */
static int count_hit(struct kprobe *p, struct pt_regs *regs)
{
	(void)regs;
	container_of(p, struct probed, kp)->hits++;
	return 0;
}

static bool is_function(char type)
{
	return type == 't' || type == 'T';
}

static int probe_all_on(void)
{
	unsigned long addr;
	const char *name, *why;
	char type;
	unsigned int n = 0, refused = 0, optimized = 0;

	if (probes) {
		console_printf("probe-all: already on (%u probes)\n", nprobes);
		return -EBUSY;
	}
	for (unsigned int i = 0; kallsyms_entry(i, &addr, &type, &name); i++)
		n += is_function(type);
	probes = kzalloc(n * sizeof(*probes));
	if (!probes)
		return -ENOMEM;
	nprobes = 0;
	for (unsigned int i = 0; kallsyms_entry(i, &addr, &type, &name); i++) {
		struct probed *pr = &probes[nprobes];

		const char *canonical;
		unsigned long off;

		/* One probe per function: aliases (and linker symbols at a
		 * function's address) resolve to the name kallsyms prefers. */
		if (!is_function(type) || kprobe_check_blacklist(addr, &why) ||
		    !kallsyms_lookup(addr, &canonical, &off, NULL) || off || canonical != name)
			continue;
		/* What the probe will replace: a traced function's probe
		 * goes on its call site (kprobe_entry_addr()). */
		pr->orig = *(const u32 *)kprobe_entry_addr(addr);
		pr->kp.addr = (void *)addr;
		pr->kp.pre_handler = count_hit;
		if (register_kprobe_why(&pr->kp, &why)) {
			refused++;
			continue;
		}
		optimized += !!(pr->kp.flags & KPROBE_FLAG_OPTIMIZED);
		nprobes++;
	}
	console_printf("probe-all: %u functions probed (%u optimized), %u refused\n", nprobes,
		       optimized, refused);
	return 0;
}

static void probe_all_status(void)
{
	unsigned long hits = 0, missed = 0, active = 0;

	for (unsigned int i = 0; i < nprobes; i++) {
		hits += probes[i].hits;
		missed += probes[i].kp.nmissed;
		active += probes[i].hits != 0;
	}
	console_printf("probe-all: %u probes, %lu hits in %lu functions, %lu missed\n", nprobes,
		       hits, active, missed);
}

static int probe_all_off(void)
{
	struct kprobe **list;
	unsigned int bad = 0;

	if (!probes) {
		console_printf("probe-all: not on\n");
		return -EINVAL;
	}
	probe_all_status();
	/* One batch: one grace period for them all (each unregister_kprobe()
	 * would wait for one of its own). */
	list = kmalloc(nprobes * sizeof(*list));
	for (unsigned int i = 0; i < nprobes; i++) {
		if (list)
			list[i] = &probes[i].kp;
		else
			unregister_kprobe(&probes[i].kp);
	}
	if (list)
		unregister_kprobes(list, (int)nprobes);
	kfree(list);
	for (unsigned int i = 0; i < nprobes; i++) {
		if (*(const u32 *)probes[i].kp.addr != probes[i].orig) {
			console_printf("probe-all: %pS not restored\n", probes[i].kp.addr);
			bad++;
		}
	}
	console_printf("probe-all: removed %u probes, %u instructions not restored\n", nprobes,
		       bad);
	kfree(probes);
	probes = NULL;
	nprobes = 0;
	return bad ? -EIO : 0;
}

static int cmd_probe_all(int argc, char **argv)
{
	const char *op = argc > 1 ? argv[1] : "status";

	if (!strcmp(op, "on"))
		return probe_all_on();
	if (!strcmp(op, "off"))
		return probe_all_off();
	if (!strcmp(op, "status")) {
		probe_all_status();
		return 0;
	}
	console_printf("usage: probe-all on|off|status\n");
	return -EINVAL;
}
static const struct shell_cmd probe_all_cmd = {
	"probe-all", "on|off|status: a probe on every probe-able function", cmd_probe_all
};
SHELL_CMD(probe_all_cmd);
