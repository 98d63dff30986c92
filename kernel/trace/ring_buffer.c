/*
 * A ring of fixed-size trace slots with an explicit overflow policy:
 * overwrite the oldest entry (the default, like ftrace: the latest events
 * are what explains a hang) or refuse the newest. Both are counted.
 *
 * One writer (the owning CPU), readers anywhere: see trace.h for the
 * publication order and what each side may assume.
 */
#include <ek/errno.h>
#include <ek/noprobe.h>
#include <ek/string.h>
#include <ek/trace.h>

/* Where the fast path must stop and ask: at the end of the ring while
 * entries go in without a decision, right away otherwise. */
static __noprobe void update_limit(struct ring_buffer *rb)
{
	bool refusing = !rb->overwrite && rb->laps;

	rb->limit = rb->on && !refusing ? rb->slots + rb->capacity : NULL;
}

/* Field by field: on the way to the early probes, where a memset (or a
 * NOP site) costs. */
notrace void ring_buffer_init(struct ring_buffer *rb, struct trace_slot *slots, u32 n)
{
	rb->next = slots;
	rb->limit = slots + n;
	rb->slots = slots;
	rb->max = n;
	rb->capacity = n;
	rb->laps = 0;
	rb->overwrite = true;
	rb->on = true;
	rb->dropped = 0;
	rb->lap_seq = 0;
}

void ring_buffer_reset(struct ring_buffer *rb)
{
	rb->next = rb->slots;
	rb->laps = 0;
	rb->dropped = 0;
	update_limit(rb);
}

void ring_buffer_set_overwrite(struct ring_buffer *rb, bool overwrite)
{
	rb->overwrite = overwrite;
	update_limit(rb);
}

void ring_buffer_set_on(struct ring_buffer *rb, bool on)
{
	rb->on = on;
	update_limit(rb);
}

int ring_buffer_set_capacity(struct ring_buffer *rb, u32 n)
{
	if (!n)
		return -EINVAL;
	if (n > rb->max)
		return -E2BIG;
	rb->capacity = n;
	ring_buffer_reset(rb);
	return 0;
}

/* The start of the next lap, as one step for readers: the number of
 * entries (laps * capacity + position) is the same before and after. */
static __noprobe void next_lap(struct ring_buffer *rb)
{
	__atomic_store_n(&rb->lap_seq, rb->lap_seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE); /* odd before the change */
	rb->laps++;
	rb->next = rb->slots;
	__atomic_store_n(&rb->lap_seq, rb->lap_seq + 1, __ATOMIC_RELEASE);
}

/* The function tracer's trampoline calls it: never probed, never traced.
 * The owner's own: a wrap, a full ring, tracing off. */
__noprobe struct trace_slot *ring_buffer_reserve_slow(struct ring_buffer *rb)
{
	struct trace_slot *end = rb->slots + rb->capacity;

	if (!rb->on || !rb->capacity)
		return NULL;
	if (rb->limit == rb->next && rb->next != end)
		return NULL; /* held (ring_buffer_hold()): a nested entry is dropped */
	if (rb->next == end || rb->laps) {
		if (!rb->overwrite) {
			rb->dropped++;
			update_limit(rb); /* stay on this path while full */
			return NULL;
		}
		if (rb->next == end)
			next_lap(rb);
	}
	update_limit(rb);
	return rb->next;
}

u64 ring_buffer_written(const struct ring_buffer *rb)
{
	for (;;) {
		u32 seq = __atomic_load_n(&rb->lap_seq, __ATOMIC_ACQUIRE);
		u32 laps = READ_ONCE(rb->laps);
		/* Acquire: the entries below next are complete for what the
		 * caller reads next. */
		struct trace_slot *next = __atomic_load_n(&rb->next, __ATOMIC_ACQUIRE);

		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (!(seq & 1) && __atomic_load_n(&rb->lap_seq, __ATOMIC_RELAXED) == seq)
			return (u64)laps * rb->capacity + (u32)(next - rb->slots);
	}
}

/* The oldest entry a reader with @margin may copy when @written were
 * published: entry s is safe while no fill of entry s + capacity can have
 * started, s + capacity >= written + margin. */
static u64 first_safe(const struct ring_buffer *rb, u64 written, u32 margin)
{
	u64 reach = (u64)rb->capacity;

	return written + margin > reach ? written + margin - reach : 0;
}

u64 ring_buffer_first_seq(const struct ring_buffer *rb, u32 margin)
{
	u64 written = ring_buffer_written(rb);
	u64 first = first_safe(rb, written, margin);

	return first < written ? first : written;
}

u32 ring_buffer_count(const struct ring_buffer *rb, u32 margin)
{
	u64 written = ring_buffer_written(rb);
	u64 first = first_safe(rb, written, margin);

	return first < written ? (u32)(written - first) : 0;
}

bool ring_buffer_read(const struct ring_buffer *rb, u64 *seq, struct trace_slot *out,
		      u32 margin)
{
	for (;;) {
		u64 written = ring_buffer_written(rb);
		u64 first = first_safe(rb, written, margin);

		if (*seq < first)
			*seq = first; /* overwritten while the reader was away */
		if (*seq >= written)
			return false;
		memcpy(out, &rb->slots[*seq % rb->capacity], sizeof(*out));
		/* The copy, then the writer's progress: had the slot's next
		 * fill begun, the count now says so. */
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (*seq >= first_safe(rb, ring_buffer_written(rb), margin)) {
			(*seq)++;
			return true;
		}
	}
}

/* ---- merging -------------------------------------------------------- */

static void merge_fill(struct ring_merge *m, unsigned int i)
{
	m->have[i] = m->seq[i] < m->end[i] &&
		     ring_buffer_read(m->rings[i], &m->seq[i], &m->head[i], m->margin[i]);
	/* Past the end: entries published after the start wait for the
	 * next reading. */
	if (m->have[i] && m->seq[i] > m->end[i])
		m->have[i] = false;
	if (m->have[i])
		m->head_key[i] = m->key(&m->head[i]);
}

void ring_merge_start(struct ring_merge *m)
{
	for (unsigned int i = 0; i < m->n; i++) {
		m->end[i] = ring_buffer_written(m->rings[i]);
		m->seq[i] = MAX(ring_buffer_first_seq(m->rings[i], m->margin[i]), m->from[i]);
		m->have[i] = false;
	}
	for (unsigned int i = 0; i < m->n; i++)
		merge_fill(m, i);
}

bool ring_merge_next(struct ring_merge *m, struct trace_slot *out, unsigned int *ring)
{
	unsigned int best = m->n;

	for (unsigned int i = 0; i < m->n; i++)
		if (m->have[i] && (best == m->n || m->head_key[i] < m->head_key[best]))
			best = i;
	if (best == m->n)
		return false;
	memcpy(out, &m->head[best], sizeof(*out));
	*ring = best;
	m->last = best;
	m->last_next = m->seq[best]; /* the head's read moved it past the head */
	merge_fill(m, best);
	return true;
}
