/*
 * The kernel's trace buffers: one ring per CPU in static storage (usable
 * from the first probe of boot, before any allocator), reached by each
 * CPU through its per-CPU offset. A CPU writes only its own ring, with
 * IRQs masked; any CPU reads any ring (ring_buffer.c says how a reader
 * never sees a torn entry).
 *
 * What changes a ring under its writer (tracing_on, the size, clearing,
 * a new clock) is rare and comes from the shell or the boot path: it
 * brings the other CPUs to a stop first (smp_rendezvous_begin(): they
 * spin with IRQs masked, so none is inside a record), and their rings are
 * plain memory meanwhile.
 *
 * CPU 0's ring may live elsewhere: in a kept region, with check words
 * (kernel/trace/persist.c places it before the first entry), where the
 * boot trace outlives a reset. The early probes record there before the
 * secondaries start.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/ftrace.h>
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/persist.h>
#include <ek/persist_format.h>
#include <ek/probe_event.h>
#include <ek/smp.h>
#include <ek/string.h>
#include <ek/time.h>
#include <ek/trace.h>

/* NR_CPUS * TRACE_BUF_ENTRIES * 128 bytes. Not cleared at boot (.noinit):
 * a ring only ever reads slots it wrote, and clearing them was most of the
 * cost of reaching the early probes. CPU 0's are also the boot trace's
 * when it has no kept region (persist.c: a RAM dump finds them). */
static struct trace_slot trace_slots[NR_CPUS][TRACE_BUF_ENTRIES] __section(".noinit");
DEFINE_PER_CPU(struct trace_buffer, trace_buf);

/* The settings every CPU's ring follows; changed with the CPUs stopped. */
static struct {
	u32 entries;     /* per CPU */
	u32 max_entries; /* the smallest storage: CPU 0's may be a kept region */
	bool on;
	bool overwrite;
	u64 (*clock)(void);
	u16 clock_flags; /* the clock's epoch and the tag (trace_set_tag()) */
} cfg = { TRACE_BUF_ENTRIES, TRACE_BUF_ENTRIES, true, true, trace_clock_first, 0 };

/* trace_pipe's position in each CPU's ring: entries before it were
 * consumed; and how many it consumed (per_cpu/cpuN/stats' read events).
 * Moved by the reader, reset with the rings (the CPUs stopped). */
static u64 consumed[NR_CPUS], consumed_count[NR_CPUS];

/* A bit at a time: one turn at boot, when CPU 0 is alone. */
#define for_each_online_cpu(cpu)                                                   \
	for (u32 left_ = READ_ONCE(cpu_online_mask), cpu;                          \
	     left_ && ((cpu = (u32)__builtin_ctz(left_)), 1); left_ &= left_ - 1)

/* The fields a CPU's function entries repeat (trace.h); the CPU's
 * running context (trace_context.c) stays what it was. */
static __noprobe void set_fn_hdr(struct trace_buffer *tb)
{
	u32 ctx = tb->fn_hdr[1] & (u32)(TRACE_ENTRY_TASK_MASK | TRACE_ENTRY_HARDIRQ) << 16;

	tb->fn_hdr[0] = TRACE_TYPE_FUNCTION | tb->cpu << 16;
	tb->fn_hdr[1] = sizeof(u32) | (u32)tb->clock_flags << 16 | ctx;
}

/* @cpu's buffer made from the settings, empty, its CPU running @pid
 * (trace_context.c). Its CPU is not writing. notrace, as what it calls:
 * CPU 0's is made on the way to the early probes, where a NOP site costs. */
static notrace void setup_cpu(unsigned int cpu, unsigned int pid)
{
	struct trace_buffer *tb = per_cpu_ptr(&trace_buf, cpu);

	ring_buffer_init(&tb->rb, trace_slots[cpu], TRACE_BUF_ENTRIES);
	if (cfg.entries != TRACE_BUF_ENTRIES)
		ring_buffer_set_capacity(&tb->rb, cfg.entries);
	if (!cfg.on)
		ring_buffer_set_on(&tb->rb, false);
	if (!cfg.overwrite)
		ring_buffer_set_overwrite(&tb->rb, false);
	tb->clock = cfg.clock;
	tb->clock_flags = cfg.clock_flags;
	tb->ftrace_busy = 0;
	tb->cpu = cpu;
	tb->hits_off = probe_event_hits_off(cpu);
	tb->checked = false;
	tb->fn_hdr[1] = (u32)pid << TRACE_ENTRY_TASK_SHIFT << 16;
	set_fn_hdr(tb);
}

