/*
 * What kernel/trace/probe_events.c (an event's life: create, delete,
 * queries) and probe_record.c (its hits) share.
 */
#ifndef EK_PROBE_EVENT_INTERNAL_H
#define EK_PROBE_EVENT_INTERNAL_H

#include <ek/kprobes.h>
#include <ek/probe_event.h>
#include <ek/smp.h>
#include <ek/trace.h>

/* A cache line (the Cortex-A15's; the A9's is half), in counters. */
#define HITS_PER_LINE (64 / sizeof(unsigned long))

struct probe_event {
	struct probe_def def;
	u16 id;
	/* The common record, made by record_nwords(): every argument a 32-bit
	 * register of the frame, or (stack_words) every one a 32-bit function
	 * argument on the stack. hdr is the entry header but for ts; words[i]
	 * indexes the frame, or the stack from the entry sp, as u32[]. */
	bool words_only;
	bool stack_words;
	u8 nwords;
	u8 sp_word;	/* stack_words: the frame's sp, as a frame index */
	u16 stack_span;	/* stack_words: bytes from sp to past the last argument */
	u8 words[PROBE_MAX_ARGS];
	struct trace_entry hdr;
	struct kretprobe rp; /* rp.kp alone for entry probes */
	struct event_filter *filter; /* NULL: every hit is recorded */
	struct event_dir *dir;       /* events/<grp>/<event>/ (event_files.c) */
	struct probe_event *next;
	struct probe_event *id_next;
	/* Hits per CPU (probe_record.c: count_hit()), summed on read: each
	 * CPU's counter on a line of its own, after a line left empty as the
	 * fields above are read on every hit. Last: what follows is another
	 * object. */
	unsigned long hits_pad[HITS_PER_LINE];
	unsigned long hits[NR_CPUS * HITS_PER_LINE];
};

/* @cpu's counter in hits[]. */
static inline unsigned int probe_event_hits_index(unsigned int cpu)
{
	return NR_CPUS > 1 ? cpu * HITS_PER_LINE : 0;
}

/* ekprobes.print: hits are printed live (handlers chosen with it). */
extern bool probe_print_on;

/* Whether record_nwords() can record @ev; its header and word indexes. */
void probe_event_prepare_words(struct probe_event *ev);
/* The handlers @ev records with now. */
kprobe_pre_handler_t probe_event_entry_handler(const struct probe_event *ev);
kretprobe_handler_t probe_event_return_handler(const struct probe_event *ev);
/* The same, swapped into its live probe in place (IRQs masked). */
void probe_event_set_handlers(struct probe_event *ev);

#endif
