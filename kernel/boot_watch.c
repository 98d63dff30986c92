/*
 * The boot stages as they pass (include/ek/boot_watch.h): the stage is
 * noted where the boot trace keeps it (the next boot, or a RAM dump, says
 * "last stage X"), timed for ekprobes.hang_timeout_ms, and checked against
 * the debug stop boot_hang=STAGE[,irqoff].
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
static u32 timeout_ms;
static const char *stage;
static u64 stage_start;
static bool timeout_dumped, booted;

/* boot_hang=STAGE[,irqoff]: stop at STAGE, spinning with interrupts as
 * they are (on from time_init on) or masked. */
static int boot_hang_param(const struct cmdline_arg *a)
{
	const char *comma = a->val ? memchr(a->val, ',', a->vlen) : NULL;
	size_t n = comma ? (size_t)(comma - a->val) : (a->val ? a->vlen : 0);
	size_t rest = comma ? a->vlen - n - 1 : 0;

	if (!n || n >= sizeof(hang_stage) || (comma && (rest != 6 || memcmp(comma + 1, "irqoff", 6)))) {
		printk("ekprobes: error: bootargs:boot_hang: expected STAGE or STAGE,irqoff\n");
		return 0;
	}
	memcpy(hang_stage, a->val, n);
	hang_stage[n] = '\0';
	hang_irqoff = comma != NULL;
	return 0;
}
KERNEL_PARAM("boot_hang", boot_hang_param);

static __noinline void boot_hang(const char *name)
{
	printk("boot_hang: stopping at stage %s, interrupts %s\n", name,
	       hang_irqoff ? "off" : "as they are");
	if (hang_irqoff)
		arch_irq_disable();
	for (;;)
		barrier();
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
