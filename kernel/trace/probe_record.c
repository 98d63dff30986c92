/*
 * A probe event's hit (kernel/trace/probe_events.c makes the events): the
 * handlers that record its fetched arguments into this CPU's trace buffer,
 * the record_words() fast paths chosen per event, and live printing.
 */
#include <ek/arch.h>
#include <ek/event_filter.h>
#include <ek/mm.h>
#include <ek/printk.h>
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/persist_format.h>
#include <ek/shell.h>

#include "probe_event_internal.h"

bool probe_print_on;
static DEFINE_PER_CPU(bool, printing_hit); /* this CPU is in print_hit() */

static inline u32 hits_off(unsigned int cpu)
{
	return (u32)(offsetof(struct probe_event, hits) - offsetof(struct probe_event, rp.kp) +
		     probe_event_hits_index(cpu) * sizeof(unsigned long));
}

notrace u32 probe_event_hits_off(unsigned int cpu)
{
	return hits_off(cpu);
}

/* This CPU's buffer, with the hit of @kp's event counted there: one load
 * (tb->hits_off) finds the counter from the kprobe the handler got. */
static __always_inline struct trace_buffer *count_hit(struct kprobe *kp)
{
	struct trace_buffer *tb = trace_buffer_this_cpu();

	/* With a run-time per-CPU offset: ring, clock and counter from one
	 * register (else the compiler keeps CPU 0's address and the offset
	 * apart). A constant address needs no register at all, nor a load
	 * for the counter's place. */
	if (NR_CPUS > 1)
		__asm__("" : "+r"(tb));
	(*(unsigned long *)((char *)kp + (NR_CPUS > 1 ? tb->hits_off : hits_off(0))))++;
	return tb;
}

static void print_hit(const struct probe_def *def, const struct trace_slot *slot)
{
	bool *printing = this_cpu_ptr(&printing_hit);
	char line[256];
	struct seq s;

	/* A probe on the console path fires again while we print: the
	 * kprobes core already skips nested handlers, this guards any
	 * other way back in (an interrupt handler probed mid-print). */
	if (*printing)
		return;
	*printing = true;
	seq_init_buf(&s, line, sizeof(line));
	trace_print_event_def(&s, def, slot);
	printk("ekprobes: %s\n", line);
	*printing = false;
}

/* Everything of a record but the data: the header in as few stores as
 * it takes, the timestamp as a raw trace-clock count. The reader sets
 * cpu (the ring says whose it is). */
static inline void fill_slot(struct trace_slot *slot, const struct trace_buffer *tb,
			     const struct probe_def *def, u16 id, struct pt_regs *regs,
			     unsigned long ip)
{
	bool truncated = false;
	u16 clock_flags;

	slot->e.ts = trace_stamp(tb, &clock_flags);
	slot->e.ip = (u32)ip;
	slot->e.event_id = id;
	slot->e.cpu = 0;
	slot->e.faults = 0;
	slot->e.status = regs_get_status(regs);
	slot->e.len = def->nargs ? (u16)probe_fetch_args(def, regs, slot->data,
						       sizeof(slot->data), &slot->e.faults,
						       &truncated) : 0;
	slot->e.flags = (u16)((truncated ? TRACE_ENTRY_TRUNCATED : 0) | clock_flags);
	if (tb->checked)
		slot->e.check = trace_entry_check(slot);
}

/* A record in @tb, this CPU's buffer. */
static __always_inline void record_on(struct trace_buffer *tb, const struct probe_def *def,
				      u16 id, struct pt_regs *regs, unsigned long ip,
				      const struct event_filter *filter)
{
	struct trace_slot *dst, slot;

	if (!READ_ONCE(probe_print_on) && !filter) {
		/* The common case: fill the ring's slot itself, no copy;
		 * handlers run with IRQs masked, so no locking either. */
		dst = trace_buffer_reserve_masked(tb);
		if (dst) {
			fill_slot(dst, tb, def, id, regs, ip);
			trace_buffer_commit(tb, dst);
		}
		return;
	}
	/* A filter decides on the fields, printing reads the record after
	 * other hits may have reused the ring slot: a private copy first. */
	fill_slot(&slot, tb, def, id, regs, ip);
	if (filter && !event_filter_match(filter, def, &slot))
		return;
	trace_buffer_write(&slot, slot.e.len);
	if (READ_ONCE(probe_print_on))
		print_hit(def, &slot);
}

notrace void probe_record(const struct probe_def *def, u16 id, struct pt_regs *regs, unsigned long ip)
{
	record_on(trace_buffer_this_cpu(), def, id, regs, ip, NULL);
}

