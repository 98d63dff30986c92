/*
 * An independent classification of A32 encodings, written from the ARM
 * Architecture Reference Manual ARMv7-A/R (DDI 0406C, chapter A5 and the
 * per-instruction encoding and decode pseudocode), to check the probe
 * decoder against. It shares no tables or code with arch/arm/probes/.
 */
#ifndef EK_TESTS_FUZZ_ARM_CLASSIFY_H
#define EK_TESTS_FUZZ_ARM_CLASSIFY_H

#include <stdint.h>

enum arm_class {
	ARM_DEFINED,       /* a defined, predictable encoding */
	ARM_UNDEFINED,     /* UNDEFINED (unallocated, or permanently undefined) */
	ARM_UNPREDICTABLE, /* UNPREDICTABLE, including (0)/(1) bits not as shown */
	ARM_UNMODELLED,    /* a class classified no further (coprocessor, SIMD,
			    * exclusives, ...): the decoder must refuse it too */
};

/* The class of @insn; *why names the rule (static string). */
enum arm_class arm_classify(uint32_t insn, const char **why);

#endif
