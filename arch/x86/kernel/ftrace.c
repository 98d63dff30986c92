/*
 * The function tracer's i386 side: the instructions of a site and the early
 * writes. A site is the `call __fentry__` GCC's -pg -mfentry makes the
 * first instruction of a traced function; its NOP is the 5-byte NOP the
 * Intel SDM recommends (0f 1f 44 00 00, nopl 0(%eax,%eax,1)), one
 * instruction, and an enabled site is `call ftrace_caller`
 * (ftrace_entry.S). Every function here is in .noprobe.text (kernel.lds)
 * and built without -pg.
 */
#include <ek/arch.h>
#include <ek/ftrace.h>
#include <ek/noprobe.h>
#include <ek/string.h>
#include <ek/trace.h>
#include <asm/ftrace.h>

void ftrace_caller(void);
void ftrace_caller_checked(void);
void __fentry__(void);

_Static_assert(__builtin_offsetof(struct trace_buffer, rb.next) == TB_NEXT, "TB_NEXT");
_Static_assert(__builtin_offsetof(struct trace_buffer, rb.limit) == TB_LIMIT, "TB_LIMIT");
_Static_assert(__builtin_offsetof(struct trace_buffer, clock) == TB_CLOCK, "TB_CLOCK");
_Static_assert(__builtin_offsetof(struct trace_buffer, ftrace_busy) == TB_FTRACE_BUSY, "busy");
_Static_assert(__builtin_offsetof(struct trace_buffer, fn_hdr) == TB_FN_HDR, "TB_FN_HDR");
_Static_assert(sizeof(struct trace_slot) == TRACE_SLOT_SIZE, "slot size");
_Static_assert(sizeof(trace_buf.ftrace_busy) == 1 &&
	       __builtin_offsetof(struct trace_buffer, fn_hdr) >= TB_FTRACE_BUSY + 2,
	       "the trampoline's btsw touches the busy byte and padding only");
_Static_assert(__builtin_offsetof(struct trace_entry, ip) == 0, "ip at 0");
_Static_assert(__builtin_offsetof(struct trace_entry, event_id) == 4, "header words at 4");
_Static_assert(__builtin_offsetof(struct trace_entry, status) == TE_STATUS, "TE_STATUS");
_Static_assert(__builtin_offsetof(struct trace_entry, check) == TE_CHECK, "TE_CHECK");
_Static_assert(__builtin_offsetof(struct trace_entry, ts) == TE_TS, "TE_TS");
_Static_assert(__builtin_offsetof(struct trace_slot, data) == TE_DATA, "TE_DATA");
_Static_assert(FTRACE_X86_SITE_LEN <= FTRACE_SITE_MAX, "a site fits the core's buffers");

static const u8 nop5[FTRACE_X86_SITE_LEN] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };

/* call rel32 from @site to @target. */
static void call_rel32(unsigned long site, unsigned long target, u8 *buf)
{
	u32 rel = (u32)(target - (site + FTRACE_X86_SITE_LEN));

	buf[0] = X86_CALL_REL32;
	memcpy(buf + 1, &rel, sizeof(rel));
}

size_t arch_ftrace_insn(unsigned long site, enum ftrace_insn kind, u8 *buf)
{
	if (kind == FTRACE_INSN_NOP)
		memcpy(buf, nop5, sizeof(nop5));
	else
		call_rel32(site, kind != FTRACE_INSN_CALL ? (unsigned long)__fentry__ :
				 trace_checked() ? (unsigned long)ftrace_caller_checked :
						   (unsigned long)ftrace_caller, buf);
	return FTRACE_X86_SITE_LEN;
}

/* Before paging text is plain memory and nothing else runs: the bytes go
 * straight in; arch_ftrace_sync_early() serializes once for all. */
void arch_ftrace_write_early(unsigned long site, const u8 *insn, size_t len)
{
	for (size_t i = 0; i < len; i++)
		((volatile u8 *)site)[i] = insn[i];
}

void arch_ftrace_sync_early(void)
{
	u32 a = 0, b, c = 0, d;

	/* CPUID serializes (Intel SDM vol. 3, 8.1.3): no stale prefetched
	 * bytes of a site run after this. */
	__asm__ __volatile__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d) : : "memory");
}

u32 arch_ftrace_init_early(unsigned long base, const u32 *offs, u32 first, u32 n, u8 *flags)
{
	/*
	 * A site at base + off holds e8 and rel32 = k - off, with
	 * k = __fentry__ - base - 5: one subtraction tells whether it holds
	 * the build's call. The NOP is one 4-byte store and one byte.
	 */
	u32 k = (u32)((unsigned long)__fentry__ - base - FTRACE_X86_SITE_LEN), bad = 0;
	u32 nop_lo, i, end = first + n;

	/* -fno-builtin: fixed-size loads spelled as builtins, or each is
	 * a library call (this loop also makes an early probe's site the NOP). */
	__builtin_memcpy(&nop_lo, nop5, sizeof(nop_lo));
	for (i = first; i < end; i++) {
		volatile u8 *site = (volatile u8 *)(base + offs[i]);
		u32 rel;

		/* The flags may already hold the boot line's filter: NOP is
		 * or-ed in. */
		flags[i] |= FTRACE_FL_NOP;
		__builtin_memcpy(&rel, (const u8 *)site + 1, sizeof(rel));
		if (unlikely(site[0] != X86_CALL_REL32 || rel != k - offs[i])) {
			/* An early probe's site (already the NOP underneath)
			 * is claimed by its fixer. */
			if (ftrace_site_bug(i, FTRACE_INSN_MCOUNT, (const u8 *)site, FTRACE_INSN_NOP)) {
				flags[i] &= (u8)~FTRACE_FL_NOP;
				bad++;
			}
			continue;
		}
		*(volatile u32 *)site = nop_lo;
		site[4] = nop5[4];
	}
	return n - bad;
}
