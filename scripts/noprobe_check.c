/*
 * noprobe_check: prove over the linked kernel that everything the probe
 * path can run is refused as a probe point.
 *
 *   noprobe_check VMLINUX [REACHABLE.txt]
 *
 * Reads the ELF32 image itself (section headers, symbol table, bytes),
 * splits .text into functions (STT_FUNC symbols with their sizes; an
 * assembly label without a type runs to the next symbol; bit 0 of a
 * symbol's value marks Thumb code), and builds the direct call graph by
 * decoding every branch with an immediate target: A32 B, BL, BLX(imm) in
 * any condition, and Thumb B (16- and 32-bit, conditional or not), BL and
 * BLX(imm). Literal pools ($d mapping symbols) are not decoded. A branch
 * into another function, tail calls included, is an edge to it.
 *
 * The roots, function-pointer tables and boundaries are records in the
 * ELF-only section .ekprobes.noprobe, written by the macros of
 * include/ek/noprobe.h next to the code they describe. From the roots and
 * every function whose address a table holds, the walk follows edges
 * breadth first, not past a boundary, and every function it reaches must
 * lie inside [__noprobe_text_start, __noprobe_text_end). Each one that
 * does not is reported with its shortest call chain from a root, and the
 * exit status is 1; on success the reachable set goes to REACHABLE.txt.
 *
 * The function tracer's rule is derived from the same range: a function
 * holding an mcount call (`bl __gnu_mcount_nc`, GCC's -pg) inside
 * [__noprobe_text_start, __noprobe_text_end) fails the build, and so does
 * one reachable (every edge, no boundary) from a NOTRACE_ROOT record (what
 * the tracer's trampoline calls through a pointer: the trace clocks). The
 * trampoline itself is a NOPROBE_ROOT, so all it calls directly is in the
 * range already.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REC_ROOT 1
#define REC_TABLE 2
#define REC_BOUNDARY 3
#define REC_NOTRACE_ROOT 4
#define REC_SECTION ".ekprobes.noprobe"

#define SHT_SYMTAB 2
#define SHT_REL 9
#define R_ARM_RELATIVE 23
#define SHT_NOBITS 8
#define SHF_ALLOC 0x2
#define SHF_EXECINSTR 0x4
#define STT_NOTYPE 0
#define STT_OBJECT 1
#define STT_FUNC 2

struct shdr {
	uint32_t name, type, flags, addr, offset, size, link, info, addralign, entsize;
};

struct sym {
	const char *name;
	uint32_t value, size;
	uint8_t type, bind;
	uint16_t shndx;
};

struct func {
	uint32_t start, end;
	const char *name;
	int prio;        /* name choice among aliases */
	int thumb;       /* entered in Thumb state */
	int *edges;      /* callee indices */
	size_t nedges, cap;
	int parent;      /* BFS: caller on a shortest chain, -1 for a root */
	int via_table;   /* reached as a root through this table record (-1: none) */
	int depth;
	int state;       /* 0 unseen, 1 reached, 2 boundary */
	int is_boundary;
	int is_root;
	uint32_t mcount_at; /* its mcount call site (0: none) */
	int nt_parent;      /* NOTRACE walk: caller, -1 for a root, -2 unseen */
};

struct map {
	uint32_t addr;
	char kind; /* 'a', 't', 'd' */
};

static const char *prog = "noprobe-check";
static uint8_t *img;
static size_t img_size;
static struct shdr *sh;
static unsigned int nsh;
static const char *shstr;
static struct sym *syms;
static size_t nsyms;
static struct func *funcs;
static size_t nfuncs;
static struct map *maps;
static size_t nmaps;
static uint32_t *relocs; /* words head.S relocates: the image's pointers */
static size_t nrelocs;

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static const uint8_t *file_range(uint32_t off, uint32_t len)
{
	if (off > img_size || len > img_size - off)
		die("truncated ELF file");
	return img + off;
}

/* The bytes at link address @addr..+@len, from the allocated section
 * holding them; NULL if none has file contents there. */
static const uint8_t *bytes_at(uint32_t addr, uint32_t len)
{
	for (unsigned int i = 0; i < nsh; i++) {
		const struct shdr *s = &sh[i];

		if (!(s->flags & SHF_ALLOC) || s->type == SHT_NOBITS)
			continue;
		if (addr >= s->addr && addr - s->addr <= s->size && len <= s->size - (addr - s->addr))
			return file_range(s->offset + (addr - s->addr), len);
	}
	return NULL;
}

