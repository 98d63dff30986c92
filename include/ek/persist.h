/*
 * The boot trace that outlives the boot (kernel/trace/persist.c): the
 * trace ring placed in a DT-reserved region that a warm reset keeps (or,
 * without one, in the image, where a RAM dump finds it), with what a
 * later reader needs to decode it (include/ek/persist_format.h).
 *
 * Boot order: persist_setup() before the early probes are armed (it only
 * picks the area and points the ring at it), persist_boot_report() right
 * after the "armed" line (writes the area's header and event table, then
 * reads the previous boot's half and prints "ekprobes: previous boot:
 * ..."); the notes keep the header current afterwards.
 */
#ifndef EK_PERSIST_H
#define EK_PERSIST_H

#include <ek/types.h>

struct early_options;
struct probe_def;

void persist_setup(const void *fdt, const struct early_options *opt);
void persist_boot_report(void);

/* The boot stage now running (boot_stage()). */
void persist_note_stage(const char *name);
/* Trace clock epoch @epoch began or changed its rate (kernel/time.c,
 * trace_clock_epoch()); the first one is read with the header. */
void persist_note_epoch(unsigned int epoch);
/* Task column pid @pid now names @comm (trace_context.c). */
void persist_note_task(unsigned int pid, const char *comm);
/* Probe event @id now means @def (probe_events.c, at creation). */
void persist_note_event(u16 id, const struct probe_def *def);
/* The ring was emptied or resized (IRQs masked): a new generation tag. */
void persist_ring_reset(u32 capacity);

/* The previous boot's area, checked, or NULL (persist_files.c reads it). */
struct persist_view;
const struct persist_view *persist_previous(void);

#endif
