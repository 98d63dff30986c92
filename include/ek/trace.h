/*
 * The trace buffers: one ring of fixed-size entries per CPU recording
 * probe hits, as Linux has. Each CPU writes only its own ring, so a hit
 * takes no lock and writes no line another CPU writes; readers merge the
 * rings in time order. The rings are static arrays so that probes armed
 * in the first C function can record before any allocator exists, and
 * they stay the runtime buffers.
 *
 * Fixed-size slots keep the overwrite policy trivial (drop exactly the
 * oldest entry) and make "buffer-entries" an exact count; variable data
 * (strings) is bounded to fit a slot.
 */
#ifndef EK_TRACE_H
#define EK_TRACE_H

#include <ek/percpu.h>
#include <ek/types.h>

/* Build options (kernel/trace/rules.mk may override them). */
#ifndef TRACE_BUF_ENTRIES
#define TRACE_BUF_ENTRIES 4096 /* slots in each CPU's static ring: the maximum */
#endif
#ifndef TRACE_ENTRY_SIZE
#define TRACE_ENTRY_SIZE 128 /* bytes per slot, header included */
#endif

struct trace_entry {
	/* What a probe event's record repeats on every hit comes first, so
	 * that one block copy writes it (kernel/trace/probe_events.c). */
	u32 ip;        /* probed address, or the return address for returns */
	u16 event_id;  /* struct probe_event id */
	u8 cpu;        /* set by the reader: the ring it came from */
	u8 faults;     /* bit i: argument i could not be read */
	u16 len;       /* bytes used in data[] */
	u16 flags;     /* TRACE_ENTRY_* */
	u32 status;    /* the interrupted context's saved status word (ARM
			 * CPSR, x86 EFLAGS): the trace's irqs-off column */
	u32 check;     /* in a kept region: the check word, trace_entry_check();
			* right after status, so the ARM function tracer stores
			* both with the ip and flags in one stm */
	u32 pad;
	u64 ts;        /* trace_stamp() at the hit; trace_clock_to_ns() */
};

#define TRACE_ENTRY_TRUNCATED 0x1u /* a string did not fit the slot */
/* flags bits 1-6: the task the CPU ran (trace_context.c: 0 idle, else a
 * boot stage or the shell), bit 7: inside the interrupt handler. Both are
 * kept current in each CPU's trace_buf.fn_hdr[1] where they change, so a
 * hit copies them with its clock's epoch and tag: trace_entry_flags(). */
#define TRACE_ENTRY_TASK_SHIFT 1
#define TRACE_ENTRY_TASK_MASK 0x7eu
#define TRACE_ENTRY_HARDIRQ 0x80u
#define TRACE_ENTRY_EPOCH_SHIFT 8  /* flags bits 8-10: the trace clock epoch of ts */
#define TRACE_ENTRY_EPOCH_MASK 0x700u
#define TRACE_ENTRY_EPOCH(flags) (((unsigned int)(flags) & TRACE_ENTRY_EPOCH_MASK) >> TRACE_ENTRY_EPOCH_SHIFT)
/* flags bits 11-15: the tag of the ring generation that wrote the entry
 * (include/ek/persist_format.h): tells a record of this boot from a stale
 * one in memory that outlived a reset. */
#define TRACE_ENTRY_TAG_SHIFT 11
#define TRACE_ENTRY_TAG_MASK 0x1fu
#define TRACE_ENTRY_TAG(flags) (((unsigned int)(flags) >> TRACE_ENTRY_TAG_SHIFT) & TRACE_ENTRY_TAG_MASK)
/* What trace_set_clock() and trace_set_tag() own of the flags. */
#define TRACE_ENTRY_CLOCK_MASK (TRACE_ENTRY_EPOCH_MASK | TRACE_ENTRY_TAG_MASK << TRACE_ENTRY_TAG_SHIFT)

#define TRACE_DATA_MAX (TRACE_ENTRY_SIZE - sizeof(struct trace_entry))

/* One slot: header plus inline argument bytes. */
struct trace_slot {
	struct trace_entry e;
	u8 data[TRACE_DATA_MAX];
};

_Static_assert(sizeof(struct trace_slot) == TRACE_ENTRY_SIZE, "trace slot size");

