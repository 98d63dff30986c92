# Probe event layer: kprobe_events parser, argument fetch, trace buffer,
# events and their tracefs files.
#   TRACE_BUF_ENTRIES   slots in the static trace buffer (the maximum;
#                       DT buffer-entries can only lower it)
#   PROBE_EVENT_STATIC  events creatable before the allocator is up
TRACE_BUF_ENTRIES ?= 4096
PROBE_EVENT_STATIC ?= 32
KCFLAGS += -DTRACE_BUF_ENTRIES=$(TRACE_BUF_ENTRIES) -DPROBE_EVENT_STATIC=$(PROBE_EVENT_STATIC)

KERNEL_SRCS += kernel/trace/probe_parse.c
KERNEL_SRCS += kernel/trace/probe_fetch.c
KERNEL_SRCS += kernel/trace/ring_buffer.c
KERNEL_SRCS += kernel/trace/trace_buffer.c
KERNEL_SRCS += kernel/trace/probe_events.c
KERNEL_SRCS += kernel/trace/trace_output.c
KERNEL_SRCS += kernel/trace/trace_files.c
