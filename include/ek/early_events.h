/*
 * Early events (kernel/trace/early_events.c): probe events from the DT and
 * the command line, held in compact static records from the first C
 * function of boot until kprobes_handover() makes them normal events.
 */
#ifndef EK_EARLY_EVENTS_H
#define EK_EARLY_EVENTS_H

#include <ek/types.h>

struct early_probe_spec;
struct probe_error;

/* Parse, resolve and decode one definition (not armed yet): 0, or a
 * negative errno with @err saying why. -ENOSPC once EARLY_EVENTS_MAX
 * events exist: the limit is explicit, every probe beyond it is refused. */
int early_event_add(const struct early_probe_spec *spec, struct probe_error *err);
/* Write the breakpoints of every event added, unless @enabled is false
 * (then they all stay registered disarmed). Returns the number armed;
 * *registered gets the number added. */
unsigned int early_events_arm(bool enabled, unsigned int *registered);

/* After the handover, the records that could not become events (each
 * reported then) still fire as early probes: their definition by trace
 * id, and each with its counts, for the trace and kprobe_profile. */
struct probe_def;
bool early_event_def(u16 id, struct probe_def *def);
void early_events_for_each_left(void (*fn)(const struct probe_def *def, unsigned long hits,
					   unsigned long missed, void *ctx),
				void *ctx);

#endif
