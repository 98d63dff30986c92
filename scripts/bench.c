/*
 * make bench: probe costs in guest instructions (README, "Benchmarks").
 *
 *   bench ZIMAGE VMLINUX OUTDIR NM FOOTPRINT_LIST
 *
 * Every figure is counted by the kernel's `bench` shell command, exact
 * under -icount (virt: the PMU; vexpress-a9: the Cortex-A9 global timer);
 * this tool only boots QEMU (scripts/bench_qemu.c), builds the DTBs for the
 * early-arming runs, repeats everything twice per board to show the numbers
 * are identical, and prints the tables and results.json.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench.h"

#define MAX_HITS 40

/* Early arming runs: N probes on the entries of N assembly functions, then
 * on N functions built with -pg, where each entry is a function tracer
 * call site (the probe makes its site the NOP first). */
static const unsigned int early_n[] = { 0, 1, 10, 100, 1000, 10, 1000 };
static const bool early_on_sites[] = { false, false, false, false, false, true, true };
#define NEARLY (sizeof(early_n) / sizeof(early_n[0]))

/* The JSON key of early run @i: N, or "ftrace_N" on call sites. */
static const char *early_key(unsigned int i)
{
	static char buf[4][24];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s%u", early_on_sites[i] ? "ftrace_" : "", early_n[i]);
	return buf[k];
}

struct row {
	const char *key, *label;
	int goal_trap, goal_opt;     /* 0: none */
	int linux_trap, linux_opt;   /* Linux 6.1, same QEMU (issue 6) */
};

