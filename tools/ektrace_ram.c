/*
 * ektrace ram DUMP --vmlinux FILE [--phys-base ADDR]
 *
 * The boot trace of a board that hung, from a dump of its RAM (QEMU's
 * pmemsave, OpenOCD's dump_image, a U-Boot `md` capture turned binary):
 * the trace area (include/ek/persist_format.h) is found by its header on a
 * 4 KiB boundary, its build id checked against FILE's, its records read
 * with the kernel's own reader (kernel/trace/persist_read.c) and printed in
 * ftrace's text format, symbols from FILE's own kallsyms table, followed by
 * the stage the boot was in and the last event of each probe.
 *
 * Several areas may lie in one dump (a region's two halves, the image's
 * own). When the kernel image is in the dump too (found by its build-id
 * note), its pointer to the area in use says which; otherwise the newest
 * (highest boot number) of FILE's build. ADDR, the physical address of the
 * dump's first byte, only names addresses: it is worked out from the image
 * when the dump holds one.
 */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ek/kallsyms.h>
#include <ek/persist_read.h>
#include <ek/probe_event.h>
#include <ek/shell.h>
#include <ek/trace_options.h>

#include "ektrace.h"

struct image {           /* the vmlinux file */
	const char *path;
	unsigned char *data;
	size_t size;
	const Elf32_Shdr *sh;
	unsigned int shnum;
	u8 build_id[PERSIST_BUILD_ID_MAX];
	u32 build_id_len;
	u32 note, text, kallsyms, area_ptr; /* link addresses of symbols */
	bool has_area_ptr;
};

static const char *prog = "ektrace";

