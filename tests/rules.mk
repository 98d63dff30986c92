# Host unit tests (cmocka). The kernel sources under test are compiled for
# the host against libc (never kernel/lib/string.c) and linked into one
# binary per test; all of them run under ASan and UBSan so that an
# out-of-bounds read in the FDT reader or vsprintf fails the run.
#
#   make test-host     build and run every test; fails if any test fails

TEST_OUT := $(O)/tests
TEST_CFLAGS := $(HOSTCFLAGS) -D_DEFAULT_SOURCE -Iinclude -Itests \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# include/ek/arch.h (reached through trace.h's per-CPU header) wants the
# arch's pt_regs status offset (ARM's here) and its inline half (the
# host's: one CPU).
TEST_CFLAGS += -DARCH_REGS_STATUS_OFFSET=64 -Iinclude/host
TEST_LDFLAGS := -fsanitize=address,undefined
TEST_LDLIBS := -lcmocka -lfdt

# Per test: its sources (test file first); kernel/lib/strlcpy.c supplies what glibc lacks.
test_cmdline_SRCS := tests/test_cmdline.c kernel/lib/cmdline_parse.c
test_kstrtox_SRCS := tests/test_kstrtox.c kernel/lib/kstrtox.c
test_vsprintf_SRCS := tests/test_vsprintf.c kernel/lib/vsprintf.c kernel/kallsyms.c \
	kernel/lib/strlcpy.c
test_kallsyms_SRCS := tests/test_kallsyms.c kernel/kallsyms.c kernel/lib/vsprintf.c \
	kernel/lib/strlcpy.c
test_kallsyms_image_SRCS := tests/test_kallsyms_image.c kernel/kallsyms.c \
	kernel/lib/vsprintf.c kernel/lib/strlcpy.c $(KOUT)/kallsyms2.c
test_fdt_libfdt_SRCS := tests/test_fdt_libfdt.c tests/fdt_util.c kernel/fdt.c kernel/fdt_check.c
test_fdt_reg_SRCS := tests/test_fdt_reg.c tests/fdt_util.c kernel/fdt.c kernel/fdt_check.c
test_fdt_malformed_SRCS := tests/test_fdt_malformed.c tests/fdt_builder.c \
	tests/fdt_util.c kernel/fdt.c kernel/fdt_check.c
test_fdt_index_SRCS := tests/test_fdt_index.c tests/fdt_util.c kernel/fdt.c kernel/fdt_check.c
# The x86 boot's /chosen/bootargs editor (host-built like the FDT reader).
test_fdt_bootargs_SRCS := tests/test_fdt_bootargs.c tests/fdt_util.c arch/x86/boot/fdt_bootargs.c \
	kernel/fdt.c kernel/fdt_check.c
$(TEST_OUT)/obj/tests/test_fdt_bootargs.o: TEST_CFLAGS += -Iarch/x86/boot

test_early_sources_SRCS := tests/test_early_sources.c kernel/early_sources.c kernel/fdt.c kernel/fdt_check.c \
	kernel/lib/cmdline_parse.c kernel/lib/vsprintf.c kernel/kallsyms.c kernel/lib/strlcpy.c

test_probe_parse_SRCS := tests/test_probe_parse.c kernel/trace/probe_parse.c kernel/trace/probe_format.c \
	kernel/lib/kstrtox.c kernel/lib/vsprintf.c kernel/kallsyms.c kernel/lib/strlcpy.c
test_ring_buffer_SRCS := tests/test_ring_buffer.c kernel/trace/ring_buffer.c
test_event_filter_SRCS := tests/test_event_filter.c kernel/trace/event_filter.c \
	kernel/trace/event_format.c kernel/trace/probe_parse.c kernel/trace/probe_format.c \
	kernel/trace/ftrace_glob.c kernel/lib/kstrtox.c kernel/lib/vsprintf.c kernel/kallsyms.c \
	kernel/lib/strlcpy.c kernel/lib/seq.c
test_crc32_SRCS := tests/test_crc32.c kernel/lib/crc32.c
test_persist_SRCS := tests/test_persist.c tests/print_arm.c kernel/trace/persist_read.c \
	kernel/trace/persist_events.c kernel/trace/trace_print.c kernel/trace/probe_format.c \
	kernel/trace/ring_buffer.c kernel/kallsyms.c kernel/lib/seq.c \
	kernel/lib/time_conv.c kernel/lib/crc32.c kernel/lib/vsprintf.c kernel/lib/strlcpy.c

