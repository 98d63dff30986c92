/* Offsets in struct trace_buffer the function tracer's trampoline uses
 * (arch/arm/kernel/ftrace_entry.S; checked in arch/arm/kernel/ftrace.c). */
#ifndef ASM_FTRACE_H
#define ASM_FTRACE_H

#define TB_NEXT 0         /* rb.next */
#define TB_LIMIT 4        /* rb.limit */
#define TB_CLOCK 36       /* clock */
#define TB_FN_HDR 44      /* fn_hdr[2]: words 1 and 2 of a function entry */
#define TRACE_SLOT_SIZE 128
/* Offsets in a function entry (struct trace_slot). */
#define TE_STATUS 12      /* e.status */
#define TE_CHECK 16       /* e.check */
#define TE_TS 24          /* e.ts */
#define TE_DATA 32        /* data[]: the parent ip */

#define ARM_NOP_POP_LR 0xe49de004u /* ldr lr, [sp], #4: undoes the site's push {lr} */

#ifndef __ASSEMBLER__
/* The enabled site's `bl` (ftrace_caller or its odd-stack twin). */
unsigned int arm_ftrace_call(unsigned long site);
#endif

#endif
