/*
 * noprobe_check: prove over the linked kernel that everything the probe
 * path can run is refused as a probe point.
 *
 *   noprobe_check VMLINUX [REACHABLE.txt]
 *
 * Reads the ELF32 image itself, ARM or i386 (scripts/noprobe_image.c),
 * splits .text into functions (STT_FUNC symbols with their sizes; an
 * assembly label without a type runs to the next symbol; bit 0 of a
 * symbol's value marks Thumb code), and builds the direct call graph by
 * decoding every branch with an immediate target (noprobe_arm.c: A32 and
 * Thumb B, BL, BLX(imm); noprobe_x86.c: i386 call, jmp and jcc rel8/rel32,
 * with the kernel's decoder, checked against the R_386_PC32 relocations).
 * A branch into another function, tail calls included, is an edge to it.
 *
 * The roots, function-pointer tables and boundaries are records in the
 * ELF-only section .ekprobes.noprobe, written by the macros of
 * include/ek/noprobe.h next to the code they describe. From the roots and
 * every function whose address a table holds, the walk follows edges
 * breadth first, not past a boundary, and every function it reaches must
 * lie inside [__noprobe_text_start, __noprobe_text_end) and, on i386, have
 * decoded to its end. Each one that does not is reported with its
 * shortest call chain from a root, and the exit status is 1; on success
 * the reachable set goes to REACHABLE.txt.
 *
 * The function tracer's rule is derived from the same range: a function
 * holding an mcount call (`bl __gnu_mcount_nc`, GCC's -pg; on i386 `call
 * __fentry__`, -pg -mfentry) inside [__noprobe_text_start,
 * __noprobe_text_end) fails the build, and so does one reachable (every
 * edge, no boundary) from a NOTRACE_ROOT record (what the tracer's
 * trampoline calls through a pointer: the trace clocks). The trampoline
 * itself is a NOPROBE_ROOT, so all it calls directly is in the range
 * already.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "noprobe_graph.h"
#include "noprobe_image.h"

#define REC_ROOT 1
#define REC_TABLE 2
#define REC_BOUNDARY 3
#define REC_NOTRACE_ROOT 4
#define REC_SECTION ".ekprobes.noprobe"

static unsigned int unknown_targets;
static uint32_t mcount_addr; /* __gnu_mcount_nc or __fentry__, 0 when the image has none */

void add_edge(int from, uint32_t target, uint32_t at)
{
	int to = func_at(target);
	struct func *f = &funcs[from];

	if (mcount_addr && target == mcount_addr && !f->mcount_at)
		f->mcount_at = at;

	if (to < 0) {
		fprintf(stderr, "%s: %s+0x%x (0x%08x) branches to 0x%08x, inside no function\n", prog,
			f->name, at - f->start, at, target);
		unknown_targets++;
		return;
	}
	if (to == from)
		return;
	for (size_t i = 0; i < f->nedges; i++)
		if (f->edges[i] == to)
			return;
	if (f->nedges == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 8;
		f->edges = xrealloc(f->edges, f->cap * sizeof(*f->edges));
	}
	f->edges[f->nedges++] = to;
}

struct rec {
	uint32_t kind, addr, size;
	int func;
};

static const char *object_name(uint32_t addr)
{
	for (size_t i = 0; i < nsyms; i++)
		if (syms[i].type == STT_OBJECT && syms[i].value <= addr &&
		    addr < syms[i].value + (syms[i].size ? syms[i].size : 1))
			return syms[i].name;
	return "?";
}

static void print_chain(FILE *out, const struct rec *recs, int fi)
{
	int chain[4096], n = 0;

	for (int f = fi; f >= 0 && n < 4096; f = funcs[f].parent)
		chain[n++] = f;
	if (funcs[chain[n - 1]].via_table >= 0)
		fprintf(out, "%s[] -> ", object_name(recs[funcs[chain[n - 1]].via_table].addr));
	while (n--)
		fprintf(out, "%s%s", funcs[chain[n]].name, n ? " -> " : "");
}

/* The function tracer's half: no mcount call in the never-probe range nor
 * on any path from a NOTRACE_ROOT. Returns the number of offenders. */
