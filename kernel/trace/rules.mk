# Probe event layer: kprobe_events parser, argument fetch, trace buffer,
# events and their tracefs files.
#   TRACE_BUF_ENTRIES   slots in each CPU's static trace ring (the maximum;
#                       DT buffer-entries and buffer_size_kb can only lower
#                       it): NR_CPUS * 128 bytes each
#   EARLY_EVENTS_MAX    early probes (DT, command line) armed before the
#                       allocator; each costs 60 bytes of static memory
TRACE_BUF_ENTRIES ?= 4096
EARLY_EVENTS_MAX ?= 1024
KCFLAGS += -DTRACE_BUF_ENTRIES=$(TRACE_BUF_ENTRIES) -DEARLY_EVENTS_MAX=$(EARLY_EVENTS_MAX)

KERNEL_SRCS += kernel/trace/probe_parse.c kernel/trace/probe_format.c
KERNEL_SRCS += kernel/trace/probe_fetch.c
# Not traced (-pg) though probe-able: it runs on every probe hit, where the
# NOP of an mcount site would cost each hit 2 instructions (the event
# handlers in probe_record.c are notrace for the same reason).
NOTRACE_OBJ_GLOBS += kernel/trace/probe_fetch.o
# Nor are the probe-input parsers and the early events: they run once per
# early probe before ftrace_init(), where each traced call still calls
# __gnu_mcount_nc (5 instructions; the NOP after it costs 2), and
# early_events.o records every early hit.
NOTRACE_OBJ_GLOBS += kernel/trace/probe_parse.o kernel/early_sources.o
NOTRACE_OBJ_GLOBS += kernel/trace/early_events.o kernel/early_probes.o
KERNEL_SRCS += kernel/trace/ring_buffer.c
KERNEL_SRCS += kernel/trace/trace_buffer.c kernel/trace/trace_context.c
KERNEL_SRCS += kernel/trace/probe_events.c kernel/trace/probe_record.c
KERNEL_SRCS += kernel/trace/early_events.c kernel/trace/early_handover.c
KERNEL_SRCS += kernel/trace/trace_output.c kernel/trace/trace_print.c kernel/trace/event_format.c
KERNEL_SRCS += kernel/trace/event_filter.c kernel/trace/event_files.c
KERNEL_SRCS += kernel/trace/trace_files.c kernel/trace/error_log.c kernel/trace/trace_options.c
KERNEL_SRCS += kernel/trace/trace_percpu_files.c kernel/trace/trace_selftest.c
KERNEL_SRCS += kernel/trace/ftrace.c kernel/trace/ftrace_glob.c kernel/trace/ftrace_files.c
# The boot trace that outlives the boot: its home and header (persist.c),
# its reader (persist_read.c, persist_events.c: also host-built), the
# previous boot's files, and the console dump on oops or hang.
KERNEL_SRCS += kernel/trace/persist.c kernel/trace/persist_read.c kernel/trace/persist_events.c
KERNEL_SRCS += kernel/trace/persist_files.c kernel/trace/trace_dump.c