test_ektrace_SRCS := tests/test_ektrace.c tools/ektrace_parse.c
test_ektrace_capture_SRCS := tests/test_ektrace_capture.c tools/ektrace_capture.c \
	tools/ektrace_format.c tools/ektrace_ksyms.c tools/ektrace_log.c tools/ektrace_trace.c \
	tools/ektrace_util.c
# ektrace's subcommands run as a user runs them, with trace-cmd, libkshark
# (kshark_load), python3 and rsvg-convert checking what they wrote.
test_ektrace_files_SRCS := tests/test_ektrace_files.c
test_ektrace_files_LDLIBS := -lpng
test_ektrace_files_ARGS := $(O)/host/ektrace tests/ektrace $(TEST_OUT)/ektrace $(TEST_OUT)/kshark_load
test_ftrace_SRCS := tests/test_ftrace.c kernel/trace/ftrace_glob.c $(KOUT)/mcount2.c

# The i386 decoder: hand-picked encodings, and lengths against objdump over
# generated sequences and over real gcc -m32 code ($(X86_M32_OBJS)).
include arch/x86/probes/insn.mk
test_x86_insn_SRCS := tests/test_x86_insn.c $(X86_INSN_SRCS)
test_x86_insn_objdump_SRCS := tests/test_x86_insn_objdump.c $(X86_INSN_SRCS)
test_x86_insn_objdump_ARGS := objdump $(X86_M32_OBJS)
$(TEST_OUT)/obj/tests/test_x86_%.o: TEST_CFLAGS += -Iarch/x86/probes

HOST_TESTS := test_ektrace test_ektrace_capture test_ektrace_files test_cmdline test_kstrtox test_vsprintf test_kallsyms test_kallsyms_image \
	test_fdt_libfdt test_fdt_reg test_fdt_malformed test_fdt_index test_fdt_bootargs \
	test_early_sources \
	test_probe_parse test_event_filter test_ring_buffer test_crc32 test_persist test_ftrace \
	test_x86_insn test_x86_insn_objdump
TEST_BINS := $(addprefix $(TEST_OUT)/,$(HOST_TESTS))

