/*
 * Reading a boot trace area (include/ek/persist_format.h) that some boot
 * left in memory: checked, ordered, decoded. Pure code: the kernel reads
 * the previous boot's half with it (kernel/trace/persist_files.c), the
 * host reads RAM dumps (tools/ektrace_ram.c), host tests corrupt areas.
 */
#ifndef EK_PERSIST_READ_H
#define EK_PERSIST_READ_H

#include <ek/persist_format.h>
#include <ek/types.h>

struct probe_def;
struct seq;

enum persist_status {
	PERSIST_OK,
	PERSIST_NONE,        /* no area header there */
	PERSIST_BAD_HEADER,  /* the magic, but a field or the check is wrong */
	PERSIST_BAD_VERSION, /* another layout version */
	PERSIST_OTHER_BUILD, /* written by another kernel build */
	PERSIST_TRUNCATED,   /* slots or table beyond the memory given */
};

#define PERSIST_VIEW_EVENTS 512

/* An area, checked: persist_open() fills it (about 7 KiB: callers keep it
 * static). */
struct persist_view {
	const struct persist_header *h;
	const struct trace_slot *slots;
	int status;
	u32 tag, capacity;
	bool lapped;          /* the ring wrapped at least once */
	u32 oldest;           /* slot of the oldest record kept */
	u32 span;             /* slots from oldest, in time order, to walk */
	u32 records;          /* records read, in time order */
	u32 last;             /* slot of the newest of them */
	u64 last_ns;
	u32 dropped_pages;    /* pages with a bad record: dropped whole */
	u32 dropped_records;  /* good records lost with them */
	u32 bad_records;      /* records that failed their check */
	u32 partial;          /* 1: the record being written at the end was cut */
	u32 out_of_order;     /* good records whose time went backwards: dropped */
	u32 nevents;
	struct { u16 id; u32 off; } events[PERSIST_VIEW_EVENTS]; /* sorted by id */
	u32 good[PERSIST_MAX_SLOTS / 32];      /* bit: the slot holds a record of this generation */
	u32 page_bad[PERSIST_MAX_SLOTS / PERSIST_PAGE_SLOTS / 32];
};

/* Whether @h looks like a whole area header (magic, version, sizes, check). */
int persist_header_status(const struct persist_header *h);

/*
 * Check the area whose header is at @hdr, inside the readable memory [@lo,
 * @hi), written by the build @build_id (NULL: any build). Returns the
 * status, also in v->status; on PERSIST_OK the records are ready.
 */
int persist_open(struct persist_view *v, const void *hdr, const void *lo, const void *hi,
		 const u8 *build_id, u32 build_id_len);

/* The records in time order: @fn gets each slot and its time in ns since
 * that boot; returning false stops. */
void persist_for_each(const struct persist_view *v,
		      bool (*fn)(const struct persist_view *v, const struct trace_slot *slot,
				 u64 ns, void *ctx),
		      void *ctx);
u64 persist_slot_ns(const struct persist_view *v, const struct trace_slot *slot);

/* The boot stage that was running ("" when the area holds none). */
const char *persist_stage(const struct persist_view *v);

/* The name that boot gave task column pid @pid, or NULL. */
const char *persist_task_comm(const struct persist_view *v, unsigned int pid);
/* Event @id's definition as that boot had it (names, kind, argument names
 * and types; addresses relocated to @base, the reader's load address). */
bool persist_event_def(const struct persist_view *v, u16 id, unsigned long base,
		       struct probe_def *def);
/* What a record is called in summaries: the event name, or for a function
 * tracer entry the function's name. */
void persist_record_name(const struct persist_view *v, const struct trace_slot *slot,
			 unsigned long base, char *buf, size_t size);
/* One line of ftrace text for @slot (newline included), with every address
 * it holds moved from the writer's load base to @base. */
void persist_print_record(struct seq *s, const struct persist_view *v,
			  const struct trace_slot *slot, u64 ns, unsigned long base);

/* The event table's entries (kernel/trace/persist_events.c). */
size_t persist_event_encode(void *buf, size_t size, u16 id, u32 seq, u32 addr_off,
			    const struct probe_def *def);
bool persist_event_valid(const void *p, size_t avail, u32 seq, size_t *size);
void persist_event_decode(const struct persist_event *e, unsigned long base,
			  struct probe_def *def);

#endif