static size_t check_mcount(const struct rec *recs, size_t nrecs, uint32_t lo, uint32_t hi)
{
	size_t bad = 0, nroots = 0, nreached = 0;
	int *queue, qh = 0, qt = 0;

	if (!mcount_addr)
		return 0;
	for (size_t i = 0; i < nfuncs; i++) {
		funcs[i].nt_parent = -2;
		if (funcs[i].start >= lo && funcs[i].end <= hi && funcs[i].mcount_at) {
			fprintf(stderr, "%s: %s: mcount call at 0x%08x in .noprobe.text: the "
				"tracer would trace what it may never (notrace, or no -pg for the object)\n",
				prog, funcs[i].name, funcs[i].mcount_at);
			bad++;
		}
	}
	queue = xrealloc(NULL, (nfuncs + 1) * sizeof(*queue));
	for (size_t i = 0; i < nrecs; i++) {
		if (recs[i].kind != REC_NOTRACE_ROOT)
			continue;
		nroots++;
		if (funcs[recs[i].func].nt_parent == -2) {
			funcs[recs[i].func].nt_parent = -1;
			queue[qt++] = recs[i].func;
		}
	}
	while (qh < qt) {
		int fi = queue[qh++];
		struct func *f = &funcs[fi];

		nreached++;
		if (f->mcount_at || f->undecoded_at) {
			int chain[4096], n = 0;

			for (int c = fi; c >= 0 && n < 4096; c = funcs[c].nt_parent)
				chain[n++] = c;
			fprintf(stderr, "%s: ", prog);
			while (n--)
				fprintf(stderr, "%s%s", funcs[chain[n]].name, n ? " -> " : "");
			if (f->mcount_at)
				fprintf(stderr, ": mcount call at 0x%08x on the function tracer's path "
					"(mark it notrace)\n", f->mcount_at);
			else
				fprintf(stderr, ": cannot decode at 0x%08x (%s) on the function "
					"tracer's path\n", f->undecoded_at, f->undecoded_why);
			bad++;
		}
		for (size_t e = 0; e < f->nedges; e++) {
			struct func *t = &funcs[f->edges[e]];

			if (t->nt_parent != -2)
				continue;
			t->nt_parent = fi;
			queue[qt++] = f->edges[e];
		}
	}
	free(queue);
	if (!bad)
		printf("  NOTRACE no mcount call in .noprobe.text nor in %zu functions reachable "
		       "from %zu tracer root(s)\n", nreached, nroots);
	return bad;
}

