/*
 * The boot trace as it lies in memory, for whoever reads it later: the
 * next boot (kernel/trace/persist*.c), or `ektrace ram` on a RAM dump
 * (tools/ektrace_ram.c). Same layout on every arch (explicit padding, u64
 * at 8-byte offsets), little-endian.
 *
 * An area is a header page, an event table and the ring's slots:
 *
 *   header (struct persist_header): magic, version, build id of the kernel
 *     that wrote it, where the slots and the table are, this boot's
 *     number; then the parts that change while it runs, each with its own
 *     check word: the record tag and ring capacity, the boot stage, the
 *     trace clock epochs, the names of the task column's pids
 *   event table: one struct persist_event per probe event (what a record's
 *     event_id means: names, kind, argument names and types)
 *   slots: struct trace_slot[nslots], the ring itself (include/ek/trace.h)
 *
 * A DT region (/reserved-memory, kept across a warm reset) holds two areas,
 * one per half: each boot writes the half the previous boot did not, so
 * the previous boot's stays readable, with no copy, while this one
 * records. Without a region the area lives in the image (not kept across
 * a reset, but found in a RAM dump).
 *
 * Which slots hold records of this boot: every record carries the area's
 * current tag in its flags (a new tag at every boot, clear and resize; 5
 * bits, the rest of the flags being the task, hardirq and clock epoch), so
 * stale records of earlier boots or generations are told apart. In a kept
 * region every record also carries a check word (e.check, trace_entry_check()),
 * so a record partly written at the reset, or decayed in DRAM meanwhile, is
 * caught; the reader drops the whole 4 KiB page around a bad record.
 */
#ifndef EK_PERSIST_FORMAT_H
#define EK_PERSIST_FORMAT_H

#include <ek/ftrace.h>
#include <ek/string.h>
#include <ek/trace.h>
#include <ek/types.h>

#define PERSIST_MAGIC0 0x52504b45u /* "EKPROBES" */
#define PERSIST_MAGIC1 0x5345424fu
#define PERSIST_VERSION 1
#define PERSIST_PAGE 4096u
#define PERSIST_PAGE_SLOTS (PERSIST_PAGE / TRACE_ENTRY_SIZE)
#define PERSIST_EVENTS_OFF PERSIST_PAGE        /* the table follows the header page */
#define PERSIST_EVENTS_SIZE (28u * 1024)       /* ~350 events */
#define PERSIST_SLOTS_OFF (PERSIST_EVENTS_OFF + PERSIST_EVENTS_SIZE)
#define PERSIST_EPOCHS 8                       /* TRACE_CLOCK_EPOCHS */
#define PERSIST_BUILD_ID_MAX 20
#define PERSIST_STAGE_MAX 24
#define PERSIST_MAX_SLOTS 16384u               /* per area: 2 MiB of slots */
#define PERSIST_TASKS 64                       /* TRACE_TASK_MAX + 1 */

/* header.flags */
#define PERSIST_F_KEPT 0x1u    /* a DT region: meant to outlive a reset */
#define PERSIST_F_CHECKED 0x2u /* records carry check words */

struct persist_gen {     /* the ring's current generation */
	u32 tag;         /* TRACE_ENTRY_TAG() of its records */
	u32 capacity;    /* slots in use: the ring wraps there */
	u32 check;
	u32 pad;
};

struct persist_stage {   /* the boot stage running (boot_stage()) */
	char name[PERSIST_STAGE_MAX];
	u32 check;
	u32 pad;
};

struct persist_epoch {   /* one trace clock epoch: ns = base_ns + ((raw - base_cycles) * mult >> shift) */
	u64 base_ns, base_cycles;
	u32 mult, shift;
	u32 check;
	u32 pad;
};

struct persist_task {    /* the name of a pid of the task column (trace_context.c) */
	char name[PERSIST_STAGE_MAX];
	u32 check;
	u32 pad;
};

