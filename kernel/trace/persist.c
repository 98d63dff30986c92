/*
 * Where the boot trace lives, and what it takes for a later reader to
 * decode it (include/ek/persist.h, persist_format.h).
 *
 * With a DT region (/chosen/ekprobes memory-region = <&r>, r a
 * /reserved-memory child), the region is split in two halves: this boot
 * writes the half the previous boot did not, so the previous boot's trace
 * stays where it is, readable, at no cost (no copy before the first probe,
 * where every instruction counts), and a boot that hangs again at the same
 * place has not destroyed the evidence of the first. The region is mapped
 * uncached (a warm reset loses caches, not DRAM), and every record carries
 * a check word. Without a region the area is static storage in the image:
 * no reset keeps it, but a RAM dump of a hung board holds it.
 *
 * Before the probes are armed only the cheap part is done: pick the area,
 * point the ring at it, choose the tag. The header, the event table and
 * the report on the previous boot come right after the "armed" line.
 */
#include <ek/arch.h>
#include <ek/crc32.h>
#include <ek/early_events.h>
#include <ek/early_sources.h>
#include <ek/fdt.h>
#include <ek/mm.h>
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/persist.h>
#include <ek/persist_read.h>
#include <ek/printk.h>
#include <ek/probe_event.h>
#include <ek/sections.h>
#include <ek/string.h>
#include <ek/time.h>

/* The area in the image: header page and event table; its slots are CPU
 * 0's ring's static ones (kernel/trace/trace_buffer.c). Not cleared at
 * boot. The boot trace is CPU 0's ring: the early probes record there
 * before the other CPUs start; their rings stay in the image. */
static struct {
	struct persist_header h;
	u8 pad[PERSIST_EVENTS_OFF - sizeof(struct persist_header)];
	u8 events[PERSIST_EVENTS_SIZE];
} image_area __aligned(PERSIST_PAGE) __section(".noinit");

/* This boot's area (named for ektrace ram, which follows it in a RAM dump). */
static struct persist_header *persist_area;
static bool ready;                       /* its header is written */
static bool kept;                        /* persist_area is a half of a DT region */
static struct trace_slot *cur_slots;
static u32 cur_nslots, cur_area_size, seq, tag, events_used;
static bool events_full;
static const struct persist_header *prev; /* the other half */
/* ~7 KiB, filled by persist_open() before any read: not cleared at boot
 * (.bss is cleared before the early probes are armed). */
static struct persist_view prev_view __section(".noinit");
static char region_path[64] __section(".noinit"); /* written before read */
static phys_addr_t region_base;
static size_t region_size;

/* What arrives before the header exists: kept here, written with it. */
static char stage[PERSIST_STAGE_MAX];

extern const u8 __build_id_note[], __build_id_note_end[];

/* The GNU build-id note's descriptor (namesz, descsz, type, "GNU\0", id). */
static const u8 *build_id(u32 *len)
{
	const u8 *n = __build_id_note;
	u32 namesz, descsz;

	if (__build_id_note_end - n < 16)
		return *len = 0, NULL;
	memcpy(&namesz, n, 4);
	memcpy(&descsz, n + 4, 4);
	if (namesz != 4 || descsz > PERSIST_BUILD_ID_MAX || 16 + descsz > (u32)(__build_id_note_end - n))
		return *len = 0, NULL;
	*len = descsz;
	return n + 16;
}

/* The region's node, named in messages only (its path costs a walk). */
static const void *region_fdt;
static int region_off = -1;

static void region_error(const char *why)
{
	if (region_off < 0 || dtb_get_path(region_fdt, region_off, region_path, sizeof(region_path)) < 0)
		strlcpy(region_path, "/chosen/ekprobes:memory-region", sizeof(region_path));
	printk("ekprobes: error: %s: %s; the boot trace stays in the image (not kept across a reset)\n",
	       region_path, why);
}

