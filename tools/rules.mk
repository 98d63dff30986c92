# Host tools for users.
#   build/host/ektrace   reports over trace captures and boot logs; `ektrace
#                        ram` decodes the boot trace in a RAM dump with the
#                        kernel's own reader and printer (host-built below)
EKTRACE_SRCS := tools/ektrace.c tools/ektrace_parse.c tools/ektrace_ram.c
EKTRACE_KERNEL_SRCS := kernel/trace/persist_read.c kernel/trace/persist_events.c \
	kernel/trace/trace_print.c kernel/kallsyms.c kernel/lib/seq.c kernel/lib/time_conv.c \
	kernel/lib/crc32.c kernel/lib/vsprintf.c kernel/lib/strlcpy.c

$(O)/host/ektrace: $(EKTRACE_SRCS) $(EKTRACE_KERNEL_SRCS) tools/ektrace.h \
		$(wildcard include/ek/*.h)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -D_DEFAULT_SOURCE -Iinclude -o $@ $(EKTRACE_SRCS) \
		$(EKTRACE_KERNEL_SRCS)

all: $(O)/host/ektrace
