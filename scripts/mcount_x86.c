/*
 * mcount_x86: the function tracer's call-site table of the i386 kernel.
 *
 *   mcount_x86 VMLINUX           C table of every fentry call site (stdout)
 *   mcount_x86 --empty           the same with no site (first link pass)
 *   mcount_x86 --check VMLINUX   exit 1 unless the table's sites are exactly
 *                                the `call __fentry__` the text holds, none
 *                                is in the never-probe range, and none is
 *                                on the tracer's own path
 *
 * GCC's -pg -mfentry makes `call __fentry__` (e8 rel32) the first
 * instruction of every traced function, and -mrecord-mcount lists each in
 * a `__mcount_loc` section (one absolute address per site). kernel.lds
 * keeps that section in the ELF file only (INFO: not loaded), where the
 * linker has already resolved it to final addresses; the table holds them
 * as offsets from _text, sorted (kernel/trace/ftrace.c searches it from the
 * first C function of boot).
 *
 * The table's ARM prologue facts, for fentry sites: a site is the
 * function's entry, so sp there points at the return address and the
 * stack arguments start 4 bytes above it: ftrace_site_frame[] is 4 for
 * every site; ftrace_site_lr[] is 0 (the word at sp is the return
 * address, as on ARM when the prologue saved none); ftrace_site_odd[] is
 * all 0 (i386 code here needs no more than 4-byte stack alignment).
 *
 * --check decodes nothing it could get wrong in the direction that
 * matters: it looks for the five bytes of a call to __fentry__ at every
 * byte of the executable sections, so each real such call is found (a
 * chance match inside other instructions would fail the build loudly,
 * never hide a site). What the tracer's own path and the probe machinery
 * reach is walked by scripts/noprobe_check on the same link, as on ARM:
 * no site in a function reachable from a NOTRACE_ROOT, and everything the
 * probe roots reach in .noprobe.text, where this check allows no site.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcount_table.h"

#define SHT_SYMTAB 2
#define SHT_NOBITS 8
#define SHF_EXECINSTR 0x4
#define EM_386 3
#define FRAME 4            /* the return address */

struct shdr {
	uint32_t name, type, flags, addr, offset, size, link, info, addralign, entsize;
};

static const char *prog = "mcount_x86";
static uint8_t *img;
static size_t img_size;
static struct shdr *sh;
static unsigned int nsh;
static uint32_t *sites;
static size_t nsites;

static void die(const char *msg, const char *arg)
{
	fprintf(stderr, "%s: %s%s%s\n", prog, msg, arg ? ": " : "", arg ? arg : "");
	exit(2);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory", NULL);
	return p;
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static const uint8_t *at(uint32_t off, uint32_t len)
{
	if (off > img_size || len > img_size - off)
		die("truncated ELF file", NULL);
	return img + off;
}

static void load(const char *path)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		die("cannot open", path);
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 52 || fseek(f, 0, SEEK_SET))
		die("cannot read", path);
	img_size = (size_t)n;
	img = xrealloc(NULL, img_size);
	if (fread(img, 1, img_size, f) != img_size)
		die("cannot read", path);
	fclose(f);
	if (memcmp(img, "\177ELF\1\1", 6) || (img[18] | img[19] << 8) != EM_386)
		die("not a little-endian ELF32 i386 file", path);
	nsh = (unsigned int)(img[48] | img[49] << 8);
	sh = xrealloc(NULL, nsh * sizeof(*sh));
	for (unsigned int i = 0; i < nsh; i++) {
		const uint8_t *p = at(rd32(img + 32) + i * 40u, 40);

		for (int w = 0; w < 10; w++)
			((uint32_t *)&sh[i])[w] = rd32(p + 4 * w);
	}
}

static const struct shdr *section(const char *name)
{
	unsigned int shstrndx = (unsigned int)(img[50] | img[51] << 8);

	if (shstrndx >= nsh)
		die("no section names", NULL);
	for (unsigned int i = 0; i < nsh; i++) {
		uint32_t off = sh[shstrndx].offset + sh[i].name;

		if (off < img_size && !strncmp((const char *)img + off, name, img_size - off))
			return &sh[i];
	}
	return NULL;
}

/* Bytes of the executable section holding [addr, addr + len), or NULL. */
static const uint8_t *text_at(uint32_t addr, uint32_t len)
{
	for (unsigned int i = 0; i < nsh; i++)
		if ((sh[i].flags & SHF_EXECINSTR) && sh[i].type != SHT_NOBITS &&
		    addr >= sh[i].addr && addr - sh[i].addr + len <= sh[i].size)
			return at(sh[i].offset + (addr - sh[i].addr), len);
	return NULL;
}