/* Entry @i of @node's reg in @parent's cells: no address translation (the
 * callers' parents are the root and /reserved-memory, which maps 1:1). All
 * of this runs before the early probes are armed: a few property lookups,
 * no walk over the tree. */
static bool read_reg(const void *fdt, int parent, int node, int i, u64 *base, u64 *size)
{
	u32 ac = 2, sc = 1; /* the defaults of the DT specification */
	const u8 *reg;
	int len;

	dtb_getprop_u32(fdt, parent, "#address-cells", &ac);
	dtb_getprop_u32(fdt, parent, "#size-cells", &sc);
	reg = dtb_getprop(fdt, node, "reg", &len);
	if (!reg || ac < 1 || ac > 2 || sc < 1 || sc > 2 || i < 0 ||
	    len / (int)(4 * (ac + sc)) <= i)
		return false;
	reg += 4 * (ac + sc) * (u32)i;
	*base = dtb_cells(reg, (int)ac);
	*size = dtb_cells(reg + 4 * ac, (int)sc);
	return true;
}

/* Inside one bank of a /memory node (a root child named memory or
 * memory@...). */
static bool in_ram(const void *fdt, u64 base, u64 size)
{
	for (int n = dtb_first_subnode(fdt, 0); n >= 0; n = dtb_next_subnode(fdt, n)) {
		int len;
		const char *name = dtb_get_name(fdt, n, &len);
		const char *type;
		u64 a, s;

		if (!name || len < 6 || memcmp(name, "memory", 6) || (len > 6 && name[6] != '@'))
			continue;
		type = dtb_getprop(fdt, n, "device_type", NULL);
		if (!type || strcmp(type, "memory"))
			continue;
		for (int i = 0; read_reg(fdt, 0, n, i, &a, &s); i++)
			if (base >= a && base - a + size <= s)
				return true;
	}
	return false;
}

/* The region /chosen/ekprobes names (a /reserved-memory child: no walk
 * over the whole tree for its phandle): 0, or an error line and -1. */
static int find_region(const void *fdt, u32 phandle)
{
	int parent = dtb_path_offset(fdt, "/reserved-memory", 16), ranges;
	u64 base, size;
	u32 ph;

	region_fdt = fdt;
	for (int n = parent >= 0 ? dtb_first_subnode(fdt, parent) : -1; n >= 0;
	     n = dtb_next_subnode(fdt, n))
		if (dtb_getprop_u32(fdt, n, "phandle", &ph) && ph == phandle)
			region_off = n;
	if (region_off < 0) {
		region_error("no /reserved-memory child has this phandle");
		return -1;
	}
	if (!dtb_getprop(fdt, parent, "ranges", &ranges) || ranges) {
		region_error("/reserved-memory must map 1:1 (an empty ranges property)");
		return -1;
	}
	if (!read_reg(fdt, parent, region_off, 0, &base, &size)) {
		region_error("no usable reg");
		return -1;
	}
	if (size < 2 * (PERSIST_SLOTS_OFF + PERSIST_PAGE) || size % (2 * PERSIST_PAGE) ||
	    base % PERSIST_PAGE || base + size - 1 > (u64)UINTPTR_MAX) {
		region_error("must be 4 KiB aligned, at least 80 KiB, in two halves of whole pages");
		return -1;
	}
	if (!in_ram(fdt, base, size)) {
		region_error("not inside a /memory bank");
		return -1;
	}
	if (base < (u64)(uintptr_t)_end && base + size > (u64)(uintptr_t)_text) {
		region_error("overlaps the kernel image");
		return -1;
	}
	if (arch_keep_uncached((phys_addr_t)base, (size_t)size)) {
		region_error("cannot be mapped uncached here (ARM: 1 MiB aligned base and size)");
		return -1;
	}
	region_base = (phys_addr_t)base;
	region_size = (size_t)size;
	return 0;
}

static bool header_ok(const struct persist_header *h)
{
	return persist_header_status(h) == PERSIST_OK;
}