static const struct row rows[] = {
	{ "kprobe", "kprobe, counter handler", 120, 35, 370, 94 },
	{ "kretprobe", "kretprobe (entry + return)", 200, 100, 583, 308 },
	{ "event0", "probe event, no args", 150, 60, 1128, 853 },
	{ "event2", "probe event, 2 fetch args", 165, 75, 1327, 1052 },
	{ "insn_load", "mid-function: load", 0, 0, 0, 0 },
	{ "insn_store", "mid-function: store", 0, 0, 0, 0 },
	{ "insn_branch", "mid-function: branch", 0, 0, 0, 0 },
	{ "insn_pcrel_load", "mid-function: PC-rel load", 0, 0, 0, 0 },
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

struct hit {
	char key[48];
	unsigned long calls, base, probed;
	int optimized;
};

struct early {
	long insns; /* -1: not captured */
	long shell; /* entry -> "boot: stage shell", -1: not captured */
	unsigned int armed, errors;
};

struct run {
	struct hit hits[MAX_HITS];
	int nhits;
	long early10_smp; /* N=10 early arming on the DT of the per-hit runs, -1: not run */
	unsigned long patch[3]; /* CPUs online, patch_text(), without the rendezvous */
	unsigned long verify[5]; /* read_overhead loop0 loop100000 delta expect */
	unsigned long verify2[3]; /* loop200000 delta expect */
	char counter[32];         /* the counter the kernel says it uses */
	struct early early[NEARLY];
	char status[4][128];
	int nstatus;
};

static const char *outdir;

static char *path_in(const char *name)
{
	static char buf[8][512];
	static int i;

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", outdir, name);
	return buf[i];
}

/* Calls fn on every "bench: ..." line of @text, with the fields split. */
static void bench_lines(char *text, void (*fn)(char **f, int n, void *ctx), void *ctx)
{
	for (char *line = strtok(text, "\r\n"); line; line = strtok(NULL, "\r\n")) {
		char *f[24];
		int n = 0;
		char *p = strstr(line, "bench: ");

		if (!p)
			continue;
		for (char *t = strtok_r(p, " ", &p); t && n < 24; t = strtok_r(NULL, " ", &p))
			f[n++] = t;
		fn(f, n, ctx);
	}
}

static void parse_hits(char **f, int n, void *ctx)
{
	struct run *r = ctx;

	if (n == 13 && !strcmp(f[1], "verify")) {
		for (int i = 0; i < 5; i++)
			r->verify[i] = strtoul(f[3 + 2 * i], NULL, 10);
	} else if (n == 9 && !strcmp(f[1], "verify2")) {
		for (int i = 0; i < 3; i++)
			r->verify2[i] = strtoul(f[3 + 2 * i], NULL, 10);
	} else if (n == 6 && !strcmp(f[1], "patch") && !strcmp(f[2], "text")) {
		for (int i = 0; i < 3; i++)
			r->patch[i] = strtoul(f[3 + i], NULL, 10);
	} else if (n == 3 && !strcmp(f[1], "counter")) {
		snprintf(r->counter, sizeof(r->counter), "%s", f[2]);
	} else if (n == 7 && (!strcmp(f[1], "trap") || !strcmp(f[1], "opt") ||
			      !strcmp(f[1], "ftrace"))) {
		struct hit *h = &r->hits[r->nhits++];

		snprintf(h->key, sizeof(h->key), "%s %s", f[1], f[2]);
		h->calls = strtoul(f[3], NULL, 10);
		h->base = strtoul(f[4], NULL, 10);
		h->probed = strtoul(f[5], NULL, 10);
		h->optimized = f[6][0] == '1';
	} else if (n >= 2 && (!strcmp(f[1], "FAIL") || !strcmp(f[1], "done") ||
			      !strcmp(f[1], "no")) && r->nstatus < 4) {
		char *s = r->status[r->nstatus++];

		s[0] = '\0';
		for (int i = 0; i < n; i++) {
			strncat(s, f[i], 127 - strlen(s));
			strncat(s, " ", 127 - strlen(s));
		}
	}
}

static void parse_boot(char **f, int n, void *ctx)
{
	struct early *e = ctx;

	if (n >= 3 && !strcmp(f[1], "boot_armed"))
		e->insns = f[2][0] >= '0' && f[2][0] <= '9' ? strtol(f[2], NULL, 10) : -1;
	if (n >= 3 && !strcmp(f[1], "boot_shell"))
		e->shell = strtol(f[2], NULL, 10);
}

/* QEMU's own virt DT for @cpus CPUs, without the random seeds: QEMU
 * refills /chosen's rng-seed and kaslr-seed on every boot, and the DT is
 * read (checked, scanned) during the boot being counted, so random bytes
 * there made runs differ by a few instructions. The per-hit runs boot the
 * 4-CPU one (all four come up); the early-arming runs, whose count ends
 * before any secondary starts, the 1-CPU one, as they always have (QEMU's
 * 4-CPU DT costs ~900 more to check: one extra run shows it). */
static const char *base_dtb(const char *cpus)
{
	char name[32], opt[600];
	const char *dtb;

	snprintf(name, sizeof(name), "virt-smp%s.dtb", cpus);
	dtb = strdup(path_in(name));
	snprintf(opt, sizeof(opt), "dumpdtb=%s", dtb);
	char *dump[] = { "qemu-system-arm", "-M", "virt", "-cpu", "cortex-a15", "-smp",
			 (char *)cpus, "-m", "128M", "-nographic", "-machine", opt, NULL };
	run_or_die(dump, false);
	char *rng[] = { "fdtput", "-d", (char *)dtb, "/chosen", "rng-seed", NULL };
	char *kaslr[] = { "fdtput", "-d", (char *)dtb, "/chosen", "kaslr-seed", NULL };
	run_or_die(rng, false);
	run_or_die(kaslr, false);
	return dtb;
}

static const char *early_dtb(const char *base, unsigned int n, bool on_sites)
{
	char name[64], **argv = calloc(n + 10, sizeof(char *));
	static char offs[1024][40];
	const char *dtb;

	snprintf(name, sizeof(name), "early-%s%u.dtb", on_sites ? "ftrace-" : "", n);
	dtb = path_in(name);
	char *cp[] = { "cp", (char *)base, (char *)dtb, NULL };
	run_or_die(cp, false);
	if (!n)
		return dtb;
	/* One group node, one string per probe: probe i on the entry of its
	 * own function bench_early_tNNNN (bench_targets.S) or, on call sites,
	 * bench_early_fNNNN (kernel/bench_ftrace_targets.c), as a real DT
	 * names different functions. */
	int a = 0;
	argv[a++] = "fdtput";
	argv[a++] = "-p";
	argv[a++] = "-t";
	argv[a++] = "s";
	argv[a++] = (char *)dtb;
	argv[a++] = "/chosen/ekprobes/bench";
	argv[a++] = "probes";
	for (unsigned int i = 0; i < n; i++) {
		snprintf(offs[i], sizeof(offs[i]), "p bench_early_%c%04u", on_sites ? 'f' : 't', i);
		argv[a++] = offs[i];
	}
	argv[a] = NULL;
	run_or_die(argv, false);
	free(argv);
	return dtb;
}

static unsigned int count(const char *text, const char *what)
{
	unsigned int n = 0;

	for (const char *p = text; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* One boot for early-arming figures: the count to the "armed" line. */
static void early_run(struct early *e, const char *board, const char *kernel, const char *dtb,
		      unsigned int n)
{
	struct qemu q;
	const char *p;

	qemu_start(&q, board, kernel, dtb, "bench=boot", 120);
	char *boot = qemu_until(&q, "ek# ");
	char *text = qemu_cmd(&q, "bench boot");

	qemu_close(&q);
	e->insns = -1;
	e->shell = -1;
	if ((p = strstr(boot, " early probe(s) armed"))) {
		while (p > boot && p[-1] >= '0' && p[-1] <= '9')
			p--;
		e->armed = (unsigned int)strtoul(p, NULL, 10);
	} else {
		die("N=%u: no 'early probe(s) armed' line", n);
	}
	e->errors = count(boot, "ekprobes: error:");
	bench_lines(text, parse_boot, e);
	free(boot);
	free(text);
}

/* QEMU's virt DT plus the boot trace's kept region (dts/virt-boot-trace.dtso):
 * the ring in the region, its records with check words. */
static const char *kept_dtb(const char *base, const char *dtbo)
{
	const char *dtb = strdup(path_in("virt-kept.dtb"));
	char *argv[] = { "fdtoverlay", "-i", (char *)base, "-o", (char *)dtb, (char *)dtbo, NULL };

	run_or_die(argv, false);
	return dtb;
}

/* @hits_dtb for the per-hit runs, @base (with probes added) for the first
 * @nearly early-arming boots; when they differ, one more early run, N=10
 * on @hits_dtb. */
static void run_once(struct run *r, const char *board, const char *kernel, const char *hits_dtb,
		     const char *base, unsigned int nearly)
{
	struct qemu q;
	char *a, *b;

	memset(r, 0, sizeof(*r));
	r->early10_smp = -1;
	qemu_start(&q, board, kernel, hits_dtb, NULL, 120);
	free(qemu_until(&q, "ek# "));
	a = qemu_cmd(&q, "bench verify");
	b = qemu_cmd(&q, "bench hits");
	qemu_close(&q);
	bench_lines(a, parse_hits, r);
	bench_lines(b, parse_hits, r);
	free(a);
	free(b);
	for (unsigned int i = 0; i < nearly; i++)
		early_run(&r->early[i], board, kernel,
			  early_dtb(base, early_n[i], early_on_sites[i]), early_n[i]);
	if (strcmp(hits_dtb, base)) {
		struct early e;

		early_run(&e, board, kernel, early_dtb(hits_dtb, 10, false), 10);
		r->early10_smp = e.insns;
	}
}

static const struct hit *find_hit(const struct run *r, const char *mode, const char *key)
{
	char k[48];

	snprintf(k, sizeof(k), "%s %s", mode, key);
	for (int i = 0; i < r->nhits; i++)
		if (!strcmp(r->hits[i].key, k))
			return &r->hits[i];
	die("the kernel reported no '%s'", k);
}

static double per_hit(const struct hit *h)
{
	return ((double)h->probed - (double)h->base) / (double)h->calls;
}

static bool same_run(const struct run *a, const struct run *b)
{
	if (a->nhits != b->nhits || memcmp(a->verify, b->verify, sizeof(a->verify)) ||
	    memcmp(a->verify2, b->verify2, sizeof(a->verify2)) ||
	    memcmp(a->patch, b->patch, sizeof(a->patch)))
		return false;
	for (int i = 0; i < a->nhits; i++)
		if (strcmp(a->hits[i].key, b->hits[i].key) || a->hits[i].base != b->hits[i].base ||
		    a->hits[i].probed != b->hits[i].probed)
			return false;
	for (unsigned int i = 0; i < NEARLY; i++)
		if (a->early[i].insns != b->early[i].insns || a->early[i].armed != b->early[i].armed)
			return false;
	if (a->early10_smp != b->early10_smp)
		return false;
	return true;
}

struct part {
	char name[64];
	unsigned long bytes;
	bool per_slot;
};

/* Static bytes reserved for early probes: the slot area plus the objects
 * listed in @list, with their sizes from `nm -S`. */
static int footprint(const char *nm, const char *vmlinux, const char *list, struct part *parts)
{
	char cmd[1200], line[512], want[32][64], kind[32][16];
	unsigned long slots_start = 0, slots_end = 0;
	int nwant = 0, nparts = 1;
	FILE *f = fopen(list, "r");

	if (!f)
		die("cannot read %s", list);
	while (fgets(line, sizeof(line), f) && nwant < 32) {
		char *hash = strchr(line, '#');

		if (hash)
			*hash = '\0';
		kind[nwant][0] = '\0';
		if (sscanf(line, "%63s %15s", want[nwant], kind[nwant]) >= 1)
			nwant++;
	}
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s -S %s", nm, vmlinux);
	f = popen(cmd, "r");
	if (!f)
		die("cannot run %s", nm);
	while (fgets(line, sizeof(line), f)) {
		char a[32], b[32], c[64], d[64];
		int n = sscanf(line, "%31s %31s %63s %63s", a, b, c, d);

		if (n == 3 && !strcmp(c, "__insn_slots_start"))
			slots_start = strtoul(a, NULL, 16);
		else if (n == 3 && !strcmp(c, "__insn_slots_end"))
			slots_end = strtoul(a, NULL, 16);
		else if (n == 4)
			for (int i = 0; i < nwant; i++)
				if (!strcmp(d, want[i])) {
					snprintf(parts[nparts].name, sizeof(parts[0].name), "%s", d);
					parts[nparts].per_slot = !strcmp(kind[i], "per-slot");
					parts[nparts++].bytes = strtoul(b, NULL, 16);
				}
	}
	pclose(f);
	snprintf(parts[0].name, sizeof(parts[0].name), "insn_slots (static slot area)");
	parts[0].bytes = slots_end - slots_start;
	parts[0].per_slot = true;
	return nparts;
}

static void goal_text(char *buf, size_t n, double v, int goal)
{
	if (goal)
		snprintf(buf, n, "%d %s", goal, v <= goal ? "ok" : "MISS");
	else
		buf[0] = '\0';
}

static void print_table(const struct run *r, FILE *json)
{
	const struct hit *b = find_hit(r, "trap", "baseline_empty");

	printf("%-28s %9s %9s %6s %9s %9s %6s %8s\n", "per hit (extra instructions)", "trap",
	       "goal", "x base", "opt", "goal", "x base", "trap/opt");
	fprintf(json, "  \"per_hit\": {\n");
	for (size_t i = 0; i < NROWS; i++) {
		const struct hit *t = find_hit(r, "trap", rows[i].key);
		const struct hit *o = find_hit(r, "opt", rows[i].key);
		double bt = (double)t->base / t->calls, bo = (double)o->base / o->calls;
		double ht = per_hit(t), ho = per_hit(o);
		char gt[16], go[16], ov[16] = "n/a", orat[16] = "", to[16] = "(writes PC)";

		goal_text(gt, sizeof(gt), ht, rows[i].goal_trap);
		goal_text(go, sizeof(go), ho, o->optimized ? rows[i].goal_opt : 0);
		if (o->optimized) {
			snprintf(ov, sizeof(ov), "%.1f", ho);
			snprintf(orat, sizeof(orat), "%.2fx", (ho + bo) / bo);
			snprintf(to, sizeof(to), "%.2f", ht / ho);
		}
		printf("%-28s %9.1f %9s %5.2fx %9s %9s %6s %8s\n", rows[i].label, ht, gt,
		       (ht + bt) / bt, ov, go, orat, to);
		fprintf(json, "    \"%s\": {\"baseline_per_call\": %.1f, \"trap\": %.1f, "
			"\"trap_ratio_to_baseline\": %.3f, \"goal_trap\": %d, ",
			rows[i].key, bt, ht, (ht + bt) / bt, rows[i].goal_trap);
		if (o->optimized)
			fprintf(json, "\"optimized\": %.1f, \"optimized_ratio_to_baseline\": %.3f, "
				"\"trap_over_optimized\": %.3f, ", ho, (ho + bo) / bo, ht / ho);
		else
			fprintf(json, "\"optimized\": null, ");
		fprintf(json, "\"goal_optimized\": %d, \"linux_6_1\": [%d, %d]}%s\n",
			rows[i].goal_opt, rows[i].linux_trap, rows[i].linux_opt,
			i + 1 < NROWS ? "," : "");
	}
	fprintf(json, "  },\n");
	printf("%-28s %9.1f instructions per call (empty function), %.1f (mid-function targets)\n",
	       "baseline", (double)b->base / b->calls,
	       (double)find_hit(r, "trap", "insn_load")->base / b->calls);
}

/*
 * Several CPUs (kernel/bench_smp.c): a kprobe with a per-CPU counter hit
 * on every online CPU at once against CPU 0 alone (the goal: no more per
 * hit), and one text patch with them all online, rendezvous included,
 * against the same write without it. -icount counts one sequence of
 * instructions for all vCPUs: these are every CPU's together.
 */
static void print_smp(const struct run *r, FILE *json)
{
	double v[2][2]; /* [trap, opt][alone, all] */
	bool ok = true;

	for (int m = 0; m < 2; m++) {
		v[m][0] = per_hit(find_hit(r, m ? "opt" : "trap", "kprobe_1cpu"));
		v[m][1] = per_hit(find_hit(r, m ? "opt" : "trap", "kprobe_smp"));
		ok &= v[m][1] <= v[m][0];
	}
	printf("\n%-52s %9s %9s\n", "kprobe with a per-CPU counter, per hit", "trap", "opt");
	printf("%-52s %9.1f %9.1f\n", "  CPU 0 alone", v[0][0], v[1][0]);
	printf("  %-50s %9.1f %9.1f  %s\n", "the same probe on every CPU at once", v[0][1], v[1][1],
	       ok ? "no more: ok" : "MORE");
	printf("one text patch with %lu CPUs online, rendezvous included: %lu instructions (every\n"
	       "CPU's: -icount counts all vCPUs as one); the same write without it: %lu\n",
	       r->patch[0], r->patch[1], r->patch[2]);
	fprintf(json, "  \"smp\": {\"cpus\": %lu, \"trap_kprobe_alone\": %.1f, "
		"\"trap_kprobe_all_cpus\": %.1f, \"opt_kprobe_alone\": %.1f, "
		"\"opt_kprobe_all_cpus\": %.1f, \"no_more_per_hit\": %s, \"patch_text\": %lu, "
		"\"patch_text_without_rendezvous\": %lu},\n", r->patch[0], v[0][0], v[0][1],
		v[1][0], v[1][1], ok ? "true" : "false", r->patch[1], r->patch[2]);
}

/* The function tracer (-pg): the NOP at an unprobed site, and a traced
 * call, per call of the empty function. */
#define GOAL_FTRACE_NOP 2
#define GOAL_FTRACE_HIT 30
#define LINUX_FTRACE_HIT 672
/* Probes on a call site (ftrace-based), against the unprobed NOP site;
 * Linux 6.1 has no kprobes on ftrace on 32-bit ARM. */
#define GOAL_FTRACE_KPROBE 40
#define GOAL_FTRACE_EVENT2 70

static void print_ftrace(const struct run *r, FILE *json)
{
	const struct hit *nop = find_hit(r, "ftrace", "nop_site");
	const struct hit *fn = find_hit(r, "ftrace", "function");
	char g1[16], g2[16];

	goal_text(g1, sizeof(g1), per_hit(nop), GOAL_FTRACE_NOP);
	goal_text(g2, sizeof(g2), per_hit(fn), GOAL_FTRACE_HIT);
	printf("\n%-40s %9s %9s %12s\n", "function tracer (-pg), per call", "extra", "goal",
	       "Linux 6.1");
	printf("%-40s %9.1f %9s %12s\n", "unprobed NOP site (vs no -pg)", per_hit(nop), g1, "");
	printf("%-40s %9.1f %9s %12d\n", "function tracer hit (vs NOP site)", per_hit(fn), g2,
	       LINUX_FTRACE_HIT);
	const struct hit *kp = find_hit(r, "ftrace", "kprobe");
	const struct hit *e0 = find_hit(r, "ftrace", "event0");
	const struct hit *e2 = find_hit(r, "ftrace", "event2");
	char g3[16], g4[16];

	goal_text(g3, sizeof(g3), per_hit(kp), GOAL_FTRACE_KPROBE);
	goal_text(g4, sizeof(g4), per_hit(e2), GOAL_FTRACE_EVENT2);
	printf("%-40s %9.1f %9s %12s\n", "ftrace-based kprobe, counter handler", per_hit(kp), g3,
	       "none");
	printf("%-40s %9.1f %9s %12s\n", "ftrace-based probe event, no args", per_hit(e0), "",
	       "none");
	printf("%-40s %9.1f %9s %12s\n", "ftrace-based probe event, 2 fetch args", per_hit(e2), g4,
	       "none");
	printf("  (%.1f instructions per call without -pg, %.1f with the NOP site)\n",
	       (double)nop->base / nop->calls, (double)nop->probed / nop->calls);
	printf("  boot, kernel entry -> 'boot: stage shell' (N=0): %ld instructions\n",
	       r->early[0].shell);
	fprintf(json, "  \"ftrace\": {\"nop_site\": %.1f, \"goal_nop_site\": %d, "
		"\"function_hit\": %.1f, \"goal_function_hit\": %d, \"linux_6_1_function_hit\": %d, "
		"\"kprobe\": %.1f, \"goal_kprobe\": %d, \"event0\": %.1f, \"event2\": %.1f, "
		"\"goal_event2\": %d, \"boot_to_shell\": %ld},\n", per_hit(nop), GOAL_FTRACE_NOP,
		per_hit(fn), GOAL_FTRACE_HIT, LINUX_FTRACE_HIT, per_hit(kp), GOAL_FTRACE_KPROBE,
		per_hit(e0), per_hit(e2), GOAL_FTRACE_EVENT2, r->early[0].shell);
}

/* The early-arming goals, on distinct functions and on call sites alike
 * (0: none). */
static long early_goal(unsigned int n)
{
	return n == 10 ? 50000 : n == 1000 ? 2000000 : 0;
}

/* The early-arming rows, each with a goal marked ok or MISS (all must be
 * armed too). */
static void print_early(const struct run *r, FILE *json)
{
	long e0 = r->early[0].insns;

	printf("\nearly arming: kernel entry -> 'ekprobes: N early probe(s) armed'\n");
	printf("%14s %12s %15s %12s %14s\n", "N", "instructions", "per armed probe", "vs N=0",
	       "goal");
	fprintf(json, "  \"early_arming\": {\n");
	for (unsigned int i = 0; i < NEARLY; i++) {
		const struct early *e = &r->early[i];
		long goal = early_goal(early_n[i]);
		bool met = e->insns >= 0 && e->insns <= goal && e->armed == early_n[i];
		char per[32] = "-", delta[32] = "-", note[64] = "", g[32] = "";

		if (e->armed && e->insns >= 0 && e0 >= 0)
			snprintf(per, sizeof(per), "%.1f", (double)(e->insns - e0) / e->armed);
		if (e->insns >= 0 && e0 >= 0)
			snprintf(delta, sizeof(delta), "+%ld", e->insns - e0);
		if (e->armed != early_n[i])
			snprintf(note, sizeof(note), "only %u armed (%u errors)", e->armed,
				 e->errors);
		if (goal)
			snprintf(g, sizeof(g), "%ld %s", goal, met ? "ok" : "MISS");
		printf("%8u%6s %12ld %15s %12s %14s %s\n", early_n[i],
		       early_on_sites[i] ? " sites" : "", e->insns, per, delta, g, note);
		fprintf(json, "    \"%s\": {\"insns\": %ld, \"armed\": %u, \"errors\": %u, "
			"\"goal\": %ld}%s\n", early_key(i), e->insns, e->armed, e->errors, goal,
			i + 1 < NEARLY ? "," : "");
	}
	fprintf(json, "  },\n");
	if (r->early10_smp >= 0) {
		printf("%8u%6s %12ld  no goal: QEMU's DT for 4 CPUs (that of the per-hit runs), a"
		       " bigger DT to check\n", 10, " smp", r->early10_smp);
		fprintf(json, "  \"early_arming_10_smp_dt\": %ld,\n", r->early10_smp);
	}
	printf("  goals: N=10 <= 50000 total; N=1000 <= 2000000 total, ~n log n or better,\n"
	       "  on distinct functions and on \"sites\" (the entries of -pg functions, each a\n"
	       "  function tracer call site)\n");
}

/* Recording into the kept region against the image's ring: what the check
 * words cost per hit, and what finding the region costs the early arming. */
#define KEPT_NEARLY 3 /* N = 0, 1, 10 */

static void print_kept(const struct run *r, const struct run *k, FILE *json)
{
	static const struct { const char *mode, *key, *label; int goal; } kept_rows[] = {
		{ "trap", "kprobe", "kprobe, counter handler, trap", 120 },
		{ "opt", "kprobe", "kprobe, counter handler, optimized", 35 },
		{ "trap", "event0", "probe event, no args, trap", 150 },
		{ "opt", "event0", "probe event, no args, optimized", 60 },
		{ "trap", "event2", "probe event, 2 fetch args, trap", 165 },
		{ "opt", "event2", "probe event, 2 fetch args, optimized", 75 },
		{ "ftrace", "function", "function tracer hit", GOAL_FTRACE_HIT },
		{ "ftrace", "event2", "ftrace-based probe event, 2 args", GOAL_FTRACE_EVENT2 },
	};
	char g[16];

	printf("\nrecording into the kept region (virt, QEMU's tree + dts/virt-boot-trace.dtso;\n"
	       "records carry check words), against the ring in the image; early arming with\n"
	       "the region adds finding and checking it in the DT (no goal: the goal above is\n"
	       "for QEMU's own tree):\n");
	printf("%-40s %9s %9s %9s\n", "per hit (extra instructions)", "image", "kept", "goal");
	fprintf(json, "  \"kept_region\": {\n");
	for (size_t i = 0; i < sizeof(kept_rows) / sizeof(kept_rows[0]); i++) {
		double a = per_hit(find_hit(r, kept_rows[i].mode, kept_rows[i].key));
		double b = per_hit(find_hit(k, kept_rows[i].mode, kept_rows[i].key));

		goal_text(g, sizeof(g), b, kept_rows[i].goal);
		printf("%-40s %9.2f %9.2f %9s\n", kept_rows[i].label, a, b, g);
		fprintf(json, "    \"%s %s\": {\"image\": %.1f, \"kept\": %.1f, \"goal\": %d},\n",
			kept_rows[i].mode, kept_rows[i].key, a, b, kept_rows[i].goal);
	}
	printf("%-40s %9s %9s %9s\n", "early arming (entry -> armed)", "image", "kept",
	       "+region");
	for (unsigned int i = 0; i < KEPT_NEARLY; i++) {
		printf("%-40s %9ld %9ld %+9ld\n", early_n[i] == 0 ? "N = 0" :
		       early_n[i] == 1 ? "N = 1" : "N = 10", r->early[i].insns, k->early[i].insns,
		       k->early[i].insns - r->early[i].insns);
		fprintf(json, "    \"early_%u\": {\"image\": %ld, \"kept\": %ld}%s\n", early_n[i],
			r->early[i].insns, k->early[i].insns, i + 1 < KEPT_NEARLY ? "," : "");
	}
	fprintf(json, "  },\n");
}

/* vexpress-a9: QEMU builds no DT for it, so boot ours (build/dts next to
 * build/arm) without its /chosen/ekprobes: like QEMU's virt DT, no early
 * probes and no live printing (which the event rows would time). */
static const char *a9_base_dtb(const char *kernel)
{
	char src[600];
	const char *dtb = strdup(path_in("vexpress-a9.dtb"));
	char *slash;

	snprintf(src, sizeof(src), "%s", kernel);
	slash = strrchr(src, '/');
	if (slash)
		*slash = '\0';
	slash = strrchr(src, '/');
	snprintf(slash ? slash + 1 : src, 100, "dts/vexpress-a9.dtb");
	char *cp[] = { "cp", src, (char *)dtb, NULL };
	char *strip[] = { "fdtput", "-r", (char *)dtb, "/chosen/ekprobes", NULL };
	run_or_die(cp, false);
	run_or_die(strip, false);
	return dtb;
}

/* The vexpress-a9 table (run 1) and the "vexpress-a9" JSON object: the
 * same rows, counted by the counter the kernel chose there (QEMU's
 * Cortex-A9 has no PMU: the global timer, which -icount drives; README
 * "Benchmarks"). */
static void print_a9(const struct run a[2], bool identical, FILE *json)
{
	const char *status = a->nstatus ? a->status[a->nstatus - 1] : "";
	bool exact = a->verify[3] == 200000 && a->verify2[1] == 400000;

	fprintf(json, "  \"vexpress-a9\": {\n  \"measured\": %s, ", a->nhits ? "true" : "false");
	if (!a->nhits) {
		printf("\nvexpress-a9: not measured: %s\n", a->nstatus ? a->status[0] : "no output");
		fprintf(json, "\"kernel_status\": \"%s\"\n  },\n", status);
		return;
	}
	if (!strcmp(a->counter, "a9-global-timer"))
		printf("\nvexpress-a9 (Cortex-A9 global timer, 10-instruction ticks)\n"
		       "QEMU vexpress-a9, Cortex-A9, -icount shift=0: no PMU; the global timer counts the\n"
		       "virtual clock, 1 ns per instruction, in 10 ns ticks, and each read is taken on a\n"
		       "tick edge, so counts are exact (README \"Benchmarks\").\n");
	else
		printf("\nvexpress-a9 (counter: %s)\n", a->counter);
	printf("Counter check: loops of 2x100000 and 2x200000 instructions counted as %lu and %lu\n"
	       "more than the empty loop (%s).\n\n", a->verify[3], a->verify2[1],
	       exact ? "exact" : "MISMATCH");
	fprintf(json, "\"board\": \"vexpress-a9\", \"cpu\": \"cortex-a9\", "
		"\"icount\": \"shift=0\",\n  \"counter\": \"%s\", \"calls\": %lu,\n",
		a->counter, a->hits[0].calls);
	fprintf(json, "  \"counter_check\": {\"read_overhead\": %lu, \"loop0\": %lu, "
		"\"loop100000\": %lu, \"delta\": %lu, \"expect\": %lu, \"loop200000\": %lu, "
		"\"delta2\": %lu, \"expect2\": %lu},\n", a->verify[0], a->verify[1], a->verify[2],
		a->verify[3], a->verify[4], a->verify2[0], a->verify2[1], a->verify2[2]);
	print_table(a, json);
	print_ftrace(a, json);
	print_early(a, json);
	fprintf(json, "  \"early_arming_run2\": {");
	for (unsigned int i = 0; i < NEARLY; i++)
		fprintf(json, "%s\"%s\": %ld", i ? ", " : "", early_key(i), a[1].early[i].insns);
	fprintf(json, "},\n  \"identical_runs\": %s, \"kernel_status\": \"%s\"\n  },\n",
		identical ? "true" : "false", status);
}

/* What differs between the two runs @r, and the kernel's status lines;
 * true when the kernel reported a FAIL. */
static bool show_differences(const char *board, const struct run r[2])
{
	bool fail = false;

	for (unsigned int i = 0; i < NEARLY; i++)
		if (r[0].early[i].insns != r[1].early[i].insns)
			printf("  %searly N=%s: run 1 %ld, run 2 %ld\n", board, early_key(i),
			       r[0].early[i].insns, r[1].early[i].insns);
	for (int i = 0; i < r[0].nhits && i < r[1].nhits; i++)
		if (r[0].hits[i].probed != r[1].hits[i].probed ||
		    r[0].hits[i].base != r[1].hits[i].base)
			printf("  %s%s: run 1 %lu/%lu, run 2 %lu/%lu\n", board, r[0].hits[i].key,
			       r[0].hits[i].base, r[0].hits[i].probed, r[1].hits[i].base,
			       r[1].hits[i].probed);
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < r[k].nstatus; i++) {
			printf("kernel (%srun %d): %s\n", board, k + 1, r[k].status[i]);
			fail |= strstr(r[k].status[i], "FAIL") != NULL;
		}
	return fail;
}

/* The i386 table: `qemu-system-i386 -M pc -cpu pentium3 -icount shift=0`,
 * RDTSC counting one per guest instruction (the kernel proves it with the
 * known loops before any figure). Linux 6.1.176 686 on the same QEMU
 * (issue 12): PREEMPTION=y, so it never boosts. */
struct x86_row {
	const char *label, *mode, *key;
	int goal, linux_ref; /* 0: none */
};

static const struct x86_row x86_rows[] = {
	{ "kprobe, int3 + single-step (TF)", "trap", "insn_step", 200, 636 },
	{ "kprobe, boosted (entry push)", "trap", "kprobe", 100, 0 },
	{ "kprobe, boosted 2-byte NOP", "trap", "insn_nop2", 100, 0 },
	{ "kprobe, simulated jmp rel8", "trap", "insn_branch", 0, 0 },
	{ "kprobe, jump-optimized", "opt", "kprobe", 35, 107 },
	{ "kretprobe, trap entry", "trap", "kretprobe", 140, 422 },
	{ "kretprobe, optimized entry", "opt", "kretprobe", 140, 422 },
	{ "event, no args, trap", "trap", "event0", 150, 1602 },
	{ "event, no args, optimized", "opt", "event0", 60, 1074 },
	{ "event, 2 args, trap", "trap", "event2", 165, 1825 },
	{ "event, 2 args, optimized", "opt", "event2", 75, 1298 },
	/* On a function tracer's fentry site, against the site's NOP. */
	{ "unprobed fentry NOP site (vs no -pg)", "ftrace", "nop_site", 0, 0 },
	{ "function tracer hit (filtered)", "ftrace", "function", 30, 845 },
	{ "kprobe, ftrace-based (fentry site)", "ftrace", "kprobe", 40, 150 },
	{ "event, no args, ftrace-based", "ftrace", "event0", 60, 1117 },
	{ "event, 2 args, ftrace-based", "ftrace", "event2", 75, 1340 },
};

static bool print_x86(const char *vmlinux, FILE *json)
{
	static struct run r[2];
	const char *top = outdir, *base;
	bool identical, fail;

	outdir = strdup(path_in("pc"));
	mkdir(outdir, 0777);
	base = strdup(path_in("pc.dtb"));
	{
		char src[600], *slash;

		snprintf(src, sizeof(src), "%s", vmlinux);
		slash = strrchr(src, '/');
		if (slash)
			*slash = '\0';
		slash = strrchr(src, '/');
		snprintf(slash ? slash + 1 : src, 100, "dts/pc.dtb");
		char *cp[] = { "cp", src, (char *)base, NULL };
		char *strip[] = { "fdtput", "-r", (char *)base, "/chosen/ekprobes", NULL };
		run_or_die(cp, false);
		run_or_die(strip, false);
	}
	for (int i = 0; i < 2; i++)
		run_once(&r[i], "pc", vmlinux, base, base, NEARLY);
	outdir = top;
	identical = same_run(&r[0], &r[1]);
	printf("\ni386 (QEMU pc, -cpu pentium3, -icount shift=0; counter: %s)\n", r[0].counter);
	printf("Counter check: loops of 2x100000 and 2x200000 instructions counted as %lu and %lu\n"
	       "more than the empty loop (%s).\n\n", r[0].verify[3], r[0].verify2[1],
	       r[0].verify[3] == 200000 && r[0].verify2[1] == 400000 ? "exact" : "MISMATCH");
	printf("%-36s %9s %9s %10s\n", "per hit (extra instructions)", "ours", "goal",
	       "Linux 6.1");
	fprintf(json, "  \"pc\": {\"cpu\": \"pentium3\", \"counter\": \"%s\", \"per_hit\": {\n",
		r[0].counter);
	for (size_t i = 0; i < sizeof(x86_rows) / sizeof(x86_rows[0]); i++) {
		const struct x86_row *x = &x86_rows[i];
		const struct hit *h = find_hit(&r[0], x->mode, x->key);
		char g[16], l[16] = "-";

		goal_text(g, sizeof(g), per_hit(h), x->goal);
		if (x->linux_ref)
			snprintf(l, sizeof(l), "%d", x->linux_ref);
		printf("%-36s %9.1f %9s %10s%s\n", x->label, per_hit(h), g, l,
		       !strcmp(x->mode, "opt") && !h->optimized ? "  (NOT optimized)" : "");
		fprintf(json, "    \"%s %s\": {\"per_hit\": %.1f, \"optimized\": %s, \"goal\": %d, "
			"\"linux_6_1\": %d}%s\n", x->mode, x->key, per_hit(h),
			h->optimized ? "true" : "false", x->goal, x->linux_ref,
			i + 1 < sizeof(x86_rows) / sizeof(x86_rows[0]) ? "," : "");
	}
	fprintf(json, "  },\n");
	print_early(&r[0], json);
	printf("  Linux 6.1: boot-time kprobe_event= probes armed only at the 271st initcall\n");
	printf("determinism: two complete runs on pc %s\n", identical ? "identical" : "DIFFER");
	fprintf(json, "  \"identical_runs\": %s},\n", identical ? "true" : "false");
	fail = show_differences("pc ", r);
	return !fail && identical;
}

int main(int argc, char **argv)
{
	static struct run runs[2], a9[2], kept;
	struct part parts[33];
	const char *kernel, *vmlinux, *nm, *list;
	bool identical, fail = false, a9_ok, a9_identical;
	FILE *json;

	if (argc != 7 && argc != 8)
		die("usage: bench ZIMAGE VMLINUX OUTDIR NM FOOTPRINT_LIST KEPT_REGION_DTBO "
		    "[X86_VMLINUX]");
	kernel = argv[1];
	vmlinux = argv[2];
	outdir = argv[3];
	nm = argv[4];
	list = argv[5];
	mkdir(outdir, 0777);
	const char *base = base_dtb("1"), *base_smp = base_dtb("4");

	for (int i = 0; i < 2; i++)
		run_once(&runs[i], "virt", kernel, base_smp, base, NEARLY);

	/* The same runs on vexpress-a9, its DTBs in a subdirectory (path_in()
	 * names them after N only). The kernel says which counter it uses. */
	const char *top = outdir;
	outdir = strdup(path_in("vexpress-a9"));
	mkdir(outdir, 0777);
	const char *a9_base = a9_base_dtb(kernel);
	for (int i = 0; i < 2; i++)
		run_once(&a9[i], "vexpress-a9", kernel, a9_base, a9_base, NEARLY);
	/* virt with the kept region, in a subdirectory of its own too */
	outdir = top;
	outdir = strdup(path_in("kept"));
	mkdir(outdir, 0777);
	const char *kept_base = kept_dtb(base, argv[6]);
	run_once(&kept, "virt", kernel, kept_base, kept_base, KEPT_NEARLY);
	outdir = top;
	a9_ok = a9[0].nhits > 0;
	a9_identical = same_run(&a9[0], &a9[1]);

	const struct run *r = &runs[0];
	identical = same_run(&runs[0], &runs[1]);
	json = fopen(path_in("results.json"), "w");
	if (!json)
		die("cannot write %s", path_in("results.json"));
	fprintf(json, "{\n  \"board\": \"virt\", \"cpu\": \"cortex-a15\", \"icount\": \"shift=0\",\n"
		"  \"counter\": \"PMU event 0x08 INST_RETIRED\", \"calls\": %lu,\n",
		find_hit(r, "trap", "baseline_empty")->calls);
	printf("\nmake bench: QEMU virt, 4 x Cortex-A15, -icount shift=0; guest instructions counted\n"
	       "by the PMU (event 0x08 INST_RETIRED). Per hit = (probed - baseline) / %lu calls.\n",
	       find_hit(r, "trap", "baseline_empty")->calls);
	printf("Counter check: loop of 2x100000 instructions counted as %lu more than the empty "
	       "loop (%s).\n\n", r->verify[3], r->verify[3] == 200000 ? "exact" : "MISMATCH");
	fprintf(json, "  \"counter_check\": {\"read_overhead\": %lu, \"loop0\": %lu, "
		"\"loop100000\": %lu, \"delta\": %lu, \"expect\": %lu},\n", r->verify[0],
		r->verify[1], r->verify[2], r->verify[3], r->verify[4]);
	print_table(r, json);
	print_smp(r, json);
	print_ftrace(r, json);
	print_early(r, json);

	int nparts = footprint(nm, vmlinux, list, parts);
	unsigned long total = 0, fixed = 0, per_slot = 0;
	/* One small instruction slot (16 bytes) per early probe slot. */
	unsigned long slots = parts[0].bytes / 16;

	printf("\nstatic early footprint (bytes reserved in the image for early probes):\n");
	fprintf(json, "  \"footprint_bytes\": {");
	for (int i = 0; i < nparts; i++) {
		printf("  %-40s %8lu%s\n", parts[i].name, parts[i].bytes,
		       parts[i].per_slot ? "  (per slot)" : "");
		fprintf(json, "%s\"%s\": %lu", i ? ", " : "", parts[i].name, parts[i].bytes);
		total += parts[i].bytes;
		if (parts[i].per_slot)
			per_slot += parts[i].bytes;
		else
			fixed += parts[i].bytes;
	}
	printf("  %-40s %8lu\n", "total", total);
	if (slots)
		printf("  %lu slots: %lu bytes fixed (goal <= 16384 %s) + %lu per slot (goal <= 64 %s)\n",
		       slots, fixed, fixed <= 16384 ? "ok" : "MISS", per_slot / slots,
		       per_slot / slots <= 64 ? "ok" : "MISS");
	fprintf(json, "},\n  \"footprint_total\": %lu,\n  \"footprint_fixed\": %lu,\n"
		"  \"footprint_slots\": %lu,\n  \"footprint_per_slot\": %lu,\n", total, fixed, slots,
		slots ? per_slot / slots : 0);

	print_kept(r, &kept, json);
	print_a9(a9, a9_identical, json);
	if (argc == 8)
		fail |= !print_x86(argv[7], json);
	printf("\ndeterminism: two complete runs (separate QEMU boots) %s on virt, %s on vexpress-a9\n",
	       identical ? "gave identical numbers" : "DIFFER",
	       a9_identical ? "identical" : "DIFFER");
	fail |= show_differences("", runs);
	fail |= show_differences("vexpress-a9 ", a9);
	fprintf(json, "  \"identical_runs\": %s, \"vexpress_a9_counter\": %s,\n",
		identical ? "true" : "false", a9_ok ? "true" : "false");
	fprintf(json, "  \"early_arming_run2\": {");
	for (unsigned int i = 0; i < NEARLY; i++)
		fprintf(json, "%s\"%s\": %ld", i ? ", " : "", early_key(i), runs[1].early[i].insns);
	fprintf(json, "},\n  \"kernel_status\": \"%s\"\n}\n",
		r->nstatus ? r->status[r->nstatus - 1] : "");
	fclose(json);
	printf("wrote %s\n", path_in("results.json"));
	return fail || !identical || !a9_identical ? 1 : 0;
}
