# Host tools for users.
#   build/host/ektrace   reports over trace captures and boot logs; trace.dat,
#                        Perfetto JSON and SVG timeline from a console capture;
#                        `ektrace ram` decodes the boot trace in a RAM dump
#                        with the kernel's own reader and printer (host-built
#                        below)
EKTRACE_SRCS := tools/ektrace.c tools/ektrace_parse.c tools/ektrace_util.c tools/ektrace_log.c \
	tools/ektrace_format.c tools/ektrace_ksyms.c tools/ektrace_trace.c tools/ektrace_capture.c \
	tools/ektrace_dat.c tools/ektrace_timeline.c tools/ektrace_json.c tools/ektrace_svg.c \
	tools/ektrace_ram.c
EKTRACE_KERNEL_SRCS := kernel/trace/persist_read.c kernel/trace/persist_events.c \
	kernel/trace/trace_print.c kernel/trace/probe_format.c kernel/kallsyms.c kernel/lib/seq.c \
	kernel/lib/time_conv.c kernel/lib/crc32.c kernel/lib/vsprintf.c kernel/lib/strlcpy.c

# include/ek/arch.h (reached through trace.h's per-CPU header) wants the
# arch's pt_regs status offset (ARM's, as the tests have it) and its inline
# half (the host's: one CPU).
EKTRACE_ARCH_FLAGS := -DARCH_REGS_STATUS_OFFSET=64 -Iinclude/host

$(O)/host/ektrace: $(EKTRACE_SRCS) $(EKTRACE_KERNEL_SRCS) $(wildcard tools/ektrace*.h) \
		$(wildcard include/ek/*.h)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -D_DEFAULT_SOURCE -Iinclude $(EKTRACE_ARCH_FLAGS) -o $@ \
		$(EKTRACE_SRCS) $(EKTRACE_KERNEL_SRCS)

all: $(O)/host/ektrace