/* The boot CPU runs start_kernel (pid 1) until the first boot stage. */
notrace void trace_buffer_init(void)
{
	setup_cpu(0, 1);
}

/* A secondary CPU's, before it starts (include/ek/percpu.h): it comes up
 * in its idle loop (pid 0), which is all it runs between the calls made
 * on it. */
static void trace_buffer_percpu_init(unsigned int cpu)
{
	setup_cpu(cpu, 0);
}
PERCPU_INIT(trace_buffer_percpu_init);

/* The other CPUs stopped (IRQs masked here), when there are any: not
 * before the secondaries start, when the clock is set on the way to the
 * early probes. */
static __noprobe bool stop_others(void)
{
	u32 online = READ_ONCE(cpu_online_mask);

	if (!(online & (online - 1)))
		return false;
	smp_rendezvous_begin();
	return true;
}

/* Run @fn on every online CPU's buffer with the other CPUs stopped. */
static __noprobe void for_each_buffer_stopped(void (*fn)(struct trace_buffer *tb, void *arg),
					      void *arg)
{
	unsigned long flags = arch_irq_save();
	bool stopped = stop_others();

	for_each_online_cpu(cpu)
		fn(per_cpu_ptr(&trace_buf, cpu), arg);
	if (stopped)
		smp_rendezvous_end();
	arch_irq_restore(flags);
}

static __noprobe void apply_clock(struct trace_buffer *tb)
{
	tb->clock = cfg.clock;
	tb->clock_flags = cfg.clock_flags;
	set_fn_hdr(tb);
}

/* Unprobeable: a hit in here would be stamped by one clock with the
 * other's epoch. The tag stays. */
__noprobe void trace_set_clock(u64 (*read)(void), u8 epoch)
{
	unsigned long flags = arch_irq_save();
	bool stopped;

	cfg.clock = read;
	cfg.clock_flags = (u16)((unsigned int)epoch << TRACE_ENTRY_EPOCH_SHIFT |
				(cfg.clock_flags & ~TRACE_ENTRY_EPOCH_MASK));
	stopped = stop_others();
	for_each_online_cpu(cpu)
		apply_clock(per_cpu_ptr(&trace_buf, cpu));
	if (stopped)
		smp_rendezvous_end();
	arch_irq_restore(flags);
}

/* No rendezvous of its own: its callers (persist.c) run before the
 * secondaries start or inside a reset that stopped them. Unprobeable, as
 * trace_set_clock(): an entry is tagged by one generation. */
__noprobe void trace_set_tag(u16 tag)
{
	unsigned long flags = arch_irq_save();

	cfg.clock_flags = (u16)((cfg.clock_flags & TRACE_ENTRY_EPOCH_MASK) |
				(tag & TRACE_ENTRY_TAG_MASK) << TRACE_ENTRY_TAG_SHIFT);
	for_each_online_cpu(cpu)
		apply_clock(per_cpu_ptr(&trace_buf, cpu));
	arch_irq_restore(flags);
}

void trace_buffer_set_storage(struct trace_slot *slots, u32 n, bool checked)
{
	unsigned long flags = arch_irq_save();
	struct trace_buffer *tb = per_cpu_ptr(&trace_buf, 0);

	/* One size for every CPU's ring: at most what this storage holds. */
	cfg.max_entries = MIN(n, (u32)TRACE_BUF_ENTRIES);
	cfg.entries = MIN(cfg.entries, cfg.max_entries);
	ring_buffer_init(&tb->rb, slots, n);
	if (cfg.entries != n)
		ring_buffer_set_capacity(&tb->rb, cfg.entries);
	ring_buffer_set_on(&tb->rb, cfg.on);
	ring_buffer_set_overwrite(&tb->rb, cfg.overwrite);
	tb->checked = checked;
	arch_irq_restore(flags);
}

