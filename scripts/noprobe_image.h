/*
 * noprobe_check's view of the linked image (scripts/noprobe_image.c): the
 * ELF32 file (ARM or i386), its sections and symbols, the functions .text
 * splits into, the ARM mapping symbols and the words that hold pointers
 * (ARM: head.S relocates them; i386: --emit-relocs keeps their R_386_32).
 */
#ifndef NOPROBE_IMAGE_H
#define NOPROBE_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#define SHT_SYMTAB 2
#define SHT_REL 9
#define R_ARM_RELATIVE 23
#define R_386_32 1
#define R_386_PC32 2
#define EM_386 3
#define EM_ARM 40
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
	int unsized;     /* an assembly label: its code may run on into the next */
	int *edges;      /* callee indices */
	size_t nedges, cap;
	int parent;      /* BFS: caller on a shortest chain, -1 for a root */
	int via_table;   /* reached as a root through this table record (-1: none) */
	int depth;
	int state;       /* 0 unseen, 1 reached, 2 boundary */
	int is_boundary;
	int is_root;
	uint32_t mcount_at; /* its mcount call site (0: none) */
	uint32_t undecoded_at; /* i386: where its decode stopped (0: none) */
	const char *undecoded_why;
	int nt_parent;      /* NOTRACE walk: caller, -1 for a root, -2 unseen */
};

struct map {
	uint32_t addr;
	char kind; /* 'a', 't', 'd' */
};

extern const char *prog;
/* e_machine: EM_ARM or EM_386. */
extern unsigned int machine;
/* The symbol table, and .text split into functions sorted by address. */
extern struct sym *syms;
extern size_t nsyms;
extern struct func *funcs;
extern size_t nfuncs;

/* Print "noprobe-check: ..." and exit 1. */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void *xrealloc(void *p, size_t n);
/* Little-endian reads; the bytes at file offset / link address (NULL
 * from bytes_at() where the image holds none). */
uint16_t rd16(const uint8_t *p);
uint32_t rd32(const uint8_t *p);
const uint8_t *file_range(uint32_t off, uint32_t len);
const uint8_t *bytes_at(uint32_t addr, uint32_t len);
/* Read the image, then its symbols and its functions, in this order. */
void load(const char *path);
const struct shdr *find_section(const char *name);
/* The code address a symbol value or pointer names (ARM: no Thumb bit). */
uint32_t code_addr(uint32_t value);
void load_symbols(void);
const struct sym *sym_by_name(const char *name);
void build_functions(void);
/* The function holding @addr, or -1. */
int func_at(uint32_t addr);
/* The mapping state at @addr ('a', 't', 'd'), or @dflt before any;
 * the next mapping symbol after @addr, or @end. */
char map_at(uint32_t addr, char dflt);
uint32_t map_next(uint32_t addr, uint32_t end);
/* Whether a pointer is stored at @addr: it has an R_ARM_RELATIVE
 * relocation, or on i386 an R_386_32 one (load_relocs() first). */
void load_relocs(void);
int is_pointer(uint32_t addr);
/* The places (sorted link addresses) of every @type relocation that
 * --emit-relocs kept for an allocated section; *@n how many. */
uint32_t *static_relocs(unsigned int type, size_t *n);

#endif
