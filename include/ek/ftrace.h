/*
 * The function tracer (kernel/trace/ftrace.c), phase 1 of issue 11.
 *
 * Every traced function (built with -pg) calls the mcount hook once after
 * its prologue. The build lists those call sites (scripts/mcount.c: the
 * table below, offsets from _text, sorted), so ftrace_location() works in
 * the first C function of boot. ftrace_init() turns every site into the
 * arch's NOP; the function tracer turns the sites it traces into a call
 * of the arch's trampoline, which records a TRACE_TYPE_FUNCTION entry
 * (ip, parent ip) into the trace buffer.
 *
 * kprobes share the sites (kernel/kprobes.c): a probe on a traced
 * function's entry goes on its site, where the arch branches to a detour
 * instead of a trap ([FTRACE] probes); an early probe there makes the site
 * the NOP itself before ftrace_init(). When ftrace then finds a site not
 * holding what its record says, it asks the fixers (ftrace_register_fixer):
 * the owner of the site (kprobes, or the early events before the
 * handover) makes the site behave as ftrace wanted and the change counts
 * as done. A site nobody claims is reported once and its record left as
 * it was.
 */
#ifndef EK_FTRACE_H
#define EK_FTRACE_H

#include <ek/types.h>
#include <ek/sections.h>

/* The generated table (build/<arch>/mcount2.c). */
extern const u32 ftrace_site_len; /* bytes of a site: ARM 4, x86 5 */
extern const u32 ftrace_site_count;
extern const u32 ftrace_site_offsets[];
extern u8 ftrace_site_flags[];   /* FTRACE_FL_*, one per site */
extern u32 ftrace_site_bugs[];   /* one bit per site: its failure was reported */
extern const u32 ftrace_site_odd[]; /* one bit per site: sp is 4 mod 8 there */
/* Bytes from a site's sp up to its function's entry sp, and the offset
 * from the site's sp of the return address the prologue saved (0: none;
 * the word at sp, which the NOP pops into lr, is the return address). */
extern const u16 ftrace_site_frame[];
extern const u16 ftrace_site_lr[];

/* Record flags. A modification that fails leaves them unchanged. */
#define FTRACE_FL_NOP 0x01     /* the site holds the NOP (ftrace_init did it) */
#define FTRACE_FL_ENABLED 0x02 /* the site calls the tracer */
#define FTRACE_FL_FILTER 0x04  /* named by set_ftrace_filter */
#define FTRACE_FL_NOTRACE 0x08 /* named by set_ftrace_notrace */

