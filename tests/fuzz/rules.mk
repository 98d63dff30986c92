# libFuzzer targets (clang-14, ASan + UBSan). The kernel sources are built
# for the host the way tests/rules.mk builds them for cmocka: against libc,
# never kernel/lib/string.c, with kernel/lib/strlcpy.c for what glibc lacks.
#
#   make fuzz [FUZZ_SECONDS=N]  each target N seconds (default 60) on a working
#                               corpus in build/fuzz/corpus/, then the regressions
#   make fuzz-smoke             a short run of every target (part of make check)
#   make fuzz-regressions       replay tests/fuzz/regressions/ only

FUZZ_CC := clang-14
FUZZ_OUT := $(O)/fuzz
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS := 10
FUZZ_SAN := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := $(HOSTCFLAGS) -D_DEFAULT_SOURCE -Iinclude -Itests -Itests/fuzz $(FUZZ_SAN) \
	-fno-omit-frame-pointer
# As the host tests: ARM's pt_regs status offset, the host's inline arch
# half (one CPU) for include/ek/arch.h, which trace.h reaches.
FUZZ_CFLAGS += -DARCH_REGS_STATUS_OFFSET=64 -Iinclude/host

# Per target: its sources (target file first).
fdt_SRCS := tests/fuzz/fdt.c kernel/fdt.c kernel/fdt_check.c
fdt_LDLIBS := -lfdt
probe_parse_SRCS := tests/fuzz/probe_parse.c kernel/trace/probe_parse.c \
	kernel/trace/probe_format.c kernel/lib/kstrtox.c kernel/lib/vsprintf.c kernel/kallsyms.c \
	kernel/lib/strlcpy.c
cmdline_SRCS := tests/fuzz/cmdline.c kernel/early_sources.c kernel/fdt.c kernel/fdt_check.c \
	kernel/lib/cmdline_parse.c kernel/lib/vsprintf.c kernel/kallsyms.c kernel/lib/strlcpy.c
cmdline_LDLIBS := -lfdt
# Sources built without comparison tracing (-fsanitize-coverage=trace-cmp;
# their edges stay instrumented). The tokenizer compares every byte of the
# line with blanks, '=' and '"' (and rescans the line for each word's
# occurrence count), and the traced compares of those bytes were three
# quarters of the cmdline target's time (perf); byte mutations find those
# few ASCII constants without hints, and the keys it matches are still
# reported to libFuzzer by its strncmp/memcmp hooks.
cmdline_NOCMP := kernel/lib/cmdline_parse.c
# The decoder as the kernel builds it, plus host stubs for the slot
# allocator and the assembly runner (nothing is executed).
arm_decode_SRCS := tests/fuzz/arm_decode.c tests/fuzz/arm_classify.c tests/fuzz/arm_stubs.c \
	arch/arm/probes/decode.c arch/arm/probes/decode_tables.c arch/arm/probes/checkers.c \
	arch/arm/probes/simulate.c arch/arm/probes/emulate.c
# simulate.c turns 32-bit register values into pointers, which a 64-bit
# host warns about; the simulations never run here (as in probescan).
arm_decode_CFLAGS := -Iarch/arm/include -Iarch/arm/probes -Wno-int-to-pointer-cast \
	-Wno-pointer-to-int-cast

# The i386 decoder as the kernel will build it ($(X86_INSN_SRCS): arch/x86/probes/insn.mk).
x86_decode_SRCS := tests/fuzz/x86_decode.c $(X86_INSN_SRCS)
x86_decode_CFLAGS := -Iarch/x86/probes
# A fast target: 5 s of smoke are several million instructions.
x86_decode_SMOKE_SECONDS := 5

# ektrace's LOG loader and its trace.dat, Perfetto and SVG writers (host tool code).
ektrace_SRCS := tests/fuzz/ektrace.c tools/ektrace_capture.c tools/ektrace_format.c \
	tools/ektrace_ksyms.c tools/ektrace_log.c tools/ektrace_trace.c tools/ektrace_util.c \
	tools/ektrace_dat.c tools/ektrace_timeline.c tools/ektrace_json.c tools/ektrace_svg.c
# Seeds: the host tests' captures, good and bad.
ektrace_SEEDS := tests/ektrace

# The boot trace reader, over what a reset or a RAM dump left (persist.c).
persist_SRCS := tests/fuzz/persist.c tests/print_arm.c kernel/trace/persist_read.c \
	kernel/trace/persist_events.c kernel/trace/trace_print.c kernel/trace/probe_format.c \
	kernel/kallsyms.c kernel/lib/seq.c kernel/lib/time_conv.c kernel/lib/crc32.c \
	kernel/lib/vsprintf.c kernel/lib/strlcpy.c

