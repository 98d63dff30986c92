/*
 * The boot stages as they pass (include/ek/boot_watch.h): the stage is
 * noted where the boot trace keeps it (the next boot, or a RAM dump, says
 * "last stage X"), timed for ekprobes.hang_timeout_ms, and checked against
 * the debug stop boot_hang=STAGE[,irqoff][,MS].
 */
#include <ek/arch.h>
#include <ek/boot_watch.h>
#include <ek/cmdline.h>
#include <ek/persist.h>
#include <ek/printk.h>
#include <ek/string.h>
#include <ek/time.h>
#include <ek/trace_dump.h>

/* The last stage: the boot is over, the shell may wait forever. */
#define FINAL_STAGE "shell"

static char hang_stage[24];
static bool hang_irqoff, hang_matched;
static u32 hang_ms;
static u32 timeout_ms;
static const char *stage;
static u64 stage_start;
static bool timeout_dumped, booted;

/*
 * boot_hang=STAGE[,irqoff][,MS]: stop at STAGE, spinning with interrupts as
 * they are (on from time_init on) or masked; with MS, only that many
 * milliseconds of the kernel clock (a slow stage rather than a hung one:
 * the boot then goes on).
 */
static bool parse_ms(const char *p, size_t n, u32 *ms)
{
	u32 v = 0;

	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9' || v > 100000000u)
			return false;
		v = v * 10 + (u32)(p[i] - '0');
	}
	*ms = v;
	return n && v;
}

static int boot_hang_param(const struct cmdline_arg *a)
{
	const char *p = a->val ? a->val : "", *end = p + (a->val ? a->vlen : 0);
	const char *c = memchr(p, ',', (size_t)(end - p));
	size_t n = (size_t)((c ? c : end) - p);
	bool ok = n && n < sizeof(hang_stage);

	hang_irqoff = false;
	hang_ms = 0;
	while (ok && c) {
		const char *opt = c + 1, *next = memchr(opt, ',', (size_t)(end - opt));
		size_t len = (size_t)((next ? next : end) - opt);

		if (len == 6 && !memcmp(opt, "irqoff", 6))
			hang_irqoff = true;
		else
			ok = parse_ms(opt, len, &hang_ms);
		c = next;
	}
	if (!ok) {
		printk("ekprobes: error: bootargs:boot_hang: expected STAGE[,irqoff][,MS]\n");
		hang_stage[0] = '\0';
		return 0;
	}
	memcpy(hang_stage, p, n);
	hang_stage[n] = '\0';
	return 0;
}
KERNEL_PARAM("boot_hang", boot_hang_param);

static void spin(void)
{
	for (volatile unsigned int i = 0; i < 20000; i++)
		;
}

static __noinline void boot_hang(const char *name)
{
	u64 end = time_ns() + (u64)hang_ms * 1000000u;

	printk("boot_hang: stopping at stage %s, interrupts %s%s\n", name,
	       hang_irqoff ? "off" : "as they are", hang_ms ? ", for a while" : "");
	if (hang_irqoff)
		arch_irq_disable();
	while (!hang_ms || time_ns() < end)
		spin(); /* the clock seldom: an emulator's timer is a device */
	printk("boot_hang: going on after %u ms at stage %s\n", hang_ms, name);
	if (hang_irqoff)
		arch_irq_enable();
}

void boot_watch_stage(const char *name)
{
	u64 now = time_ns();
	unsigned long flags = arch_irq_save(); /* the tick reads both */

	stage_start = now;
	stage = name;
	arch_irq_restore(flags);
	persist_note_stage(name);
	if (hang_stage[0] && !strcmp(name, hang_stage)) {
		hang_matched = true;
		boot_hang(name);
	}
	if (!strcmp(name, FINAL_STAGE)) {
		WRITE_ONCE(booted, true);
		if (hang_stage[0] && !hang_matched)
			printk("ekprobes: error: bootargs:boot_hang: no stage '%s' in this boot\n",
			       hang_stage);
	}
}

void boot_watch_set_timeout(u32 ms)
{
	timeout_ms = ms;
}

void boot_watch_tick(void)
{
	const char *name = stage; /* in the interrupt: stage_start goes with it */
	u64 ran;

	if (!timeout_ms || timeout_dumped || READ_ONCE(booted) || !name)
		return;
	ran = time_ns() - stage_start;
	if (ran <= (u64)timeout_ms * 1000000u)
		return;
	timeout_dumped = true;
	printk("ekprobes: boot stage %s running for %llu ms (ekprobes.hang_timeout_ms=%u)\n", name,
	       (unsigned long long)(ran / 1000000u), timeout_ms);
	trace_dump("hang", TRACE_DUMP_LINES);
}
