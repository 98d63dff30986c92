/*
 * The static instruction-slot area: probes need executable memory for
 * out-of-line copies before any allocator exists, so it is reserved in the
 * image. Filled with UDF so a stray jump into an unused slot traps.
 * Size: INSN_SLOTS_BYTES (make variable, default 16 KiB).
 */
	.syntax unified
	.arm
	.section .insn_slots, "ax"
	.align	6
	.globl	__insn_slots_start
__insn_slots_start:
	.fill	INSN_SLOTS_BYTES / 4, 4, 0xe7f000f0	@ UDF #0
	.globl	__insn_slots_end
__insn_slots_end:
