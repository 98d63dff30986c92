/*
 * `selftest patch_text`: rewrite the first instruction of a real function
 * through patch_text(), call it, restore it, and check both the behaviour
 * and the bytes read back. Proves the alias mapping and cache maintenance
 * on read-only text.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>

int selftest_patch_target(void);

#define MOV_R0_0x11 0xe3a00011u
#define MOV_R0_0x22 0xe3a00022u

static int selftest_patch_text(void)
{
	int (*volatile fn)(void) = selftest_patch_target;
	u32 *insn = (u32 *)(void *)selftest_patch_target;
	u32 orig = *insn, patched = MOV_R0_0x22;
	int before, during, after;

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
	console_printf("selftest patch_text: %pS returned 0x%x, patched 0x%x, restored 0x%x, "
	       "text %08x\n", (void *)insn, before, during, after, *insn);
	if (before != 0x11 || during != 0x22 || after != 0x11 || *insn != orig) {
		console_printf("selftest patch_text: FAIL\n");
		return -EIO;
	}
	console_printf("selftest patch_text: PASS\n");
	return 0;
}

static int cmd_selftest(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "patch_text"))
		return selftest_patch_text();
	console_printf("usage: selftest patch_text\n");
	return -EINVAL;
}
static const struct shell_cmd selftest_cmd = { "selftest", "patch_text: run a self-test",
					       cmd_selftest };
SHELL_CMD(selftest_cmd);