/*
 * A ring of slots, written by one CPU (its owner) and read from any.
 * Entries are numbered by a sequence that counts every entry published
 * since the last reset; entry number seq sits in slot seq % capacity,
 * because the writer fills slots in order and wraps to slot 0. Readers
 * walk by sequence so an overwrite under their feet shows up as skipped
 * entries, never as a torn one (each slot is copied out whole, then
 * checked against the writer's progress).
 *
 * Writing is reserve, fill, commit. Reserving compares next with limit
 * and hands out the slot at next without moving anything; committing
 * publishes the entry by storing next = slot + 1 after a release barrier,
 * so a reader that sees next also sees every entry below it complete.
 * limit is the end of the ring while entries are accepted without a
 * decision; anything else finds next >= limit and goes through
 * ring_buffer_reserve_slow(): a wrap, a full ring that refuses or tracing
 * off (limit NULL), or a slot held (limit == next, see ring_buffer_hold()).
 * Nothing else is counted per entry: the number published is
 * laps * capacity + the position of next. A wrap changes both (the
 * number stays the same: the end of lap L is the start of lap L + 1)
 * inside the lap_seq sequence count, which only the slow path writes.
 *
 * The writer takes no lock: it runs with IRQs masked on its own CPU, and
 * between reserve and commit nothing records on that CPU: the probe core
 * turns a nested probe hit into a miss, the fill code is notrace, and a
 * writer that calls out meanwhile (the function tracer calls the clock)
 * holds its slot, which makes a nested writer's reserve fail. The control
 * functions (init, capacity, reset, overwrite, on) change a ring its
 * owner is not writing: the caller makes sure (the kernel stops the other
 * CPUs around them).
 */
struct ring_buffer {
	struct trace_slot *next;  /* the slot the next entry goes to */
	struct trace_slot *limit; /* next >= limit: ask the slow path */
	struct trace_slot *slots;
	u32 max;        /* slots available in storage */
	u32 capacity;   /* slots in use, <= max */
	u32 laps;       /* wraps from the last slot to the first */
	bool overwrite; /* full: true = drop oldest, false = refuse newest */
	bool on;        /* accepting entries at all */
	u32 dropped;    /* entries refused (overwrite off) */
	u32 lap_seq;    /* odd while a wrap moves next and laps together */
};

void ring_buffer_init(struct ring_buffer *rb, struct trace_slot *slots, u32 n);
/* Use only the first @n slots (1 <= n <= max); empties the ring. */
int ring_buffer_set_capacity(struct ring_buffer *rb, u32 n);
/* Empty the ring; the counters restart from zero. */
void ring_buffer_reset(struct ring_buffer *rb);
void ring_buffer_set_overwrite(struct ring_buffer *rb, bool overwrite);
void ring_buffer_set_on(struct ring_buffer *rb, bool on);
struct trace_slot *ring_buffer_reserve_slow(struct ring_buffer *rb);
/* The slot for a new entry, or NULL when off, or full and not
 * overwriting. Inline: it is part of every probe hit that records. */
static inline struct trace_slot *ring_buffer_reserve(struct ring_buffer *rb)
{
	struct trace_slot *slot = rb->next;

	if (slot >= rb->limit)
		return ring_buffer_reserve_slow(rb);
	if (!slot)
		__builtin_unreachable(); /* next is a slot here: callers skip the test */
	return slot;
}

/* Publish the entry filled in @slot (from ring_buffer_reserve()). */
static inline void ring_buffer_commit(struct ring_buffer *rb, struct trace_slot *slot)
{
	__atomic_store_n(&rb->next, slot + 1, __ATOMIC_RELEASE);
}

/* Hold @slot (just reserved) until ring_buffer_commit_held(): a reserve
 * on this CPU meanwhile gets NULL. Returns what the commit restores. */
static inline struct trace_slot *ring_buffer_hold(struct ring_buffer *rb, struct trace_slot *slot)
{
	struct trace_slot *limit = rb->limit;

	rb->limit = slot;
	return limit;
}

static inline void ring_buffer_commit_held(struct ring_buffer *rb, struct trace_slot *slot,
					   struct trace_slot *limit)
{
	ring_buffer_commit(rb, slot);
	rb->limit = limit;
}

/*
 * Reading. @margin says how far the writer may be: 0 when it cannot run
 * while the reader copies a slot, or only to completion in between (the
 * owner's own CPU with IRQs masked: a probe hit there finishes its entry
 * before the copy goes on); RING_MARGIN_REMOTE for a ring another CPU may
 * be writing. Its stores before a commit may be seen before the previous
 * commit, so a reader that sees a published count W can meet a fill of
 * entry W + 1, which overwrites entry W + 1 - capacity: such a reader
 * treats the two oldest entries of a full ring as gone already.
 */
#define RING_MARGIN_REMOTE 2u
/* Entries ever published since the reset. */
u64 ring_buffer_written(const struct ring_buffer *rb);
/* The oldest entry a reader with @margin can still get, and how many. */
u64 ring_buffer_first_seq(const struct ring_buffer *rb, u32 margin);
u32 ring_buffer_count(const struct ring_buffer *rb, u32 margin);
/* Copy the entry numbered *seq (or the oldest still present if that one
 * was overwritten) to @out and advance *seq past it; false at the end. */
bool ring_buffer_read(const struct ring_buffer *rb, u64 *seq, struct trace_slot *out,
		      u32 margin);

