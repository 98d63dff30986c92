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
 *
 * Each site also gets the parity of its stack: the instructions from the
 * function's start to the site (its prologue: push, str ..., [sp, #-4]!,
 * sub sp, sp, #imm, vpush; anything else that writes sp, or a branch,
 * fails the build) say how far sp is below the function's entry, which
 * AAPCS aligns to 8. ftrace_site_odd[] has a bit per site whose sp, after
 * the site's push {lr}, is 4 modulo 8: the arch's trampoline for those
 * pushes one register less, so each calls C with an aligned stack without
 * aligning it at run time.
 *
 * The same walk gives what a probe at the site needs to act as one at the
 * function's entry (kernel/kprobes.c moves entry probes of traced
 * functions there): ftrace_site_frame[] holds the bytes from the site's sp
 * (after its push {lr}) up to the entry sp, where stack arguments start,
 * and ftrace_site_lr[] the offset from the site's sp of the return address
 * the prologue saved (0: the prologue keeps it in lr, which the site's
 * NOP reloads from the word at sp). A kretprobe changes that word.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcount_table.h"

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
static uint8_t *odd;
static uint16_t *frame, *lr_slot;
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

struct fn {
	uint32_t start, end;
};

static int cmp_fn(const void *a, const void *b)
{
	const struct fn *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static uint32_t arm_imm(uint32_t insn)
{
	uint32_t v = insn & 0xff, rot = 2 * ((insn >> 8) & 0xf);

	return rot ? (v >> rot) | (v << (32 - rot)) : v;
}

/* Bytes the prologue in [start, site - 4) pushes; dies on what it cannot
 * follow. */
static uint32_t prologue_bytes(uint32_t start, uint32_t site, uint32_t *lr_at)
{
	uint32_t delta = 0;

	*lr_at = UINT32_MAX; /* how far below the entry sp the saved lr is */

	for (uint32_t a = start; a + 4 < site; a += 4) {
		const uint8_t *p = text_at(a);
		uint32_t insn = p ? rd32(p) : 0, rd = (insn >> 12) & 0xf, rn = (insn >> 16) & 0xf;

		if (!p || (insn >> 28) != 0xe)
			goto unknown;
		if ((insn & 0x0fff0000u) == 0x092d0000u) { /* push {list} */
			if (insn & (1u << 14)) /* lr: the highest, at the top */
				*lr_at = delta + 4;
			delta += 4 * (uint32_t)__builtin_popcount(insn & 0xffff);
		} else if ((insn & 0x0fff0fffu) == 0x052d0004u) { /* str rt, [sp, #-4]! */
			if (rd == 14)
				*lr_at = delta + 4;
			delta += 4;
		}
		else if ((insn & 0x0ffff000u) == 0x024dd000u) /* sub sp, sp, #imm */
			delta += arm_imm(insn);
		else if ((insn & 0x0fbf0e00u) == 0x0d2d0a00u) /* vpush */
			delta += 4 * (insn & 0xff);
		else if (((insn >> 25) & 7) == 5) /* a branch before the site */
			goto unknown;
		else if (((insn >> 26) & 3) == 0 && rd == 13 && ((insn >> 23) & 3) != 2)
			goto unknown; /* data processing into sp */
		else if (((insn >> 26) & 3) == 1 && rn == 13 &&
			 (!((insn >> 24) & 1) || ((insn >> 21) & 1)))
			goto unknown; /* load/store writing back sp */
		else if (((insn >> 25) & 7) == 4 && rn == 13 && ((insn >> 21) & 1))
			goto unknown; /* ldm/stm writing back sp */
		else if (((insn >> 26) & 3) == 1 && ((insn >> 20) & 1) && rd == 13)
			goto unknown; /* ldr sp, ... */
		continue;
unknown:
		fprintf(stderr, "%s: 0x%08x: 0x%08x before the mcount site 0x%08x: cannot tell "
			"the stack's alignment there\n", prog, a, insn, site);
		exit(1);
	}
	return delta;
}

/* Parity of every site's stack, from the function (STT_FUNC) holding it. */
static void stack_parity(void)
{
	const struct shdr *symtab = NULL;
	struct fn *fns = NULL;
	size_t nfns = 0;

	for (unsigned int i = 0; i < nsh; i++)
		if (sh[i].type == SHT_SYMTAB)
			symtab = &sh[i];
	for (uint32_t i = 0; symtab && i < symtab->size / 16; i++) {
		const uint8_t *s = at(symtab->offset + i * 16, 16);

		if ((s[12] & 0xf) != 2 || !rd32(s + 8))
			continue; /* STT_FUNC with a size */
		fns = realloc(fns, (nfns + 1) * sizeof(*fns));
		if (!fns)
			die("out of memory", NULL);
		fns[nfns].start = rd32(s + 4) & ~1u;
		fns[nfns].end = fns[nfns].start + rd32(s + 8);
		nfns++;
	}
	qsort(fns, nfns, sizeof(*fns), cmp_fn);
	odd = calloc(nsites ? nsites : 1, 1);
	frame = calloc(nsites ? nsites : 1, sizeof(*frame));
	lr_slot = calloc(nsites ? nsites : 1, sizeof(*lr_slot));
	if (!odd || !frame || !lr_slot)
		die("out of memory", NULL);
	for (size_t i = 0; i < nsites; i++) {
		const struct fn *f = NULL;
		char where[32];

		for (size_t lo = 0, hi = nfns; lo < hi;) {
			size_t mid = lo + (hi - lo) / 2;

			if (fns[mid].start <= sites[i]) {
				f = &fns[mid];
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		if (!f || sites[i] >= f->end) {
			snprintf(where, sizeof(where), "0x%08x", sites[i]);
			die("mcount site in no sized function", where);
		}
		uint32_t lr_at, bytes = prologue_bytes(f->start, sites[i], &lr_at);

		if (bytes + 4 > UINT16_MAX)
			die("prologue frame too large", NULL);
		odd[i] = (bytes + 4) % 8 != 0;
		frame[i] = (uint16_t)(bytes + 4);
		/* From the site's sp: its push {lr}, then what the prologue
		 * pushed below the saved lr. */
		lr_slot[i] = lr_at == UINT32_MAX ? 0 : (uint16_t)(bytes + 4 - lr_at);
	}
	free(fns);
}

static void emit(void)
{
	mcount_emit("scripts/mcount.c", 4, sites, nsites, odd, frame, lr_slot);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--empty")) {
		odd = calloc(1, 1);
		frame = calloc(1, sizeof(*frame));
		lr_slot = calloc(1, sizeof(*lr_slot));
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
	stack_parity();
	emit();
	return 0;
}
