/*
 * "Is this an instruction boundary": x86 instructions have no alignment,
 * so the only way to know is to decode from a known boundary (the
 * function's first byte) up to the address, as Linux's can_probe() does.
 */
#include <ek/errno.h>

#include "insn.h"

int x86_insn_boundary(const u8 *func, size_t size, size_t offset, const char **why)
{
	struct x86_insn insn;
	const char *ignored;
	size_t pos = 0;

	if (!why)
		why = &ignored;
	if (offset >= size) {
		*why = "offset is past the end of the function";
		return -EILSEQ;
	}
	while (pos < offset) {
		if (x86_insn_decode(func + pos, size - pos, &insn, why))
			return -EILSEQ; /* *why: the decoder's reason */
		pos += insn.len;
	}
	if (pos != offset) {
		*why = "not an instruction boundary";
		return -EILSEQ;
	}
	return 0;
}
