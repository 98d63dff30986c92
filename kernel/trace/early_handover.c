/*
 * The handover of early events (kernel/trace/early_events.c) to normal
 * probe events, once kzalloc works (kprobes_handover() calls it through
 * the early ops), and what comes after it for a record that could not
 * convert.
 */
#include <ek/arch.h>
#include <ek/cmdline.h>
#include <ek/early_events.h>
#include <ek/early_sources.h>
#include <ek/errno.h>
#include <ek/insn_slots.h>
#include <ek/kprobes.h>
#include <ek/mm.h>
#include <ek/noprobe.h>
#include <ek/printk.h>
#include <ek/probe_event.h>
#include <ek/quiesce.h>
#include <ek/string.h>
#include "early_events_internal.h"

/* From the handover on, one normal kprobe per armed address (see below),
 * indexed like early_sites[]. */
static struct kprobe *bridges;

/*
 * The handover, atomic per address. The records on one address must never
 * see their breakpoint taken over by a normal site that does not call
 * them, and each hit must be counted by exactly one of a record and its
 * event:
 *  1. every armed address first gets a "bridge": one normal kprobe
 *     (KPROBE_FLAG_EARLY, listed [EARLY]) whose handler runs all the
 *     address's records still early, as the early trap did. Registering
 *     it moves the breakpoint from the early trap to a normal site in one
 *     step; from then on the site is a normal one (dynamic slots, a detour
 *     where the instruction allows);
 *  2. each event is registered disabled on that site, then, with IRQs
 *     masked and only unprobeable code in between, the record is retired
 *     and the event's kprobe enabled (convert()): no hit can fall between
 *     the two. The record's counts are then added to the event's;
 *  3. a bridge whose records all converted is unregistered. One with a
 *     record that could not convert stays (that record is still an early
 *     probe, with an error line saying why).
 */

static int bridge_hit(struct kprobe *kp, struct pt_regs *regs)
{
	struct early_site *s = site_find((u32)(uintptr_t)kp->addr);

	if (s)
		site_hits(s, regs);
	return 0;
}

static void report(unsigned int i, const char *msg)
{
	printk("ekprobes: error: early probe %u (%.*s): %s; it stays early\n", i + 1,
	       (int)early_recs[i].len, early_recs[i].text, msg);
}

static void report_err(unsigned int i, const struct probe_error *err)
{
	char msg[160];

	probe_error_format(err, msg, sizeof(msg));
	report(i, msg);
}

static bool site_armed(unsigned int s)
{
	for (u16 i = early_sites[s].first; i; i = early_recs[i - 1].next_on_site)
		if (!(early_recs[i - 1].flags & EV_DISABLED))
			return true;
	return false;
}

/* Retire the record and enable its event in one step (see above). */
static __noprobe void convert(struct early_event *ev, struct kprobe *kp, unsigned long *hits,
			      unsigned long *missed)
{
	unsigned long flags = arch_irq_save();

	ev->flags |= EV_CONVERTED;
	*hits = ev->hits;
	*missed = ev->missed;
	if (!(ev->flags & EV_DISABLED))
		enable_kprobe(kp);
	arch_irq_restore(flags);
}

static void install(unsigned int i, struct probe_event *pe)
{
	struct early_event *ev = &early_recs[i];
	unsigned long hits, missed;
	struct probe_error err;

	if (probe_event_install(pe, (u16)(i + 1), &err)) {
		report_err(i, &err);
		probe_event_discard(pe);
		return;
	}
	convert(ev, probe_event_kprobe(pe), &hits, &missed);
	probe_event_add_counts(pe, hits, missed);
	probe_event_publish(pe);
}

static struct quiesce_head slots_free_after;

/* The static slots of every address a normal site took over (or that
 * never had a breakpoint): no trap returns into them any more. */
static void free_static_slots(struct quiesce_head *h)
{
	(void)h;
	for (unsigned int s = 0; s < nsites; s++) {
		bool early_trap_owns = site_armed(s) && !bridges[s].addr;

		if (!early_trap_owns && site_slot(&early_sites[s])) {
			insn_slot_free(site_slot(&early_sites[s]));
			early_sites[s].slot &= SLOT_FTRACE;
		}
	}
}

