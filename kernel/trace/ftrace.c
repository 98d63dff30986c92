/*
 * The function tracer's core: the call-site records and their changes.
 *
 * The build lists every mcount call site (scripts/mcount.c) as sorted
 * offsets from _text with a flags byte each (the records). ftrace_init(),
 * right after the early probes are armed (MMU still off), makes every
 * site the arch's NOP; the
 * function tracer then makes the sites it traces call the arch's
 * trampoline and, when it stops, makes them the NOP again. Every change
 * first checks that the site holds what the record says it holds; when it
 * does not, ftrace_site_bug() asks the fixers (kprobes and the early
 * events repair the sites they probe); when none owns the site the record
 * is left as it was and the site reported once.
 *
 * Before the MMU text is plain memory: the writes are direct, each cleaned
 * to the point of unification, and one I-cache and branch-predictor sync
 * follows the batch (as early probes arm). Afterwards each goes through
 * patch_text(). This object is in .noprobe.text (kernel.lds) and built
 * without -pg: the tracer never traces or probes itself.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/ftrace.h>
#include <ek/kallsyms.h>
#include <ek/kprobes.h>
#include <ek/noprobe.h>
#include <ek/persist_format.h>
#include <ek/printk.h>
#include <ek/sections.h>
#include <ek/string.h>
#include <ek/trace.h>

static bool function_on;
static u32 nop_count, list_count[2], enabled_count;

static unsigned long load_base(void)
{
	return (unsigned long)_text; /* PC-relative: the running image */
}

int ftrace_site_index(unsigned long site)
{
	if (site < load_base() || site - load_base() > 0xffffffffu)
		return -1;
	return ftrace_site_search(ftrace_site_offsets, ftrace_site_count,
				  (u32)(site - load_base()));
}

int ftrace_function_site(unsigned long start, unsigned long size)
{
	if (start < load_base())
		return -1;
	return ftrace_site_search_range(ftrace_site_offsets, ftrace_site_count,
					(u32)(start - load_base()),
					(u32)(start - load_base() + size));
}

unsigned long ftrace_location(unsigned long addr)
{
	unsigned long off, size;
	int i = ftrace_site_index(addr);

	if (i >= 0)
		return addr;
	/* A function's first instruction: the site after its prologue. */
	if (!kallsyms_lookup(addr, NULL, &off, &size) || off || !size || addr < load_base())
		return 0;
	i = ftrace_site_search_range(ftrace_site_offsets, ftrace_site_count,
				     (u32)(addr - load_base()), (u32)(addr - load_base() + size));
	return i < 0 ? 0 : ftrace_site_addr((u32)i);
}

static struct ftrace_fixer *fixers;

void ftrace_register_fixer(struct ftrace_fixer *f)
{
	f->next = fixers;
	fixers = f;
}

/* @n bytes as "aa:bb:cc" (memory order, as Linux's ftrace reports them). */
static void hex_bytes(char *buf, const u8 *b, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t k = 0; k < n; k++) {
		*buf++ = hex[b[k] >> 4];
		*buf++ = hex[b[k] & 15];
		*buf++ = k + 1 < n ? ':' : '\0';
	}
	if (!n)
		*buf = '\0';
}

static __noinline void report_bug(u32 i, enum ftrace_insn expected, const u8 *found)
{
	unsigned long site = ftrace_site_addr(i);
	char want[3 * FTRACE_SITE_MAX], got[3 * FTRACE_SITE_MAX];
	u8 insn[FTRACE_SITE_MAX];
	size_t n = arch_ftrace_insn(site, expected, insn);

	hex_bytes(want, insn, n);
	hex_bytes(got, found, n);
	printk("ftrace: error: cannot modify %pS (0x%08lx): expected %s, found %s; "
	       "site left unchanged\n", (void *)site, site, want, got);
}

/*
 * A site does not hold what its record says: the fixers are asked first
 * (the owner of a probe on the site makes it behave as @want); otherwise
 * it is reported once per site and the record stays as it was.
 */
