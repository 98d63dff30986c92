/*
 * Probe events: a parsed definition bound to a kprobe or kretprobe whose
 * handler records the fetched arguments into the trace buffer.
 *
 * Events defined at early boot (DT, command line) start as compact records
 * (kernel/trace/early_events.c) and become events here at the handover,
 * once kzalloc works; they keep the ids they recorded under.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/event_files.h>
#include <ek/event_filter.h>
#include <ek/error_log.h>
#include <ek/ftrace.h>
#include <ek/kallsyms.h>
#include <ek/kprobes.h>
#include <ek/mm.h>
#include <ek/printk.h>
#include <ek/sections.h>
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/probe_event.h>
#include <ek/shell.h>
#include <ek/string.h>
#include <ek/time.h>
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
	/* Hits per CPU (count_hit()), summed on read: each CPU's counter on a
	 * line of its own, after a line left empty as the fields above are
	 * read on every hit. Last: what follows is another object. */
	unsigned long hits_pad[HITS_PER_LINE];
	unsigned long hits[NR_CPUS * HITS_PER_LINE];
};

#define ID_HASH_SIZE 64
static struct probe_event *events; /* oldest first, the order they were defined in */
static struct probe_event **events_tail = &events;
static struct probe_event *id_hash[ID_HASH_SIZE];
static u16 next_id = 1;
static bool print_on;
static DEFINE_PER_CPU(bool, printing_hit); /* this CPU is in print_hit() */

/* Parser scratch: a probe_def is too big for a small early stack. The
 * shell and early boot never create events concurrently. */
static struct probe_def scratch_def;

static struct probe_event *event_alloc(void)
{
	return kzalloc(sizeof(struct probe_event));
}

static void event_free(struct probe_event *ev)
{
	kfree(ev);
}

static inline unsigned int hits_index(unsigned int cpu)
{
	return NR_CPUS > 1 ? cpu * HITS_PER_LINE : 0;
}

static inline u32 hits_off(unsigned int cpu)
{
	return (u32)(offsetof(struct probe_event, hits) - offsetof(struct probe_event, rp.kp) +
		     hits_index(cpu) * sizeof(unsigned long));
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

/* ---- hits ---------------------------------------------------------- */

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
}

