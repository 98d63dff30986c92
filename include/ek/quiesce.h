/*
 * Freeing after quiescence. Probe text (boost slots, detours) and probe
 * state (sites, arch state) may still be in use after they were unlinked:
 * the trap that returns into a boost slot, the detour tail running with
 * IRQs unmasked, a handler that unregistered its own probe and returns
 * into the core that called it. They are freed only once every CPU has
 * passed a quiescent point after they were unlinked: a place outside any
 * trap, detour, slot or handler (the shell loop, idle, between boot
 * stages). One CPU runs today; quiesce.c says what SMP adds.
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

#endif
