/*
 * Probe events: Linux kprobe_events definitions turned into kprobes and
 * kretprobes that record typed arguments into the trace buffer.
 *
 *   p[:[GRP/]EVENT] SYM[+OFFS]|ADDR [FETCHARGS]
 *   r[MAXACTIVE][:[GRP/]EVENT] SYM[+0]|ADDR [FETCHARGS]
 *   -:[GRP/]EVENT
 *
 * FETCHARGS are [NAME=]FETCHARG[:TYPE] with FETCHARG one of %REG, $argN,
 * $retval, $stackN, $stack, +|-OFFS(FETCHARG), @SYM[+|-OFFS], @ADDR, \IMM.
 *
 * The parser (kernel/trace/probe_parse.c) depends on nothing but string
 * helpers, so it runs in host tests. Symbols are kept by name: resolving
 * them (kallsyms) is the caller's business.
 */
#ifndef EK_PROBE_EVENT_H
#define EK_PROBE_EVENT_H

#include <ek/kallsyms.h>
#include <ek/types.h>

#define PROBE_MAX_ARGS 8       /* fetch arguments per event */
#define PROBE_MAX_DEREF 4      /* memory reads per argument (nesting) */
#define PROBE_GROUP_MAX 32     /* group name, NUL included */
#define PROBE_EVENT_MAX 64     /* event name, NUL included */
#define PROBE_ARG_NAME_MAX 32  /* argument name, NUL included */
#define PROBE_ARG_TEXT_MAX 64  /* FETCHARG[:TYPE] as written, NUL included */
#define PROBE_SYM_MAX KSYM_NAME_LEN
#define PROBE_MAX_FUNC_ARG 16  /* $argN: N <= this */
#define PROBE_MAX_STACK 1024   /* $stackN: N <= this */
#define PROBE_MAX_MAXACTIVE 4096
#define PROBE_STRING_MAX 64    /* bytes recorded for a string, NUL excluded */

enum probe_kind { PROBE_ENTRY, PROBE_RETURN, PROBE_DELETE };

/* Where an argument's first value comes from. */
enum fetch_base {
	FETCH_REG,     /* %REG: register @index */
	FETCH_ARG,     /* $argN: function argument @index (from 0) */
	FETCH_RETVAL,  /* $retval */
	FETCH_STACK,   /* $stackN: stack word @index */
	FETCH_STACKP,  /* $stack: the stack pointer */
	FETCH_IMM,     /* \IMM, and the address of @ADDR: @value */
	FETCH_SYMBOL,  /* @SYM+OFFS: resolved address + @value */
};

/* Types: the low nibble is the size in bytes; the kind says how to print. */
enum probe_type {
	PTYPE_U8 = 0x01, PTYPE_U16 = 0x02, PTYPE_U32 = 0x04, PTYPE_U64 = 0x08,
	PTYPE_S8 = 0x11, PTYPE_S16 = 0x12, PTYPE_S32 = 0x14, PTYPE_S64 = 0x18,
	PTYPE_X8 = 0x21, PTYPE_X16 = 0x22, PTYPE_X32 = 0x24, PTYPE_X64 = 0x28,
	PTYPE_STRING = 0x30,
	PTYPE_SYMBOL = 0x44, /* a word printed as sym+off/size */
};
#define PTYPE_SIZE(t) ((unsigned int)(t) & 0x0f)
#define PTYPE_KIND(t) ((unsigned int)(t) & 0xf0)
#define PTYPE_DEFAULT PTYPE_X32 /* Linux: x<word size> */

struct probe_arg {
	char name[PROBE_ARG_NAME_MAX];
	char text[PROBE_ARG_TEXT_MAX]; /* FETCHARG[:TYPE], for the listing */
	u16 pos;       /* offset of text in the line, for error messages */
	u8 type;       /* enum probe_type */
	u8 base;       /* enum fetch_base */
	u8 nderef;     /* reads applied after the base, innermost first */
	u8 sym_pos, sym_len; /* FETCH_SYMBOL: the name inside text */
	u32 index;
	long value;
	long deref[PROBE_MAX_DEREF];
	unsigned long sym_addr; /* FETCH_SYMBOL: set by the caller */
	/* 1 + the byte offset in struct pt_regs of a number read straight
	 * from a register (%REG, $argN in a register; no dereference), set by
	 * probe_def_resolve(); 0: fetched through the arch accessors. */
	u16 regs_slot;
};

struct probe_def {
	u8 kind;             /* enum probe_kind */
	bool has_event;      /* EVENT was given (not defaulted) */
	bool has_group;
	bool has_symbol;     /* SYM[+OFFS] rather than ADDR */
	int maxactive;       /* r<N>: 0 when not given */
	u16 point_pos;       /* offset of SYM/ADDR in the line */
	u16 event_pos;       /* offset of EVENT in the line (when given) */
	char group[PROBE_GROUP_MAX];
	char event[PROBE_EVENT_MAX];
	char symbol[PROBE_SYM_MAX];
	unsigned long offset; /* SYM+OFFS */
	unsigned long addr;   /* ADDR, or SYM+OFFS once resolved */
	int ftrace_site;      /* once resolved: addr's function tracer call site
			       * index (kprobe_entry_addr()), or -1 */
	u16 symbol_len;       /* strlen(symbol) (kept out of the way of the
			       * names, which stay word aligned) */
	int nargs;
	struct probe_arg args[PROBE_MAX_ARGS];
};

/* What went wrong, and where: @pos is the 0-based byte offset in the line
 * (messages show it 1-based as "col N"), -1 when no character is at fault. */
struct probe_error {
	int err;      /* negative errno, 0 for none */
	int pos;
	char msg[112];
};

struct probe_parse_opts {
	const char *default_group;  /* NULL: "kprobes" */
	/* Register name -> index (>= 0) or negative; NULL: no registers. */
	int (*reg_index)(const char *name, size_t len);
	/* The line has no NUL in its @len bytes (a DT string): the parser
	 * need not look for one. */
	bool len_exact;
};

/* Parse one definition of @len bytes (a trailing newline is fine). */
int probe_parse(const char *line, size_t len, const struct probe_parse_opts *opts,
		struct probe_def *def, struct probe_error *err);
/* Fill @err (message formatted like printf) and return @code. */
int probe_error_set(struct probe_error *err, int code, int pos, const char *fmt, ...)
	__printf(4, 5);
/* "msg at col N" (or just msg) into @buf; returns the length stored. */
int probe_error_format(const struct probe_error *err, char *buf, size_t size);
/* Canonical kprobe_events form without the newline; returns the length
 * it needs (like snprintf). */
int probe_def_format(const struct probe_def *def, char *buf, size_t size);
/* Type name ("x32") for listings and tests. */
const char *probe_type_name(u8 type);

/* Fetch (kernel/trace/probe_fetch.c) --------------------------------- */
struct pt_regs;

/*
 * Evaluate every argument of @def against @regs into @buf: numbers take
 * their type's size, strings a length byte and the bytes. Bit i of
 * *faults is set when argument i faulted (its bytes are then zero, or an
 * empty string). Returns the bytes used; *truncated when a string was cut
 * to fit @size.
 */
size_t probe_fetch_args(const struct probe_def *def, struct pt_regs *regs, u8 *buf,
			size_t size, u8 *faults, bool *truncated);

/* Events (kernel/trace/probe_events.c) ------------------------------- */
struct seq;

#define PROBE_EVENT_DISABLED 0x1u /* register disarmed (events/.../enable = 0) */

struct probe_event;

/*
 * Create and register the event @line defines, or delete ("-:...").
 * @default_group names the group when the line gives none (NULL:
 * "kprobes"). On failure returns a negative errno and fills @err (may be
 * NULL); when @source is not NULL the error is also printed as
 * "ekprobes: error: <source>: <message> at col N".
 */
int probe_event_command(const char *line, size_t len, const char *default_group,
			const char *source, unsigned int flags, struct probe_error *err);
/* Delete by name; @group NULL matches every group. -ENOENT when none,
 * -EBUSY when an event is enabled (disable it first, as Linux requires). */
