/*
 * Symbol addresses for the trace's "sym+0xoff/0xsize" locations. The trace
 * text carries names only; addresses come from a `cat /proc/kallsyms` in
 * the LOG, or, without one, are made up: each function the trace names
 * gets its own range (as large as the largest offset or size printed for
 * it), laid out from a fixed base in order of first mention, so that every
 * address written maps back to the name and offset the trace printed.
 */
#ifndef EKTRACE_KSYMS_H
#define EKTRACE_KSYMS_H

#include <stddef.h>
#include <stdint.h>

#include "ektrace_log.h"

struct ek_sym {
	uint64_t addr;
	uint64_t extent; /* made-up symbols: bytes the trace needs */
	char type;       /* kallsyms type letter: 't', 'T', ... */
	int used;        /* named by the trace: written to the trace.dat */
	char *name;
};

struct ek_ksyms {
	struct ek_sym *v;
	size_t n, cap;
	size_t *by_name; /* indexes of @v sorted by name, then address */
	int synthetic;   /* no /proc/kallsyms in the LOG */
};

/* Reads `cat /proc/kallsyms` ("ADDR TYPE NAME [MODULE]" lines). */
int ek_ksyms_parse(const char *logname, const struct ek_section *sec, struct ek_ksyms *ks,
		   struct ek_err *err);

/* Made-up symbols: notes that @name must cover @extent bytes. */
void ek_ksyms_note(struct ek_ksyms *ks, const char *name, uint64_t extent);

/* Made-up symbols: gives each noted name its range, from @base up. */
void ek_ksyms_place(struct ek_ksyms *ks, uint64_t base);

/* The symbol @name (the lowest address if several share it), or NULL. */
struct ek_sym *ek_ksyms_find(struct ek_ksyms *ks, const char *name);

/* The same, but of several functions called @name (static ones in different
 * files), the one whose size, up to the next symbol, is @size (0: unknown). */
struct ek_sym *ek_ksyms_find_sized(struct ek_ksyms *ks, const char *name, uint64_t size);

void ek_ksyms_free(struct ek_ksyms *ks);

#endif