notrace void probe_event_record(struct probe_event *ev, struct pt_regs *regs, unsigned long ip)
{
	record_on(count_hit(&ev->rp.kp), &ev->def, ev->id, regs, ip, READ_ONCE(ev->filter));
}

/* The header's first three words, as record_nwords() copies them from the
 * event's prepared header; then the flags (the clock's epoch and the
 * running context) and the status word (from the frame) are stored. */
struct entry_head {
	u32 w[3];
} __attribute__((may_alias));

_Static_assert(offsetof(struct trace_entry, flags) == 10 &&
	       offsetof(struct trace_entry, status) == sizeof(struct entry_head),
	       "ip, event_id to faults, len and flags: the first three words");

/*
 * record_nwords(): the record of an event whose arguments are all 32-bit
 * registers, which is most of them, in as few instructions as it takes:
 * reserve, stamp, copy the prepared header, copy the words, commit. It
 * stores exactly what fill_slot() would (a return's ip is where it
 * returns to: @ret_ip, else 0 and the header's). Handlers that use it are
 * installed only while live printing is off and no filter is set
 * (probe_event_entry_handler()), so they test nothing. @checked (a
 * constant): CPU 0's ring is in a kept region, so the record also gets
 * its check word, folded in as the words go by (the other handlers
 * compute nothing of it; on the other CPUs the word is computed all the
 * same: one handler per probe).
 */
static __always_inline void record_nwords(const struct probe_event *ev, struct trace_buffer *tb,
					  const u32 *regs, const u32 *frame, int nwords,
					  unsigned long ret_ip, bool checked)
{
	struct trace_slot *dst;
	u32 *data, check = 0, ctx, status = 0;

	/* The status word first where callee-saved registers are plenty
	 * (ARCH_SPARE_CALLEE_SAVED): kept across the clock call in one of
	 * them, @regs need not be (an event without arguments reads nothing
	 * else of the frame; the asm keeps the load here). Elsewhere it is
	 * read after the call (STATUS()). */
	if (ARCH_SPARE_CALLEE_SAVED) {
		status = regs[ARCH_REGS_STATUS_OFFSET / 4];
		__asm__("" : "+r"(status));
	}
#define STATUS() (ARCH_SPARE_CALLEE_SAVED ? status : regs[ARCH_REGS_STATUS_OFFSET / 4])
	dst = trace_buffer_reserve_masked(tb);
	if (!dst)
		return;
	if (checked) {
		/* Read before the clock call: ts's registers are then free
		 * as soon as the check has its low word. */
		u32 seed = ev->hdr.status;
		u64 ts = tb->clock();

		/* The check word: the timestamp's low word, the prepared
		 * header's part (kept in hdr.status, a word the prepared
		 * header does not otherwise use), the context, the words. */
		dst->e.ts = ts;
		/* the high word is left to the reader's spike test */
		check = (u32)ts ^ seed;
		__asm__("" : "+r"(check)); /* now: ts's registers are free for the copy */
		*(struct entry_head *)&dst->e = *(const struct entry_head *)&ev->hdr;
		/* The flags come as fn_hdr[1], the word they head (its low
		 * half, sizeof(u32), is in hdr.status): no shift. */
		ctx = tb->fn_hdr[1];
		dst->e.flags = (u16)(ctx >> 16);
		status = STATUS();
		dst->e.status = status;
		check ^= ctx ^ status;
	} else {
		dst->e.ts = tb->clock();
		*(struct entry_head *)&dst->e = *(const struct entry_head *)&ev->hdr;
		dst->e.flags = (u16)(tb->fn_hdr[1] >> 16); /* trace_entry_flags() */
		dst->e.status = STATUS();
	}
	data = (u32 *)dst->data;
#define WORD(i)                                            \
	do {                                               \
		u32 w_ = frame[ev->words[i]];              \
		data[i] = w_;                              \
		if (checked)                               \
			check ^= w_;                       \
	} while (0)
	/* Unrolled from the top: one jump, then a load and a store each. */
	/* -1: ev->nwords, read here, after the clock call (read as an
	 * argument it would live across the call in a spilled register). */
	switch (nwords < 0 ? ev->nwords : nwords) {
	case 0: break;
	case 8: WORD(7); /* fall through */
	case 7: WORD(6); /* fall through */
	case 6: WORD(5); /* fall through */
	case 5: WORD(4); /* fall through */
	case 4: WORD(3); /* fall through */
	case 3: WORD(2); /* fall through */
	case 2: WORD(1); /* fall through */
	case 1: WORD(0); /* fall through */
	default: break;
	}
#undef WORD
#undef STATUS
	if (ret_ip) /* a return records where to (outside the check) */
		dst->e.ip = (u32)ret_ip;
	if (checked)
		dst->e.check = check;
	trace_buffer_commit(tb, dst);
}
_Static_assert(PROBE_MAX_ARGS == 8, "record_nwords() copies up to 8 words");

