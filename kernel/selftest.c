/* `selftest [NAME|all]`: run on-target self-tests from the SELFTEST table. */
#include <ek/errno.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>

extern const struct selftest *const __selftests_start[], *const __selftests_end[];

static int cmd_selftest(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : NULL;
	int failed = 0, ran = 0;

	for (const struct selftest *const *t = __selftests_start; t < __selftests_end; t++) {
		if (name && strcmp(name, "all") && strcmp(name, (*t)->name))
			continue;
		ran++;
		failed += (*t)->run() != 0;
	}
	if (!ran) {
		console_printf("usage: selftest all|NAME; tests:");
		for (const struct selftest *const *t = __selftests_start; t < __selftests_end; t++)
			console_printf(" %s", (*t)->name);
		console_printf("\n");
		return -EINVAL;
	}
	if (ran > 1)
		console_printf("selftest: %d run, %d failed\n", ran, failed);
	return failed ? -EIO : 0;
}
static const struct shell_cmd selftest_cmd = { "selftest", "all|NAME: run self-tests",
					       cmd_selftest };
SHELL_CMD(selftest_cmd);
