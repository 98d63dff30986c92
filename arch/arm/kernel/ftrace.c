/*
 * The function tracer's ARM side: the instructions of a site and the early
 * writes. A site is the `bl __gnu_mcount_nc` GCC's -pg puts after a
 * function's prologue, right after `push {lr}`; its NOP is `pop {lr}`,
 * which undoes the push, and an enabled site is `bl ftrace_caller`
 * (ftrace_entry.S). Every function here is in .noprobe.text (kernel.lds)
 * and built without -pg.
 */
#include <ek/arch.h>
#include <ek/ftrace.h>
#include <ek/noprobe.h>
#include <ek/string.h>
#include <ek/trace.h>
#include <asm/cp15.h>
#include <asm/ftrace.h>

void ftrace_caller(void);
void ftrace_caller_odd(void);
void ftrace_caller_checked(void);
void ftrace_caller_odd_checked(void);
void __gnu_mcount_nc(void);

_Static_assert(__builtin_offsetof(struct trace_buffer, rb.next) == TB_NEXT, "TB_NEXT");
_Static_assert(__builtin_offsetof(struct trace_buffer, rb.limit) == TB_LIMIT &&
	       TB_LIMIT == TB_NEXT + 4, "TB_LIMIT: next and limit in one ldrd");
_Static_assert(__builtin_offsetof(struct trace_buffer, clock) == TB_CLOCK, "TB_CLOCK");
_Static_assert(__builtin_offsetof(struct trace_buffer, fn_hdr) == TB_FN_HDR, "TB_FN_HDR");
_Static_assert(sizeof(struct trace_slot) == TRACE_SLOT_SIZE, "slot size");
_Static_assert(__builtin_offsetof(struct trace_entry, status) == TE_STATUS &&
	       __builtin_offsetof(struct trace_entry, check) == TE_CHECK &&
	       TE_CHECK == TE_STATUS + 4, "status, check: the last two words of one stm");
_Static_assert(__builtin_offsetof(struct trace_entry, ts) == TE_TS, "TE_TS");
_Static_assert(__builtin_offsetof(struct trace_slot, data) == TE_DATA, "TE_DATA");

/* BL (always) from @site to @target: ARM state, word offsets. */
static u32 arm_bl(unsigned long site, unsigned long target)
{
	return 0xeb000000u | (((u32)(target - (site + 8)) >> 2) & 0x00ffffffu);
}

/* The trampoline that keeps the stack aligned from this site's sp
 * (scripts/mcount.c worked its parity out from the prologue), and writes
 * check words when the ring is in a kept region. */
unsigned int arm_ftrace_call(unsigned long site)
{
	int i = ftrace_site_index(site);
	bool odd = i >= 0 && (ftrace_site_odd[i / 32] >> (i % 32)) & 1;
	void (*caller)(void);

	/* Chosen in code, not from a table: no relocation for head.S to apply. */
	if (trace_checked())
		caller = odd ? ftrace_caller_odd_checked : ftrace_caller_checked;
	else
		caller = odd ? ftrace_caller_odd : ftrace_caller;
	return arm_bl(site, (unsigned long)caller);
}

size_t arch_ftrace_insn(unsigned long site, enum ftrace_insn kind, u8 *buf)
{
	u32 insn = kind == FTRACE_INSN_NOP  ? ARM_NOP_POP_LR :
		   kind == FTRACE_INSN_CALL ? arm_ftrace_call(site) :
					      arm_bl(site, (unsigned long)__gnu_mcount_nc);

	memcpy(buf, &insn, sizeof(insn));
	return sizeof(insn);
}

/* As arch_early_kprobe_arm(): one store, cleaned to the point of
 * unification; the I-side sync comes once for all of them. */
void arch_ftrace_write_early(unsigned long site, const u8 *insn, size_t len)
{
	u32 w;

	if (len != sizeof(w))
		return;
	memcpy(&w, insn, sizeof(w));
	WRITE_ONCE(*(u32 *)site, w);
	write_dccmvau((u32)site);
}

/* Site @i holds neither bl: its fixer may claim it (an early probe's
 * site, already the NOP underneath); 1 when it did. Out of line: the
 * loop below keeps its registers for the common case. */
static __noinline u32 site_bug(u32 i, const u32 *site, u8 *flags)
{
	if (!ftrace_site_bug(i, FTRACE_INSN_MCOUNT, (const u8 *)site, FTRACE_INSN_NOP))
		return 1;
	flags[i] &= (u8)~FTRACE_FL_NOP;
	return 0;
}

/* Site @i (@off from @base) from `bl __gnu_mcount_nc` to the NOP; @c as
 * below. 1 when it is the NOP now. */
static inline u32 nop_site(unsigned long base, u32 off, u32 i, u32 c, u8 *flags)
{
	u32 want = c - (off >> 2), *site = (u32 *)(base + off);
	u32 found = *site;

	/* The flags may already hold the boot line's filter: NOP is or-ed
	 * in, before a fixer is asked for the site. */
	flags[i] |= FTRACE_FL_NOP;
	if (unlikely(found != want)) {
		want = 0xeb000000u | ((c - 0x01000000u - (off >> 2)) & 0x00ffffffu);
		if (found != want)
			return site_bug(i, site, flags);
	}
	WRITE_ONCE(*site, ARM_NOP_POP_LR);
	write_dccmvau((u32)(unsigned long)site);
	return 1;
}

u32 arch_ftrace_init_early(unsigned long base, const u32 *offs, u32 first, u32 n, u8 *flags)
{
	/*
	 * bl's offset field for site s is (mcount - s - 8) >> 2, 24 bits.
	 * Every site lies after __gnu_mcount_nc (.noprobe.text comes first),
	 * so the field is 2^24 + k - off / 4 with k = (mcount - base - 8) / 4,
	 * and the whole instruction one subtraction from a constant: ten
	 * instructions a site, the boot's first loop over ~340 of them. A
	 * site before the stub takes the exact computation (the low 24 bits
	 * of c - 2^24 - off / 4 are k - off / 4's).
	 */
	u32 k = (u32)((unsigned long)__gnu_mcount_nc - base - 8) >> 2;
	u32 c = 0xeb000000u + 0x01000000u + k, done = 0;

	/* An early probe's one site (ftrace_make_nop_early()). */
	if (n == 1)
		return nop_site(base, offs[first], first, c, flags);
	for (u32 i = first, end = first + n; i < end; i++)
		done += nop_site(base, offs[i], i, c, flags);
	return done;
}

void arch_ftrace_sync_early(void)
{
	arch_early_kprobes_sync(); /* DSB, ICIALLU, BPIALL, DSB, ISB */
}
