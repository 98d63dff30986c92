/*
 * The static instruction-slot area (kernel/insn_slots.c): executable
 * memory reserved in the image for probes before any allocator exists.
 * Filled with int3 so a stray jump into an unused slot traps.
 * Size: INSN_SLOTS_BYTES (make variable, default 16 KiB).
 */
	.section .insn_slots, "ax"
	.balign	64
	.globl	__insn_slots_start
__insn_slots_start:
	.fill	INSN_SLOTS_BYTES, 1, 0xcc
	.globl	__insn_slots_end
__insn_slots_end:
