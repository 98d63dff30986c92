/*
 * Where early probes come from: the device tree node /chosen/ekprobes and the
 * kernel command line (ekprobe=, kprobe_event=, ekprobes.print=,
 * ekprobes.enabled=), and the options that come with them (the trace's
 * region, dump on oops, hang timeout). This layer only reads and checks the inputs and names
 * each definition's source; creating the probes is the caller's job.
 * Pure code: host-tested in tests/.
 */
#ifndef EK_EARLY_SOURCES_H
#define EK_EARLY_SOURCES_H

#include <ek/types.h>

#define EARLY_SOURCE_LEN 96
#define EARLY_GROUP_LEN 32
#define EARLY_DEF_LEN 256

enum early_origin { EARLY_FROM_DT, EARLY_FROM_EKPROBE, EARLY_FROM_KPROBE_EVENT };

/*
 * One definition, pointing into the DTB or the command line (both outlive
 * the early probes): nothing is copied or formatted unless it is needed, as
 * arming a thousand probes must not cost a thousand string copies.
 */
struct early_probe_spec {
	const char *text;       /* not NUL-terminated; see early_spec_def() */
	size_t len;
	const char *group;      /* default group: the DT node name, or "kprobes"
				 * (NUL-terminated where it lives) */
	size_t group_len;
	unsigned int index;     /* the [N] of the source */
	u8 origin;              /* enum early_origin */
	bool disabled;          /* registered but not armed */
};

/* The kprobe_events line of @spec into @buf (NUL-terminated): ekprobe=SYM
 * becomes "p SYM", kprobe_event= commas become spaces. Returns the length,
 * or -1 when it does not fit. */
int early_spec_def(const struct early_probe_spec *spec, char *buf, size_t size);
/* "/chosen/ekprobes/gic:probes[1]", "bootargs:ekprobe[0]", ... */
void early_spec_source(const struct early_probe_spec *spec, char *buf, size_t size);
/* The definition was synthesized (ekprobe=SYM): no column in it means
 * anything to the user. */
static inline bool early_spec_synthesized(const struct early_probe_spec *spec)
{
	return spec->origin == EARLY_FROM_EKPROBE;
}

struct early_options {
	bool print;          /* live printing of hits */
	bool enabled;        /* ekprobes.enabled (default 1) */
	bool dump_on_oops;   /* DT dump-on-oops, ekprobes.dump_on_oops=1 */
	u32 buffer_entries;  /* 0: keep the default */
	u32 memory_region;   /* DT memory-region: phandle of the trace's region, 0: none */
	u32 hang_timeout_ms; /* DT hang-timeout-ms, ekprobes.hang_timeout_ms=N; 0: off */
};

struct early_sources_ops {
	/* One probe definition, in source order. */
	void (*probe)(const struct early_probe_spec *spec, void *ctx);
	/* One input error: "<source>: <message>". */
	void (*error)(const char *source, const char *message, void *ctx);
	void *ctx;
};

/* Scan @fdt (may be NULL) and @cmdline (may be NULL); fills @opt. Returns
 * the number of errors reported. */
int early_sources_scan(const void *fdt, const char *cmdline, const struct early_sources_ops *ops,
		       struct early_options *opt);

#endif
