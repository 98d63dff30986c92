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
	const u32 *by_name;     /* entry indices ordered by name (strcmp) */
	const char *names;      /* per entry: type char, then NUL-terminated name */
};
extern const struct kallsyms_table kallsyms_generated;

/* Use @tab with runtime address = link offset + @base. */
void kallsyms_init(const struct kallsyms_table *tab, unsigned long base);

/* Runtime address of @name, or 0 when unknown. O(log n). */
unsigned long kallsyms_lookup_name(const char *name);

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
