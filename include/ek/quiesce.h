/*
 * Freeing after quiescence. Probe text (boost slots, detours) and probe
 * state (sites, arch state) may still be in use after they were unlinked:
 * the trap that returns into a boost slot, the detour tail running with
 * IRQs unmasked, a handler that unregistered its own probe and returns
 * into the core that called it. They are freed only once every CPU has
 * passed a quiescent point after they were unlinked: a place outside any
 * trap, detour, slot or handler (the shell loop, a secondary CPU's idle
 * loop, a wait for another CPU, between boot stages). Everything a CPU
 * does between two of its quiescent points is, in RCU's terms, one
 * read-side section: lock-free readers of probe lists need nothing more.
 */
#ifndef EK_QUIESCE_H
#define EK_QUIESCE_H

#include <ek/types.h>

struct quiesce_head {
	struct quiesce_head *next;
	void (*fn)(struct quiesce_head *h);
	unsigned long gen; /* the generation it was queued in */
};

/* Call @fn(@h) once no context can still run in or read what it frees.
 * Safe anywhere, handlers and IRQ context included. */
void call_after_quiescence(struct quiesce_head *h, void (*fn)(struct quiesce_head *h));
/* This CPU is at a quiescent point: runs what became safe. Thread context,
 * no probe handler running on this CPU. */
void quiescent_point(void);
/* Queued callbacks not run yet (tests, /proc/meminfo). */
unsigned int quiesce_pending(void);
/* Wait until every other online CPU passed a quiescent point (a grace
 * period; this CPU counts as one, so it must be in thread context outside
 * any probe): after it no CPU still runs code that saw what was unlinked
 * before the call. Returns at once on one CPU, or from a probe handler
 * (which cannot wait for itself). Never with a spinlock held. */
void quiesce_sync(void);
/* A CPU coming online: it has seen every generation so far. */
void quiesce_cpu_online(void);
/* Whether something was queued or waited for since this CPU's last
 * quiescent point: a CPU about to sleep (WFI, interrupts masked) passes
 * one more instead, or a wake-up that came in between would be lost. */
bool quiesce_behind(void);

#endif