static const struct shdr *symtab(const char **strtab)
{
	for (unsigned int i = 0; i < nsh; i++)
		if (sh[i].type == SHT_SYMTAB && sh[i].link < nsh) {
			*strtab = (const char *)at(sh[sh[i].link].offset, sh[sh[i].link].size);
			return &sh[i];
		}
	die("no symbol table", NULL);
	return NULL;
}

/* The value of the defined symbol @name; dies when there is none. */
static uint32_t sym(const char *name)
{
	const char *str;
	const struct shdr *s = symtab(&str);

	for (uint32_t i = 0; i < s->size / 16; i++) {
		const uint8_t *e = at(s->offset + i * 16, 16);

		if (rd32(e) < sh[s->link].size && !strcmp(str + rd32(e), name) &&
		    (e[14] | e[15] << 8) != 0)
			return rd32(e + 4);
	}
	die("no such symbol", name);
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The sites __mcount_loc lists, as sorted offsets from _text. */
static void collect(void)
{
	const struct shdr *loc = section("__mcount_loc");
	uint32_t text = sym("_text");

	if (!loc)
		return; /* nothing built with -mrecord-mcount */
	for (uint32_t off = 0; off + 4 <= loc->size; off += 4) {
		uint32_t a = rd32(at(loc->offset + off, 4));

		if (a < text)
			die("__mcount_loc names an address below _text", NULL);
		sites = xrealloc(sites, (nsites + 1) * sizeof(*sites));
		sites[nsites++] = a - text;
	}
	qsort(sites, nsites, sizeof(*sites), cmp_u32);
}

static int is_fentry_call(const uint8_t *p, uint32_t a, uint32_t fentry)
{
	return p[0] == 0xe8 && a + 5 + rd32(p + 1) == fentry;
}

static int check(void)
{
	uint32_t text = sym("_text"), fentry = sym("__fentry__");
	uint32_t np_lo = sym("__noprobe_text_start"), np_hi = sym("__noprobe_text_end");
	size_t bad = 0, found = 0;

	for (size_t i = 0; i < nsites; i++) {
		uint32_t a = text + sites[i];
		const uint8_t *p = text_at(a, 5);

		if (i && sites[i] == sites[i - 1]) {
			fprintf(stderr, "%s: site 0x%08x twice\n", prog, a);
			bad++;
		} else if (!p || !is_fentry_call(p, a, fentry)) {
			fprintf(stderr, "%s: 0x%08x is not a call __fentry__\n", prog, a);
			bad++;
		} else if (a >= np_lo && a < np_hi) {
			fprintf(stderr, "%s: 0x%08x calls __fentry__ inside .noprobe.text\n", prog, a);
			bad++;
		}
	}
	for (unsigned int s = 0; s < nsh; s++) {
		if (!(sh[s].flags & SHF_EXECINSTR) || sh[s].type == SHT_NOBITS)
			continue;
		for (uint32_t a = sh[s].addr; a + 5 <= sh[s].addr + sh[s].size; a++) {
			uint32_t off = a - text;

			if (!is_fentry_call(at(sh[s].offset + (a - sh[s].addr), 5), a, fentry))
				continue;
			found++;
			if (!bsearch(&off, sites, nsites, sizeof(*sites), cmp_u32)) {
				fprintf(stderr, "%s: 0x%08x calls __fentry__ but is not in the table\n",
					prog, a);
				bad++;
			}
		}
	}
	if (bad) {
		fprintf(stderr, "%s: %zu bad fentry site(s)\n", prog, bad);
		return 1;
	}
	printf("  MCOUNT  %zu fentry call sites (%zu calls found in the text); none in "
	       ".noprobe.text\n", nsites, found);
	return 0;
}

int main(int argc, char **argv)
{
	uint8_t *odd;
	uint16_t *frame, *lr;

	if (argc == 3 && !strcmp(argv[1], "--check")) {
		load(argv[2]);
		collect();
		return check();
	}
	if (argc == 2 && strcmp(argv[1], "--empty")) {
		if (argv[1][0] == '-')
			goto usage;
		load(argv[1]);
		collect();
	} else if (argc != 2) {
		goto usage;
	}
	odd = calloc(nsites ? nsites : 1, 1);
	frame = calloc(nsites ? nsites : 1, sizeof(*frame));
	lr = calloc(nsites ? nsites : 1, sizeof(*lr));
	if (!odd || !frame || !lr)
		die("out of memory", NULL);
	for (size_t i = 0; i < nsites; i++)
		frame[i] = FRAME;
	mcount_emit("scripts/mcount_x86.c", 5, sites, nsites, odd, frame, lr);
	return 0;
usage:
	fprintf(stderr, "usage: %s VMLINUX | --empty | --check VMLINUX\n", prog);
	return 2;
}