int ftrace_site_bug(u32 i, enum ftrace_insn expected, const u8 *found, enum ftrace_insn want)
{
	for (struct ftrace_fixer *f = fixers; f; f = f->next)
		if (f->fix(i, ftrace_site_addr(i), want) == 0)
			return 0;
	if (!(ftrace_site_bugs[i / 32] & (1u << (i % 32)))) {
		ftrace_site_bugs[i / 32] |= 1u << (i % 32);
		report_bug(i, expected, found);
	}
	return -EINVAL;
}

/* Change site @i from @from to @to; *@early counts direct writes that
 * still need arch_ftrace_sync_early(). */
static int modify_site(u32 i, enum ftrace_insn from, enum ftrace_insn to, u32 *early)
{
	unsigned long site = ftrace_site_addr(i);
	u8 expected[FTRACE_SITE_MAX], found[FTRACE_SITE_MAX], insn[FTRACE_SITE_MAX];
	size_t n = arch_ftrace_insn(site, from, expected);

	memcpy(found, (const void *)site, n);
	if (memcmp(found, expected, n))
		return ftrace_site_bug(i, from, found, to);
	arch_ftrace_insn(site, to, insn);
	if (!arch_mmu_enabled()) {
		arch_ftrace_write_early(site, insn, n);
		(*early)++;
		return 0;
	}
	return patch_text((void *)site, insn, n);
}

void ftrace_init(void)
{
	u32 early = 0;

	if (!arch_mmu_enabled()) {
		/* The boot's case, before the MMU: one tight loop. */
		nop_count = arch_ftrace_init_early(load_base(), ftrace_site_offsets, 0,
						   ftrace_site_count, ftrace_site_flags);
		arch_ftrace_sync_early();
		return;
	}
	for (u32 i = 0; i < ftrace_site_count; i++) {
		if (modify_site(i, FTRACE_INSN_MCOUNT, FTRACE_INSN_NOP, &early) == 0) {
			ftrace_site_flags[i] |= FTRACE_FL_NOP;
			nop_count++;
		}
	}
	if (early)
		arch_ftrace_sync_early();
}

/* ftrace_make_nop_early() once the MMU is on: through patch_text(). */
static __noinline int make_nop_late(u32 i)
{
	u32 early = 0;
	int ret = modify_site(i, FTRACE_INSN_MCOUNT, FTRACE_INSN_NOP, &early);

	if (!ret)
		ftrace_site_flags[i] |= FTRACE_FL_NOP;
	return ret;
}

int ftrace_make_nop_early(u32 i)
{
	if (ftrace_site_flags[i] & FTRACE_FL_NOP)
		return 0;
	if (arch_mmu_enabled())
		return make_nop_late(i);
	/* Before the MMU, the boot's loop on this one site: one compare and
	 * one write, where modify_site() builds both instructions (~250
	 * instructions a probe at early arming, i386). The direct write is
	 * synced with the early breakpoints' batch. */
	return arch_ftrace_init_early(load_base(), ftrace_site_offsets, i, 1,
				      ftrace_site_flags) ? 0 : -EINVAL;
}

void ftrace_undo_nop_early(u32 i)
{
	unsigned long site = ftrace_site_addr(i);
	u8 nop[FTRACE_SITE_MAX], call[FTRACE_SITE_MAX];
	size_t n = arch_ftrace_insn(site, FTRACE_INSN_NOP, nop);

	if (!(ftrace_site_flags[i] & FTRACE_FL_NOP) || memcmp((const void *)site, nop, n))
		return;
	arch_ftrace_insn(site, FTRACE_INSN_MCOUNT, call);
	if (arch_mmu_enabled()) {
		if (patch_text((void *)site, call, n))
			return;
	} else {
		arch_ftrace_write_early(site, call, n);
		arch_ftrace_sync_early();
	}
	ftrace_site_flags[i] &= (u8)~FTRACE_FL_NOP;
}

void ftrace_record_function(unsigned long site, unsigned long parent, u32 status)
{
	struct trace_buffer *tb = trace_buffer_this_cpu();
	struct trace_slot *t = trace_buffer_reserve_masked(tb), *limit;

	if (!t)
		return;
	/* Held while the clock runs, as the trampoline holds it: a nested
	 * entry is dropped. */
	limit = ring_buffer_hold(&tb->rb, t);
	t->e.ts = tb->clock();
	t->e.ip = (u32)(site + ftrace_site_len); /* as the call's return address */
	memcpy(&t->e.event_id, tb->fn_hdr, sizeof(tb->fn_hdr));
	t->e.status = status;
	/* A kretprobe on this site may have diverted the word. */
	memcpy(t->data, &(u32){ (u32)kretprobe_unwrap(parent) }, sizeof(u32));
	if (tb->checked)
		t->e.check = trace_entry_check(t);
	ring_buffer_commit_held(&tb->rb, t, limit);
}

