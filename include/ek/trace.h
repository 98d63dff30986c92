/*
 * The trace buffer: one ring of fixed-size entries recording probe hits.
 * It is a static array so that probes armed in the first C function can
 * record before any allocator exists, and it stays the runtime buffer.
 *
 * Fixed-size slots keep the overwrite policy trivial (drop exactly the
 * oldest entry) and make "buffer-entries" an exact count; variable data
 * (strings) is bounded to fit a slot.
 */
#ifndef EK_TRACE_H
#define EK_TRACE_H

#include <ek/types.h>

/* Build options (kernel/trace/rules.mk may override them). */
#ifndef TRACE_BUF_ENTRIES
#define TRACE_BUF_ENTRIES 4096 /* slots in the static buffer: the maximum */
#endif
#ifndef TRACE_ENTRY_SIZE
#define TRACE_ENTRY_SIZE 128 /* bytes per slot, header included */
#endif

struct trace_entry {
	/* What a probe event's record repeats on every hit comes first, so
	 * that one block copy writes it (kernel/trace/probe_events.c). */
	u32 ip;        /* probed address, or the return address for returns */
	u16 event_id;  /* struct probe_event id */
	u8 cpu;
	u8 faults;     /* bit i: argument i could not be read */
	u16 len;       /* bytes used in data[] */
	u16 flags;     /* TRACE_ENTRY_* */
	u32 status;    /* the interrupted context's saved status word (ARM
			* CPSR, x86 EFLAGS): the trace's irqs-off column */
	u64 ts;        /* trace_stamp() at the hit; trace_clock_to_ns() */
};

#define TRACE_ENTRY_TRUNCATED 0x1u /* a string did not fit the slot */
/* flags bits 1-6: the task the CPU ran (trace_context.c: 0 idle, else a
 * boot stage or the shell), bit 7: inside the interrupt handler. Both are
 * kept current in trace_buf.fn_hdr[1] where they change, so a hit copies
 * them with its clock's epoch: trace_entry_flags(). */
#define TRACE_ENTRY_TASK_SHIFT 1
#define TRACE_ENTRY_TASK_MASK 0x7eu
#define TRACE_ENTRY_HARDIRQ 0x80u
#define TRACE_ENTRY_EPOCH_SHIFT 8  /* flags bits 8-10: the trace clock epoch of ts */
#define TRACE_ENTRY_EPOCH_MASK 0x700u

#define TRACE_DATA_MAX (TRACE_ENTRY_SIZE - sizeof(struct trace_entry))

/* One slot: header plus inline argument bytes. */
struct trace_slot {
	struct trace_entry e;
	u8 data[TRACE_DATA_MAX];
};

_Static_assert(sizeof(struct trace_slot) == TRACE_ENTRY_SIZE, "trace slot size");

/*
 * A ring of slots. Entries are numbered by a sequence that counts every
 * entry written since the last reset; entry number seq sits in slot
 * seq % capacity, because the writer fills slots in order and wraps to
 * slot 0. Readers walk by sequence so an overwrite under their feet shows
 * up as skipped entries, never as a torn one (each slot is copied out
 * whole).
 *
 * The writer's path is a pointer bump: reserving compares next with limit
 * and moves next on. limit is the end of the ring while entries are
 * accepted without a decision; anything else (wrapping, a full ring that
 * refuses, tracing off) sets or finds next == limit and goes through
 * ring_buffer_reserve_slow(). Nothing else is counted per entry: the
 * number written is laps * capacity + the position of next.
 *
 * The ring itself takes no lock: the users below mask interrupts around
 * each call, which is enough on one CPU (probe handlers run with IRQs
 * masked, readers mask them per entry).
 */
struct ring_buffer {
	struct trace_slot *next;  /* the slot the next entry goes to */
	struct trace_slot *limit; /* next == limit: ask the slow path */
	struct trace_slot *slots;
	u32 max;        /* slots available in storage */
	u32 capacity;   /* slots in use, <= max */
	u32 laps;       /* wraps from the last slot to the first */
	bool overwrite; /* full: true = drop oldest, false = refuse newest */
	bool on;        /* accepting entries at all */
	u64 dropped;    /* entries refused (overwrite off) */
};

void ring_buffer_init(struct ring_buffer *rb, struct trace_slot *slots, u32 n);
/* Use only the first @n slots (1 <= n <= max); empties the ring. */
int ring_buffer_set_capacity(struct ring_buffer *rb, u32 n);
/* Empty the ring; the counters restart from zero. */
void ring_buffer_reset(struct ring_buffer *rb);
void ring_buffer_set_overwrite(struct ring_buffer *rb, bool overwrite);
void ring_buffer_set_on(struct ring_buffer *rb, bool on);
struct trace_slot *ring_buffer_reserve_slow(struct ring_buffer *rb);
/* A slot for a new entry (already counted as written), or NULL when off,
 * or full and not overwriting. Fill it before letting anyone read. Inline:
 * it is part of every probe hit that records. */
static inline struct trace_slot *ring_buffer_reserve(struct ring_buffer *rb)
{
	struct trace_slot *slot = rb->next;

	if (slot == rb->limit)
		return ring_buffer_reserve_slow(rb);
	if (!slot)
		__builtin_unreachable(); /* next is a slot here: callers skip the test */
	rb->next = slot + 1;
	return slot;
}

