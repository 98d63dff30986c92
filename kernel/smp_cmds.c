/*
 * `oncpu N CMD...`: run a shell command on CPU N (its idle loop runs it
 * in thread context, interrupts on, its local tick running), the shell on
 * CPU 0 waiting for it. Output goes to the console as from CPU 0.
 */
#include <ek/errno.h>
#include <ek/percpu.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/smp.h>
#include <ek/string.h>

struct pinned {
	int argc;
	char **argv;
};

static int run_pinned(void *arg)
{
	struct pinned *p = arg;

	return shell_exec_argv(p->argc, p->argv);
}

static int cmd_oncpu(int argc, char **argv)
{
	struct pinned p = { argc - 2, argv + 2 };
	unsigned long cpu;
	int ret;

	if (argc < 3 || kstrtoul(argv[1], 0, &cpu)) {
		console_printf("usage: oncpu N COMMAND [ARGS...]\n");
		return -EINVAL;
	}
	if (smp_processor_id()) {
		console_printf("oncpu: only from CPU 0's shell\n");
		return -EINVAL;
	}
	if (!cpu_online((unsigned int)cpu)) {
		console_printf("oncpu: cpu%lu is not online\n", cpu);
		return -ENODEV;
	}
	ret = smp_call_on_cpu((unsigned int)cpu, run_pinned, &p);
	if (ret == -EBUSY)
		console_printf("oncpu: cpu%lu is busy (smpstress?)\n", cpu);
	return ret;
}
static const struct shell_cmd oncpu_cmd = {
	"oncpu", "N COMMAND [ARGS...]: run a command on CPU N (probetest, selftest all, ...)",
	cmd_oncpu
};
SHELL_CMD(oncpu_cmd);
