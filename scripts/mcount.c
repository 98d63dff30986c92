/*
 * mcount: the function tracer's call-site table, from the linked kernel.
 *
 *   mcount VMLINUX           C table of every mcount call site (stdout)
 *   mcount --empty           the same with no site (first link pass)
 *   mcount --check VMLINUX   exit 1 unless the sites the relocations name
 *                            are exactly the `bl __gnu_mcount_nc` the text
 *                            holds, each right after a `push {lr}`
 *
 * GCC's -pg on ARM puts `push {lr}; bl __gnu_mcount_nc` after a function's
 * prologue and, unlike x86, has no -mrecord-mcount. The kernel is linked
 * with --emit-relocs, so vmlinux keeps its static relocations in
 * non-allocated .rel.<section> sections with final addresses as r_offset:
 * every R_ARM_CALL or R_ARM_JUMP24 against __gnu_mcount_nc is a site. The
 * image is linked at 0, so an address is an offset from _text, which is
 * what the table holds, sorted (kernel/trace/ftrace.c adds the load base
 * and searches it from the first C function of boot).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHT_SYMTAB 2
#define SHT_REL 9
#define SHF_ALLOC 0x2
#define SHF_EXECINSTR 0x4
#define R_ARM_CALL 28
#define R_ARM_JUMP24 29
#define PUSH_LR 0xe52de004u /* str lr, [sp, #-4]! */

struct shdr {
	uint32_t name, type, flags, addr, offset, size, link, info, addralign, entsize;
};

static const char *prog = "mcount";
static uint8_t *img;
static size_t img_size;
static struct shdr *sh;
static unsigned int nsh;

static void die(const char *msg, const char *arg)
{
	fprintf(stderr, "%s: %s%s%s\n", prog, msg, arg ? ": " : "", arg ? arg : "");
	exit(2);
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
	img = malloc(img_size);
	if (!img || fread(img, 1, img_size, f) != img_size)
		die("cannot read", path);
	fclose(f);
	if (memcmp(img, "\177ELF\1\1", 6) || (img[18] | img[19] << 8) != 40)
		die("not a little-endian ELF32 ARM file", path);
	nsh = (unsigned int)(img[48] | img[49] << 8);
	sh = calloc(nsh ? nsh : 1, sizeof(*sh));
	if (!sh)
		die("out of memory", NULL);
	for (unsigned int i = 0; i < nsh; i++) {
		const uint8_t *p = at(rd32(img + 32) + i * 40u, 40);

		for (int w = 0; w < 10; w++)
			((uint32_t *)&sh[i])[w] = rd32(p + 4 * w);
	}
}