static u32 next_tag(u32 t)
{
	t = (t + 1) & TRACE_ENTRY_TAG_MASK;
	return t ? t : 1; /* 0 is what cleared memory says */
}

static void claim_region(void)
{
	struct persist_header *half[2] = {
		(void *)region_base, (void *)(region_base + region_size / 2),
	};
	int older = 0;
	u32 last_tag = 0;

	/* The newer valid half is the previous boot's: take the other. */
	seq = 0;
	for (int i = 0; i < 2; i++) {
		if (!header_ok(half[i]))
			continue;
		if (half[i]->seq >= seq) {
			seq = half[i]->seq;
			prev = half[i];
			older = !i;
		}
		last_tag = MAX(last_tag, half[i]->gen.tag & TRACE_ENTRY_TAG_MASK);
	}
	seq++;
	tag = next_tag(last_tag);
	persist_area = half[older];
	cur_area_size = (u32)(region_size / 2);
	cur_slots = (struct trace_slot *)((u8 *)persist_area + PERSIST_SLOTS_OFF);
	cur_nslots = MIN((cur_area_size - PERSIST_SLOTS_OFF) / TRACE_ENTRY_SIZE, PERSIST_MAX_SLOTS);
	kept = true;
	trace_buffer_set_storage(cur_slots, cur_nslots, true);
}

/* CPU 0's: the ring the boot trace is. */
static struct trace_buffer *boot_ring(void)
{
	return per_cpu_ptr(&trace_buf, 0);
}

static void claim_image_area(void)
{
	struct persist_header *h = &image_area.h;
	const struct ring_buffer *rb = &boot_ring()->rb;

	/* RAM a reset kept may still hold the last boot's header here. */
	seq = header_ok(h) ? h->seq + 1 : 1;
	tag = next_tag(header_ok(h) ? h->gen.tag : 0);
	persist_area = h;
	cur_area_size = sizeof(image_area);
	cur_slots = rb->slots;
	cur_nslots = MIN(rb->max, PERSIST_MAX_SLOTS);
	if (cur_nslots < rb->max)
		trace_buffer_set_storage(cur_slots, cur_nslots, false);
}

void persist_setup(const void *fdt, const struct early_options *opt)
{
	if (!(opt->memory_region && fdt && find_region(fdt, opt->memory_region) == 0))
		claim_image_area();
	else
		claim_region();
	trace_set_tag((u16)tag);
}

static void write_gen(u32 capacity)
{
	persist_area->gen.tag = tag;
	persist_area->gen.capacity = capacity;
	persist_area->gen.pad = 0;
	persist_area->gen.check = persist_check(&persist_area->gen, offsetof(struct persist_gen, check), seq);
}

static void write_stage(void)
{
	memset(persist_area->stage.name, 0, sizeof(persist_area->stage.name));
	strlcpy(persist_area->stage.name, stage, sizeof(persist_area->stage.name));
	persist_area->stage.check = crc32_update(seq, persist_area->stage.name, sizeof(persist_area->stage.name));
}

/* Pid @pid's name, or "" for none yet. */
static void write_task(unsigned int pid, const char *comm)
{
	struct persist_task *t = &persist_area->tasks[pid];

	memset(t->name, 0, sizeof(t->name));
	if (comm)
		strlcpy(t->name, comm, sizeof(t->name));
	t->pad = 0;
	t->check = crc32_update(seq ^ pid, t->name, sizeof(t->name));
}

/* The epoch as kernel/time.c has it, or, not begun, a never-valid one. */
static void write_epoch(unsigned int i)
{
	struct persist_epoch *e = &persist_area->epochs[i];
	bool set = trace_clock_epoch(i, &e->base_ns, &e->base_cycles, &e->mult, &e->shift);

	e->pad = 0;
	e->check = persist_check(e, offsetof(struct persist_epoch, check), seq) ^ !set;
}