/* ekprobes.fail_handover=EVENT (debug, tests): that early event's
 * conversion fails as if the allocator had, so the path a real failure
 * takes (the record stays early, listed [EARLY]) can be seen. */
static char fail_handover[PROBE_EVENT_MAX];

static int fail_handover_param(const struct cmdline_arg *a)
{
	knob_name(a, fail_handover, sizeof(fail_handover));
	return 0;
}
KERNEL_PARAM("ekprobes.fail_handover", fail_handover_param);

static bool must_fail(const struct early_event *ev)
{
	struct probe_error err;

	return fail_handover[0] && !parse_event(ev, &cmp_def, &err) &&
	       !strcmp(cmp_def.event, fail_handover);
}

void early_events_handover(void)
{
	struct probe_event **pe = kzalloc(sizeof(*pe) * (nevents ? nevents : 1));
	char line[EARLY_DEF_LEN], group[PROBE_GROUP_MAX];
	struct probe_error err;
	const char *why;

	bridges = kzalloc(sizeof(*bridges) * (nsites ? nsites : 1));
	if (!pe || !bridges) {
		printk("ekprobes: error: no memory to hand %u early probe(s) over; they stay early\n",
		       nevents);
		kfree(pe);
		kfree(bridges);
		bridges = NULL;
		return;
	}
	probe_event_reserve_ids((u16)nevents);
	/* 1. The bridges. */
	for (unsigned int s = 0; s < nsites; s++) {
		struct kprobe *b = &bridges[s];

		if (!site_armed(s))
			continue;
		b->addr = (void *)(uintptr_t)early_sites[s].addr;
		b->pre_handler = bridge_hit;
		b->flags = KPROBE_FLAG_EARLY;
		if (register_kprobe_why(b, &why)) {
			for (u16 i = early_sites[s].first; i; i = early_recs[i - 1].next_on_site)
				report(i - 1U, why);
			b->addr = NULL;
		}
	}
	/* Everything that allocates, while the records still serve. */
	for (unsigned int i = 0; i < nevents; i++) {
		unsigned int s = early_recs[i].site;
		int n;

		if (site_armed(s) && !bridges[s].addr)
			continue; /* reported: the early trap keeps it */
		n = event_line(&early_recs[i], line, sizeof(line), group);
		if (must_fail(&early_recs[i])) {
			report(i, "no memory for the event (ekprobes.fail_handover)");
			continue;
		}
		pe[i] = n < 0 ? NULL : probe_event_prepare(line, (size_t)n, group, &err);
		if (!pe[i] && n >= 0)
			report_err(i, &err);
	}
	/* 2. The events, in the order they were defined. */
	for (unsigned int i = 0; i < nevents; i++)
		if (pe[i])
			install(i, pe[i]);
	/* 3. Bridges with nothing left to run. */
	for (unsigned int s = 0; s < nsites; s++) {
		bool all = true;

		for (u16 i = early_sites[s].first; i && all; i = early_recs[i - 1].next_on_site)
			all = early_recs[i - 1].flags & EV_CONVERTED;
		if (all && bridges[s].addr)
			unregister_kprobe(&bridges[s]);
	}
	call_after_quiescence(&slots_free_after, free_static_slots);
	kfree(pe);
}

/* ---- records that stayed early -------------------------------------- */

bool early_event_def(u16 id, struct probe_def *def)
{
	struct probe_error err;

	if (!id || id > nevents || (early_recs[id - 1].flags & EV_CONVERTED))
		return false;
	return !parse_event(&early_recs[id - 1], def, &err) && !probe_def_resolve(def, &err);
}

void early_events_for_each_left(void (*fn)(const struct probe_def *def, unsigned long hits,
					   unsigned long missed, void *ctx),
				void *ctx)
{
	static struct probe_def def; /* too big for the stack */
	struct probe_error err;

	if (!bridges)
		return; /* no handover (yet) */
	for (unsigned int i = 0; i < nevents; i++) {
		const struct early_event *ev = &early_recs[i];

		if (!(ev->flags & EV_CONVERTED) && !parse_event(ev, &def, &err))
			fn(&def, ev->hits, ev->missed, ctx);
	}
}
