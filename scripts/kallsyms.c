/*
 * kallsyms: turn `nm -n -S --defined-only` output into the C table the kernel
 * searches (see include/ek/kallsyms.h). Host tool, run between link passes.
 *
 *   nm -n -S --defined-only vmlinux.o | kallsyms > kallsyms.c
 *
 * Only code and data symbols are kept; mapping symbols ($a, $d), local labels
 * and the table's own data symbols are dropped so that the table has the same size
 * in every pass and the final link keeps the addresses it describes.
 *
 * Mapping symbols (nm --special-syms) say what the bytes of the text are
 * from their address on: ARM code ($a), data such as literal pools ($d),
 * Thumb code ($t). The ranges of text that are not ARM code go into a
 * second table, so that a probe is never put on a constant.
 *
 * Addresses are written as offsets from the symbol _text (the kernel adds
 * its load base): the ARM image is linked at 0, the i386 one at 1 MiB.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ek/kallsyms.h> /* kallsyms_name_hash(), shared with the kernel */

struct sym {
	unsigned long addr, size;
	char type;
	char *name;
	unsigned int idx;
};

static struct sym *syms;
static size_t nsyms, cap;

/* Mapping symbols in text: address and kind ('a', 'd', 't'). */
struct mapsym {
	unsigned long addr;
	char kind;
};
static struct mapsym *maps;
static size_t nmaps, mapcap;

/* The address of _text: every address is written relative to it. */
static unsigned long text_base;

static void add_map(unsigned long addr, char kind)
{
	if (nmaps == mapcap) {
		mapcap = mapcap ? mapcap * 2 : 1024;
		maps = realloc(maps, mapcap * sizeof(*maps));
		if (!maps) {
			perror("kallsyms");
			exit(1);
		}
	}
	maps[nmaps].addr = addr;
	maps[nmaps].kind = kind;
	nmaps++;
}