int main(int argc, char **argv)
{
	const struct shdr *rs;
	const struct sym *lo_sym, *hi_sym, *mcount_sym;
	uint32_t lo, hi;
	struct rec *recs;
	size_t nrecs, nroots = 0, ntables = 0, nbounds = 0, nreached = 0, bad = 0;
	int *queue, qh = 0, qt = 0;
	FILE *out;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s VMLINUX [REACHABLE.txt]\n", prog);
		return 2;
	}
	load(argv[1]);
	load_symbols();
	lo_sym = sym_by_name("__noprobe_text_start");
	hi_sym = sym_by_name("__noprobe_text_end");
	if (!lo_sym || !hi_sym)
		die("no __noprobe_text_start/__noprobe_text_end in %s", argv[1]);
	lo = lo_sym->value;
	hi = hi_sym->value;
	mcount_sym = sym_by_name(machine == EM_386 ? "__fentry__" : "__gnu_mcount_nc");
	if (mcount_sym)
		mcount_addr = code_addr(mcount_sym->value);
	build_functions();
	if (machine == EM_386)
		build_edges_x86();
	else
		build_edges_arm();
	load_relocs();
	if (unknown_targets)
		die("%u branch target(s) outside every function: cannot prove anything", unknown_targets);

	rs = find_section(REC_SECTION);
	if (!rs || rs->type == SHT_NOBITS || rs->size % 12)
		die("no %s section in %s (include/ek/noprobe.h records)", REC_SECTION, argv[1]);
	if (rs->flags & SHF_ALLOC)
		die("%s is allocated: it must stay ELF-only", REC_SECTION);
	nrecs = rs->size / 12;
	recs = xrealloc(NULL, nrecs * sizeof(*recs));
	queue = xrealloc(NULL, (nfuncs + 1) * sizeof(*queue));
	for (size_t i = 0; i < nrecs; i++) {
		const uint8_t *p = file_range(rs->offset + (uint32_t)i * 12, 12);

		recs[i].kind = rd32(p);
		recs[i].addr = rd32(p + 4);
		recs[i].size = rd32(p + 8);
		recs[i].func = -1;
		if (recs[i].kind == REC_TABLE)
			continue;
		recs[i].func = func_at(code_addr(recs[i].addr));
		if (recs[i].func < 0 || funcs[recs[i].func].start != code_addr(recs[i].addr))
			die("record %zu: 0x%08x is not the start of a function", i, recs[i].addr);
		if (recs[i].kind == REC_BOUNDARY) {
			funcs[recs[i].func].is_boundary = 1;
			nbounds++;
		} else if (recs[i].kind != REC_ROOT && recs[i].kind != REC_NOTRACE_ROOT) {
			die("record %zu: unknown kind %u", i, recs[i].kind);
		}
	}
	/* Roots first (depth 0), then what the tables point at (depth 0,
	 * reached "through" the table), so chains start at a named entry. */
	for (size_t i = 0; i < nrecs; i++) {
		struct func *f;

		if (recs[i].kind != REC_ROOT)
			continue;
		nroots++;
		f = &funcs[recs[i].func];
		f->is_root = 1;
		if (f->is_boundary)
			die("%s is both a root and a boundary", f->name);
		if (!f->state) {
			f->state = 1;
			queue[qt++] = recs[i].func;
		}
	}
	for (size_t i = 0; i < nrecs; i++) {
		const uint8_t *p;

		if (recs[i].kind != REC_TABLE)
			continue;
		ntables++;
		if (recs[i].size % 4 || !(p = bytes_at(recs[i].addr, recs[i].size)))
			die("table record at 0x%08x (%s): no contents in the image", recs[i].addr,
			    object_name(recs[i].addr));
		for (uint32_t off = 0; off < recs[i].size; off += 4) {
			uint32_t w = rd32(p + off);
			int fi = is_pointer(recs[i].addr + off) ? func_at(code_addr(w)) : -1;

			if (fi < 0 || funcs[fi].start != code_addr(w))
				continue;
			if (funcs[fi].is_boundary || funcs[fi].state)
				continue;
			funcs[fi].state = 1;
			funcs[fi].via_table = (int)i;
			queue[qt++] = fi;
		}
	}
	while (qh < qt) {
		struct func *f = &funcs[queue[qh++]];

		nreached++;
		for (size_t e = 0; e < f->nedges; e++) {
			struct func *t = &funcs[f->edges[e]];

			if (t->state)
				continue;
			t->parent = (int)(f - funcs);
			t->depth = f->depth + 1;
			if (t->is_boundary) {
				t->state = 2;
				continue;
			}
			t->state = 1;
			queue[qt++] = (int)(t - funcs);
		}
	}
	for (size_t i = 0; i < nrecs; i++)
		if (recs[i].kind == REC_BOUNDARY && !funcs[recs[i].func].state)
			fprintf(stderr, "%s: note: boundary %s is never called from the probe path\n",
				prog, funcs[recs[i].func].name);
	/* Report in walk order: shortest chains first. */
	for (int q = 0; q < qt; q++) {
		const struct func *f = &funcs[queue[q]];

		if (f->undecoded_at) {
			fprintf(stderr, "%s: ", prog);
			print_chain(stderr, recs, queue[q]);
			fprintf(stderr, ": cannot decode at 0x%08x (%s): what it calls is unknown\n",
				f->undecoded_at, f->undecoded_why);
			bad++;
		}
		if (f->start >= lo && f->end <= hi)
			continue;
		fprintf(stderr, "%s: ", prog);
		print_chain(stderr, recs, queue[q]);
		fprintf(stderr, ": probe-able (kernel text at 0x%08x)\n", f->start);
		bad++;
	}
	bad += check_mcount(recs, nrecs, lo, hi);
	if (bad) {
		fprintf(stderr,
			"%s: %zu function(s) the probe path can run are outside .noprobe.text, "
			"or are traced where nothing may be: "
			"mark them __noprobe, or explain a NOPROBE_BOUNDARY (include/ek/noprobe.h)\n",
			prog, bad);
		return 1;
	}
	if (argc == 3) {
		out = fopen(argv[2], "w");
		if (!out)
			die("%s: %s", argv[2], strerror(errno));
		fprintf(out, "# Functions the probe path can run (all in .noprobe.text), with a\n"
			     "# shortest call chain from a root; boundaries stop the walk.\n");
		for (int q = 0; q < qt; q++) {
			fprintf(out, "0x%08x-0x%08x\t%s\t", funcs[queue[q]].start, funcs[queue[q]].end,
				funcs[queue[q]].name);
			print_chain(out, recs, queue[q]);
			fputc('\n', out);
		}
		for (size_t i = 0; i < nfuncs; i++) {
			if (funcs[i].state != 2)
				continue;
			fprintf(out, "boundary\t%s\t", funcs[i].name);
			print_chain(out, recs, (int)i);
			fputc('\n', out);
		}
		if (fclose(out))
			die("%s: write error", argv[2]);
	}
	printf("  NOPROBE %zu functions reachable from %zu roots and %zu tables (%zu boundaries): "
	       "all in .noprobe.text\n", nreached, nroots, ntables, nbounds);
	return 0;
}
