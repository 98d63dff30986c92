/*
 * A ring of fixed-size trace slots with an explicit overflow policy:
 * overwrite the oldest entry (the default, like ftrace: the latest events
 * are what explains a hang) or refuse the newest. Both are counted.
 *
 * No locking here: callers mask interrupts (one CPU), see trace.h.
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

	rb->limit = rb->on && !refusing ? rb->slots + rb->capacity : rb->next;
}

void ring_buffer_init(struct ring_buffer *rb, struct trace_slot *slots, u32 n)
{
	memset(rb, 0, sizeof(*rb));
	rb->slots = slots;
	rb->max = n;
	rb->capacity = n;
	rb->overwrite = true;
	rb->on = true;
	ring_buffer_reset(rb);
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

/* The function tracer's trampoline calls it: never probed, never traced. */
__noprobe struct trace_slot *ring_buffer_reserve_slow(struct ring_buffer *rb)
{
	struct trace_slot *end = rb->slots + rb->capacity;

	if (!rb->on || !rb->capacity)
		return NULL;
	if (rb->next == end || rb->laps) {
		if (!rb->overwrite) {
			rb->dropped++;
			update_limit(rb); /* stay on this path while full */
			return NULL;
		}
		if (rb->next == end) {
			rb->next = rb->slots;
			rb->laps++;
		}
	}
	update_limit(rb);
	return rb->next++;
}

u64 ring_buffer_first_seq(const struct ring_buffer *rb)
{
	return ring_buffer_written(rb) - ring_buffer_count(rb);
}

bool ring_buffer_read(const struct ring_buffer *rb, u64 *seq, struct trace_slot *out)
{
	u64 first = ring_buffer_first_seq(rb);

	if (*seq < first)
		*seq = first; /* overwritten while the reader was away */
	if (*seq >= ring_buffer_written(rb))
		return false;
	memcpy(out, &rb->slots[*seq % rb->capacity], sizeof(*out));
	(*seq)++;
	return true;
}
