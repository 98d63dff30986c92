/*
 * Reading the linked kernel for scripts/noprobe_check.c: the ELF32 image
 * (section headers, symbol table, bytes), its functions (STT_FUNC symbols
 * with their sizes; an assembly label without a type runs to the next
 * symbol; bit 0 of a value marks Thumb code), the mapping symbols ($a, $t,
 * $d) and the relocations that tell pointers apart (R_ARM_RELATIVE; on
 * i386, position-dependent, the R_386_32 that --emit-relocs keeps).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "noprobe_image.h"

const char *prog = "noprobe-check";
unsigned int machine;
static uint8_t *img;
static size_t img_size;
static struct shdr *sh;
static unsigned int nsh;
static const char *shstr;
struct sym *syms;
size_t nsyms;
struct func *funcs;
size_t nfuncs;
static struct map *maps;
static size_t nmaps;
static uint32_t *relocs; /* words head.S relocates: the image's pointers */
static size_t nrelocs;

void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

const uint8_t *file_range(uint32_t off, uint32_t len)
{
	if (off > img_size || len > img_size - off)
		die("truncated ELF file");
	return img + off;
}

/* The bytes at link address @addr..+@len, from the allocated section
 * holding them; NULL if none has file contents there. */
const uint8_t *bytes_at(uint32_t addr, uint32_t len)
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

void load(const char *path)
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
	machine = rd16(eh + 18);
	if (memcmp(eh, "\177ELF", 4) || eh[4] != 1 || eh[5] != 1 ||
	    (machine != EM_ARM && machine != EM_386))
		die("%s: not a little-endian ELF32 ARM or i386 file", path);
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

/* ARM code addresses carry the Thumb bit; i386 ones are bytes. */
uint32_t code_addr(uint32_t value)
{
	return machine == EM_ARM ? value & ~1u : value;
}

static const char *sec_name(const struct shdr *s)
{
	return shstr + s->name;
}

const struct shdr *find_section(const char *name)
{
	for (unsigned int i = 0; i < nsh; i++)
		if (!strcmp(sec_name(&sh[i]), name))
			return &sh[i];
	return NULL;
}

void load_symbols(void)
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

const struct sym *sym_by_name(const char *name)
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
void build_functions(void)
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
			f.start = code_addr(s->value);
			f.thumb = s->type == STT_FUNC && f.start != s->value;
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
			funcs[i].unsized = 1;
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
int func_at(uint32_t addr)
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
char map_at(uint32_t addr, char dflt)
{
	size_t n = maps_upto(addr);

	return n ? maps[n - 1].kind : dflt;
}

/* The next mapping symbol after @addr, or @end. */
uint32_t map_next(uint32_t addr, uint32_t end)
{
	size_t n = maps_upto(addr);

	return n < nmaps && maps[n].addr < end ? maps[n].addr : end;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

uint32_t *static_relocs(unsigned int type, size_t *n)
{
	uint32_t *at = NULL;

	*n = 0;
	for (unsigned int i = 0; i < nsh; i++) {
		if (sh[i].type != SHT_REL || (sh[i].flags & SHF_ALLOC) || sh[i].info >= nsh ||
		    !(sh[sh[i].info].flags & SHF_ALLOC))
			continue;
		for (uint32_t off = 0; off + 8 <= sh[i].size; off += 8) {
			const uint8_t *p = file_range(sh[i].offset + off, 8);

			if ((rd32(p + 4) & 0xff) != type)
				continue;
			at = xrealloc(at, (*n + 1) * sizeof(*at));
			at[(*n)++] = rd32(p);
		}
	}
	qsort(at, *n, sizeof(*at), cmp_u32);
	return at;
}

/* In a position-independent image every stored address has an
 * R_ARM_RELATIVE relocation: that is what tells a pointer in a table from
 * an integer (a mask, a NULL) that happens to equal a function's address.
 * The i386 image is linked where it runs, so the loader relocates nothing;
 * the link's own R_386_32 relocations (--emit-relocs) say the same. */
void load_relocs(void)
{
	if (machine == EM_386) {
		relocs = static_relocs(R_386_32, &nrelocs);
		if (!nrelocs)
			die("no R_386_32 relocations (link with --emit-relocs): "
			    "cannot tell pointers in tables apart");
		return;
	}
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

int is_pointer(uint32_t addr)
{
	return bsearch(&addr, relocs, nrelocs, sizeof(*relocs), cmp_u32) != NULL;
}