# Test device trees; the board DTBs and overlays are checked against libfdt too.
TEST_DTBS := $(patsubst tests/fdt/%.dts,$(TEST_OUT)/fdt/%.dtb,$(wildcard tests/fdt/*.dts))
# basic.dtb first: test_fdt_reg looks up fixed paths in the first blob.
TEST_DTBS := $(filter %/basic.dtb,$(TEST_DTBS)) $(filter-out %/basic.dtb,$(TEST_DTBS))

# Arguments of each test binary.
test_fdt_libfdt_ARGS := $(TEST_DTBS) $(DTBS)
test_fdt_reg_ARGS := $(TEST_DTBS)
test_fdt_malformed_ARGS := $(TEST_DTBS) $(filter %.dtb,$(DTBS))
test_fdt_index_ARGS := $(TEST_DTBS) $(DTBS)
test_fdt_bootargs_ARGS := $(TEST_DTBS) $(filter %.dtb,$(DTBS))
test_kallsyms_image_ARGS := $(TEST_OUT)/vmlinux.nm
test_ftrace_ARGS := $(TEST_OUT)/vmlinux.mcount

$(TEST_OUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)$(HOSTCC) $(TEST_CFLAGS) -MMD -MP -c -o $@ $<

define host_test_rule
$(TEST_OUT)/$(1): $(patsubst %.c,$(TEST_OUT)/obj/%.o,$($(1)_SRCS))
	@echo "  HOSTLD  $$@"
	$(Q)$(HOSTCC) $(TEST_LDFLAGS) -o $$@ $$^ $(TEST_LDLIBS) $($(1)_LDLIBS)
endef
$(foreach t,$(HOST_TESTS),$(eval $(call host_test_rule,$(t))))

-include $(patsubst %.c,$(TEST_OUT)/obj/%.d,$(foreach t,$(HOST_TESTS),$($(t)_SRCS)))

$(TEST_OUT)/fdt/%.dtb: tests/fdt/%.dts | deps-stamp
	@mkdir -p $(dir $@)
	@echo "  DTC     $<"
	$(Q)$(DTC) -@ -q -I dts -O dtb -o $@ $<

# Loads a trace.dat with KernelShark's library (not sanitized: libkshark's
# own allocations are not ours to check).
$(TEST_OUT)/kshark_load: tests/kshark_load.c | deps
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -o $@ $< -lkshark

# The symbols of the image whose embedded table test_kallsyms_image checks.
$(TEST_OUT)/vmlinux.nm: $(KOUT)/vmlinux
	@mkdir -p $(dir $@)
	$(Q)$(KNM) -n -S --defined-only $< >$@

# Every `bl __gnu_mcount_nc` objdump finds in the image, for test_ftrace.
$(TEST_OUT)/vmlinux.mcount: $(KOUT)/vmlinux
	@mkdir -p $(dir $@)
	$(Q)$(KOBJDUMP) -d $< | sed -n 's/^ *\([0-9a-f]*\):.*\tbl\t[0-9a-f]* <__gnu_mcount_nc>$$/\1/p' >$@

# scripts/mcount.c --check must fail on an image whose site is not what the
# table says: one site of a copy overwritten with the NOP.
test-mcount-check: $(KOUT)/vmlinux $(O)/host/mcount
	$(Q)echo "  TEST    mcount --check"; \
	off=$$($(KREADELF) -SW $< | awk '{ sub(/^.*\]/, ""); if ($$1 == ".text") print $$4 }'); \
	site=$$(sed -n 's/^\t\(0x[0-9a-f]*\),.*/\1/p' $(KOUT)/mcount2.c | head -1); \
	cp $< $(TEST_OUT)/vmlinux.badsite; \
	printf '\004\340\235\344' | dd of=$(TEST_OUT)/vmlinux.badsite bs=1 conv=notrunc \
		seek=$$(( 0x$$off + $$site )) 2>/dev/null; \
	$(O)/host/mcount --check $< >/dev/null || { echo "mcount --check rejects the real image"; exit 1; }; \
	if $(O)/host/mcount --check $(TEST_OUT)/vmlinux.badsite >$(TEST_OUT)/mcount-check.log 2>&1; then \
		echo "mcount --check accepted an image with a site overwritten"; exit 1; fi; \
	grep -q "not bl __gnu_mcount_nc" $(TEST_OUT)/mcount-check.log && \
		echo "          mcount: a changed site fails the check: $$(head -1 $(TEST_OUT)/mcount-check.log)"

# The same for the i386 image and scripts/mcount_x86.c (a NOP where the
# table has a site; a call __fentry__ the table does not list).
test-mcount-x86-check:
	@mkdir -p $(TEST_OUT)
	$(Q)$(MAKE) --no-print-directory ARCH=x86 $(O)/x86/vmlinux $(O)/host/mcount_x86 \
		>$(TEST_OUT)/x86-build.log 2>&1 || { cat $(TEST_OUT)/x86-build.log; exit 1; }
	$(Q)echo "  TEST    mcount_x86 --check"; \
	tests/mcount_x86_check.sh $(O)/x86/vmlinux $(O)/host/mcount_x86 $(TEST_OUT)

# scripts/noprobe_check on the i386 image: it must refuse a copy whose
# probe path reaches boot_stage (a redirected call, a table word) and ones
# it cannot decode, naming the chain (tests/noprobe_x86_check.sh).
test-noprobe-x86-check:
	@mkdir -p $(TEST_OUT)
	$(Q)$(MAKE) --no-print-directory ARCH=x86 $(O)/x86/vmlinux $(O)/host/noprobe_check \
		>$(TEST_OUT)/x86-build.log 2>&1 || { cat $(TEST_OUT)/x86-build.log; exit 1; }
	$(Q)echo "  TEST    noprobe_check (i386)"; \
	tests/noprobe_x86_check.sh $(O)/x86/vmlinux $(O)/host/noprobe_check $(TEST_OUT)

# One test: output to a log, shown in full only on failure; the summary
# lines each test prints ("name: ...") are shown always.
run_host_test = echo "  TEST    $(1)"; \
	if $(TEST_OUT)/$(1) $($(1)_ARGS) >$(TEST_OUT)/$(1).log 2>&1; then \
		grep -h '^$(1:test_%=%):' $(TEST_OUT)/$(1).log | sed 's/^/          /'; \
	else \
		cat $(TEST_OUT)/$(1).log; failed="$$failed $(1)"; \
	fi;

# Run every test even after a failure, then fail if any did.
test-host: $(TEST_BINS) $(TEST_DTBS) $(DTBS) $(TEST_OUT)/vmlinux.nm $(TEST_OUT)/vmlinux.mcount \
		$(X86_M32_OBJS) $(O)/host/ektrace $(TEST_OUT)/kshark_load
	$(Q)$(MAKE) --no-print-directory test-mcount-check
	$(Q)$(MAKE) --no-print-directory test-mcount-x86-check
	$(Q)$(MAKE) --no-print-directory test-noprobe-x86-check
	$(Q)failed=""; \
	$(foreach t,$(HOST_TESTS),$(call run_host_test,$(t))) \
	if [ -n "$$failed" ]; then echo "host tests FAILED:$$failed"; exit 1; fi; \
	echo "  host tests: all $(words $(HOST_TESTS)) passed"