/*
 * Merging rings (one per CPU) in the order of a key (the entries' time),
 * ring by ring as far as each was written when the merge started, so a
 * probe on the reader's own path cannot make it endless. Equal keys come
 * in ring order. @key is called once per entry.
 */
#define RING_MERGE_MAX 8
struct ring_merge {
	unsigned int n;
	const struct ring_buffer *rings[RING_MERGE_MAX];
	u32 margin[RING_MERGE_MAX];
	u64 (*key)(const struct trace_slot *slot);
	u64 from[RING_MERGE_MAX]; /* the first entry wanted (0: the oldest) */
	u64 seq[RING_MERGE_MAX], end[RING_MERGE_MAX];
	u64 head_key[RING_MERGE_MAX];
	bool have[RING_MERGE_MAX];
	struct trace_slot head[RING_MERGE_MAX];
	/* The ring of the entry ring_merge_next() returned last, and the
	 * sequence number past that entry (what a consuming reader keeps). */
	unsigned int last;
	u64 last_next;
};
/* @m->n, rings, margin, from and key set: start at each ring's oldest
 * entry still there, or at from[] if that is newer. */
void ring_merge_start(struct ring_merge *m);
/* The next entry in key order into @out, and the index of its ring;
 * false when every ring is done. */
bool ring_merge_next(struct ring_merge *m, struct trace_slot *out, unsigned int *ring);

/* ---- The kernel's trace buffers (kernel/trace/trace_buffer.c) ---- */

/*
 * A CPU's ring and the clock its entries are stamped with, in one per-CPU
 * object so that a hit reaches both from one address. kernel/time.c sets
 * the clock (every CPU's copy): the current clocksource's raw read, and
 * the entry flags naming its epoch (trace_clock_to_ns() converts later).
 */
struct trace_buffer {
	struct ring_buffer rb;
	u64 (*clock)(void);
	u16 clock_flags; /* epoch << TRACE_ENTRY_EPOCH_SHIFT | tag << TRACE_ENTRY_TAG_SHIFT */
	/* The function tracer's trampoline (arch ftrace entry): i386's is set
	 * while this CPU records a function entry (ARM's holds its slot); the
	 * second and third words of every such entry (event_id | cpu << 16,
	 * len | flags << 16). Those flags are every entry's made on this CPU:
	 * the clock's epoch, the tag and this CPU's running context (task,
	 * hardirq), which trace_context.c and trace_irq_enter() keep current. */
	u8 ftrace_busy;
	u32 fn_hdr[2];
	u32 cpu; /* the CPU whose buffer it is */
	/* probe_event_hits_off(cpu): a hit finds this CPU's counter in its
	 * event with one load more (kernel/trace/probe_record.c). */
	u32 hits_off;
	/* Entries carry check words (e.check): the ring is in a kept region,
	 * which only CPU 0's ring can be (early boot runs there alone). */
	bool checked;
};
DECLARE_PER_CPU(struct trace_buffer, trace_buf);

/* This CPU's buffer. */
static inline struct trace_buffer *trace_buffer_this_cpu(void)
{
	return (struct trace_buffer *)arch_percpu_hot(&trace_buf);
}

/* Record in place: a slot to fill, then trace_buffer_commit(), or NULL
 * when tracing is off or the ring refuses (not overwriting and full). For
 * probe handlers, which always run with IRQs masked on their CPU (trap,
 * detour and kretprobe trampoline mask them): nothing to save. */
static inline struct trace_slot *trace_buffer_reserve_masked(struct trace_buffer *tb)
{
	return ring_buffer_reserve(&tb->rb);
}

static inline void trace_buffer_commit(struct trace_buffer *tb, struct trace_slot *slot)
{
	ring_buffer_commit(&tb->rb, slot);
}

/* The flags an entry made now in @tb carries: the clock's epoch, the
 * context of @tb's CPU. */
static inline u16 trace_entry_flags(const struct trace_buffer *tb)
{
	return (u16)(tb->fn_hdr[1] >> 16);
}

/* A timestamp for an entry, and the flags that go with it. */
static inline u64 trace_stamp(const struct trace_buffer *tb, u16 *flags)
{
	*flags = trace_entry_flags(tb);
	return tb->clock();
}

/* CPU 0's ring, before the first probe is armed (early_probes_init()). */
void trace_buffer_init(void);
void trace_set_clock(u64 (*read)(void), u8 epoch);
/* The tag every entry from now on carries (TRACE_ENTRY_TAG), IRQs masked
 * by the caller and the other CPUs stopped or not started. */
void trace_set_tag(u16 tag);
/* Place CPU 0's ring (early boot runs there alone) at @slots, @n of them,
 * and say whether its entries carry check words; empties it, and no ring
 * is larger from then on. Before the first entry (kernel/trace/persist.c). */