/* A record in @tb, this CPU's buffer. */
static __always_inline void record_on(struct trace_buffer *tb, const struct probe_def *def,
				      u16 id, struct pt_regs *regs, unsigned long ip,
				      const struct event_filter *filter)
{
	struct trace_slot *dst, slot;

	if (!READ_ONCE(print_on) && !filter) {
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
	if (READ_ONCE(print_on))
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
 * (entry_handler_for()), so they test nothing.
 */
static __always_inline void record_nwords(const struct probe_event *ev, struct trace_buffer *tb,
					  const u32 *regs, const u32 *frame, int nwords,
					  unsigned long ret_ip)
{
	struct trace_slot *dst = trace_buffer_reserve_masked(tb);
	u32 *data;

	if (!dst)
		return;
	dst->e.ts = tb->clock();
	*(struct entry_head *)&dst->e = *(const struct entry_head *)&ev->hdr;
	if (ret_ip)
		dst->e.ip = (u32)ret_ip;
	dst->e.flags = trace_entry_flags(tb);
	dst->e.status = regs[ARCH_REGS_STATUS_OFFSET / 4];
	data = (u32 *)dst->data;
	/* Unrolled from the top: one jump, then a load and a store each. */
	/* -1: ev->nwords, read here, after the clock call (read as an
	 * argument it would live across the call in a spilled register). */
	switch (nwords < 0 ? ev->nwords : nwords) {
	case 0: break;
	case 8: data[7] = frame[ev->words[7]]; /* fall through */
	case 7: data[6] = frame[ev->words[6]]; /* fall through */
	case 6: data[5] = frame[ev->words[5]]; /* fall through */
	case 5: data[4] = frame[ev->words[4]]; /* fall through */
	case 4: data[3] = frame[ev->words[3]]; /* fall through */
	case 3: data[2] = frame[ev->words[2]]; /* fall through */
	case 2: data[1] = frame[ev->words[1]]; /* fall through */
	case 1: data[0] = frame[ev->words[0]]; /* fall through */
	default: break;
	}
	trace_buffer_commit(tb, dst);
}
_Static_assert(PROBE_MAX_ARGS == 8, "record_nwords() copies up to 8 words");

/*
 * Entry handlers, one per argument count: the copy compiles straight,
 * without the switch's jump (the count is what the handler is).
 */
static __always_inline int entry_nwords(struct kprobe *kp, struct pt_regs *regs, int n)
{
	struct probe_event *ev = container_of(kp, struct probe_event, rp.kp);

	record_nwords(ev, count_hit(kp), (const u32 *)regs, (const u32 *)regs, n, 0);
	return 0;
}

/* Arguments on the stack (cdecl): plain loads from the entry sp when they
 * all lie in sp's page, which is mapped (the call wrote the return
 * address there); across a page end, the fault-safe general path. */
static __always_inline int entry_stack_nwords(struct kprobe *kp, struct pt_regs *regs, int n)
{
	struct probe_event *ev = container_of(kp, struct probe_event, rp.kp);
	unsigned long sp = ((const u32 *)regs)[ev->sp_word];
	struct trace_buffer *tb = count_hit(kp);

	if (likely(((sp + ev->stack_span - 1) ^ sp) < PAGE_SIZE))
		record_nwords(ev, tb, (const u32 *)regs, (const u32 *)sp, n, 0);
	else
		probe_record(&ev->def, ev->id, regs, (unsigned long)kp->addr);
	return 0;
}

/* No argument: the most common event of all. */
static notrace int entry_words0(struct kprobe *kp, struct pt_regs *regs)
{
	return entry_nwords(kp, regs, 0);
}

#define ENTRY_WORDS(n)                                                              \
	static notrace int entry_words##n(struct kprobe *kp, struct pt_regs *regs)  \
	{                                                                           \
		return entry_nwords(kp, regs, n);                                   \
	}                                                                           \
	static notrace int entry_stack_words##n(struct kprobe *kp, struct pt_regs *regs) \
	{                                                                           \
		return entry_stack_nwords(kp, regs, n);                             \
	}
ENTRY_WORDS(1) ENTRY_WORDS(2) ENTRY_WORDS(3) ENTRY_WORDS(4)
ENTRY_WORDS(5) ENTRY_WORDS(6) ENTRY_WORDS(7) ENTRY_WORDS(8)

/* The handler for @n arguments. The tables are filled by code on first
 * use: initialised with the addresses, they would cost the boot a
 * relocation each before the early probes are armed. */
static kprobe_pre_handler_t words_handler(unsigned int n, bool stack)
{
	static kprobe_pre_handler_t regs_h[PROBE_MAX_ARGS + 1], stack_h[PROBE_MAX_ARGS + 1];

	if (!regs_h[0]) {
		regs_h[0] = entry_words0;
		regs_h[1] = entry_words1, stack_h[1] = entry_stack_words1;
		regs_h[2] = entry_words2, stack_h[2] = entry_stack_words2;
		regs_h[3] = entry_words3, stack_h[3] = entry_stack_words3;
		regs_h[4] = entry_words4, stack_h[4] = entry_stack_words4;
		regs_h[5] = entry_words5, stack_h[5] = entry_stack_words5;
		regs_h[6] = entry_words6, stack_h[6] = entry_stack_words6;
		regs_h[7] = entry_words7, stack_h[7] = entry_stack_words7;
		regs_h[8] = entry_words8, stack_h[8] = entry_stack_words8;
	}
	return stack ? stack_h[n] : regs_h[n];
}

static notrace int entry_handler(struct kprobe *kp, struct pt_regs *regs)
{
	struct probe_event *ev = container_of(kp, struct probe_event, rp.kp);

	probe_event_record(ev, regs, (unsigned long)kp->addr);
	return 0;
}

static notrace int return_words(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct probe_event *ev = container_of(ri->rp, struct probe_event, rp);

	/* A return records where to: never 0, the caller's code. */
	record_nwords(ev, count_hit(&ri->rp->kp), (const u32 *)regs, (const u32 *)regs, -1,
		      ri->ret_addr);
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
static void prepare_words(struct probe_event *ev)
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
	/* The flags are stored per hit (trace_entry_flags()). */
	ev->hdr = (struct trace_entry){ .ip = (u32)ev->def.addr, .event_id = ev->id,
					.len = (u16)(ev->nwords * 4) };
	ev->words_only = true;
}

/* The handlers @ev records with: record_nwords() where it can and nothing
 * else is needed per hit (no live printing, no filter), the general
 * probe_event_record() otherwise. */
static kprobe_pre_handler_t entry_handler_for(const struct probe_event *ev)
{
	if (!ev->words_only || READ_ONCE(print_on) || ev->filter)
		return entry_handler;
	return words_handler(ev->nwords, ev->stack_words);
}

static kretprobe_handler_t return_handler_for(const struct probe_event *ev)
{
	return ev->words_only && !ev->stack_words && !READ_ONCE(print_on) && !ev->filter
		       ? return_words
		       : return_handler;
}

/* The handlers for what @ev needs now, swapped in place (IRQs masked). */
static void set_handlers(struct probe_event *ev)
{
	if (ev->def.kind == PROBE_RETURN)
		ev->rp.handler = return_handler_for(ev);
	else
		kprobe_set_pre_handler(&ev->rp.kp, entry_handler_for(ev));
}

/* ---- create / delete ----------------------------------------------- */

/*
 * SYM+OFFS past the end of SYM: as Linux, the probe goes on whatever
 * function holds that address (the instruction checks still apply), and
 * on that function's entry exactly as if it were named with +0.
 */
static int resolve_past_end(struct probe_def *def)
{
	unsigned long a = def->addr + def->offset, off, size;

	if (a < def->addr || !addr_in_text(a) || !kallsyms_lookup(a, NULL, &off, &size))
		return -EINVAL;
	def->addr = a;
	def->ftrace_site = off ? ftrace_site_index(a) : ftrace_function_site(a, size);
	return 0;
}

int probe_def_resolve(struct probe_def *def, struct probe_error *err)
{
	char name[PROBE_SYM_MAX];
	unsigned long size = 0;
	const char *why;

	if (def->has_symbol) {
		/* One hashed lookup gives address and size: no need to
		 * remember the last function (kallsyms.c). */
		def->addr = kallsyms_lookup_name_size(def->symbol, def->symbol_len, &size);
		if (!def->addr)
			return probe_error_set(err, -ENOENT, def->point_pos, "unknown symbol '%s'",
					 def->symbol);
		if (size && def->offset < size) {
			def->addr += def->offset;
			/* A traced function's entry is its call site
			 * (kprobe_entry_addr()); the symbol says where it
			 * starts. */
			def->ftrace_site = def->offset ? ftrace_site_index(def->addr)
						       : ftrace_function_site(def->addr, size);
		} else if (resolve_past_end(def)) {
			return probe_error_set(err, -EINVAL, def->point_pos,
					 "offset 0x%lx is beyond the end of %s and of the kernel's "
					 "functions", def->offset, def->symbol);
		}
		if (def->ftrace_site >= 0)
			def->addr = ftrace_site_addr((u32)def->ftrace_site);
	} else {
		def->addr = kprobe_entry_addr(def->addr);
		def->ftrace_site = ftrace_site_index(def->addr);
	}
	if (kprobe_check_blacklist(def->addr, &why))
		return probe_error_set(err, -EPERM, def->point_pos, "cannot probe there: %s", why);
	for (int i = 0; i < def->nargs; i++) {
		struct probe_arg *a = &def->args[i];
		int off = a->base == FETCH_REG ? regs_register_offset(a->index) :
			  a->base == FETCH_ARG ? regs_argument_offset(a->index) : -1;

		/* Only for a number read from the register itself: a
		 * dereference or a string goes through fetch_one(). */
		if (a->nderef || a->type == PTYPE_STRING)
			off = -1;
		a->regs_slot = off >= 0 ? (u16)(off + 1) : 0;
		if (a->base != FETCH_SYMBOL)
			continue;
		memcpy(name, a->text + a->sym_pos, a->sym_len);
		name[a->sym_len] = '\0';
		a->sym_addr = kallsyms_lookup_name(name);
		if (!a->sym_addr)
			return probe_error_set(err, -ENOENT, a->pos + a->sym_pos, "unknown symbol '%s'",
					 name);
	}
	return 0;
}

static void id_insert(struct probe_event *ev)
{
	struct probe_event **head = &id_hash[ev->id % ID_HASH_SIZE];

	ev->id_next = *head;
	*head = ev;
}

static void id_remove(struct probe_event *ev)
{
	struct probe_event **pp = &id_hash[ev->id % ID_HASH_SIZE];

	while (*pp && *pp != ev)
		pp = &(*pp)->id_next;
	if (*pp)
		*pp = ev->id_next;
}

static void list_append(struct probe_event *ev)
{
	unsigned long irq = arch_irq_save();

	ev->next = NULL;
	*events_tail = ev;
	events_tail = &ev->next;
	id_insert(ev);
	arch_irq_restore(irq);
}

static u16 alloc_id(void)
{
	for (;;) {
		u16 id = next_id++;

		if (id && !probe_event_by_id(id))
			return id;
	}
}

static int event_register(struct probe_event *ev, unsigned int flags, struct probe_error *err)
{
	struct kprobe *kp = &ev->rp.kp;
	const char *why;
	int ret;

	kp->addr = (void *)ev->def.addr;
	prepare_words(ev);
	if (flags & PROBE_EVENT_DISABLED)
		kp->flags |= KPROBE_FLAG_DISABLED;
	if (ev->def.kind == PROBE_RETURN) {
		ev->rp.handler = return_handler_for(ev);
		ev->rp.maxactive = ev->def.maxactive;
		ret = register_kretprobe_why(&ev->rp, &why);
	} else {
		kp->pre_handler = entry_handler_for(ev);
		ret = register_kprobe_why(kp, &why);
	}
	if (ret)
		return probe_error_set(err, ret, ev->def.point_pos, "cannot probe %s+0x%lx: %s",
				 ev->def.has_symbol ? ev->def.symbol : "address",
				 ev->def.has_symbol ? ev->def.offset : ev->def.addr, why);
	return 0;
}

static void event_unregister(struct probe_event *ev)
{
	if (ev->def.kind == PROBE_RETURN)
		unregister_kretprobe(&ev->rp);
	else
		unregister_kprobe(&ev->rp.kp);
}

static void event_publish(struct probe_event *ev)
{
	ev->dir = event_dir_add(ev);
	list_append(ev);
}

static int event_create(const struct probe_def *def, unsigned int flags,
			struct probe_error *err)
{
	struct probe_event *ev;
	int ret;

	if (probe_event_find(def->group, def->event))
		return probe_error_set(err, -EEXIST, def->has_event ? def->event_pos : -1,
				 "event %s/%s already exists", def->group, def->event);
	ev = event_alloc();
	if (!ev)
		return probe_error_set(err, -ENOMEM, -1, "no memory for another event");
	memcpy(&ev->def, def, sizeof(*def));
	ret = probe_def_resolve(&ev->def, err);
	if (ret) {
		event_free(ev);
		return ret;
	}
	/* The id first: the probe may fire as soon as it is registered. */
	ev->id = alloc_id();
	ret = event_register(ev, flags, err);
	if (ret) {
		event_free(ev);
		return ret;
	}
	event_publish(ev);
	return 0;
}

struct probe_event *probe_event_prepare(const char *line, size_t len, const char *default_group,
					struct probe_error *err)
{
	struct probe_parse_opts opts = { default_group, regs_register_index, false };
	struct probe_event *ev = event_alloc();

	if (!ev) {
		probe_error_set(err, -ENOMEM, -1, "no memory for another event");
		return NULL;
	}
	if (probe_parse(line, len, &opts, &ev->def, err) || probe_def_resolve(&ev->def, err)) {
		event_free(ev);
		return NULL;
	}
	return ev;
}

void probe_event_discard(struct probe_event *ev)
{
	event_free(ev);
}

int probe_event_install(struct probe_event *ev, u16 id, struct probe_error *err)
{
	ev->id = id;
	return event_register(ev, PROBE_EVENT_DISABLED, err);
}

struct kprobe *probe_event_kprobe(struct probe_event *ev)
{
	return &ev->rp.kp;
}

void probe_event_add_counts(struct probe_event *ev, unsigned long hits, unsigned long missed)
{
	unsigned long irq = arch_irq_save();

	/* Added, not assigned: the event may have counted hits of its own
	 * since its kprobe was enabled. */
	ev->hits[hits_index(smp_processor_id())] += hits;
	ev->rp.kp.nmissed += missed;
	arch_irq_restore(irq);
}

void probe_event_publish(struct probe_event *ev)
{
	event_publish(ev);
}

void probe_event_reserve_ids(u16 n)
{
	if (next_id <= n)
		next_id = (u16)(n + 1);
}

static void event_destroy(struct probe_event *ev)
{
	unsigned long irq = arch_irq_save();

	for (struct probe_event **pp = &events; *pp; pp = &(*pp)->next) {
		if (*pp == ev) {
			*pp = ev->next;
			if (!ev->next)
				events_tail = pp;
			break;
		}
	}
	id_remove(ev);
	arch_irq_restore(irq);
	event_dir_remove(ev->dir);
	event_unregister(ev);
	if (ev->filter)
		event_filter_free(ev->filter);
	event_free(ev);
}

int probe_event_delete(const char *group, const char *event)
{
	struct probe_event *ev, *next;
	int found = 0;

	for (ev = events; ev; ev = ev->next) {
		if ((!group || !strcmp(ev->def.group, group)) && !strcmp(ev->def.event, event)) {
			if (probe_event_enabled(ev))
				return -EBUSY;
			found++;
		}
	}
	if (!found)
		return -ENOENT;
	for (ev = events; ev; ev = next) {
		next = ev->next;
		if ((!group || !strcmp(ev->def.group, group)) && !strcmp(ev->def.event, event))
			event_destroy(ev);
	}
	return 0;
}

int probe_event_delete_all(void)
{
	for (struct probe_event *ev = events; ev; ev = ev->next)
		if (probe_event_enabled(ev))
			return -EBUSY;
	while (events)
		event_destroy(events);
	return 0;
}

int probe_event_command(const char *line, size_t len, const char *default_group,
			const char *source, unsigned int flags, struct probe_error *err)
{
	struct probe_parse_opts opts = { default_group, regs_register_index, false };
	struct probe_error local;
	struct probe_def *def = &scratch_def;
	int ret;

	if (!err)
		err = &local;
	ret = probe_parse(line, len, &opts, def, err);
	if (!ret && def->kind == PROBE_DELETE) {
		ret = probe_event_delete(def->has_group ? def->group : NULL, def->event);
		if (ret == -ENOENT)
			probe_error_set(err, ret, def->event_pos, "no event named %s", def->event);
		else if (ret == -EBUSY)
			probe_error_set(err, ret, def->event_pos,
				  "event %s is enabled; disable it first", def->event);
	} else if (!ret) {
		ret = event_create(def, flags, err);
	}
	if (ret)
		trace_error_log("trace_kprobe", line, len, err->pos, err->msg);
	if (ret && source) {
		char msg[160];

		probe_error_format(err, msg, sizeof(msg));
		printk("ekprobes: error: %s: %s\n", source, msg);
	}
	return ret;
}

/* ---- queries ------------------------------------------------------- */

struct probe_event *probe_event_find(const char *group, const char *event)
{
	for (struct probe_event *ev = events; ev; ev = ev->next)
		if (!strcmp(ev->def.group, group) && !strcmp(ev->def.event, event))
			return ev;
	return NULL;
}

struct probe_event *probe_event_by_id(u16 id)
{
	for (struct probe_event *ev = id_hash[id % ID_HASH_SIZE]; ev; ev = ev->id_next)
		if (ev->id == id)
			return ev;
	return NULL;
}

void probe_event_for_each(void (*fn)(struct probe_event *ev, void *ctx), void *ctx)
{
	for (struct probe_event *ev = events; ev; ev = ev->next)
		fn(ev, ctx);
}

const struct probe_def *probe_event_def(const struct probe_event *ev)
{
	return &ev->def;
}

u16 probe_event_id(const struct probe_event *ev)
{
	return ev->id;
}

const struct event_filter *probe_event_filter(const struct probe_event *ev)
{
	return ev->filter;
}

/* Swapped with IRQs masked together with the handler that reads it: a hit
 * sees the old filter with its handler or the new one with its own. */
void probe_event_set_filter(struct probe_event *ev, struct event_filter *filter)
{
	struct event_filter *old = ev->filter;
	unsigned long flags = arch_irq_save();

	WRITE_ONCE(ev->filter, filter);
	set_handlers(ev);
	arch_irq_restore(flags);
	if (old)
		event_filter_free(old);
}

bool probe_event_enabled(const struct probe_event *ev)
{
	return !(ev->rp.kp.flags & KPROBE_FLAG_DISABLED);
}

int probe_event_enable(struct probe_event *ev, bool on)
{
	return on ? enable_kprobe(&ev->rp.kp) : disable_kprobe(&ev->rp.kp);
}

void probe_event_stats(const struct probe_event *ev, unsigned long *hits, unsigned long *missed)
{
	*hits = 0;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		*hits += READ_ONCE(ev->hits[hits_index(cpu)]);
	*missed = ev->rp.kp.nmissed + (ev->def.kind == PROBE_RETURN ? ev->rp.nmissed : 0);
}

void probe_event_set_print(bool on)
{
	unsigned long flags = arch_irq_save();

	WRITE_ONCE(print_on, on);
	for (struct probe_event *ev = events; ev; ev = ev->next)
		set_handlers(ev);
	arch_irq_restore(flags);
}

bool probe_event_print_enabled(void)
{
	return READ_ONCE(print_on);
}

