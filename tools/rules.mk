# Host tools for users.
#   build/host/ektrace   reports over trace captures and boot logs
EKTRACE_SRCS := tools/ektrace.c tools/ektrace_parse.c

$(O)/host/ektrace: $(EKTRACE_SRCS) tools/ektrace.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -o $@ $(EKTRACE_SRCS)

all: $(O)/host/ektrace
