/*
 * Probe target area for probetest (probetest.c). Real kprobes may only sit
 * in ordinary kernel text (kprobe_check_blacklist() refuses .noprobe.text,
 * slots and data), so the suite needs a function of its own in .text to
 * write each instruction under test into, with the same landing stubs the
 * scratch slot gets. It is never called: the NOPs only reserve the words
 * and give kallsyms a sized function for register_kprobe() to accept.
 */
#include <asm/assembler.h>

	.syntax unified
	.arm
	.text
	.balign	8
ENTRY(probetest_probe_area)
	.rept	32
	nop
	.endr
	bx	lr			@ harmless should anything ever call it
ENDPROC(probetest_probe_area)
