/* The function `selftest patch_text` rewrites (selftest.c): its first
 * instruction is a 5-byte mov with the return value as immediate. */
	.text
	.globl	selftest_patch_target
	.type	selftest_patch_target, @function
selftest_patch_target:
	.byte	0xb8, 0x11, 0x00, 0x00, 0x00	/* mov $0x11, %eax */
	ret
	.size	selftest_patch_target, . - selftest_patch_target

/* selftest kprobes_x86 (selftest_kprobes.c): u32 selftest_x86_target(u32 x)
 * returns x + 1; its probe sits on the second instruction, +4, where six
 * bytes of whole instructions (two adds) let it be jump-optimized too. The
 * handlers call the other two, which trap: those are in the never-probe
 * range, since no probe may sit on their one instruction (ud2 and int3
 * are refused) and a sweep of probe-able functions must not meet them. */
	.globl	selftest_x86_target
	.type	selftest_x86_target, @function
selftest_x86_target:
	mov	4(%esp), %eax
	add	$1, %eax
	add	$0, %eax
	ret
	.size	selftest_x86_target, . - selftest_x86_target

	.section .noprobe.text, "ax"
	.globl	selftest_ud2
	.type	selftest_ud2, @function
selftest_ud2:
	ud2
	ret
	.size	selftest_ud2, . - selftest_ud2

	.globl	selftest_int3
	.type	selftest_int3, @function
selftest_int3:
	int3
	ret
	.size	selftest_int3, . - selftest_int3