/*
 * The tag has 5 bits: a slot the current generation has not reached yet
 * may hold an entry of a generation 31 tags back, with this tag. Take the
 * tag off every such entry, so the reader never takes it for ours. Runs
 * where the ring's position is known and nothing records meanwhile (right
 * after the early probes are armed; at a clear or resize), IRQs masked,
 * never per hit; unprobeable, so no probe of its own records in the middle.
 */
static __noprobe void untag_stale(void)
{
	const struct ring_buffer *rb = &boot_ring()->rb;
	u32 i = rb->laps ? cur_nslots : (u32)(rb->next - rb->slots);
	const u16 mask = (u16)(TRACE_ENTRY_TAG_MASK << TRACE_ENTRY_TAG_SHIFT);

	for (; i < cur_nslots; i++)
		if (TRACE_ENTRY_TAG(cur_slots[i].e.flags) == tag)
			cur_slots[i].e.flags &= (u16)~mask;
}

static void write_header(void)
{
	struct persist_header *h = persist_area;
	u32 id_len;
	const u8 *id = build_id(&id_len);

	h->magic[0] = PERSIST_MAGIC0;
	h->magic[1] = PERSIST_MAGIC1;
	h->version = PERSIST_VERSION;
	h->header_size = sizeof(*h);
	h->area_size = cur_area_size;
	h->slots_off = (s32)((u8 *)cur_slots - (u8 *)h);
	h->nslots = cur_nslots;
	h->slot_size = TRACE_ENTRY_SIZE;
	h->events_off = PERSIST_EVENTS_OFF;
	h->events_size = PERSIST_EVENTS_SIZE;
	h->seq = seq;
	h->flags = (kept ? PERSIST_F_KEPT : 0) | (trace_checked() ? PERSIST_F_CHECKED : 0);
	h->load_base = (u32)(uintptr_t)_text;
	memset(h->build_id, 0, sizeof(h->build_id));
	h->build_id_len = id_len;
	if (id)
		memcpy(h->build_id, id, id_len);
	h->check = persist_check(h, offsetof(struct persist_header, check), seq);
	write_gen(boot_ring()->rb.capacity);
	write_stage();
	for (unsigned int i = 0; i < PERSIST_EPOCHS; i++)
		write_epoch(i);
	/* the names known so far; the rest, left as they are, do not check
	 * (their check words are seeded with an older boot's seq) */
	for (unsigned int pid = 0; pid < PERSIST_TASKS; pid++)
		if (trace_task_comm(pid))
			write_task(pid, trace_task_comm(pid));
	untag_stale();
}

void persist_note_event(u16 id, const struct probe_def *def)
{
	u8 *table = (u8 *)persist_area + PERSIST_EVENTS_OFF;
	size_t n;

	if (!ready || events_full)
		return;
	n = persist_event_encode(table + events_used, PERSIST_EVENTS_SIZE - events_used, id, seq,
				 (u32)(def->addr - (uintptr_t)_text), def);
	if (!n) {
		events_full = true;
		printk("ekprobes: boot trace: event table full after %u bytes; events from %s on "
		       "show as \"Unknown type\" when this trace is read back\n",
		       events_used, def->event);
		return;
	}
	events_used += (u32)n;
	/* The table ends at the first entry that does not check: make sure
	 * a stale one right after this is not read as ours. */
	if (events_used + 4 <= PERSIST_EVENTS_SIZE)
		memset(table + events_used, 0, 4);
}

void persist_note_stage(const char *name)
{
	strlcpy(stage, name, sizeof(stage));
	if (ready)
		write_stage();
}

void persist_note_task(unsigned int pid, const char *comm)
{
	if (ready && pid < PERSIST_TASKS)
		write_task(pid, comm);
}

