/*
 * What may never be probed, said where the code is.
 *
 * __noprobe puts one function into .noprobe.text, the never-probe range
 * (kprobe_check_blacklist() refuses it; /sys/kernel/debug/kprobes/blacklist
 * lists it). Which functions need it is not decided by hand: the build
 * (scripts/noprobe_check.c, run on every link of build/{arm,x86}/vmlinux) walks
 * the direct call graph of the linked image from the entries of the probe
 * path and fails when a function it reaches is outside that range. The
 * walk is steered by records these macros leave in an ELF-only section
 * (never loaded, no relocation at run time):
 *
 * NOPROBE_ROOT(fn)    @fn is entered by the probe path itself: an exception
 *                     entry, a routine called from patched code (a detour,
 *                     the trampoline) or through a pointer the tool cannot
 *                     follow, patch_text() and the arming that must not run
 *                     a half-written breakpoint.
 * NOPROBE_TABLE(obj)  the path calls through function pointers held in
 *                     @obj: every word of it equal to a function's address
 *                     is an edge. NOPROBE_TABLE_MEMBER(obj, m) the same for
 *                     the member @m only (the other members are called from
 *                     elsewhere).
 * NOPROBE_BOUNDARY(fn) the walk stops at @fn: it only ever runs where a
 *                     probe hit cannot recurse -- with this CPU marked busy
 *                     (kprobe_cpu.current set: a hit inside counts as missed
 *                     and runs no handler), or as a fatal sink that never
 *                     returns into the probe path. Each use says why, and
 *                     @fn must be a real (noinline) function. Calls through
 *                     function pointers (the handlers) are not followed at
 *                     all: they are boundaries by construction.
 *
 * NOTRACE_ROOT(fn)    @fn is called by the function tracer's trampoline
 *                     through a pointer (the trace clock): nothing it can
 *                     run may hold an mcount call (-pg), in or out of the
 *                     never-probe range. Mark such functions notrace.
 *
 * The function tracer (-pg, kernel/trace/ftrace.c) follows the same rule:
 * nothing in .noprobe.text is traced (__noprobe implies notrace; the
 * whole objects are built without -pg), and the check fails the build on
 * an mcount call in that range or on a NOTRACE_ROOT's path.
 *
 * In assembly (.S files) the same names take a symbol.
 */
#ifndef EK_NOPROBE_H
#define EK_NOPROBE_H

#define NOPROBE_REC_ROOT 1
#define NOPROBE_REC_TABLE 2
#define NOPROBE_REC_BOUNDARY 3
#define NOPROBE_REC_NOTRACE_ROOT 4

/* An ELF-only section: no "a" flag, so the linker resolves its words
 * statically and it is neither loaded nor relocated at run time. GCC
 * appends its own flags to a section attribute's name; the assembler's
 * comment character (NOPROBE_ASM_COMMENT) turns those into a comment. */
#define NOPROBE_REC_SECTION ".ekprobes.noprobe"

#ifdef __ASSEMBLER__

#define NOPROBE_REC(kind, sym) \
	.pushsection NOPROBE_REC_SECTION, "", %progbits; \
	.balign 4; .4byte kind, sym, 0; \
	.popsection
#define NOPROBE_ROOT(sym) NOPROBE_REC(NOPROBE_REC_ROOT, sym)
#define NOPROBE_BOUNDARY(sym) NOPROBE_REC(NOPROBE_REC_BOUNDARY, sym)
#define NOTRACE_ROOT(sym) NOPROBE_REC(NOPROBE_REC_NOTRACE_ROOT, sym)

#else /* C */

#include <ek/types.h>

/* Never traced by the function tracer: no -pg prologue in this function. */
#define notrace __attribute__((no_instrument_function))
#define __noprobe __section(".noprobe.text") notrace

struct noprobe_rec {
	u32 kind;
	const void *addr;
	u32 size; /* tables: bytes to scan */
};

#define NOPROBE_CAT_(a, b) a##b
#define NOPROBE_CAT(a, b) NOPROBE_CAT_(a, b)
#define NOPROBE_REC(kind, addr, size)                                                      \
	static const struct noprobe_rec NOPROBE_CAT(__noprobe_rec_, __COUNTER__) __used      \
		__section(NOPROBE_REC_SECTION ",\"\",%progbits " NOPROBE_ASM_COMMENT) __aligned(4) = {         \
			(kind), (const void *)(addr), (size)                                  \
		}
#define NOPROBE_ROOT(fn) NOPROBE_REC(NOPROBE_REC_ROOT, &(fn), 0)
#define NOPROBE_BOUNDARY(fn) NOPROBE_REC(NOPROBE_REC_BOUNDARY, &(fn), 0)
#define NOTRACE_ROOT(fn) NOPROBE_REC(NOPROBE_REC_NOTRACE_ROOT, &(fn), 0)
#define NOPROBE_TABLE(obj) NOPROBE_REC(NOPROBE_REC_TABLE, &(obj), sizeof(obj))
#define NOPROBE_TABLE_MEMBER(obj, m) NOPROBE_REC(NOPROBE_REC_TABLE, &(obj).m, sizeof((obj).m))

/* "@" is the ARM assembler's comment character; another arch passes its
 * own with -DNOPROBE_ASM_COMMENT (x86: "#"). */
#ifndef NOPROBE_ASM_COMMENT
#define NOPROBE_ASM_COMMENT "@"
#endif

#endif
#endif
