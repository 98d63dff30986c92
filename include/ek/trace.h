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
	u64 ts;        /* trace_clock_read() at the hit; trace_entry_ns() */
	u32 ip;        /* probed address, or the return address for returns */
	u16 event_id;  /* struct probe_event id */
	u8 cpu;
	u8 faults;     /* bit i: argument i could not be read */
	u16 len;       /* bytes used in data[] */
	u16 flags;     /* TRACE_ENTRY_* */
};

#define TRACE_ENTRY_TRUNCATED 0x1u /* a string did not fit the slot */
#define TRACE_ENTRY_EPOCH_SHIFT 8  /* flags bits 8-10: the trace clock epoch of ts */

#define TRACE_DATA_MAX (TRACE_ENTRY_SIZE - sizeof(struct trace_entry))

/* One slot: header plus inline argument bytes. */
struct trace_slot {
	struct trace_entry e;
	u8 data[TRACE_DATA_MAX];
};

_Static_assert(sizeof(struct trace_slot) == TRACE_ENTRY_SIZE, "trace slot size");

/*
 * A ring of slots. Entries are numbered by a sequence that counts every
 * entry ever written; the oldest present one is written - count. Readers
 * walk by sequence so an overwrite under their feet shows up as skipped
 * entries, never as a torn one (each slot is copied out whole).
 *
 * The ring itself takes no lock: the users below mask interrupts around
 * each call, which is enough on one CPU (probe handlers run with IRQs
 * masked, readers mask them per entry).
 */
struct ring_buffer {
	struct trace_slot *slots;
	u32 max;        /* slots available in storage */
	u32 capacity;   /* slots in use, <= max */
	u32 head;       /* slot index of the oldest entry */
	u32 count;      /* entries present */
	bool overwrite; /* full: true = drop oldest, false = refuse newest */
	u64 written;    /* entries ever stored */
	u64 dropped;    /* entries refused (overwrite off) */
};

void ring_buffer_init(struct ring_buffer *rb, struct trace_slot *slots, u32 n);
/* Use only the first @n slots (1 <= n <= max); empties the ring. */
int ring_buffer_set_capacity(struct ring_buffer *rb, u32 n);
/* Empty the ring; the counters restart from zero. */
void ring_buffer_reset(struct ring_buffer *rb);
/* A slot for a new entry (already counted as written), or NULL when full
 * and not overwriting. Fill it before letting anyone read. Inline: it is
 * most of what recording a probe hit costs. */
static inline struct trace_slot *ring_buffer_reserve(struct ring_buffer *rb)
{
	u32 idx;

	if (rb->count < rb->capacity) {
		idx = rb->head + rb->count;
		if (idx >= rb->capacity)
			idx -= rb->capacity;
		rb->count++;
	} else if (rb->overwrite && rb->capacity) {
		/* Full: the oldest slot becomes the newest. Wrap by
		 * comparison: a division per hit costs more than the rest
		 * of the reservation. */
		idx = rb->head;
		if (++rb->head == rb->capacity)
			rb->head = 0;
	} else {
		if (rb->capacity)
			rb->dropped++;
		return NULL;
	}
	rb->written++;
	return &rb->slots[idx];
}

/* Copy the entry numbered *seq (or the oldest still present if that one
 * was overwritten) to @out and advance *seq past it; false at the end. */
bool ring_buffer_read(const struct ring_buffer *rb, u64 *seq, struct trace_slot *out);
u64 ring_buffer_first_seq(const struct ring_buffer *rb);
/* Entries lost to overwrite: every one written that is no longer there
 * (derived, so the hit path has one counter less to bump). */
static inline u64 ring_buffer_overruns(const struct ring_buffer *rb)
{
	return rb->written - rb->count;
}

/* The kernel's trace buffer (kernel/trace/trace_buffer.c), IRQ-safe. */
bool trace_is_on(void);             /* tracing_on */
void trace_set_on(bool on);
/* Store a filled-in slot (copied); false when tracing is off or refused. */
bool trace_buffer_write(const struct trace_slot *slot, size_t data_len);
/* Record in place: a slot to fill, or NULL when tracing is off or the ring
 * refuses (not overwriting and full). For probe handlers, which always run
 * with IRQs masked (trap, detour and kretprobe trampoline mask them), so
 * there is nothing to save or commit. */
struct trace_slot *trace_buffer_reserve_masked(void);
bool trace_buffer_read(u64 *seq, struct trace_slot *out);
u64 trace_buffer_first_seq(void);
void trace_buffer_clear(void);
/* Runtime size (DT buffer-entries): 1..TRACE_BUF_ENTRIES, else -E2BIG /
 * -EINVAL and the size is unchanged. Empties the buffer. */
int trace_buffer_set_entries(unsigned int n);
/* Present entries, and everything written (present + overwritten). */
void trace_buffer_stats(u64 *entries, u64 *written, u64 *overruns);

#endif