struct persist_header {
	u32 magic[2];
	u32 version;
	u32 header_size;      /* sizeof(struct persist_header) */
	u32 area_size;        /* bytes from the header the area may use */
	s32 slots_off;        /* slot 0, from the header (negative: the image's ring) */
	u32 nslots;
	u32 slot_size;        /* TRACE_ENTRY_SIZE */
	u32 events_off;       /* the event table, from the header */
	u32 events_size;
	u32 seq;              /* the number of the boot that wrote it */
	u32 flags;            /* PERSIST_F_* */
	u32 load_base;        /* where that kernel ran: records hold its addresses */
	u32 build_id_len;
	u8 build_id[PERSIST_BUILD_ID_MAX];
	u32 check;            /* persist_check() of everything above */
	struct persist_gen gen;
	struct persist_stage stage;
	struct persist_epoch epochs[PERSIST_EPOCHS];
	struct persist_task tasks[PERSIST_TASKS]; /* by pid: what the records' task bits name */
};

_Static_assert(offsetof(struct persist_header, check) == 76 &&
	       offsetof(struct persist_header, epochs) % 8 == 0 &&
	       sizeof(struct persist_header) <= PERSIST_PAGE, "persist header layout");

/* One event table entry. The entries follow each other, 4-byte aligned;
 * names[] holds "group\0event\0symbol\0", then per argument one type byte
 * and "name\0". */
#define PERSIST_EVENT_MAGIC 0x56454b45u /* "EKEV" */
struct persist_event {
	u32 magic;
	u32 check;        /* crc32 of the entry from seq on, seeded with the boot's seq */
	u32 seq;          /* the boot that wrote it: stale entries do not match */
	u16 size;         /* bytes of the whole entry, a multiple of 4 */
	u16 id;           /* trace_entry.event_id */
	u32 addr;         /* the probed address, from load_base */
	u8 kind;          /* enum probe_kind */
	u8 has_symbol;
	u8 nargs;
	u8 pad;
	char names[];
};

/* A small check of a few words: rotate and xor, seeded (with the boot's
 * seq, so a stale copy of the same bytes does not pass). Cheap enough to
 * run before the early probes are armed. (__builtin_memcpy here and below:
 * one load, where the kernel's -fno-builtin makes memcpy a call.) */
static inline u32 persist_check(const void *p, size_t bytes, u32 seed)
{
	const u8 *b = p;
	u32 h = seed ^ 0x9e3779b9u;

	for (size_t i = 0; i + 4 <= bytes; i += 4) {
		u32 w;

		__builtin_memcpy(&w, b + i, 4);
		h = ((h << 5) | (h >> 27)) ^ w;
	}
	return h ^ (u32)bytes;
}

/*
 * The check word of a record (e.check in a kept region): the xor of the
 * low word of its timestamp and of its data words (the last one masked to
 * len), and, but for function-tracer entries, of its second, third and
 * fourth header words (ids, len and flags, the status word). A function
 * entry leaves those out (the trampoline's budget is one instruction): the
 * reader checks what is constant of its header words exactly (id, len,
 * faults, tag) and its task for one that boot named. No record's check
 * has the timestamp's high word (a handler's budget): one that decays
 * shows as a spike in time, which the reader drops. Writers compute
 * the same value the cheap way (the header part prepared, words already in
 * registers).
 */
static inline u32 trace_entry_check(const struct trace_slot *s)
{
	u32 c = (u32)s->e.ts, w, n = MIN(s->e.len, TRACE_DATA_MAX), i;

	if (s->e.event_id != TRACE_TYPE_FUNCTION) {
		const u8 *h = (const u8 *)&s->e;

		__builtin_memcpy(&w, h + 4, 4);
		c ^= w;
		__builtin_memcpy(&w, h + 8, 4);
		c ^= w;
		c ^= s->e.status;
	}
	for (i = 0; i + 4 <= n; i += 4) {
		__builtin_memcpy(&w, s->data + i, 4);
		c ^= w;
	}
	if (n % 4) {
		w = 0;
		memcpy(&w, s->data + i, n % 4);
		c ^= w;
	}
	return c;
}

#endif