/* Index of the first site in [@lo, @hi), or -1. */
static inline int ftrace_site_search_range(const u32 *offs, u32 n, u32 lo_off, u32 hi_off)
{
	u32 lo = 0, hi = n;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (offs[mid] < lo_off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && offs[lo] < hi_off ? (int)lo : -1;
}

/* Index of the site at offset @off in the sorted @offs, or -1. */
static inline int ftrace_site_search(const u32 *offs, u32 n, u32 off)
{
	return ftrace_site_search_range(offs, n, off, off + 1);
}

/* Linux glob: '*' anywhere, '?' one character; the whole name must match. */
bool ftrace_glob_match(const char *pat, size_t plen, const char *name);

/*
 * The site at @addr (the mcount call itself), or the site of the function
 * whose first instruction is @addr (ARM: the call follows the prologue);
 * 0 when there is none. A binary search over the table plus the load base:
 * usable from the first C function of boot.
 */
unsigned long ftrace_location(unsigned long addr);
/* Index of the call site of the function at [@start, @start + @size), or
 * -1: one search, for callers that know the function already. */
int ftrace_function_site(unsigned long start, unsigned long size);
/* Site @idx's address: inline, as every early probe on a site asks. */
static inline unsigned long ftrace_site_addr(u32 idx)
{
	return (unsigned long)_text + ftrace_site_offsets[idx];
}
int ftrace_site_index(unsigned long site);

/* Boot: every site becomes the NOP (right after the early probes are
 * armed, before the MMU); then the tracer from the command line and the DT
 * once the filter is known. */
void ftrace_init(void);
void ftrace_boot_report(void); /* the boot-log line, once a console exists */
int ftrace_early_start(const void *fdt);

/* Tracer control (tracefs files, boot parameters). */
enum ftrace_list { FTRACE_FILTER, FTRACE_NOTRACE };
bool ftrace_function_on(void);
int ftrace_set_function(bool on);
/* Add the functions matching @pat to @list; returns how many matched
 * (0: none, *why says what was wrong), a negative errno when malformed. */
int ftrace_list_add(enum ftrace_list list, const char *pat, size_t len, const char **why);
void ftrace_list_clear(enum ftrace_list list);
/* Rewrite every site to what the tracer state wants; 0 or the number of
 * sites that could not be changed (each reported once). */
int ftrace_update_sites(void);
u32 ftrace_list_count(enum ftrace_list list);
u32 ftrace_enabled_count(void);

/* Arch interface (arch/<arch>/kernel/ftrace.c, ftrace_entry.S). A site
 * holds one of three instructions, of the same length (ARM 4 bytes, a
 * `bl`; x86 5, a `call rel32` or the 5-byte NOP). */
enum ftrace_insn {
	FTRACE_INSN_MCOUNT, /* what the build put there: a call of the mcount hook */
	FTRACE_INSN_NOP,    /* what ftrace_init() makes of it */
	FTRACE_INSN_CALL,   /* a call of the function tracer's trampoline */
};
#define FTRACE_SITE_MAX 8
/* The bytes of @kind at @site into @buf (FTRACE_SITE_MAX); returns their
 * number, the same for every kind. */
size_t arch_ftrace_insn(unsigned long site, enum ftrace_insn kind, u8 *buf);
/* Before the MMU: write one site (cleaned to the point of unification);
 * arch_ftrace_sync_early() once after the last, before any site runs. */
void arch_ftrace_write_early(unsigned long site, const u8 *insn, size_t len);
void arch_ftrace_sync_early(void);
/* ftrace_init() (and an early probe's site) before the MMU: every site i
 * in @first..@first + @n - 1, at @base + @offs[i], that holds
 * FTRACE_INSN_MCOUNT becomes the NOP (written, cleaned) and gets
 * FTRACE_FL_NOP in @flags[i]; any other is handed to ftrace_site_bug().
 * Returns how many became NOPs; the caller syncs. */
u32 arch_ftrace_init_early(unsigned long base, const u32 *offs, u32 first, u32 n, u8 *flags);
/*
 * The one place a site that does not hold what its record says goes: site
 * @i was to change from @expected to @want but holds the bytes @found.
 * The fixers are asked in turn; 0 when one made the site behave as @want
 * (the caller updates the record as for a change it made), else it is
 * reported once and the record stays unchanged (-EINVAL).
 */
int ftrace_site_bug(u32 i, enum ftrace_insn expected, const u8 *found, enum ftrace_insn want);

/* A fixer: 0 when it owns site @i (at @site) and made it behave as @want
 * (FTRACE_INSN_NOP or FTRACE_INSN_CALL), -ENOENT when the site is not its
 * own. Called with interrupts masked, from ftrace_init() (MMU off) on. */
struct ftrace_fixer {
	int (*fix)(u32 i, unsigned long site, enum ftrace_insn want);
	struct ftrace_fixer *next;
};
void ftrace_register_fixer(struct ftrace_fixer *f);

/* The function tracer traces site @i (its record is enabled): whoever
 * runs that site instead of its call (a probe's detour, an early
 * breakpoint) records the entry with ftrace_record_function(). */
static inline bool ftrace_site_traced(u32 i)
{
	return ftrace_site_flags[i] & FTRACE_FL_ENABLED;
}
/* One function-tracer entry as the trampoline writes it: @site's function
 * called from @parent, by code whose status word (regs_status_offset())
 * was @status. Masked interrupts, like a probe handler. */
void ftrace_record_function(unsigned long site, unsigned long parent, u32 status);
/* An early probe goes on site @i before ftrace_init(): the site becomes
 * the NOP now, as ftrace_init() would make it (0), or -EINVAL when it does
 * not hold the build's call. */
int ftrace_make_nop_early(u32 i);
/* The probe that made site @i the NOP with ftrace_make_nop_early() could
 * not be armed after all (the arch refused it): the site holds the build's
 * call again, untouched for ftrace_init(). */
void ftrace_undo_nop_early(u32 i);
/* Whether site @i is under ftrace's control (it holds, or a fixer stands
 * for, the NOP or the call): a probe may share only such a site. */
static inline bool ftrace_site_ready(u32 i)
{
	return ftrace_site_flags[i] & FTRACE_FL_NOP;
}

/* Entries of the function tracer in the trace buffer: ip is the site +
 * ftrace_site_len (the return address of its call: inside the traced
 * function), data
 * holds the parent ip (u32). */
#define TRACE_TYPE_FUNCTION 0xffffu

#endif