bool trace_is_on(void)
{
	return READ_ONCE(cfg.on);
}

static void apply_on(struct trace_buffer *tb, void *arg)
{
	(void)arg;
	ring_buffer_set_on(&tb->rb, cfg.on);
}

void trace_set_on(bool on)
{
	cfg.on = on;
	for_each_buffer_stopped(apply_on, NULL);
}

bool trace_buffer_write(const struct trace_slot *slot, size_t data_len)
{
	unsigned long flags = arch_irq_save();
	struct trace_buffer *tb = trace_buffer_this_cpu();
	struct trace_slot *dst = trace_buffer_reserve_masked(tb);

	if (dst) {
		memcpy(dst, slot, sizeof(slot->e) + MIN(data_len, TRACE_DATA_MAX));
		trace_buffer_commit(tb, dst);
	}
	arch_irq_restore(flags);
	return dst != NULL;
}

bool trace_buffer_write_cpu(unsigned int cpu, const struct trace_slot *slot)
{
	unsigned long flags = arch_irq_save();
	bool stopped = stop_others();
	struct trace_buffer *tb = per_cpu_ptr(&trace_buf, cpu);
	struct trace_slot *dst = trace_buffer_reserve_masked(tb);

	if (dst) {
		memcpy(dst, slot, sizeof(*slot));
		if (tb->checked)
			dst->e.check = trace_entry_check(dst);
		trace_buffer_commit(tb, dst);
	}
	if (stopped)
		smp_rendezvous_end();
	arch_irq_restore(flags);
	return dst != NULL;
}

/* ---- reading -------------------------------------------------------- */

/* How far @cpu's writer may be from a reader here (ring_buffer.c): on its
 * own CPU, with IRQs masked, it can only run to completion in between. */
static u32 margin_for(unsigned int cpu)
{
	return cpu == smp_processor_id() ? 0 : RING_MARGIN_REMOTE;
}

bool trace_buffer_read(u64 *seq, struct trace_slot *out)
{
	unsigned long flags = arch_irq_save();
	struct trace_buffer *tb = trace_buffer_this_cpu();
	bool ok = ring_buffer_read(&tb->rb, seq, out, 0);

	if (ok)
		out->e.cpu = (u8)tb->cpu;
	arch_irq_restore(flags);
	return ok;
}

u64 trace_buffer_first_seq(void)
{
	const struct trace_buffer *tb = trace_buffer_this_cpu();

	return MAX(ring_buffer_first_seq(&tb->rb, 0), READ_ONCE(consumed[tb->cpu]));
}

void trace_buffer_stats_cpu(unsigned int cpu, struct trace_cpu_stats *st)
{
	const struct ring_buffer *rb = &per_cpu_ptr(&trace_buf, cpu)->rb;
	u32 margin = margin_for(cpu);
	u64 present;

	st->written = ring_buffer_written(rb);
	present = ring_buffer_count(rb, margin);
	st->overruns = st->written - present;
	/* Present and not consumed, as Linux counts entries-in-buffer. */
	st->entries = MIN(present, st->written - MIN(READ_ONCE(consumed[cpu]), st->written));
	st->dropped = READ_ONCE(rb->dropped);
	st->read = READ_ONCE(consumed_count[cpu]);
}

void trace_buffer_stats(u64 *entries, u64 *written, u64 *overruns)
{
	struct trace_cpu_stats st;

	trace_buffer_stats_cpu(smp_processor_id(), &st);
	*entries = st.entries;
	*written = st.written;
	*overruns = st.overruns;
}

void trace_buffer_stats_all(struct trace_cpu_stats *sum)
{
	memset(sum, 0, sizeof(*sum));
	for_each_online_cpu(cpu) {
		struct trace_cpu_stats st;

		trace_buffer_stats_cpu(cpu, &st);
		sum->entries += st.entries;
		sum->written += st.written;
		sum->overruns += st.overruns;
		sum->dropped += st.dropped;
		sum->read += st.read;
	}
}