void persist_note_epoch(unsigned int epoch)
{
	if (ready)
		write_epoch(epoch % PERSIST_EPOCHS);
}
void persist_ring_reset(u32 capacity)
{
	if (!persist_area)
		return;
	tag = next_tag(tag);
	trace_set_tag((u16)tag);
	untag_stale();
	if (ready)
		write_gen(capacity);
}

static void note_early_events(void)
{
	static struct probe_def def __section(".noinit"); /* too big for the stack */

	for (u16 id = 1; early_event_def(id, &def); id++)
		persist_note_event(id, &def);
}

static void hex(char *buf, size_t size, const u8 *p, u32 n)
{
	size_t at = 0;

	buf[0] = '\0';
	for (u32 i = 0; i < n && at + 3 <= size; i++)
		at += (size_t)ksnprintf(buf + at, size - at, "%02x", p[i]);
}

/* "ekprobes: previous boot: ..." and, after it, what had to be dropped. */
static void report_previous(void)
{
	char name[PROBE_EVENT_MAX + 16], id_text[2 * PERSIST_BUILD_ID_MAX + 1];
	unsigned long secs, usecs;
	u32 id_len;
	const u8 *id = build_id(&id_len);
	int st;

	if (!prev)
		return;
	st = persist_open(&prev_view, prev, prev, (const u8 *)prev + cur_area_size, id, id_len);
	if (st == PERSIST_OTHER_BUILD) {
		hex(id_text, sizeof(id_text), prev->build_id, MIN(prev->build_id_len, 20u));
		printk("ekprobes: previous boot: trace written by another build (build id %s); ignored\n",
		       id_text);
		return;
	}
	if (st != PERSIST_OK) {
		printk("ekprobes: previous boot: trace header damaged (%s); ignored\n",
		       st == PERSIST_BAD_VERSION ? "another layout version" : "bad check or sizes");
		return;
	}
	if (prev_view.records) {
		persist_record_name(&prev_view, &prev_view.slots[prev_view.last],
				    (unsigned long)(uintptr_t)_text, name, sizeof(name));
		ns_to_sec_usec(prev_view.last_ns, &secs, &usecs);
		printk("ekprobes: previous boot: %u events, last stage %s, last event %s at %lu.%06lu\n",
		       prev_view.records, persist_stage(&prev_view)[0] ? persist_stage(&prev_view) : "?",
		       name, secs, usecs);
	} else {
		printk("ekprobes: previous boot: 0 events, last stage %s\n",
		       persist_stage(&prev_view)[0] ? persist_stage(&prev_view) : "?");
	}
	for (u32 p = 0; p * PERSIST_PAGE_SLOTS < prev_view.capacity; p++)
		if (prev_view.page_bad[p / 32] >> (p % 32) & 1)
			printk("ekprobes: previous boot: warning: page %u (records %u-%u at %p) damaged; "
			       "dropped\n", p, p * PERSIST_PAGE_SLOTS,
			       MIN((p + 1) * PERSIST_PAGE_SLOTS, prev_view.capacity) - 1,
			       (void *)&prev_view.slots[p * PERSIST_PAGE_SLOTS]);
	if (prev_view.partial)
		printk("ekprobes: previous boot: the record being written when it stopped was cut; "
		       "dropped\n");
	if (prev_view.out_of_order)
		printk("ekprobes: previous boot: warning: %u records out of time order; dropped\n",
		       prev_view.out_of_order);
}

void persist_boot_report(void)
{
	if (!persist_area)
		return;
	if (!stage[0])
		strlcpy(stage, "early probes", sizeof(stage));
	write_header();
	ready = true;
	note_early_events();
	report_previous();
	if (kept && dtb_get_path(region_fdt, region_off, region_path, sizeof(region_path)) >= 0)
		printk("ekprobes: boot trace kept in %s: this boot's half at %p, %u records\n",
		       region_path, (void *)persist_area, cur_nslots);
}

const struct persist_view *persist_previous(void)
{
	return prev && prev_view.status == PERSIST_OK ? &prev_view : NULL;
}
