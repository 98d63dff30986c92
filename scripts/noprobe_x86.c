/*
 * i386 edges for noprobe_check: each function is decoded from its first
 * byte with the kernel's own instruction decoder (arch/x86/probes/), and
 * every relative branch (call/jmp rel32, jmp rel8, jcc rel8/rel32; loop
 * and jecxz too) into another function is an edge: tail calls and GCC's
 * cold parts included, and the calls the assembler resolved itself (a
 * static callee in the same section), which leave no relocation.
 *
 * The relocations --emit-relocs keeps prove the decode in step: every
 * R_386_PC32 inside a function must be the rel32 of a branch the decoder
 * found there (non-PIC i386 code has no other PC-relative operand). A
 * function whose bytes the decoder refuses, or whose relocations it does
 * not account for, is marked undecoded: the walk fails if it reaches one.
 */
#include <stdint.h>
#include <stdlib.h>

#include "insn.h"
#include "noprobe_graph.h"
#include "noprobe_image.h"

static void undecoded(struct func *f, uint32_t at, const char *why)
{
	f->undecoded_at = at;
	f->undecoded_why = why;
}

/* Whether execution never goes on to the next instruction. */
static int ends_flow(const struct x86_insn *insn)
{
	uint16_t c = insn->cls;

	if (c & (X86_C_CALL | X86_C_COND))
		return 0;
	return !!(c & (X86_C_REL | X86_C_INDIRECT | X86_C_RET | X86_C_FAR | X86_C_UD));
}

/* Decode @fi; @pc32[*k..] are the PC32 places from its start on. An
 * assembly label whose last instruction lets execution go on runs into
 * the next function: an edge (trap_common into to_do_trap). */
static void decode(int fi, const uint32_t *pc32, size_t npc32, size_t *k)
{
	struct func *f = &funcs[fi];
	struct x86_insn insn = { 0 };
	uint32_t last = f->start;

	for (uint32_t a = f->start; a < f->end;) {
		uint32_t avail = f->end - a < X86_INSN_MAX ? f->end - a : X86_INSN_MAX;
		const uint8_t *p = bytes_at(a, avail);
		const char *why = "no bytes in the image";
		uint32_t disp;

		if (!p || x86_insn_decode(p, avail, &insn, &why)) {
			undecoded(f, a, why);
			return;
		}
		disp = (insn.cls & X86_C_REL) && insn.imm_size == 4 ? a + insn.imm_off : 0;
		for (; *k < npc32 && pc32[*k] < a + insn.len; ++*k) {
			if (pc32[*k] != disp) {
				undecoded(f, a, "an R_386_PC32 relocation the decode does not explain");
				return;
			}
		}
		if (insn.cls & X86_C_REL)
			add_edge(fi, a + insn.len + (uint32_t)insn.rel, a);
		last = a;
		a += insn.len;
	}
	if (!f->unsized || !insn.len || ends_flow(&insn))
		return;
	if (func_at(f->end) < 0)
		undecoded(f, last, "runs on past its end into no function");
	else
		add_edge(fi, f->end, last);
}

void build_edges_x86(void)
{
	size_t npc32, k = 0;
	uint32_t *pc32 = static_relocs(R_386_PC32, &npc32);

	if (!npc32)
		die("no R_386_PC32 relocations (link with --emit-relocs): cannot check the decode");
	for (size_t i = 0; i < nfuncs; i++) {
		while (k < npc32 && pc32[k] < funcs[i].start)
			k++;
		decode((int)i, pc32, npc32, &k);
	}
	free(pc32);
}
