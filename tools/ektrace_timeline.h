/*
 * The boot as a timeline, for the Perfetto and SVG writers:
 *  - boot stages: from each hit of a probe on boot_stage whose first
 *    argument is a string (the stage's name) to the next one; without
 *    such a probe, runs of the trace's task column (the stage's name when
 *    the kernel fills it) on the boot CPU; the last stage ends with the trace;
 *  - spans: a return probe's hit paired with the latest entry-probe hit
 *    inside the same function on the same CPU that is not paired yet;
 *  - every other record is an instant.
 */
#ifndef EKTRACE_TIMELINE_H
#define EKTRACE_TIMELINE_H

#include "ektrace_capture.h"

struct ek_stage {
	const char *name;
	uint64_t start, end;
};

struct ek_span {
	size_t entry, ret; /* record indexes */
};

struct ek_timeline {
	struct ek_stage *stages;
	size_t nstages;
	struct ek_span *spans;
	size_t nspans;
	int *in_span;      /* per record: 1 if it is one end of a span */
	uint64_t t0, t1;   /* first and last timestamp, ns */
	unsigned ncpus;    /* CPUs with records (or 1) */
};

void ek_timeline_build(const struct ek_capture *c, struct ek_timeline *t);
void ek_timeline_free(struct ek_timeline *t);

/* "FUNC" of a record as a function name: the probed function for entries,
 * the returning one for returns, the traced one for function lines. */
const char *ek_record_func(const struct ek_record *r);

/* The record's location as the trace printed it: "sym+0xoff/0xsize",
 * "caller+0xoff/0xsize <- func" or "func <-parent". */
void ek_record_where(const struct ek_record *r, char *buf, size_t size);

#endif