static void load(const char *path)
{
	FILE *f = fopen(path, "rb");
	const uint8_t *eh;

	if (!f)
		die("%s: %s", path, strerror(errno));
	if (fseek(f, 0, SEEK_END) || (long)(img_size = (size_t)ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		die("%s: cannot size", path);
	img = xrealloc(NULL, img_size);
	if (fread(img, 1, img_size, f) != img_size)
		die("%s: short read", path);
	fclose(f);
	eh = file_range(0, 52);
	if (memcmp(eh, "\177ELF", 4) || eh[4] != 1 || eh[5] != 1 || rd16(eh + 18) != 40)
		die("%s: not a little-endian ELF32 ARM file", path);
	nsh = rd16(eh + 48);
	if (rd16(eh + 46) != 40 || !nsh)
		die("%s: unexpected section header size", path);
	sh = xrealloc(NULL, nsh * sizeof(*sh));
	for (unsigned int i = 0; i < nsh; i++) {
		const uint8_t *p = file_range(rd32(eh + 32) + i * 40, 40);
		uint32_t *w = &sh[i].name;

		for (int k = 0; k < 10; k++)
			w[k] = rd32(p + 4 * k);
	}
	if (rd16(eh + 50) >= nsh)
		die("%s: bad section name table index", path);
	shstr = (const char *)file_range(sh[rd16(eh + 50)].offset, sh[rd16(eh + 50)].size);
}

static const char *sec_name(const struct shdr *s)
{
	return shstr + s->name;
}

static const struct shdr *find_section(const char *name)
{
	for (unsigned int i = 0; i < nsh; i++)
		if (!strcmp(sec_name(&sh[i]), name))
			return &sh[i];
	return NULL;
}

static void load_symbols(void)
{
	const struct shdr *st = NULL, *str;
	const char *strtab;

	for (unsigned int i = 0; i < nsh && !st; i++)
		if (sh[i].type == SHT_SYMTAB)
			st = &sh[i];
	if (!st || st->link >= nsh)
		die("no symbol table (a stripped image?)");
	str = &sh[st->link];
	strtab = (const char *)file_range(str->offset, str->size);
	nsyms = st->size / 16;
	syms = xrealloc(NULL, nsyms * sizeof(*syms));
	for (size_t i = 0; i < nsyms; i++) {
		const uint8_t *p = file_range(st->offset + (uint32_t)i * 16, 16);

		if (rd32(p) >= str->size)
			die("bad symbol name offset");
		syms[i].name = strtab + rd32(p);
		syms[i].value = rd32(p + 4);
		syms[i].size = rd32(p + 8);
		syms[i].type = p[12] & 0xf;
		syms[i].bind = p[12] >> 4;
		syms[i].shndx = rd16(p + 14);
	}
}

static const struct sym *sym_by_name(const char *name)
{
	for (size_t i = 0; i < nsyms; i++)
		if (!strcmp(syms[i].name, name))
			return &syms[i];
	return NULL;
}

static int is_mapping(const char *n)
{
	return n[0] == '$' && (n[1] == 'a' || n[1] == 't' || n[1] == 'd') &&
	       (n[2] == '\0' || n[2] == '.');
}

static int in_exec(uint16_t shndx)
{
	return shndx > 0 && shndx < nsh && (sh[shndx].flags & SHF_EXECINSTR);
}

static int cmp_func(const void *a, const void *b)
{
	const struct func *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return y->prio - x->prio; /* best name first */
}

static int cmp_map(const void *a, const void *b)
{
	const struct map *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Functions: STT_FUNC symbols, and untyped labels in code that no sized
 * function covers (assembly like the exception vectors). Aliases at one
 * address merge; the size is the largest any of them gives, else up to
 * the next function. */
static void build_functions(void)
{
	struct func *all = NULL;
	size_t n = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < nsyms; i++) {
			const struct sym *s = &syms[i];
			struct func f = { 0 };

			if (!in_exec(s->shndx) || !s->name[0] || is_mapping(s->name))
				continue;
			if (pass == 0 && s->type == STT_FUNC) {
				f.prio = 4 + (s->bind == 1) + (s->size ? 2 : 0);
			} else if (pass == 1 && s->type == STT_NOTYPE) {
				uint32_t a = s->value;
				size_t k;

				for (k = 0; k < n; k++) /* inside a sized function: a label */
					if (all[k].end > all[k].start && a > all[k].start && a < all[k].end)
						break;
				if (k < n)
					continue;
				/* Linker script markers (__foo_start) name ranges, not code. */
				f.prio = s->name[0] == '_' && s->name[1] == '_' ? 0 : 1 + (s->bind == 1);
			} else {
				continue;
			}
			f.start = s->value & ~1u;
			f.thumb = s->type == STT_FUNC && (s->value & 1);
			f.end = s->size ? f.start + s->size : f.start;
			f.name = s->name;
			all = xrealloc(all, (n + 1) * sizeof(*all));
			all[n++] = f;
		}
	}
	qsort(all, n, sizeof(*all), cmp_func);
	for (size_t i = 0; i < n; i++) {
		struct func *last = nfuncs ? &funcs[nfuncs - 1] : NULL;

		if (last && last->start == all[i].start) {
			if (all[i].end > last->end)
				last->end = all[i].end;
			last->thumb |= all[i].thumb;
			continue;
		}
		funcs = xrealloc(funcs, (nfuncs + 1) * sizeof(*funcs));
		funcs[nfuncs++] = all[i];
	}
	free(all);
	for (size_t i = 0; i < nfuncs; i++) {
		uint32_t limit = i + 1 < nfuncs ? funcs[i + 1].start : funcs[i].start;

		if (funcs[i].end == funcs[i].start) {
			/* Unsized: to the next function or the section's end. */
			for (unsigned int k = 0; k < nsh && i + 1 == nfuncs; k++)
				if ((sh[k].flags & SHF_EXECINSTR) && funcs[i].start >= sh[k].addr &&
				    funcs[i].start < sh[k].addr + sh[k].size)
					limit = sh[k].addr + sh[k].size;
			funcs[i].end = limit;
		}
		funcs[i].parent = -1;
		funcs[i].via_table = -1;
	}
	free(maps);
	nmaps = 0;
	for (size_t i = 0; i < nsyms; i++) {
		if (!in_exec(syms[i].shndx) || !is_mapping(syms[i].name))
			continue;
		maps = xrealloc(maps, (nmaps + 1) * sizeof(*maps));
		maps[nmaps].addr = syms[i].value;
		maps[nmaps++].kind = syms[i].name[1];
	}
	qsort(maps, nmaps, sizeof(*maps), cmp_map);
}

/* The function containing @addr, or -1. */
static int func_at(uint32_t addr)
{
	size_t lo = 0, hi = nfuncs;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (funcs[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || addr >= funcs[lo - 1].end)
		return -1;
	return (int)(lo - 1);
}

/* How many mapping symbols are at or below @addr. */
static size_t maps_upto(uint32_t addr)
{
	size_t lo = 0, hi = nmaps;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (maps[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The mapping state at @addr ('a', 't', 'd'), or @dflt before any. */
static char map_at(uint32_t addr, char dflt)
{
	size_t n = maps_upto(addr);

	return n ? maps[n - 1].kind : dflt;
}

/* The next mapping symbol after @addr, or @end. */
static uint32_t map_next(uint32_t addr, uint32_t end)
{
	size_t n = maps_upto(addr);

	return n < nmaps && maps[n].addr < end ? maps[n].addr : end;
}

static unsigned int unknown_targets;
static uint32_t mcount_addr; /* __gnu_mcount_nc, 0 when the image has none */

static void add_edge(int from, uint32_t target, uint32_t at)
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

static int32_t sext(uint32_t v, int bits)
{
	uint32_t m = 1u << (bits - 1);

	return (int32_t)((v ^ m) - m);
}

/* A32: B<c>, BL<c> (cond != 1111) and BLX(imm) (cond == 1111). */
static void decode_arm(int fi, uint32_t a, uint32_t end)
{
	for (a = (a + 3) & ~3u; a + 4 <= end; a += 4) {
		const uint8_t *p = bytes_at(a, 4);
		uint32_t insn;

		if (!p)
			return;
		insn = rd32(p);
		if (((insn >> 25) & 7) != 5)
			continue;
		if ((insn >> 28) == 0xf) /* BLX(imm): H is bit 24 */
			add_edge(fi, a + 8 + (uint32_t)(sext(insn & 0xffffff, 24) * 4) +
					     ((insn >> 23) & 2), a);
		else
			add_edge(fi, a + 8 + (uint32_t)(sext(insn & 0xffffff, 24) * 4), a);
	}
}

/* Thumb: B (T1..T4), BL, BLX(imm). */
static void decode_thumb(int fi, uint32_t a, uint32_t end)
{
	for (a &= ~1u; a + 2 <= end;) {
		const uint8_t *p = bytes_at(a, 2);
		uint16_t h1, h2;

		if (!p)
			return;
		h1 = rd16(p);
		if ((h1 >> 11) < 0x1d) { /* 16-bit */
			if ((h1 & 0xf000) == 0xd000 && ((h1 >> 8) & 0xf) < 14) /* B<c> T1 */
				add_edge(fi, a + 4 + (uint32_t)(sext(h1 & 0xff, 8) * 2), a);
			else if ((h1 & 0xf800) == 0xe000) /* B T2 */
				add_edge(fi, a + 4 + (uint32_t)(sext(h1 & 0x7ff, 11) * 2), a);
			a += 2;
			continue;
		}
		if (a + 4 > end || !(p = bytes_at(a + 2, 2)))
			return;
		h2 = rd16(p);
		if ((h1 & 0xf800) == 0xf000 && (h2 & 0x8000)) {
			uint32_t s = (h1 >> 10) & 1, j1 = (h2 >> 13) & 1, j2 = (h2 >> 11) & 1;
			uint32_t i1 = !(j1 ^ s), i2 = !(j2 ^ s);
			uint32_t imm = s << 24 | i1 << 23 | i2 << 22 | (h1 & 0x3ffu) << 12 |
				       (h2 & 0x7ffu) << 1;
			int32_t off = sext(imm, 25);

			switch (h2 & 0xd000) {
			case 0xd000: /* BL */
			case 0x9000: /* B.W T4 */
				add_edge(fi, a + 4 + (uint32_t)off, a);
				break;
			case 0xc000: /* BLX(imm): to ARM, from Align(PC, 4) */
				add_edge(fi, ((a + 4) & ~3u) + ((uint32_t)off & ~3u), a);
				break;
			case 0x8000: /* B<c>.W T3 (cond 111x is other instructions) */
				if (((h1 >> 6) & 0xf) < 14) {
					imm = s << 20 | j2 << 19 | j1 << 18 | (h1 & 0x3fu) << 12 |
					      (h2 & 0x7ffu) << 1;
					add_edge(fi, a + 4 + (uint32_t)sext(imm, 21), a);
				}
				break;
			}
		}
		a += 4;
	}
}

static void build_edges(void)
{
	for (size_t i = 0; i < nfuncs; i++) {
		struct func *f = &funcs[i];
		uint32_t a = f->start;

		while (a < f->end) {
			char kind = map_at(a, f->thumb ? 't' : 'a');
			uint32_t next = map_next(a, f->end);

			if (kind == 'a')
				decode_arm((int)i, a, next);
			else if (kind == 't')
				decode_thumb((int)i, a, next);
			a = next;
		}
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* In a position-independent image every stored address has an
 * R_ARM_RELATIVE relocation: that is what tells a pointer in a table from
 * an integer (a mask, a NULL) that happens to equal a function's address. */
static void load_relocs(void)
{
	for (unsigned int i = 0; i < nsh; i++) {
		if (sh[i].type != SHT_REL || !(sh[i].flags & SHF_ALLOC))
			continue;
		for (uint32_t off = 0; off + 8 <= sh[i].size; off += 8) {
			const uint8_t *p = file_range(sh[i].offset + off, 8);

			if ((rd32(p + 4) & 0xff) != R_ARM_RELATIVE)
				continue;
			relocs = xrealloc(relocs, (nrelocs + 1) * sizeof(*relocs));
			relocs[nrelocs++] = rd32(p);
		}
	}
	if (!nrelocs)
		die("no R_ARM_RELATIVE relocations: cannot tell pointers in tables apart");
	qsort(relocs, nrelocs, sizeof(*relocs), cmp_u32);
}

static int is_pointer(uint32_t addr)
{
	return bsearch(&addr, relocs, nrelocs, sizeof(*relocs), cmp_u32) != NULL;
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
		if (f->mcount_at) {
			int chain[4096], n = 0;

			for (int c = fi; c >= 0 && n < 4096; c = funcs[c].nt_parent)
				chain[n++] = c;
			fprintf(stderr, "%s: ", prog);
			while (n--)
				fprintf(stderr, "%s%s", funcs[chain[n]].name, n ? " -> " : "");
			fprintf(stderr, ": mcount call at 0x%08x on the function tracer's path "
				"(mark it notrace)\n", f->mcount_at);
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
	const struct sym *lo_sym, *hi_sym;
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
	if (sym_by_name("__gnu_mcount_nc"))
		mcount_addr = sym_by_name("__gnu_mcount_nc")->value & ~1u;
	build_functions();
	build_edges();
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
		recs[i].func = func_at(recs[i].addr & ~1u);
		if (recs[i].func < 0 || funcs[recs[i].func].start != (recs[i].addr & ~1u))
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
			int fi = is_pointer(recs[i].addr + off) ? func_at(w & ~1u) : -1;

			if (fi < 0 || funcs[fi].start != (w & ~1u))
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