static int map_by_addr(const void *a, const void *b)
{
	const struct mapsym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* $a, $d, $t, or the same with a ".N" suffix. */
static char map_kind(const char *name)
{
	if (name[0] != '$' || !strchr("adt", name[1]) || !name[1] ||
	    (name[2] && name[2] != '.'))
		return 0;
	return name[1];
}

/* The text ranges that are not ARM code, [start, end) and kind: one per
 * run of mapping symbols of one kind, up to the next of another kind (a
 * run with none after it is the image's tail, not text). */
static void print_mapping(void)
{
	struct mapsym *runs = calloc(2 * nmaps + 1, sizeof(*runs));
	size_t n = 0;

	if (!runs) {
		perror("kallsyms");
		exit(1);
	}
	qsort(maps, nmaps, sizeof(*maps), map_by_addr);
	for (size_t i = 0, j; i < nmaps; i = j + 1) {
		for (j = i; j + 1 < nmaps && maps[j + 1].kind == maps[i].kind;)
			j++;
		if (maps[i].kind != 'a' && j + 1 < nmaps && maps[j + 1].addr > maps[i].addr) {
			runs[2 * n] = maps[i];
			runs[2 * n + 1] = maps[j + 1];
			n++;
		}
	}
	printf("static const u32 kallsyms_map_range[] = {\n");
	for (size_t i = 0; i < n; i++)
		printf("\t0x%lx, 0x%lx,\n", runs[2 * i].addr - text_base,
		       runs[2 * i + 1].addr - text_base);
	if (!n)
		printf("\t0, 0,\n");
	printf("};\n\nstatic const char kallsyms_map_kind[] =\n\t\"");
	for (size_t i = 0; i < n; i++)
		printf("%c", runs[2 * i].kind);
	printf("\";\n\n");
	nmaps = n; /* now the number of ranges */
	free(runs);
}

static int keep(char type, const char *name)
{
	if (!strchr("tTdDrRbBwWvV", type))
		return 0;
	if (name[0] == '$' || !strncmp(name, ".L", 2))
		return 0;
	/* the table's arrays, but not the lookup functions: those are code
	 * like any other, to be found by name and shown by %pS */
	if (!strncmp(name, "kallsyms_", 9) && !strchr("tT", type))
		return 0;
	return 1;
}

/* Among symbols at one address, the preferred name (global, sized) goes last:
 * address lookup picks the last entry at or below an address. */
static int rank(const struct sym *s)
{
	return (isupper((unsigned char)s->type) ? 2 : 0) + (s->size ? 1 : 0);
}

static int by_addr(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (rank(x) != rank(y))
		return rank(x) - rank(y);
	return strcmp(x->name, y->name);
}

static int by_name(const void *a, const void *b)
{
	const struct sym *x = *(const struct sym *const *)a;
	const struct sym *y = *(const struct sym *const *)b;
	int c = strcmp(x->name, y->name);

	/* Duplicate local names: the lowest address answers a name lookup. */
	if (c)
		return c;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void add(unsigned long addr, unsigned long size, char type, const char *name)
{
	if (nsyms == cap) {
		cap = cap ? cap * 2 : 1024;
		syms = realloc(syms, cap * sizeof(*syms));
		if (!syms) {
			perror("kallsyms");
			exit(1);
		}
	}
	syms[nsyms].addr = addr;
	syms[nsyms].size = size;
	syms[nsyms].type = type;
	syms[nsyms].name = strdup(name);
	nsyms++;
}

/* Slots of the name index: a power of two at least twice the symbols, so
 * a lookup (linear probing) mostly touches one or two. */
static size_t hash_size(void)
{
	size_t n = 1;

	while (n < 2 * nsyms)
		n *= 2;
	return n;
}

/* The name index: each name once, its lowest address (first in @order). */
static void print_hash(struct sym **order)
{
	size_t size = hash_size();
	unsigned int *slot = calloc(size, sizeof(*slot));

	if (!slot || nsyms >= 0xffff) {
		fprintf(stderr, "kallsyms: %zu symbols: more than the u16 index holds\n", nsyms);
		exit(1);
	}
	for (size_t i = 0; i < nsyms; i++) {
		const struct sym *s = order[i];
		size_t h;

		if (i && !strcmp(order[i - 1]->name, s->name))
			continue;
		h = kallsyms_name_hash(s->name, strlen(s->name));
		while (slot[h & (size - 1)])
			h++;
		slot[h & (size - 1)] = s->idx + 1;
	}
	printf("static const u16 kallsyms_hash[] = {\n");
	for (size_t i = 0; i < size; i++)
		printf("\t%u,\n", slot[i]);
	printf("};\n\n");
	free(slot);
}

int main(void)
{
	char line[1024];
	unsigned long off = 0;

	while (fgets(line, sizeof(line), stdin)) {
		char f[4][512];
		int n = sscanf(line, "%511s %511s %511s %511s", f[0], f[1], f[2], f[3]);
		unsigned long addr, size = 0;
		const char *type, *name;

		if (n == 4) {
			addr = strtoul(f[0], NULL, 16);
			size = strtoul(f[1], NULL, 16);
			type = f[2];
			name = f[3];
		} else if (n == 3) {
			addr = strtoul(f[0], NULL, 16);
			type = f[1];
			name = f[2];
		} else {
			continue;
		}
		if (!strcmp(name, "_text"))
			text_base = addr;
		if (strlen(type) == 1 && strchr("tT", type[0]) && map_kind(name))
			add_map(addr, map_kind(name));
		else if (strlen(type) == 1 && keep(type[0], name))
			add(addr, size, type[0], name);
	}
	qsort(syms, nsyms, sizeof(*syms), by_addr);

	printf("/* Generated by scripts/kallsyms.c: do not edit. */\n");
	printf("#include <ek/kallsyms.h>\n\n");
	printf("static const u32 kallsyms_addrs[] = {\n");
	for (size_t i = 0; i < nsyms; i++)
		printf("\t0x%lx,\n", syms[i].addr - text_base);
	if (!nsyms)
		printf("\t0,\n");
	printf("};\n\nstatic const u32 kallsyms_sizes[] = {\n");
	for (size_t i = 0; i < nsyms; i++)
		printf("\t0x%lx,\n", syms[i].size);
	if (!nsyms)
		printf("\t0,\n");
	printf("};\n\nstatic const u32 kallsyms_name_off[] = {\n");
	if (!nsyms)
		printf("\t0,\n");
	/* Every name (after its type char) starts word aligned, so the
	 * kernel compares names a word at a time: pad before each entry. */
	off = 3;
	for (size_t i = 0; i < nsyms; i++) {
		printf("\t%lu,\n", off);
		off += strlen(syms[i].name) + 2;
		off += (3 - off) & 3;
	}
	printf("};\n\nstatic const _Alignas(4) char kallsyms_names[] =\n\t\"\\0\\0\\0\"\n");
	off = 3;
	for (size_t i = 0; i < nsyms; i++) {
		size_t len = strlen(syms[i].name) + 2;

		printf("\t\"%c%s\\0", syms[i].type, syms[i].name);
		for (size_t pad = (3 - (off + len)) & 3; pad; pad--)
			printf("\\0");
		printf("\"\n");
		off += len + ((3 - (off + len)) & 3);
	}
	/* A word read at the last name's end stays inside the array. */
	printf("\t\"\\0\\0\\0\";\n\n");

	struct sym **order = malloc((nsyms + 1) * sizeof(*order));
	for (size_t i = 0; i < nsyms; i++) {
		syms[i].idx = (unsigned int)i;
		order[i] = &syms[i];
	}
	qsort(order, nsyms, sizeof(*order), by_name);
	print_hash(order);
	print_mapping();
	printf("const struct kallsyms_table kallsyms_generated = {\n"
	       "\t.num = %zu,\n\t.addrs = kallsyms_addrs,\n\t.sizes = kallsyms_sizes,\n"
	       "\t.name_off = kallsyms_name_off,\n\t.names = kallsyms_names,\n"
	       "\t.hash = kallsyms_hash,\n\t.hash_mask = %zu,\n"
	       "\t.nmap = %zu,\n\t.map_range = kallsyms_map_range,\n"
	       "\t.map_kind = kallsyms_map_kind,\n};\n",
	       nsyms, hash_size() - 1, nmaps);
	free(order);
	return 0;
}
