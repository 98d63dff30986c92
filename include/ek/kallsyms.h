/*
 * Symbol table of the running image, both ways: name -> address and
 * address -> name+offset. The table is generated at build time
 * (scripts/kallsyms.c over `nm` of a previous link) and holds link-time
 * offsets; addresses become runtime addresses by adding the load base.
 */
#ifndef EK_KALLSYMS_H
#define EK_KALLSYMS_H

#include <ek/types.h>

#define KSYM_NAME_LEN 128

/* Generated table (build/<arch>/kallsyms.c). */
struct kallsyms_table {
	u32 num;
	const u32 *addrs;       /* link offsets, ascending */
	const u32 *sizes;       /* 0 when nm knew no size */
	const u32 *name_off;    /* per address-ordered entry: offset into names */
	/* Per entry: type char, then NUL-terminated name; the generator pads
	 * so that every name starts word aligned (compared a word at a
	 * time), hand-made tables need not. */
	const char *names;
	/* Name index, open addressing with linear probing: entry index + 1 of
	 * the lowest-addressed symbol of each name at slot
	 * kallsyms_name_hash() & hash_mask onwards, 0 = empty; at least
	 * one slot is empty. */
	const u16 *hash;
	u32 hash_mask;
	/* Text that is not code of the kernel's own instruction set (ARM:
	 * from the ELF mapping symbols): @nmap [start, end) link-offset pairs,
	 * ascending, and a kind each: 'd' data (a literal pool), 't' Thumb. */
	u32 nmap;
	const u32 *map_range;
	const char *map_kind;
};
extern const struct kallsyms_table kallsyms_generated;

/*
 * Name hash of the index. The build-time generator (scripts/kallsyms.c, on
 * the host) and the kernel must agree, so it is defined once, here: the
 * name as little-endian 32-bit words (a short last one), FNV-style, then
 * mixed so the low bits (the slot) depend on every byte. Aligned names are
 * read a word at a time (a symbol in a struct probe_def is).
 */
static inline u32 kallsyms_hash_bytes(const char *s, size_t n)
{
	u32 w = 0;

	while (n--)
		w = (w << 8) | (u8)s[n];
	return w;
}

static inline u32 kallsyms_name_hash(const char *name, size_t len)
{
	typedef u32 __attribute__((may_alias)) word;
	u32 h = 2166136261u ^ (u32)len;
	size_t i = 0;

	if (((uintptr_t)name & 3) == 0 && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
		for (; i + 4 <= len; i += 4)
			h = (h ^ *(const word *)(name + i)) * 16777619u;
	for (; i + 4 <= len; i += 4)
		h = (h ^ kallsyms_hash_bytes(name + i, 4)) * 16777619u;
	h = (h ^ kallsyms_hash_bytes(name + i, len - i)) * 16777619u;
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return h;
}

/* Use @tab with runtime address = link offset + @base. */
void kallsyms_init(const struct kallsyms_table *tab, unsigned long base);

/* Runtime address of @name, or 0 when unknown. O(1) with the generated
 * table's name index. */
unsigned long kallsyms_lookup_name(const char *name);

/* Whether @addr is where a sized code symbol (a function with .size, not
 * a label) starts: a place entered by a call. */
bool kallsyms_is_function_start(unsigned long addr);

/* What the text at @addr holds, when it is not the kernel's own code: 'd'
 * data (a literal pool), 't' Thumb code; 0 for code (or not text). */
char kallsyms_text_kind(unsigned long addr);

/* The same for the @len bytes at @name (no NUL needed), and the size of
 * the symbol kallsyms_lookup() reports at that address into @size (0 when
 * it covers nothing): what a probe on SYM+OFFS needs, in one lookup. */
unsigned long kallsyms_lookup_name_size(const char *name, size_t len, unsigned long *size);

/* Symbol containing @addr. Returns false when no symbol covers it. */
bool kallsyms_lookup(unsigned long addr, const char **name, unsigned long *offset,
		     unsigned long *size);

/* "name+0xoff/0xsize" (or "name+0xoff" without @with_size), "0x..." when
 * unknown. Returns the length stored, like kscnprintf. */
int kallsyms_snprint_symbol(char *buf, size_t size, unsigned long addr, bool with_size);

/* Iteration in address order, for /proc/kallsyms. */
unsigned int kallsyms_count(void);
bool kallsyms_entry(unsigned int idx, unsigned long *addr, char *type, const char **name);

#endif
