/*
 * Arch self-tests. `selftest patch_text`: rewrite the first instruction of
 * a real function through patch_text(), call it, restore it, and check
 * what can be seen from here:
 *  - the function behaves as patched, then as restored, and the bytes
 *    read back at its address are the ones written;
 *  - text is still read-only afterwards (a write to it faults), so the
 *    bytes went through the temporary alias, not a writable text mapping;
 *  - the alias is gone afterwards (reading its address faults).
 * What cannot be seen here: the cache maintenance. QEMU models no caches
 * (it notices writes to translated code and retranslates by itself), so a
 * patch_text() without its D-cache clean to the point of unification or
 * without the I-cache and branch-predictor invalidation behaves exactly
 * the same under QEMU; only real hardware tells those apart.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/mm.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>
#include <asm/mmu.h>
#include <asm/traps.h>

int selftest_patch_target(void);

#define MOV_R0_0x11 0xe3a00011u
#define MOV_R0_0x22 0xe3a00022u

static int selftest_patch_text(void)
{
	int (*volatile fn)(void) = selftest_patch_target;
	u32 *insn = (u32 *)(void *)selftest_patch_target;
	u32 orig = *insn, patched = MOV_R0_0x22, dummy;
	unsigned long alias = FIXMAP_BASE + FIX_TEXT_POKE * PAGE_SIZE;
	int before, during, after, text_write, alias_read;

	if (orig != MOV_R0_0x11) {
		console_printf("selftest patch_text: unexpected original %08x\n", orig);
		return -EINVAL;
	}
	before = fn();
	if (patch_text(insn, &patched, 4))
		return -EIO;
	during = fn();
	if (patch_text(insn, &orig, 4))
		return -EIO;
	after = fn();
	text_write = arch_probe_write32((unsigned long)insn, patched);
	alias_read = arch_probe_read32(alias, &dummy);
	console_printf("selftest patch_text: %pS returned 0x%x, patched 0x%x, restored 0x%x, "
	       "text %08x; writing text: %d, reading the alias: %d\n", (void *)insn, before,
	       during, after, *insn, text_write, alias_read);
	if (before != 0x11 || during != 0x22 || after != 0x11 || *insn != orig) {
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

/* An undefined instruction reaches a registered hook, which can rewrite the
 * saved registers; the hook is what the kprobes breakpoint plugs into. */
#define UDF_SELFTEST 0xe7f00ff0u /* UDF #0xff: reserved for this test */

static unsigned int hook_hits;

static int undef_selftest_hook(struct pt_regs *regs, u32 instr)
{
	(void)instr;
	hook_hits++;
	regs->uregs[0] = 0x5a5a; /* visible result for the caller */
	regs->ARM_pc += 4;
	return 0;
}

static struct undef_hook selftest_hook = {
	.instr_mask = 0xffffffffu,
	.instr_val = UDF_SELFTEST,
	.cpsr_mask = 0x1f,
	.cpsr_val = 0x13, /* SVC mode */
	.fn = undef_selftest_hook,
};

static int selftest_undef_hook(void)
{
	u32 r0;
	bool ok;

	hook_hits = 0;
	register_undef_hook(&selftest_hook);
	__asm__ __volatile__("mov r0, #0\n\t.inst 0xe7f00ff0\n\tmov %0, r0"
			     : "=r"(r0) : : "r0", "memory");
	unregister_undef_hook(&selftest_hook);
	ok = hook_hits == 1 && r0 == 0x5a5a;
	console_printf("selftest undef_hook: hook ran %u time(s), r0=0x%x: %s\n", hook_hits, r0,
		       ok ? "PASS" : "FAIL");
	return ok ? 0 : -EIO;
}
static const struct selftest undef_hook_test = { "undef_hook", selftest_undef_hook };
SELFTEST_DECLARE(undef_hook_test);
