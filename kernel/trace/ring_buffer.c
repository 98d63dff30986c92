/*
 * A ring of fixed-size trace slots with an explicit overflow policy:
 * overwrite the oldest entry (the default, like ftrace: the latest events
 * are what explains a hang) or refuse the newest. Both are counted.
 *
 * No locking here: callers mask interrupts (one CPU), see trace.h.
 */
#include <ek/errno.h>
#include <ek/string.h>
#include <ek/trace.h>

void ring_buffer_init(struct ring_buffer *rb, struct trace_slot *slots, u32 n)
{
	memset(rb, 0, sizeof(*rb));
	rb->slots = slots;
	rb->max = n;
	rb->capacity = n;
	rb->overwrite = true;
}

void ring_buffer_reset(struct ring_buffer *rb)
{
	rb->head = 0;
	rb->count = 0;
	rb->written = 0;
	rb->dropped = 0;
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

u64 ring_buffer_first_seq(const struct ring_buffer *rb)
{
	return rb->written - rb->count;
}

bool ring_buffer_read(const struct ring_buffer *rb, u64 *seq, struct trace_slot *out)
{
	u64 first = ring_buffer_first_seq(rb);
	u32 idx;

	if (*seq < first)
		*seq = first; /* overwritten while the reader was away */
	if (*seq >= rb->written)
		return false;
	idx = (u32)((rb->head + (*seq - first)) % rb->capacity);
	memcpy(out, &rb->slots[idx], sizeof(*out));
	(*seq)++;
	return true;
}
