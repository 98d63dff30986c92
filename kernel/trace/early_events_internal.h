/*
 * What kernel/trace/early_events.c (records, arming, hits) and
 * early_handover.c (their handover to normal events) share: the records,
 * the probed addresses and the helpers both use. Private to those two.
 */
#ifndef EK_EARLY_EVENTS_INTERNAL_H
#define EK_EARLY_EVENTS_INTERNAL_H

#include <ek/arch.h>
#include <ek/cmdline.h>
#include <ek/probe_event.h>
#include <ek/types.h>

#ifndef EARLY_EVENTS_MAX
#define EARLY_EVENTS_MAX 1024
#endif

enum {
	EV_ORIGIN = 0x03, /* enum early_origin */
	EV_RETURN = 0x04,
	EV_DISABLED = 0x08,
	EV_ARGS = 0x10,      /* has fetch args: a hit parses the definition */
	EV_CONVERTED = 0x20, /* a normal event now (same id) */
	EV_FAULT = 0x40,     /* ekprobes.fault_inject: its handler faults */
};

struct early_event {
	const char *text;  /* the definition, in the DTB or the command line */
	const char *group; /* default group: a DT node name, or "kprobes" */
	unsigned long hits, missed;
	u16 len;
	u16 site;         /* index into early_sites[] */
	u16 next_on_site; /* index + 1; 0 ends the chain */
	u16 name_next;    /* index + 1 in its name-hash chain */
	u16 name_tag;     /* the name hash's high half: most mismatches for free */
	u8 group_len;
	u8 flags;
};

struct early_site {
	u32 addr;
	u8 saved[KPROBE_SAVED_MAX]; /* the bytes the breakpoint replaces */
	/* Small static slot (arch_early_kprobe_prepare); bit 0 set once it
	 * is filled, which waits for the first hit, bit 1 on an ftrace call
	 * site (slots are 16-aligned). */
	uintptr_t slot;
	u16 first;  /* index + 1 of the newest event here */
	u16 hnext;  /* index + 1 in its address-hash chain */
};

#define SLOT_READY 1u
#define SLOT_FTRACE 2u /* the address is a function tracer's call site */

static inline void *site_slot(const struct early_site *s)
{
	return (void *)(s->slot & ~(uintptr_t)(SLOT_READY | SLOT_FTRACE));
}

extern struct early_event early_recs[EARLY_EVENTS_MAX];
extern struct early_site early_sites[EARLY_EVENTS_MAX];
extern unsigned int nevents, nsites;
/* Parser scratch for comparing names (early_events.c) */
extern struct probe_def cmp_def;

struct early_site *site_find(u32 addr);
/* The records at @s hit (this CPU marked busy by the core). */
void site_hits(struct early_site *s, struct pt_regs *regs);
int parse_event(const struct early_event *ev, struct probe_def *def, struct probe_error *err);
/* The kprobe_events line of @ev into @buf; its default group into @group. */
int event_line(const struct early_event *ev, char *buf, size_t size, char *group);
/* A debug knob's value: an event name (too long a one names nothing). */
void knob_name(const struct cmdline_arg *a, char *name, size_t size);

/* kprobes_handover()'s half (early_handover.c). */
void early_events_handover(void);

#endif