/*
 * Entry handlers, one per argument count: the copy compiles straight,
 * without the switch's jump (the count is what the handler is).
 */
static __always_inline int entry_nwords(struct kprobe *kp, struct pt_regs *regs, int n,
					bool checked)
{
	struct probe_event *ev = container_of(kp, struct probe_event, rp.kp);

	record_nwords(ev, count_hit(kp), (const u32 *)regs, (const u32 *)regs, n, 0, checked);
	return 0;
}

/* Arguments on the stack (cdecl): plain loads from the entry sp when they
 * all lie in sp's page, which is mapped (the call wrote the return
 * address there); across a page end, the fault-safe general path. */
static __always_inline int entry_stack_nwords(struct kprobe *kp, struct pt_regs *regs, int n,
					      bool checked)
{
	struct probe_event *ev = container_of(kp, struct probe_event, rp.kp);
	unsigned long sp = ((const u32 *)regs)[ev->sp_word];
	struct trace_buffer *tb = count_hit(kp);

	if (likely(((sp + ev->stack_span - 1) ^ sp) < PAGE_SIZE))
		record_nwords(ev, tb, (const u32 *)regs, (const u32 *)sp, n, 0, checked);
	else
		probe_record(&ev->def, ev->id, regs, (unsigned long)kp->addr);
	return 0;
}

/*
 * The handlers, in two sets: without and with check words (sfx _checked:
 * trace_checked(), fixed before the first event).
 */
#define ENTRY_WORDS(n, sfx, checked)                                                \
	static notrace int entry_words##n##sfx(struct kprobe *kp, struct pt_regs *regs) \
	{                                                                           \
		return entry_nwords(kp, regs, n, checked);                          \
	}                                                                           \
	static notrace int entry_stack_words##n##sfx(struct kprobe *kp,             \
						     struct pt_regs *regs)          \
	{                                                                           \
		return entry_stack_nwords(kp, regs, n, checked);                    \
	}
#define WORD_HANDLERS(sfx, checked)                                                 \
	/* No argument: the most common event of all. */                           \
	static notrace int entry_words0##sfx(struct kprobe *kp, struct pt_regs *regs) \
	{                                                                           \
		return entry_nwords(kp, regs, 0, checked);                          \
	}                                                                           \
	ENTRY_WORDS(1, sfx, checked)                                                \
	ENTRY_WORDS(2, sfx, checked) ENTRY_WORDS(3, sfx, checked)                   \
	ENTRY_WORDS(4, sfx, checked) ENTRY_WORDS(5, sfx, checked)                   \
	ENTRY_WORDS(6, sfx, checked) ENTRY_WORDS(7, sfx, checked)                   \
	ENTRY_WORDS(8, sfx, checked)                                                \
	static notrace int return_words##sfx(struct kretprobe_instance *ri,         \
					     struct pt_regs *regs)                  \
	{                                                                           \
		struct probe_event *ev = container_of(ri->rp, struct probe_event, rp); \
                                                                                    \
		/* A return records where to: never 0, the caller's code. */        \
		record_nwords(ev, count_hit(&ri->rp->kp), (const u32 *)regs,        \
			      (const u32 *)regs, -1, ri->ret_addr, checked);        \
		return 0;                                                           \
	}                                                                           \
	/* The handler for @n arguments. The tables are filled by code on  \
	 * first use: initialised with the addresses, they would cost the  \
	 * boot a relocation each before the early probes are armed. */     \
	static kprobe_pre_handler_t words_handler##sfx(unsigned int n, bool stack)  \
	{                                                                           \
		static kprobe_pre_handler_t regs_h[PROBE_MAX_ARGS + 1],             \
			stack_h[PROBE_MAX_ARGS + 1];                                \
                                                                                    \
		if (!regs_h[0]) {                                                   \
			regs_h[0] = entry_words0##sfx;                              \
			regs_h[1] = entry_words1##sfx, stack_h[1] = entry_stack_words1##sfx; \
			regs_h[2] = entry_words2##sfx, stack_h[2] = entry_stack_words2##sfx; \
			regs_h[3] = entry_words3##sfx, stack_h[3] = entry_stack_words3##sfx; \
			regs_h[4] = entry_words4##sfx, stack_h[4] = entry_stack_words4##sfx; \
			regs_h[5] = entry_words5##sfx, stack_h[5] = entry_stack_words5##sfx; \
			regs_h[6] = entry_words6##sfx, stack_h[6] = entry_stack_words6##sfx; \
			regs_h[7] = entry_words7##sfx, stack_h[7] = entry_stack_words7##sfx; \
			regs_h[8] = entry_words8##sfx, stack_h[8] = entry_stack_words8##sfx; \
		}                                                                   \
		return stack ? stack_h[n] : regs_h[n];                              \
	}

