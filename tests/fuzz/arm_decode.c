/*
 * libFuzzer target: the ARM (A32) probe decoder (arch/arm/probes/) against
 * arm_classify.c, a classification written separately from the ARM ARM.
 * Every 4 bytes of input are one instruction (little-endian, as in the
 * image). Property: an instruction the decoder accepts (to simulate, or to
 * run out of line) is one the classifier calls defined and predictable.
 * The other way round is fine: the decoder refuses many defined
 * instructions on purpose (exclusives, coprocessor, mode changes, ...),
 * and the classifier leaves whole classes unmodelled, which the decoder
 * must then refuse as well.
 */
#include "arm_classify.h"
#include "decode_table.h"
#include "fuzz.h"

static void check(uint32_t insn)
{
	struct arm_probe_insn pi;
	const char *reason = NULL, *why = NULL;
	int ret = arm_probe_decode(insn, 0x80001000ul, &pi, &reason);
	enum arm_class cls = arm_classify(insn, &why);
	static const char *const names[] = { "defined", "UNDEFINED", "UNPREDICTABLE",
					     "unmodelled" };

	if (ret) {
		if (!reason || !reason[0] || pi.exec)
			fuzz_fail("%08x refused (%d) without a reason, or with an action", insn, ret);
		return;
	}
	if (cls != ARM_DEFINED)
		fuzz_fail("%08x accepted by row \"%s\", but it is %s: %s", insn,
			  arm_probe_row_name(pi.row), names[cls], why);
	if (!pi.exec)
		fuzz_fail("%08x accepted without an action", insn);
	for (int i = 0; i < ARM_PROBE_SCRATCH; i++)
		if (pi.src[i] != ARM_PROBE_NOREG && pi.src[i] > 15)
			fuzz_fail("%08x: scratch %d renames register %u", insn, i, pi.src[i]);
	arm_probe_release(&pi);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (size_t i = 0; i + 4 <= size && i < 4096; i += 4)
		check((uint32_t)data[i] | (uint32_t)data[i + 1] << 8 | (uint32_t)data[i + 2] << 16 |
		      (uint32_t)data[i + 3] << 24);
	return 0;
}
