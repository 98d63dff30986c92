/*
 * The kernel's one trace buffer: static storage (usable from the first
 * instruction of boot, before any allocator) wrapped in IRQ masking so
 * probe handlers, interrupt handlers and the shell can share it on one CPU.
 */
#include <ek/arch.h>
#include <ek/ftrace.h>
#include <ek/noprobe.h>
#include <ek/probe_event.h>
#include <ek/string.h>
#include <ek/time.h>
#include <ek/trace.h>

/* Not cleared at boot (.noinit): the ring only ever reads slots it wrote,
 * and clearing 512 KiB was most of the cost of reaching the early probes. */
static struct trace_slot trace_slots[TRACE_BUF_ENTRIES] __section(".noinit");
/* 256-byte aligned: the function tracer's trampoline clears its busy byte
 * with the low byte of trace_buf's own address (arch ftrace_entry.S). */
struct trace_buffer trace_buf __aligned(256) = {
	.rb = {
		.next = trace_slots,
		.limit = trace_slots + TRACE_BUF_ENTRIES,
		.slots = trace_slots,
		.max = TRACE_BUF_ENTRIES,
		.capacity = TRACE_BUF_ENTRIES,
		.overwrite = true,
		.on = true,
	},
	.clock = trace_clock_first,
	/* Until the first boot stage: pid 1, start_kernel (trace_context.c). */
	.fn_hdr = { TRACE_TYPE_FUNCTION, sizeof(u32) | 1u << TRACE_ENTRY_TASK_SHIFT << 16 },
};
/* trace_pipe's position: entries before it were consumed. */
static u64 consumed;

__noprobe void trace_set_clock(u64 (*read)(void), u8 epoch)
{
	unsigned long flags = arch_irq_save();

	trace_buf.clock = read;
	trace_buf.clock_flags = (u16)((unsigned int)epoch << TRACE_ENTRY_EPOCH_SHIFT);
	trace_buf.fn_hdr[1] = (trace_buf.fn_hdr[1] & ~(TRACE_ENTRY_EPOCH_MASK << 16)) |
			      (u32)trace_buf.clock_flags << 16;
	arch_irq_restore(flags);
}

bool trace_is_on(void)
{
	return READ_ONCE(trace_buf.rb.on);
}

void trace_set_on(bool on)
{
	unsigned long flags = arch_irq_save();

	ring_buffer_set_on(&trace_buf.rb, on);
	arch_irq_restore(flags);
}

bool trace_buffer_write(const struct trace_slot *slot, size_t data_len)
{
	struct trace_slot *dst;
	unsigned long flags;

	flags = arch_irq_save();
	dst = ring_buffer_reserve(&trace_buf.rb);
	if (dst)
		memcpy(dst, slot, sizeof(slot->e) + MIN(data_len, TRACE_DATA_MAX));
	arch_irq_restore(flags);
	return dst != NULL;
}

bool trace_buffer_read(u64 *seq, struct trace_slot *out)
{
	unsigned long flags = arch_irq_save();
	bool ok = ring_buffer_read(&trace_buf.rb, seq, out);

	arch_irq_restore(flags);
	return ok;
}

static u64 first_unconsumed(void)
{
	return MAX(ring_buffer_first_seq(&trace_buf.rb), consumed);
}

u64 trace_buffer_first_seq(void)
{
	unsigned long flags = arch_irq_save();
	u64 seq = first_unconsumed();

	arch_irq_restore(flags);
	return seq;
}

void trace_buffer_consume(u64 seq)
{
	unsigned long flags = arch_irq_save();

	if (seq > consumed)
		consumed = MIN(seq, ring_buffer_written(&trace_buf.rb));
	arch_irq_restore(flags);
}

void trace_buffer_clear(void)
{
	unsigned long flags = arch_irq_save();

	ring_buffer_reset(&trace_buf.rb);
	consumed = 0; /* the sequence starts again */
	arch_irq_restore(flags);
}

int trace_buffer_set_entries(unsigned int n)
{
	unsigned long flags = arch_irq_save();
	int ret = ring_buffer_set_capacity(&trace_buf.rb, n);

	if (!ret)
		consumed = 0;
	arch_irq_restore(flags);
	return ret;
}

void trace_buffer_set_overwrite(bool overwrite)
{
	unsigned long flags = arch_irq_save();

	ring_buffer_set_overwrite(&trace_buf.rb, overwrite);
	arch_irq_restore(flags);
}

bool trace_buffer_overwrite(void)
{
	return READ_ONCE(trace_buf.rb.overwrite);
}

void trace_buffer_stats(u64 *entries, u64 *written, u64 *overruns)
{
	unsigned long flags = arch_irq_save();

	/* Present and not consumed, as Linux counts entries-in-buffer. */
	*entries = ring_buffer_written(&trace_buf.rb) - first_unconsumed();
	*written = ring_buffer_written(&trace_buf.rb);
	*overruns = ring_buffer_overruns(&trace_buf.rb);
	arch_irq_restore(flags);
}