FUZZ_TARGETS := fdt probe_parse cmdline arm_decode x86_decode ektrace persist
FUZZ_BINS := $(addprefix $(FUZZ_OUT)/bin/,$(FUZZ_TARGETS))

# Objects per target: the decoder's extra include path must not leak into
# the others, and each target may need its own flags (a change of them
# here rebuilds the objects).
define fuzz_target_rule
$(FUZZ_OUT)/obj/$(1)/%.o: %.c tests/fuzz/rules.mk | deps
	@mkdir -p $$(dir $$@)
	@echo "  FUZZCC  $$<"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $($(1)_CFLAGS) \
		$$(if $$(filter $$<,$($(1)_NOCMP)),-fno-sanitize-coverage=trace-cmp) \
		-MMD -MP -c -o $$@ $$<

$(FUZZ_OUT)/bin/$(1): $(patsubst %.c,$(FUZZ_OUT)/obj/$(1)/%.o,$($(1)_SRCS))
	@mkdir -p $$(dir $$@)
	@echo "  FUZZLD  $$@"
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -o $$@ $$^ $($(1)_LDLIBS)

-include $(patsubst %.c,$(FUZZ_OUT)/obj/$(1)/%.d,$($(1)_SRCS))
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_target_rule,$(t))))

# Seeds: the committed corpus, plus for fdt the DTBs the build makes (they
# are generated, so they are copied in at run time rather than committed).
fuzz_seeds = $(wildcard tests/fuzz/corpus/$(1)) $(if $(filter fdt cmdline,$(1)),$(FUZZ_OUT)/seeds/$(1)) \
	$($(1)_SEEDS)

$(FUZZ_OUT)/seeds/fdt: $(DTBS) $(TEST_DTBS)
	@mkdir -p $@
	$(Q)cp $(filter %.dtb %.dtbo,$^) $@/
	$(Q)touch $@

# cmdline takes "CMDLINE NUL DTB": each DTB behind a typical command line.
$(FUZZ_OUT)/seeds/cmdline: $(DTBS) $(TEST_DTBS)
	@mkdir -p $@
	$(Q)for f in $(filter %.dtb,$^); do \
		{ printf 'console=ttyAMA0 ekprobe=mem_init ekprobes.print=1\0'; cat $$f; } \
			>$@/$$(basename $$f); done
	$(Q)touch $@

# One run of target $(1) for $(2) seconds; libFuzzer writes new inputs to
# the first directory only, so the committed corpus stays untouched.
fuzz_run = echo "  FUZZ    $(1) ($(2) s)"; \
	mkdir -p $(FUZZ_OUT)/corpus/$(1) $(FUZZ_OUT)/artifacts/$(1) && \
	nice -n 10 $(FUZZ_OUT)/bin/$(1) -max_total_time=$(2) -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_OUT)/artifacts/$(1)/ \
		$(FUZZ_OUT)/corpus/$(1) $(call fuzz_seeds,$(1)) \
		>$(FUZZ_OUT)/$(1).log 2>&1 \
	&& grep -h -e 'DONE' -e 'number_of_executed' $(FUZZ_OUT)/$(1).log | sed 's/^/          /' \
	|| { tail -n 60 $(FUZZ_OUT)/$(1).log; exit 1; };

# Every input that once crashed a target, run once each; always replayed.
fuzz_replay = set -- tests/fuzz/regressions/$(1)/*; \
	if [ -e "$$1" ]; then echo "  REPLAY  $(1): $$(ls tests/fuzz/regressions/$(1) | wc -l) input(s)"; \
		$(FUZZ_OUT)/bin/$(1) "$$@" >$(FUZZ_OUT)/$(1).replay.log 2>&1 \
		|| { tail -n 60 $(FUZZ_OUT)/$(1).replay.log; exit 1; }; fi;

.PHONY: fuzz fuzz-smoke fuzz-regressions fuzz-bins
fuzz-bins: $(FUZZ_BINS)

fuzz-regressions: $(FUZZ_BINS)
	$(Q)$(foreach t,$(FUZZ_TARGETS),$(call fuzz_replay,$(t)))

fuzz: $(FUZZ_BINS) $(FUZZ_OUT)/seeds/fdt $(FUZZ_OUT)/seeds/cmdline
	$(Q)$(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(t),$(FUZZ_SECONDS)))
	$(Q)$(foreach t,$(FUZZ_TARGETS),$(call fuzz_replay,$(t)))

fuzz-smoke: $(FUZZ_BINS) $(FUZZ_OUT)/seeds/fdt $(FUZZ_OUT)/seeds/cmdline
	$(Q)$(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(t),$(or $($(t)_SMOKE_SECONDS),$(FUZZ_SMOKE_SECONDS))))
	$(Q)$(foreach t,$(FUZZ_TARGETS),$(call fuzz_replay,$(t)))
