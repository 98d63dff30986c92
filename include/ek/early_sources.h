/*
 * Where early probes come from: the device tree node /chosen/ekprobes and the
 * kernel command line (ekprobe=, kprobe_event=, ekprobes.print=,
 * ekprobes.enabled=). This layer only reads and checks the inputs and names
 * each definition's source; creating the probes is the caller's job.
 * Pure code: host-tested in tests/.
 */
#ifndef EK_EARLY_SOURCES_H
#define EK_EARLY_SOURCES_H

#include <ek/types.h>

#define EARLY_SOURCE_LEN 96
#define EARLY_GROUP_LEN 32
#define EARLY_DEF_LEN 256

struct early_probe_spec {
	char source[EARLY_SOURCE_LEN]; /* "/chosen/ekprobes/gic:probes[1]", "bootargs:ekprobe[0]" */
	char def[EARLY_DEF_LEN];       /* one kprobe_events line */
	char group[EARLY_GROUP_LEN];   /* default group: the DT node name, or "kprobes" */
	bool disabled;                 /* registered but not armed */
	bool synthesized;              /* def was built from ekprobe=SYM: no
					* column in it means anything to the user */
};

struct early_options {
	bool print;          /* live printing of hits */
	bool enabled;        /* ekprobes.enabled (default 1) */
	u32 buffer_entries;  /* 0: keep the default */
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