int probe_event_delete(const char *group, const char *event);
/* Delete every event; -EBUSY (and nothing deleted) if any is enabled. */
int probe_event_delete_all(void);
int probe_event_enable(struct probe_event *ev, bool on);
struct probe_event *probe_event_find(const char *group, const char *event);
struct probe_event *probe_event_by_id(u16 id);
void probe_event_for_each(void (*fn)(struct probe_event *ev, void *ctx), void *ctx);

const struct probe_def *probe_event_def(const struct probe_event *ev);
bool probe_event_enabled(const struct probe_event *ev);
void probe_event_stats(const struct probe_event *ev, unsigned long *hits,
		       unsigned long *missed);

/* Resolve @def's symbols (kallsyms) and check the probe point. */
int probe_def_resolve(struct probe_def *def, struct probe_error *err);
/* Record one hit of the event @def (id @id) into the trace buffer, and
 * print it when live printing is on. */
void probe_record(const struct probe_def *def, u16 id, struct pt_regs *regs, unsigned long ip);
void probe_event_record(struct probe_event *ev, struct pt_regs *regs, unsigned long ip);

/*
 * The handover of early events (kernel/trace/early_events.c): an event is
 * parsed and resolved (allocated, not registered), then installed under
 * the id its early hits were recorded with (disabled: the early record
 * enables its kprobe in the same step that retires the record), then the
 * early counts are added to its own.
 */
struct probe_event *probe_event_prepare(const char *line, size_t len, const char *default_group,
					struct probe_error *err);
int probe_event_install(struct probe_event *ev, u16 id, struct probe_error *err);
struct kprobe *probe_event_kprobe(struct probe_event *ev);
void probe_event_add_counts(struct probe_event *ev, unsigned long hits, unsigned long missed);
/* Make an installed event visible (events/<grp>/<ev>/enable, listings). */
void probe_event_publish(struct probe_event *ev);
void probe_event_discard(struct probe_event *ev);
/* Ids 1..@n are taken (by early events): new events start above. */
void probe_event_reserve_ids(u16 n);

/* Where @cpu's hit counter is in every event, in bytes from its kprobe
 * (the CPU's trace_buffer keeps it). */
u32 probe_event_hits_off(unsigned int cpu);

/* Live printing of each hit on the console (ekprobes.print, DT print). A
 * hit while a hit is being printed is recorded but not printed. */
void probe_event_set_print(bool on);
bool probe_event_print_enabled(void);

/* Output (kernel/trace/trace_output.c, trace_print.c) ---------------------- */
struct trace_slot;
/* "          <idle>-0       [000] d..1.     1.234567: EVENT: (...) a=1" */
void trace_print_entry(struct seq *s, const struct trace_slot *slot);
/* "EVENT: (...) a=1": the part after the timestamp (live printing). */
void trace_print_event(struct seq *s, const struct trace_slot *slot);
void trace_print_event_def(struct seq *s, const struct probe_def *def,
			   const struct trace_slot *slot);
/* " name=value" for each argument recorded in @slot. */
void probe_print_args(struct seq *s, const struct probe_def *def, const struct trace_slot *slot);
/* ftrace's header; entries counted over the CPUs in @cpus (a bit each). */
void trace_print_header(struct seq *s, u32 cpus);
/* The same from counts: @ncpus for #P (the CPUs the trace read is of). */
void trace_print_header_stats(struct seq *s, const char *tracer, u64 entries, u64 written,
			      unsigned int ncpus);
/* The trace file of the CPUs in @cpus: header, then their rings merged in
 * time order (kernel/trace/trace_files.c). */
void trace_show_cpus(struct seq *s, u32 cpus);
/* kernel/trace/trace_print.c: "    start_kernel-1       [000] d....     1.234567: ",
 * @comm naming the entry's pid (NULL: "<...>"). */
void trace_print_prefix(struct seq *s, const struct trace_slot *slot, u64 ns, const char *comm);
/* What the printer needs of the arch that wrote the records: this
 * kernel's (trace_output.c), or a RAM dump's (tools/ektrace_ram.c). */
u32 trace_print_site_len(void);       /* ftrace_site_len */
bool trace_print_irqs_off(u32 status); /* arch_status_irqs_off() */
/* A function tracer entry: "func <-parent". */
void trace_print_function(struct seq *s, const struct trace_slot *slot);

#endif