/* One clock for every CPU (the generic timer's and the A9 global timer's
 * counts are system-wide), so entries merge by time; in nanoseconds, as
 * an epoch's raw counts do not compare with another's. */
static u64 entry_ns(const struct trace_slot *slot)
{
	return trace_clock_to_ns(slot->e.ts, (u8)TRACE_ENTRY_EPOCH(slot->e.flags));
}

_Static_assert(NR_CPUS <= RING_MERGE_MAX, "a merge takes every CPU's ring");

void trace_iter_start(struct ring_merge *m, u32 cpus)
{
	unsigned long flags;

	m->n = 0;
	m->key = entry_ns;
	for_each_online_cpu(cpu) {
		if (!(cpus & (1u << cpu)))
			continue;
		m->rings[m->n] = &per_cpu_ptr(&trace_buf, cpu)->rb;
		m->margin[m->n] = margin_for(cpu);
		m->from[m->n] = READ_ONCE(consumed[cpu]);
		m->n++;
	}
	flags = arch_irq_save(); /* this CPU's ring is read with margin 0 */
	ring_merge_start(m);
	arch_irq_restore(flags);
}

bool trace_iter_next(struct ring_merge *m, struct trace_slot *out)
{
	unsigned long flags = arch_irq_save();
	unsigned int ring;
	bool ok = ring_merge_next(m, out, &ring);

	if (ok)
		out->e.cpu = (u8)container_of(m->rings[ring], struct trace_buffer, rb)->cpu;
	arch_irq_restore(flags);
	return ok;
}

/* One reader consumes (trace_pipe, from the shell): a plain update. An
 * entry overwritten before it was consumed is not counted as read. */
void trace_iter_consume(const struct ring_merge *m)
{
	unsigned int cpu = container_of(m->rings[m->last], struct trace_buffer, rb)->cpu;

	if (m->last_next <= consumed[cpu])
		return; /* the rings were reset meanwhile */
	consumed_count[cpu]++;
	WRITE_ONCE(consumed[cpu], m->last_next);
}

/* ---- control -------------------------------------------------------- */

/* Emptied: trace_pipe starts again from the first entry; CPU 0's ring,
 * which may be the boot trace, starts a new generation (a new tag: the
 * old entries are gone). */
static void reset_consumed(const struct trace_buffer *tb)
{
	consumed[tb->cpu] = 0;
	consumed_count[tb->cpu] = 0;
	if (tb->cpu == 0)
		persist_ring_reset(tb->rb.capacity);
}

static void apply_reset(struct trace_buffer *tb, void *arg)
{
	(void)arg;
	ring_buffer_reset(&tb->rb);
	reset_consumed(tb);
}

void trace_buffer_clear(void)
{
	for_each_buffer_stopped(apply_reset, NULL);
}

static void apply_entries(struct trace_buffer *tb, void *arg)
{
	(void)arg;
	ring_buffer_set_capacity(&tb->rb, cfg.entries);
	reset_consumed(tb);
}

int trace_buffer_set_entries(unsigned int n)
{
	if (!n)
		return -EINVAL;
	if (n > cfg.max_entries)
		return -E2BIG;
	cfg.entries = n;
	for_each_buffer_stopped(apply_entries, NULL);
	return 0;
}

unsigned int trace_buffer_entries(void)
{
	return READ_ONCE(cfg.entries);
}

unsigned int trace_buffer_max_entries(void)
{
	return cfg.max_entries;
}

static void apply_overwrite(struct trace_buffer *tb, void *arg)
{
	(void)arg;
	ring_buffer_set_overwrite(&tb->rb, cfg.overwrite);
}

void trace_buffer_set_overwrite(bool overwrite)
{
	cfg.overwrite = overwrite;
	for_each_buffer_stopped(apply_overwrite, NULL);
}

bool trace_buffer_overwrite(void)
{
	return READ_ONCE(cfg.overwrite);
}