static void __attribute__((noreturn, format(printf, 2, 3))) fail(const char *what, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: error: %s: ", prog, what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static unsigned char *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		fail(path, "%s", strerror(errno));
	do {
		if (n == cap) {
			cap = cap ? 2 * cap : 1 << 20;
			buf = realloc(buf, cap);
			if (!buf)
				fail(path, "out of memory");
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	if (ferror(f))
		fail(path, "%s", strerror(errno));
	fclose(f);
	*size = n;
	return buf;
}

/* The file bytes of link address @addr (@len of them), or NULL. */
static const void *at_link(const struct image *im, u32 addr, u32 len)
{
	for (unsigned int i = 0; i < im->shnum; i++) {
		const Elf32_Shdr *s = &im->sh[i];

		if (!(s->sh_flags & SHF_ALLOC) || s->sh_type == SHT_NOBITS || addr < s->sh_addr ||
		    addr - s->sh_addr + (u64)len > s->sh_size)
			continue;
		if ((u64)s->sh_offset + (addr - s->sh_addr) + len > im->size)
			return NULL;
		return im->data + s->sh_offset + (addr - s->sh_addr);
	}
	return NULL;
}

static u32 word_at(const struct image *im, u32 addr, const char *what)
{
	const void *p = at_link(im, addr, 4);
	u32 w;

	if (!p)
		fail(im->path, "%s (0x%x) is not in the image", what, addr);
	memcpy(&w, p, 4);
	return w;
}

static bool find_symbol(const struct image *im, const char *name, u32 *value)
{
	for (unsigned int i = 0; i < im->shnum; i++) {
		const Elf32_Shdr *s = &im->sh[i], *strs;
		const Elf32_Sym *sym;

		if (s->sh_type != SHT_SYMTAB || s->sh_link >= im->shnum)
			continue;
		strs = &im->sh[s->sh_link];
		if ((u64)s->sh_offset + s->sh_size > im->size || (u64)strs->sh_offset + strs->sh_size > im->size)
			fail(im->path, "symbol table past the end of the file");
		sym = (const Elf32_Sym *)(im->data + s->sh_offset);
		for (size_t k = 0; k < s->sh_size / sizeof(*sym); k++) {
			if (sym[k].st_name >= strs->sh_size)
				continue;
			if (!strcmp((const char *)im->data + strs->sh_offset + sym[k].st_name, name)) {
				*value = sym[k].st_value;
				return true;
			}
		}
	}
	return false;
}

static void need_symbol(const struct image *im, const char *name, u32 *value)
{
	if (!find_symbol(im, name, value))
		fail(im->path, "no symbol %s: not an ekprobes kernel with a boot trace", name);
}

/* The machine of the vmlinux, and so of the records: what the kernel's
 * printer (kernel/trace/trace_print.c) asks of the arch that wrote them. */
static bool dump_x86;

u32 trace_print_site_len(void)
{
	return dump_x86 ? 5 : 4; /* call rel32; bl */
}

bool trace_print_irqs_off(u32 status)
{
	return dump_x86 ? !(status & 0x200) : (status & 0x80) != 0; /* EFLAGS.IF; CPSR.I */
}

/* The printer's options are the trace_options defaults (print-parent on),
 * as a fresh boot prints them. */
bool trace_option(enum trace_opt opt)
{
	return opt == TRACE_OPT_PRINT_PARENT;
}

static void load_image(struct image *im, const char *path)
{
	const Elf32_Ehdr *eh;
	const u8 *note;
	u32 namesz, descsz;

	im->path = path;
	im->data = read_file(path, &im->size);
	eh = (const Elf32_Ehdr *)im->data;
	if (im->size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS32 || eh->e_ident[EI_DATA] != ELFDATA2LSB)
		fail(path, "not a 32-bit little-endian ELF file (give the kernel's vmlinux)");
	if (eh->e_machine != EM_ARM && eh->e_machine != EM_386)
		fail(path, "not an ARM or i386 kernel (ELF machine %u)", eh->e_machine);
	dump_x86 = eh->e_machine == EM_386;
	if (eh->e_shentsize != sizeof(Elf32_Shdr) ||
	    (u64)eh->e_shoff + (u64)eh->e_shnum * sizeof(Elf32_Shdr) > im->size)
		fail(path, "section headers past the end of the file");
	im->sh = (const Elf32_Shdr *)(im->data + eh->e_shoff);
	im->shnum = eh->e_shnum;
	need_symbol(im, "__build_id_note", &im->note);
	need_symbol(im, "_text", &im->text);
	need_symbol(im, "kallsyms_generated", &im->kallsyms);
	im->has_area_ptr = find_symbol(im, "persist_area", &im->area_ptr);
	note = at_link(im, im->note, 16);
	if (!note)
		fail(path, "its build-id note is not in the image");
	memcpy(&namesz, note, 4);
	memcpy(&descsz, note + 4, 4);
	if (namesz != 4 || memcmp(note + 12, "GNU", 4) || !descsz || descsz > PERSIST_BUILD_ID_MAX ||
	    !(note = at_link(im, im->note, 16 + descsz)))
		fail(path, "no GNU build id (link with --build-id)");
	im->build_id_len = descsz;
	memcpy(im->build_id, note + 16, descsz);
}

/* FILE's own kallsyms table, for symbols at link offsets (base 0). */
static void use_kallsyms(const struct image *im)
{
	static struct kallsyms_table tab;
	u32 f[10];

	for (int i = 0; i < 10; i++)
		f[i] = word_at(im, im->kallsyms + 4 * (u32)i, "kallsyms_generated");
	tab.num = f[0];
	tab.hash_mask = f[6];
	tab.nmap = f[7];
	tab.addrs = at_link(im, f[1], 4 * tab.num);
	tab.sizes = at_link(im, f[2], 4 * tab.num);
	tab.name_off = at_link(im, f[3], 4 * tab.num);
	tab.names = at_link(im, f[4], 1);
	tab.hash = at_link(im, f[5], 2 * (tab.hash_mask + 1));
	tab.map_range = tab.nmap ? at_link(im, f[8], 8 * tab.nmap) : NULL;
	tab.map_kind = tab.nmap ? at_link(im, f[9], tab.nmap) : NULL;
	if (!tab.addrs || !tab.sizes || !tab.name_off || !tab.names || !tab.hash ||
	    (tab.nmap && (!tab.map_range || !tab.map_kind)))
		fail(im->path, "its kallsyms table is not in the image");
	kallsyms_init(&tab, 0);
}

static void hex_id(char *buf, const u8 *id, u32 n)
{
	for (u32 i = 0; i < n; i++)
		sprintf(buf + 2 * i, "%02x", id[i]);
	buf[2 * n] = '\0';
}

struct dump {
	const char *path;
	const u8 *data;
	size_t size;
	u64 phys_base;
	bool phys_known;
};

/* The word at link address @addr of the image found at dump offset
 * @note_off (where its build-id note is). */
static bool image_word(const struct image *im, const struct dump *d, size_t note_off, u32 addr,
		       u32 *w)
{
	long long off = (long long)note_off + ((long long)addr - (long long)im->note);

	if (off < 0 || (u64)off + 4 > d->size)
		return false;
	memcpy(w, d->data + off, 4);
	return true;
}

/* The kernel image in the dump: the area it uses (a dump offset), or -1. */
static long long area_from_image(const struct image *im, struct dump *d)
{
	const u8 *note = at_link(im, im->note, 16 + im->build_id_len);
	u32 link_ptr, runtime_ptr, area;
	u64 base;
	size_t off;

	for (off = 0; off + 16 + im->build_id_len <= d->size; off += 4)
		if (!memcmp(d->data + off, note, 16 + im->build_id_len))
			break;
	if (off + 16 + im->build_id_len > d->size || !im->has_area_ptr)
		return -1;
	/* How far the kernel was moved from its link address: any relocated
	 * pointer says (the kallsyms table's first). */
	link_ptr = word_at(im, im->kallsyms + 4, "kallsyms_generated");
	if (!image_word(im, d, off, im->kallsyms + 4, &runtime_ptr) ||
	    !image_word(im, d, off, im->area_ptr, &area))
		return -1;
	base = (u64)im->note + (u32)(runtime_ptr - link_ptr) - off;
	if (d->phys_known && d->phys_base != base)
		fprintf(stderr, "%s: warning: %s: the kernel image in it says it starts at "
			"physical 0x%llx, not --phys-base 0x%llx; using 0x%llx\n", prog, d->path,
			(unsigned long long)base, (unsigned long long)d->phys_base,
			(unsigned long long)base);
	d->phys_base = base;
	d->phys_known = true;
	if (!area || area < base || area - base + sizeof(struct persist_header) > d->size)
		return -1;
	return (long long)(area - base);
}

static const char *status_text(int st)
{
	switch (st) {
	case PERSIST_BAD_HEADER: return "its header is damaged (bad check or sizes)";
	case PERSIST_BAD_VERSION: return "another layout version";
	case PERSIST_TRUNCATED: return "it runs past the end of the dump";
	default: return "not a boot trace";
	}
}

/* The area to read: the image's choice, else the newest of this build. */
static size_t pick_area(const struct image *im, struct dump *d, struct persist_view *v)
{
	long long from_image = area_from_image(im, d);
	size_t best = (size_t)-1, other = (size_t)-1, damaged = (size_t)-1;
	int damaged_st = PERSIST_NONE;
	u32 best_seq = 0;
	char a[2 * PERSIST_BUILD_ID_MAX + 1], b[2 * PERSIST_BUILD_ID_MAX + 1];

	int image_st = PERSIST_NONE;

	if (from_image >= 0) {
		image_st = persist_open(v, d->data + from_image, d->data, d->data + d->size,
					im->build_id, im->build_id_len);
		if (image_st == PERSIST_OK)
			return (size_t)from_image;
		if (image_st != PERSIST_NONE) { /* what the running kernel used: its fault first */
			damaged = (size_t)from_image;
			damaged_st = image_st;
		}
	}
	for (size_t off = 0; off + sizeof(struct persist_header) <= d->size; off += PERSIST_PAGE) {
		const struct persist_header *h = (const void *)(d->data + off);
		int st;

		if (h->magic[0] != PERSIST_MAGIC0 || h->magic[1] != PERSIST_MAGIC1)
			continue;
		st = persist_open(v, h, d->data, d->data + d->size, im->build_id, im->build_id_len);
		if (st == PERSIST_OK && (best == (size_t)-1 || h->seq > best_seq)) {
			best = off;
			best_seq = h->seq;
		} else if (st == PERSIST_OTHER_BUILD) {
			other = off;
		} else if (st != PERSIST_OK && damaged == (size_t)-1) {
			damaged = off;
			damaged_st = st;
		}
	}
	if (best != (size_t)-1) {
		if (from_image >= 0)
			fprintf(stderr, "%s: warning: %s: the area the kernel image points at (offset "
				"0x%llx): %s; reading the newest other one\n", prog, d->path,
				from_image, status_text(image_st));
		persist_open(v, d->data + best, d->data, d->data + d->size, im->build_id,
			     im->build_id_len);
		return best;
	}
	if (damaged != (size_t)-1 && damaged == (size_t)from_image)
		fail(d->path, "the boot trace at offset 0x%zx cannot be read: %s", damaged,
		     status_text(damaged_st));
	if (other != (size_t)-1) {
		const struct persist_header *h = (const void *)(d->data + other);

		hex_id(a, h->build_id, MIN(h->build_id_len, (u32)PERSIST_BUILD_ID_MAX));
		hex_id(b, im->build_id, im->build_id_len);
		fail(d->path, "the boot trace at offset 0x%zx was written by another build (build id "
			      "%s); %s is build %s", other, a, im->path, b);
	}
	if (damaged != (size_t)-1)
		fail(d->path, "the boot trace at offset 0x%zx cannot be read: %s", damaged,
		     status_text(damaged_st));
	fail(d->path, "no ekprobes boot trace in its %zu bytes (no EKPROBES header on any 4 KiB "
		      "boundary)", d->size);
}

static void out_sink(struct seq *s, const char *p, size_t n)
{
	(void)s;
	fwrite(p, 1, n, stdout);
}

static bool print_one(const struct persist_view *v, const struct trace_slot *slot, u64 ns,
		      void *ctx)
{
	persist_print_record(ctx, v, slot, ns, 0);
	return true;
}

/* The last record of each event, for the summary. */
struct last {
	u16 id;
	const struct trace_slot *slot;
	u64 ns;
};

static bool note_last(const struct persist_view *v, const struct trace_slot *slot, u64 ns,
		      void *ctx)
{
	struct last *last = ctx;

	(void)v;
	if (slot->e.event_id == TRACE_TYPE_FUNCTION)
		return true;
	for (int i = 0; i < PERSIST_VIEW_EVENTS; i++) {
		if (!last[i].slot || last[i].id == slot->e.event_id) {
			last[i] = (struct last){ slot->e.event_id, slot, ns };
			break;
		}
	}
	return true;
}

static void warnings(const struct dump *d, const struct persist_view *v)
{
	for (u32 p = 0; p * PERSIST_PAGE_SLOTS < v->capacity; p++)
		if (v->page_bad[p / 32] >> (p % 32) & 1)
			fprintf(stderr, "%s: warning: %s: page %u (records %u-%u) damaged; dropped\n",
				prog, d->path, p, p * PERSIST_PAGE_SLOTS,
				MIN((p + 1) * PERSIST_PAGE_SLOTS, v->capacity) - 1);
	if (v->partial)
		fprintf(stderr, "%s: warning: %s: the record being written when the boot stopped "
			"was cut; dropped\n", prog, d->path);
	if (v->out_of_order)
		fprintf(stderr, "%s: warning: %s: %u records out of time order; dropped\n", prog,
			d->path, v->out_of_order);
}

static void summary(struct seq *s, const struct persist_view *v)
{
	static struct last last[PERSIST_VIEW_EVENTS];
	char name[PROBE_EVENT_MAX + 16];

	persist_for_each(v, note_last, last);
	seq_printf(s, "#\n# last stage: %s\n", persist_stage(v)[0] ? persist_stage(v) : "?");
	if (v->records) {
		persist_record_name(v, &v->slots[v->last], 0, name, sizeof(name));
		seq_printf(s, "# last event: %s\n", name);
	}
	seq_puts(s, "# last event per probe:\n");
	for (int i = 0; i < PERSIST_VIEW_EVENTS && last[i].slot; i++) {
		seq_puts(s, "#  ");
		persist_print_record(s, v, last[i].slot, last[i].ns, 0);
	}
}

int ektrace_ram_main(int argc, char **argv)
{
	static struct persist_view view;
	struct image im = { 0 };
	struct dump d = { 0 };
	const char *vmlinux = NULL;
	size_t size, off;
	char id[2 * PERSIST_BUILD_ID_MAX + 1];
	struct seq out = { .sink = out_sink };

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--vmlinux") && i + 1 < argc) {
			vmlinux = argv[++i];
		} else if (!strcmp(argv[i], "--phys-base") && i + 1 < argc) {
			char *end;

			errno = 0;
			d.phys_base = strtoull(argv[++i], &end, 0);
			if (errno || *end || end == argv[i])
				fail("--phys-base", "'%s' is not an address", argv[i]);
			d.phys_known = true;
		} else if (argv[i][0] != '-' && !d.path) {
			d.path = argv[i];
		} else {
			fprintf(stderr, "usage: ektrace ram DUMP --vmlinux FILE [--phys-base ADDR]\n");
			return 2;
		}
	}
	if (!d.path || !vmlinux) {
		fprintf(stderr, "usage: ektrace ram DUMP --vmlinux FILE [--phys-base ADDR]\n");
		return 2;
	}
	load_image(&im, vmlinux);
	use_kallsyms(&im);
	d.data = read_file(d.path, &size);
	d.size = size;
	off = pick_area(&im, &d, &view);
	warnings(&d, &view);
	hex_id(id, im.build_id, im.build_id_len);
	if (d.phys_known)
		printf("# ektrace ram: %s: boot trace at physical 0x%llx", d.path,
		       (unsigned long long)(d.phys_base + off));
	else
		printf("# ektrace ram: %s: boot trace at offset 0x%zx", d.path, off);
	printf(" (boot %u%s), build %s\n", view.h->seq,
	       view.h->flags & PERSIST_F_KEPT ? ", a kept region" : ", in the kernel image", id);
	/* The boot trace is the boot CPU's ring alone. */
	trace_print_header_stats(&out, "nop", view.records, view.records, 1);
	persist_for_each(&view, print_one, &out);
	summary(&out, &view);
	return 0;
}