void trace_buffer_set_storage(struct trace_slot *slots, u32 n, bool checked);
/* Whether CPU 0's ring is in a kept region: the event handlers and
 * function-tracer trampolines that compute check words are chosen (on
 * every CPU: one handler per probe) only then. */
static inline bool trace_checked(void)
{
	return per_cpu_ptr(&trace_buf, 0)->checked;
}
bool trace_is_on(void); /* tracing_on */
void trace_set_on(bool on);
/* Store a filled-in slot (copied) on this CPU; false when tracing is off
 * or refused. IRQ-safe. */
bool trace_buffer_write(const struct trace_slot *slot, size_t data_len);

/* Store @slot in online @cpu's ring as its owner would, with the other
 * CPUs stopped (none of them is inside a record then): tests of the
 * reading side on CPUs that record nothing themselves. */
bool trace_buffer_write_cpu(unsigned int cpu, const struct trace_slot *slot);

/* This CPU's ring, for code that records and reads on one CPU (selftests,
 * bench): its sequence numbers, entries and counts. */
bool trace_buffer_read(u64 *seq, struct trace_slot *out);
/* The oldest entry not yet consumed (trace_pipe): where `trace` starts. */
u64 trace_buffer_first_seq(void);
/* Present entries, and everything written (present + overwritten). */
void trace_buffer_stats(u64 *entries, u64 *written, u64 *overruns);

/* Any online CPU's ring, as a reader on this CPU gets it; and the sums
 * over every online CPU. entries are those not consumed (trace_pipe). */
struct trace_cpu_stats {
	u64 entries, written, overruns;
	u64 read; /* consumed by trace_pipe */
	u32 dropped;
};
void trace_buffer_stats_cpu(unsigned int cpu, struct trace_cpu_stats *st);
void trace_buffer_stats_all(struct trace_cpu_stats *st);
/* The rings of the CPUs in @cpus (online ones) merged in time order, from
 * each one's oldest entry not consumed, as far as each was written at the
 * start; each entry's cpu set. */
void trace_iter_start(struct ring_merge *m, u32 cpus);
bool trace_iter_next(struct ring_merge *m, struct trace_slot *out);
/* The entry trace_iter_next() just returned, and every older one of its
 * CPU, are consumed: gone from `trace` and trace_pipe. */
void trace_iter_consume(const struct ring_merge *m);

/* Every CPU's ring emptied. */
void trace_buffer_clear(void);
/* Runtime size of each CPU's ring (DT buffer-entries, buffer_size_kb):
 * 1..trace_buffer_max_entries(), else -E2BIG / -EINVAL and the size is
 * unchanged. Empties the rings. */
int trace_buffer_set_entries(unsigned int n);
unsigned int trace_buffer_entries(void);
/* The most a ring holds: TRACE_BUF_ENTRIES, or fewer when CPU 0's ring
 * is in a kept region that holds fewer (every CPU's ring is one size). */
unsigned int trace_buffer_max_entries(void);
/* Full rings: drop the oldest entry (true) or refuse the newest. */
void trace_buffer_set_overwrite(bool overwrite);
bool trace_buffer_overwrite(void);

/*
 * The context column of the trace (kernel/trace/trace_context.c): which
 * task a CPU runs, as Linux's comm-pid, kept in each CPU's own buffer.
 * pid 0 is the idle loop ("<idle>", where a secondary CPU starts); a boot
 * stage or the shell gets the pid of its order of first use, from 1
 * ("start_kernel", where the boot CPU starts).
 */
#define TRACE_TASK_MAX 63
/* Make @comm (a literal, kept by reference; registered on first use)
 * the task this CPU runs. */
void trace_task_enter(const char *comm);
/* This CPU runs pid 0 (idle), or goes back to the task that ran before. */
void trace_task_idle(bool idle);
/* "<idle>" for 0, the name of a known pid, NULL otherwise. */
const char *trace_task_comm(unsigned int pid);

/* The interrupt handler brackets its work with these: entries recorded
 * inside on this CPU carry TRACE_ENTRY_HARDIRQ. IRQs are masked
 * throughout, so the CPU stays the same. */
static inline u32 trace_irq_enter(void)
{
	struct trace_buffer *tb = trace_buffer_this_cpu();
	u32 old = tb->fn_hdr[1];

	tb->fn_hdr[1] = old | TRACE_ENTRY_HARDIRQ << 16;
	return old & TRACE_ENTRY_HARDIRQ << 16;
}

static inline void trace_irq_exit(u32 old)
{
	struct trace_buffer *tb = trace_buffer_this_cpu();

	tb->fn_hdr[1] = (tb->fn_hdr[1] & ~(TRACE_ENTRY_HARDIRQ << 16)) | old;
}

#endif
