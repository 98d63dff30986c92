# Host tests of the early-probe input layer (kernel/early_sources.c).
EARLY_TEST_SRCS := tests/test_early_sources.c kernel/early_sources.c kernel/fdt.c \
	kernel/lib/cmdline_parse.c kernel/lib/vsprintf.c kernel/kallsyms.c tests/host_compat.c

$(O)/tests/test_early_sources: $(EARLY_TEST_SRCS) $(wildcard include/ek/*.h)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -D_DEFAULT_SOURCE -fsanitize=address,undefined -Iinclude \
		-o $@ $(EARLY_TEST_SRCS) -lcmocka

.PHONY: test-early
test-early: $(O)/tests/test_early_sources
	$(Q)$<
