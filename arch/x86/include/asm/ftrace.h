/* The function tracer's i386 constants: the offsets in struct trace_buffer
 * its trampoline uses (arch/x86/kernel/ftrace_entry.S; checked in
 * arch/x86/kernel/ftrace.c: i386 aligns u64 to 4, so they are not ARM's),
 * and a site's instructions. */
#ifndef ASM_FTRACE_H
#define ASM_FTRACE_H

#define TB_NEXT 0         /* rb.next */
#define TB_LIMIT 4        /* rb.limit */
#define TB_CLOCK 36       /* clock */
#define TB_FTRACE_BUSY 42 /* ftrace_busy (a byte): this CPU is recording */
#define TB_FN_HDR 44      /* fn_hdr[2]: words 1 and 2 of a function entry */
#define TRACE_SLOT_SIZE 128
/* Offsets in a function entry (struct trace_slot). */
#define TE_STATUS 12      /* e.status */
#define TE_CHECK 16       /* e.check */
#define TE_TS 24          /* e.ts */
#define TE_DATA 32        /* data[]: the parent ip */

#define X86_CALL_REL32 0xe8 /* call rel32: a site's first byte when it calls */
#define X86_INT3 0xcc
#define FTRACE_X86_SITE_LEN 5

#endif