void ftrace_boot_report(void)
{
	printk("ftrace: %u call site(s), %u made NOPs before the MMU\n",
	       ftrace_site_count, nop_count);
}

static bool wanted(u8 fl)
{
	return function_on && (fl & FTRACE_FL_NOP) && !(fl & FTRACE_FL_NOTRACE) &&
	       (!list_count[FTRACE_FILTER] || (fl & FTRACE_FL_FILTER));
}

int ftrace_update_sites(void)
{
	u32 early = 0, failed = 0;

	for (u32 i = 0; i < ftrace_site_count; i++) {
		u8 fl = ftrace_site_flags[i];
		bool want = wanted(fl), on = fl & FTRACE_FL_ENABLED;

		if (want == on)
			continue;
		if (want) {
			if (modify_site(i, FTRACE_INSN_NOP, FTRACE_INSN_CALL, &early)) {
				failed++;
				continue;
			}
			ftrace_site_flags[i] = fl | FTRACE_FL_ENABLED;
			enabled_count++;
		} else {
			if (modify_site(i, FTRACE_INSN_CALL, FTRACE_INSN_NOP, &early)) {
				failed++;
				continue;
			}
			ftrace_site_flags[i] = fl & (u8)~FTRACE_FL_ENABLED;
			enabled_count--;
		}
	}
	if (early)
		arch_ftrace_sync_early();
	return (int)failed;
}

bool ftrace_function_on(void)
{
	return function_on;
}

int ftrace_set_function(bool on)
{
	function_on = on;
	return ftrace_update_sites();
}

u32 ftrace_list_count(enum ftrace_list list)
{
	return list_count[list];
}

u32 ftrace_enabled_count(void)
{
	return enabled_count;
}

static u8 list_flag(enum ftrace_list list)
{
	return list == FTRACE_FILTER ? FTRACE_FL_FILTER : FTRACE_FL_NOTRACE;
}

void ftrace_list_clear(enum ftrace_list list)
{
	for (u32 i = 0; i < ftrace_site_count; i++)
		ftrace_site_flags[i] &= (u8)~list_flag(list);
	list_count[list] = 0;
}

static void list_set(enum ftrace_list list, u32 i)
{
	if (!(ftrace_site_flags[i] & list_flag(list))) {
		ftrace_site_flags[i] |= list_flag(list);
		list_count[list]++;
	}
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '$';
}

int ftrace_list_add(enum ftrace_list list, const char *pat, size_t len, const char **why)
{
	bool glob = false;
	int matched = 0;

	if (!len) {
		*why = "empty function name";
		return -EINVAL;
	}
	for (size_t k = 0; k < len; k++) {
		if (pat[k] == '*' || pat[k] == '?')
			glob = true;
		else if (!name_char(pat[k])) {
			*why = "invalid character in function name";
			return -EINVAL;
		}
	}
	if (!glob) {
		unsigned long size, addr = kallsyms_lookup_name_size(pat, len, &size);
		int i;

		if (!addr) {
			*why = "unknown function";
			return 0;
		}
		i = ftrace_site_search_range(ftrace_site_offsets, ftrace_site_count,
					     (u32)(addr - load_base()),
					     (u32)(addr - load_base() + size));
		if (i < 0) {
			*why = "not traceable (notrace or in the never-probe range)";
			return 0;
		}
		list_set(list, (u32)i);
		return 1;
	}
	for (u32 i = 0; i < ftrace_site_count; i++) {
		const char *name;

		if (kallsyms_lookup(ftrace_site_addr(i), &name, NULL, NULL) &&
		    ftrace_glob_match(pat, len, name)) {
			list_set(list, i);
			matched++;
		}
	}
	if (!matched)
		*why = "no traceable function matches";
	return matched;
}
