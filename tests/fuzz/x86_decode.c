/*
 * libFuzzer target: the i386 decoder (arch/x86/probes/). The input is a
 * run of code, walked instruction by instruction as the boundary helper
 * walks a function. Properties:
 * - nothing is read past the input (ASan: the input is an exact copy);
 * - an accepted instruction fits in the input and in 15 bytes, its
 *   ModRM/SIB/displacement/immediate lie in order inside it, and its
 *   length depends on its own bytes only: decoding exactly those bytes
 *   gives the same answer, and any shorter prefix of them -ENODATA;
 * - a refusal is EILSEQ/EOPNOTSUPP/ENODATA with a reason;
 * - classes agree with the boost rule;
 * - x86_insn_boundary() says 0 exactly at the offsets the walk reaches.
 */
#include <ek/errno.h>

#include "fuzz.h"
#include "insn.h"

#define X86_NEVER_BOOSTED (X86_C_REL | X86_C_CALL | X86_C_FAR | X86_C_TRAP | X86_C_HLT | \
			   X86_C_UD | X86_C_PRIV | X86_C_SERIAL | X86_C_IF | X86_C_SHADOW)

static void check_one(const u8 *code, size_t avail, const struct x86_insn *insn)
{
	struct x86_insn again;
	const char *reason;
	u8 *exact;

	if (insn->len == 0 || insn->len > avail || insn->len > X86_INSN_MAX)
		fuzz_fail("length %u with %zu bytes", insn->len, avail);
	if (insn->modrm_off && (insn->modrm_off <= insn->nprefix || insn->modrm_off >= insn->len))
		fuzz_fail("ModRM at %u of %u", insn->modrm_off, insn->len);
	if (insn->sib_off && insn->sib_off != insn->modrm_off + 1)
		fuzz_fail("SIB at %u, ModRM at %u", insn->sib_off, insn->modrm_off);
	if (insn->disp_size && insn->disp_off + insn->disp_size > insn->len)
		fuzz_fail("displacement past the end");
	if (insn->imm_size && insn->imm_off + insn->imm_size != insn->len)
		fuzz_fail("immediate does not end the instruction");
	if ((insn->cls & X86_NEVER_BOOSTED) && x86_insn_boostable(insn))
		fuzz_fail("class %#x boosted", insn->cls);
	if ((insn->cls & X86_C_REL) && insn->imm_size != 1 && insn->imm_size != 4)
		fuzz_fail("relative branch with a %u-byte displacement", insn->imm_size);

	exact = fuzz_dup(code, insn->len);
	if (x86_insn_decode(exact, insn->len, &again, &reason) || memcmp(&again, insn, sizeof(again)))
		fuzz_fail("decoding the %u bytes alone differs", insn->len);
	for (size_t k = 0; k < insn->len; k++)
		if (x86_insn_decode(exact, k, &again, &reason) != -ENODATA)
			fuzz_fail("%zu of %u bytes not -ENODATA", k, insn->len);
	free(exact);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 *code = fuzz_dup(data, size);
	size_t pos = 0, n = size < 512 ? size : 512;
	bool *start = calloc(n + 1, 1);

	while (pos < n) {
		struct x86_insn insn;
		const char *reason = NULL;
		int ret = x86_insn_decode(code + pos, n - pos, &insn, &reason);

		start[pos] = true;
		if (ret) {
			if ((ret != -EILSEQ && ret != -EOPNOTSUPP && ret != -ENODATA) || !reason ||
			    !reason[0])
				fuzz_fail("refused with %d and no reason", ret);
			break;
		}
		check_one(code + pos, n - pos, &insn);
		pos += insn.len;
	}
	/* the boundary helper agrees with the walk up to where it stopped
	 * (over the first 64 bytes: each call walks from the start again) */
	for (size_t off = 0; off < n && off <= pos && off < 64; off++) {
		const char *why = NULL;
		int ret = x86_insn_boundary(code, n, off, &why);

		if ((ret == 0) != start[off])
			fuzz_fail("boundary(%zu) = %d, walk says %d", off, ret, start[off]);
		if (ret && (ret != -EILSEQ || !why))
			fuzz_fail("boundary(%zu) = %d without a reason", off, ret);
	}
	free(start);
	free(code);
	return 0;
}
