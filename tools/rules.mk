# Host tools for users.
#   build/host/ektrace   reports over trace captures and boot logs; trace.dat,
#                        Perfetto JSON and SVG timeline from a console capture
EKTRACE_SRCS := tools/ektrace.c tools/ektrace_parse.c tools/ektrace_util.c tools/ektrace_log.c \
	tools/ektrace_format.c tools/ektrace_ksyms.c tools/ektrace_trace.c tools/ektrace_capture.c \
	tools/ektrace_dat.c tools/ektrace_timeline.c tools/ektrace_json.c tools/ektrace_svg.c

$(O)/host/ektrace: $(EKTRACE_SRCS) $(wildcard tools/ektrace*.h)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -o $@ $(EKTRACE_SRCS)

all: $(O)/host/ektrace
