/*
 * Watching the boot stages (kernel/boot_watch.c): which one runs, for how
 * long, and the debug stop boot_hang=STAGE[,irqoff][,MS] that makes a boot
 * hang on purpose, to test what happens when a real one does (like
 * Linux's lkdtm).
 */
#ifndef EK_BOOT_WATCH_H
#define EK_BOOT_WATCH_H

#include <ek/types.h>

/* Stage @name starts (boot_stage()). */
void boot_watch_stage(const char *name);
/* ekprobes.hang_timeout_ms / DT hang-timeout-ms: a stage running longer
 * than @ms once the timer ticks dumps the trace once (0: off). */
void boot_watch_set_timeout(u32 ms);
/* Every timer tick, in the interrupt. */
void boot_watch_tick(void);

#endif