/* Entries ever stored since the reset, and those still present. */
static inline u64 ring_buffer_written(const struct ring_buffer *rb)
{
	return (u64)rb->laps * rb->capacity + (u32)(rb->next - rb->slots);
}

static inline u32 ring_buffer_count(const struct ring_buffer *rb)
{
	return rb->laps ? rb->capacity : (u32)(rb->next - rb->slots);
}

/* Copy the entry numbered *seq (or the oldest still present if that one
 * was overwritten) to @out and advance *seq past it; false at the end. */
bool ring_buffer_read(const struct ring_buffer *rb, u64 *seq, struct trace_slot *out);
u64 ring_buffer_first_seq(const struct ring_buffer *rb);
/* Entries lost to overwrite: every one written that is no longer there. */
static inline u64 ring_buffer_overruns(const struct ring_buffer *rb)
{
	return ring_buffer_written(rb) - ring_buffer_count(rb);
}

/* The kernel's trace buffer (kernel/trace/trace_buffer.c), IRQ-safe. */
bool trace_is_on(void);             /* tracing_on */
void trace_set_on(bool on);
/* Store a filled-in slot (copied); false when tracing is off or refused. */
bool trace_buffer_write(const struct trace_slot *slot, size_t data_len);
/*
 * The ring and the clock its entries are stamped with, in one object so
 * that a hit reaches both from one address. kernel/time.c sets the clock:
 * the current clocksource's raw read, and the entry flags naming its
 * epoch (trace_clock_to_ns() converts later).
 */
struct trace_buffer {
	struct ring_buffer rb;
	u64 (*clock)(void);
	u16 clock_flags; /* epoch << TRACE_ENTRY_EPOCH_SHIFT */
	/* The function tracer's trampoline (arch ftrace entry): set while this
	 * CPU records a function entry, and the second and third words of
	 * every such entry (event_id | cpu << 16, len | flags << 16). Those
	 * flags are every entry's now: the clock's epoch and the running
	 * context (task, hardirq), which trace_context.c keeps current. */
	u8 ftrace_busy;
	u32 fn_hdr[2];
};
extern struct trace_buffer trace_buf __aligned(256); /* see trace_buffer.c */
void trace_set_clock(u64 (*read)(void), u8 epoch);

/* Record in place: a slot to fill, or NULL when tracing is off or the ring
 * refuses (not overwriting and full). For probe handlers, which always run
 * with IRQs masked (trap, detour and kretprobe trampoline mask them), so
 * there is nothing to save or commit. */
static inline struct trace_slot *trace_buffer_reserve_masked(void)
{
	return ring_buffer_reserve(&trace_buf.rb);
}

/* The flags an entry made now carries: the clock's epoch, the context. */
static inline u16 trace_entry_flags(void)
{
	return (u16)(trace_buf.fn_hdr[1] >> 16);
}

/* A timestamp for an entry, and the flags that go with it. */
static inline u64 trace_stamp(u16 *flags)
{
	*flags = trace_entry_flags();
	return trace_buf.clock();
}
bool trace_buffer_read(u64 *seq, struct trace_slot *out);
/* The oldest entry not yet consumed (trace_pipe): where `trace` starts. */
u64 trace_buffer_first_seq(void);
/* Entries before @seq are consumed: gone from `trace` and trace_pipe. */
void trace_buffer_consume(u64 seq);
/* Full ring: drop the oldest entry (true) or refuse the newest. */
void trace_buffer_set_overwrite(bool overwrite);
bool trace_buffer_overwrite(void);
void trace_buffer_clear(void);
/* Runtime size (DT buffer-entries): 1..TRACE_BUF_ENTRIES, else -E2BIG /
 * -EINVAL and the size is unchanged. Empties the buffer. */
int trace_buffer_set_entries(unsigned int n);
/* Present entries, and everything written (present + overwritten). */
void trace_buffer_stats(u64 *entries, u64 *written, u64 *overruns);

/*
 * The context column of the trace (kernel/trace/trace_context.c): which
 * task the CPU runs, as Linux's comm-pid. pid 0 is the idle loop
 * ("<idle>"); a boot stage or the shell gets the pid of its order of
 * first use, from 1 ("start_kernel", until the first stage).
 */
#define TRACE_TASK_MAX 63
/* Make @comm (a literal, kept by reference; registered on first use)
 * the running task. */
void trace_task_enter(const char *comm);
/* Run pid 0 (idle), or go back to the task that ran before. */
void trace_task_idle(bool idle);
/* "<idle>" for 0, the name of a known pid, NULL otherwise. */
const char *trace_task_comm(unsigned int pid);

/* The interrupt handler brackets its work with these: entries recorded
 * inside carry TRACE_ENTRY_HARDIRQ. IRQs are masked throughout. */
static inline u32 trace_irq_enter(void)
{
	u32 old = trace_buf.fn_hdr[1];

	trace_buf.fn_hdr[1] = old | TRACE_ENTRY_HARDIRQ << 16;
	return old & TRACE_ENTRY_HARDIRQ << 16;
}

static inline void trace_irq_exit(u32 old)
{
	trace_buf.fn_hdr[1] = (trace_buf.fn_hdr[1] & ~(TRACE_ENTRY_HARDIRQ << 16)) | old;
}

#endif
