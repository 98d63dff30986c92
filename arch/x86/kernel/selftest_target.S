/* The function `selftest patch_text` rewrites (selftest.c): its first
 * instruction is a 5-byte mov with the return value as immediate. */
	.text
	.globl	selftest_patch_target
	.type	selftest_patch_target, @function
selftest_patch_target:
	.byte	0xb8, 0x11, 0x00, 0x00, 0x00	/* mov $0x11, %eax */
	ret
	.size	selftest_patch_target, . - selftest_patch_target
