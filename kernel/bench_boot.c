/*
 * bench=boot: count instructions from kernel entry to the line
 * "ekprobes: N early probe(s) armed". The arch counter runs from the first
 * instructions of the image; this parameter (applied while bootargs are
 * parsed, before early probes are armed) adds a console that reads it when
 * that line is handed to the consoles. The console costs a few
 * instructions per line written before it; nothing else is added to boot.
 */
#include <ek/arch.h>
#include <ek/arch_bench.h>
#include <ek/bench.h>
#include <ek/cmdline.h>
#include <ek/noprobe.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>

static u32 armed_at, shell_at;
static bool captured, shell_captured;

/* notrace, and each line looked at only for the mark still to come: the
 * lines before the armed line would otherwise pay a scan for the shell's
 * (~70 instructions a line) inside the very count it ends. */
static notrace void watch_write(struct console *con, const char *s, size_t n)
{
	static const char tail[] = "early probe(s) armed";
	size_t t = sizeof(tail) - 1;

	(void)con;
	/* The armed line reaches the consoles as one write ending exactly
	 * so (any ", N registered disarmed" follows in another write). */
	if (!captured) {
		if (n >= t && s[n - 1] == 'd' && !memcmp(s + n - t, tail, t)) {
			armed_at = arch_bench_boot_insns();
			captured = true;
		}
		return;
	}
	/* Entry -> "boot: stage shell" (what -pg costs the whole boot),
	 * printed long after the armed line. */
	for (size_t i = 0; !shell_captured && i + 17 <= n; i++)
		if (s[i] == 'b' && !memcmp(s + i, "boot: stage shell", 17)) {
			shell_at = arch_bench_boot_insns();
			shell_captured = true;
		}
}

static struct console watch = { .name = "bench", .write = watch_write };

static int bench_param(const struct cmdline_arg *a)
{
	if (a->val && a->vlen == 4 && !memcmp(a->val, "boot", 4) && arch_bench_counter_ok())
		console_register(&watch);
	return 0;
}
KERNEL_PARAM("bench", bench_param);

void bench_boot_report(void)
{
	if (captured)
		console_printf("bench: boot_armed %u\n", armed_at);
	else
		console_printf("bench: boot_armed none (boot with bench=boot under -icount)\n");
	if (shell_captured)
		console_printf("bench: boot_shell %u\n", shell_at);
}
