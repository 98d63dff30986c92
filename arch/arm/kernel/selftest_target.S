/* A function whose first instruction the patch_text self-test rewrites. */
#include <asm/assembler.h>

	.syntax unified
	.arm
	.text
ENTRY(selftest_patch_target)
	mov	r0, #0x11
	bx	lr
ENDPROC(selftest_patch_target)