/* Bytes of the allocated section holding [addr, addr + 4), or NULL. */
static const uint8_t *text_at(uint32_t addr)
{
	for (unsigned int i = 0; i < nsh; i++)
		if ((sh[i].flags & SHF_EXECINSTR) && sh[i].type != 8 && addr >= sh[i].addr &&
		    addr + 4 <= sh[i].addr + sh[i].size)
			return at(sh[i].offset + (addr - sh[i].addr), 4);
	return NULL;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static uint32_t *sites;
static size_t nsites;
static uint32_t mcount_addr;
static int have_mcount;

static void add_site(uint32_t a)
{
	if ((nsites & (nsites - 1)) == 0) {
		sites = realloc(sites, (nsites ? 2 * nsites : 1) * sizeof(*sites));
		if (!sites)
			die("out of memory", NULL);
	}
	sites[nsites++] = a;
}

/* The symbol index(es) named __gnu_mcount_nc and every relocation to one. */
static void collect(void)
{
	const struct shdr *symtab = NULL;
	const char *strtab;
	uint32_t nsym;
	uint8_t *is_mcount;

	for (unsigned int i = 0; i < nsh; i++)
		if (sh[i].type == SHT_SYMTAB)
			symtab = &sh[i];
	if (!symtab || symtab->link >= nsh)
		die("no symbol table", NULL);
	strtab = (const char *)at(sh[symtab->link].offset, sh[symtab->link].size);
	nsym = symtab->size / 16;
	is_mcount = calloc(nsym ? nsym : 1, 1);
	if (!is_mcount)
		die("out of memory", NULL);
	for (uint32_t i = 0; i < nsym; i++) {
		const uint8_t *s = at(symtab->offset + i * 16, 16);
		uint32_t name = rd32(s);

		if (name < sh[symtab->link].size &&
		    !strncmp(strtab + name, "__gnu_mcount_nc", sh[symtab->link].size - name) &&
		    (s[14] | s[15] << 8) != 0) {
			is_mcount[i] = 1;
			mcount_addr = rd32(s + 4) & ~1u;
			have_mcount = 1;
		}
	}
	for (unsigned int i = 0; i < nsh; i++) {
		if (sh[i].type != SHT_REL || (sh[i].flags & SHF_ALLOC) || sh[i].info >= nsh ||
		    !(sh[sh[i].info].flags & SHF_EXECINSTR))
			continue;
		for (uint32_t off = 0; off + 8 <= sh[i].size; off += 8) {
			const uint8_t *r = at(sh[i].offset + off, 8);
			uint32_t info = rd32(r + 4), type = info & 0xff, sym = info >> 8;

			if ((type == R_ARM_CALL || type == R_ARM_JUMP24) && sym < nsym &&
			    is_mcount[sym])
				add_site(rd32(r));
		}
	}
	free(is_mcount);
	qsort(sites, nsites, sizeof(*sites), cmp_u32);
}

static int32_t branch_target(uint32_t a, uint32_t insn)
{
	uint32_t imm = insn & 0xffffff;
	int32_t off = (int32_t)((imm ^ 0x800000u) - 0x800000u) * 4;

	return (int32_t)(a + 8 + (uint32_t)off);
}

/* Every site: a BL (always) to __gnu_mcount_nc after a push {lr}, no site
 * twice; and no such BL anywhere in the text that is not a site. */
static int check(void)
{
	size_t bad = 0, found = 0;

	if (nsites && !have_mcount)
		die("relocations to __gnu_mcount_nc but no such symbol", NULL);
	for (size_t i = 0; i < nsites; i++) {
		const uint8_t *p = text_at(sites[i]), *q = sites[i] >= 4 ? text_at(sites[i] - 4) : NULL;
		uint32_t insn = p ? rd32(p) : 0;

		if (i && sites[i] == sites[i - 1]) {
			fprintf(stderr, "%s: site 0x%08x twice\n", prog, sites[i]);
			bad++;
		} else if (!p || (insn & 0xff000000u) != 0xeb000000u ||
			   (uint32_t)branch_target(sites[i], insn) != mcount_addr) {
			fprintf(stderr, "%s: 0x%08x holds 0x%08x, not bl __gnu_mcount_nc\n", prog,
				sites[i], insn);
			bad++;
		} else if (!q || rd32(q) != PUSH_LR) {
			fprintf(stderr, "%s: 0x%08x: no push {lr} before the mcount call\n", prog,
				sites[i]);
			bad++;
		}
	}
	for (unsigned int i = 0; have_mcount && i < nsh; i++) {
		if (!(sh[i].flags & SHF_EXECINSTR) || sh[i].type == 8)
			continue;
		for (uint32_t a = sh[i].addr; a + 4 <= sh[i].addr + sh[i].size; a += 4) {
			uint32_t insn = rd32(at(sh[i].offset + (a - sh[i].addr), 4));

			if ((insn & 0x0f000000u) != 0x0b000000u || (insn >> 28) == 0xf ||
			    (uint32_t)branch_target(a, insn) != mcount_addr)
				continue;
			found++;
			if (!bsearch(&a, sites, nsites, sizeof(*sites), cmp_u32)) {
				fprintf(stderr, "%s: 0x%08x calls __gnu_mcount_nc but is not in the table\n",
					prog, a);
				bad++;
			}
		}
	}
	if (bad) {
		fprintf(stderr, "%s: %zu bad mcount site(s)\n", prog, bad);
		return 1;
	}
	printf("  MCOUNT  %zu call sites (%zu calls decoded in the text)\n", nsites, found);
	return 0;
}

static void emit(void)
{
	printf("/* Generated by scripts/mcount.c from the linked kernel: do not edit. */\n"
	       "#include <ek/ftrace.h>\n\n");
	printf("const u32 ftrace_site_count = %zu;\n", nsites);
	printf("const u32 ftrace_site_offsets[%zu] = {", nsites ? nsites : 1);
	for (size_t i = 0; i < nsites; i++)
		printf("%s0x%08x,", i % 6 ? " " : "\n\t", sites[i]);
	printf("%s\n};\n", nsites ? "" : "\t0");
	printf("u8 ftrace_site_flags[%zu];\n", nsites ? nsites : 1);
	printf("u32 ftrace_site_bugs[%zu];\n", (nsites + 31) / 32 ? (nsites + 31) / 32 : 1);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--empty")) {
		emit();
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "--check")) {
		load(argv[2]);
		collect();
		return check();
	}
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: %s VMLINUX | --empty | --check VMLINUX\n", prog);
		return 2;
	}
	load(argv[1]);
	collect();
	if (nsites && !have_mcount)
		die("relocations to __gnu_mcount_nc but no such symbol", NULL);
	emit();
	return 0;
}
