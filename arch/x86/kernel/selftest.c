/*
 * Arch self-test `selftest patch_text` (the ARM one's x86 twin): rewrite
 * the first instruction of a real function through patch_text(), call it,
 * restore it, and check what can be seen from here: the function behaves
 * as patched, then as restored; text is still read-only afterwards (a
 * write to it faults), so the bytes went through the fixmap alias; and
 * the alias is gone (reading it faults). The serializing CPUID after the
 * write cannot be told apart under QEMU, which retranslates modified code
 * by itself.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/mm.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>
#include <asm/mmu.h>

int selftest_patch_target(void); /* selftest_target.S: mov $0x11, %eax; ret */

#define MOV_EAX_IMM 0xb8 /* mov $imm32, %eax: 5 bytes */

static int selftest_patch_text(void)
{
	int (*volatile fn)(void) = selftest_patch_target;
	u8 *insn = (u8 *)(void *)selftest_patch_target;
	static const u8 expect[5] = { MOV_EAX_IMM, 0x11, 0, 0, 0 };
	static const u8 patched[5] = { MOV_EAX_IMM, 0x22, 0, 0, 0 };
	unsigned long alias = FIXMAP_BASE + FIX_TEXT_POKE * PAGE_SIZE;
	int before, during, after, text_write, alias_read;
	u32 dummy;

	if (memcmp(insn, expect, sizeof(expect))) {
		console_printf("selftest patch_text: unexpected original %02x %02x\n", insn[0],
			       insn[1]);
		return -EINVAL;
	}
	before = fn();
	if (patch_text(insn, patched, sizeof(patched)))
		return -EIO;
	during = fn();
	if (patch_text(insn, expect, sizeof(expect)))
		return -EIO;
	after = fn();
	text_write = arch_probe_write32((unsigned long)insn, 0xcccccccc);
	alias_read = arch_probe_read32(alias, &dummy);
	console_printf("selftest patch_text: %pS returned 0x%x, patched 0x%x, restored 0x%x; "
		       "writing text: %d, reading the alias: %d\n", (void *)insn, before, during,
		       after, text_write, alias_read);
	if (before != 0x11 || during != 0x22 || after != 0x11 ||
	    memcmp(insn, expect, sizeof(expect))) {
		console_printf("selftest patch_text: FAIL\n");
		return -EIO;
	}
	if (arch_mmu_enabled() && (text_write != -EFAULT || alias_read != -EFAULT)) {
		console_printf("selftest patch_text: FAIL (text writable or alias left mapped)\n");
		return -EIO;
	}
	console_printf("selftest patch_text: PASS\n");
	return 0;
}

static const struct selftest patch_text_test = { "patch_text", selftest_patch_text };
SELFTEST_DECLARE(patch_text_test);