WORD_HANDLERS(, false)
WORD_HANDLERS(_checked, true)

static notrace int entry_handler(struct kprobe *kp, struct pt_regs *regs)
{
	struct probe_event *ev = container_of(kp, struct probe_event, rp.kp);

	probe_event_record(ev, regs, (unsigned long)kp->addr);
	return 0;
}

static notrace int return_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct probe_event *ev = container_of(ri->rp, struct probe_event, rp);

	probe_event_record(ev, regs, ri->ret_addr);
	return 0;
}

/* Whether every argument of @ev is a 32-bit function argument on the
 * stack (and there is one): their word indexes from the entry sp. */
static bool prepare_stack_words(struct probe_event *ev)
{
	int sp_off = regs_register_offset((unsigned int)regs_register_index("sp", 2));
	unsigned int span = 0;

	if (sp_off < 0 || sp_off % 4 || !ev->def.nargs)
		return false;
	for (int i = 0; i < ev->def.nargs; i++) {
		const struct probe_arg *a = &ev->def.args[i];
		int off = a->base == FETCH_ARG ? regs_argument_stack_offset(a->index) : -1;

		if (off < 0 || off % 4 || off / 4 > 0xff || a->nderef ||
		    PTYPE_SIZE(a->type) != 4 || a->type == PTYPE_STRING)
			return false;
		ev->words[i] = (u8)(off / 4);
		span = MAX(span, (unsigned int)off + 4);
	}
	ev->sp_word = (u8)(sp_off / 4);
	ev->stack_span = (u16)span;
	return true;
}

/* Whether record_nwords() can record @ev; its header and word indexes. */
void probe_event_prepare_words(struct probe_event *ev)
{
	ev->words_only = false;
	ev->stack_words = false;
	_Static_assert(PROBE_MAX_ARGS * 4 <= TRACE_DATA_MAX, "word arguments fit a slot");
	for (int i = 0; i < ev->def.nargs; i++) {
		const struct probe_arg *a = &ev->def.args[i];

		if (!a->regs_slot || PTYPE_SIZE(a->type) != 4 || (a->regs_slot - 1) % 4) {
			/* Entry probes only: a return's sp is not the entry's. */
			if (ev->def.kind == PROBE_RETURN || !prepare_stack_words(ev))
				return;
			ev->stack_words = true;
			break;
		}
		ev->words[i] = (u8)((a->regs_slot - 1) / 4);
	}
	ev->nwords = (u8)ev->def.nargs;
	/* The flags are stored per hit (trace_entry_flags()); hdr.status
	 * is what the constant header words add to a check word, less the
	 * low half of fn_hdr[1] that comes with the flags. */
	ev->hdr = (struct trace_entry){ .ip = (u32)ev->def.addr, .event_id = ev->id,
					.len = (u16)(ev->nwords * 4) };
	ev->hdr.status = ((const struct entry_head *)&ev->hdr)->w[1] ^ ev->hdr.len ^
			 (u16)trace_buffer_this_cpu()->fn_hdr[1];
	ev->words_only = true;
}

/* The handlers @ev records with: record_nwords() where it can and nothing
 * else is needed per hit (no live printing, no filter), the general
 * probe_event_record() otherwise. */
kprobe_pre_handler_t probe_event_entry_handler(const struct probe_event *ev)
{
	if (!ev->words_only || READ_ONCE(probe_print_on) || ev->filter)
		return entry_handler;
	if (trace_checked())
		return words_handler_checked(ev->nwords, ev->stack_words);
	return words_handler(ev->nwords, ev->stack_words);
}

kretprobe_handler_t probe_event_return_handler(const struct probe_event *ev)
{
	return ev->words_only && !ev->stack_words && !READ_ONCE(probe_print_on) && !ev->filter
		       ? (trace_checked() ? return_words_checked : return_words)
		       : return_handler;
}

/* The handlers for what @ev needs now, swapped in place (IRQs masked). */
void probe_event_set_handlers(struct probe_event *ev)
{
	if (ev->def.kind == PROBE_RETURN)
		WRITE_ONCE(ev->rp.handler, probe_event_return_handler(ev));
	else
		kprobe_set_pre_handler(&ev->rp.kp, probe_event_entry_handler(ev));
}
