/* Apply the kernel command line to the KERNEL_PARAM() table. */
#include <ek/cmdline.h>
#include <ek/errno.h>
#include <ek/printk.h>
#include <ek/string.h>

extern const struct kernel_param __kparams_start[], __kparams_end[];

char boot_command_line[CMDLINE_MAX];

static int apply(const struct cmdline_arg *arg, void *ctx)
{
	(void)ctx;
	for (const struct kernel_param *p = __kparams_start; p < __kparams_end; p++) {
		if (cmdline_key_is(arg, p->name)) {
			int ret = p->set(arg);

			if (ret)
				printk("cmdline: bad value for '%s' at offset %lu (%d)\n", p->name,
				       (unsigned long)arg->pos, ret);
		}
	}
	return 0;
}

int cmdline_setup(const char *bootargs, size_t len)
{
	int ret = 0;

	if (len >= CMDLINE_MAX) {
		printk("cmdline: bootargs is %lu bytes, truncated to %u\n", (unsigned long)len,
		       CMDLINE_MAX - 1);
		len = CMDLINE_MAX - 1;
		ret = -E2BIG;
	}
	memcpy(boot_command_line, bootargs, len);
	boot_command_line[len] = '\0';
	cmdline_parse(boot_command_line, apply, NULL);
	return ret;
}
