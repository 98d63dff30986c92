/*
 * Probed functions return here instead of to their caller. The trap hands
 * the registers (return value in r0) to kretprobe_trampoline_handler(),
 * which answers where the function really returns.
 */
#include <asm/assembler.h>

	.syntax unified
	.arm
	.section .noprobe.text, "ax"
ENTRY(kretprobe_trampoline)
	.inst	0xe7f001f9		@ UDF #0x19: KRETPROBE_TRAP
ENDPROC(kretprobe_trampoline)
