# make bench: probe costs in guest instructions under QEMU -icount shift=0
# (host tool scripts/bench.c + bench_qemu.c; README "Benchmarks").
# Results: build/bench/results.json.
.PHONY: bench
BENCH_TOOL_SRCS := scripts/bench.c scripts/bench_qemu.c

$(O)/host/bench: $(BENCH_TOOL_SRCS) scripts/bench.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -o $@ $(BENCH_TOOL_SRCS)

bench: deps
	$(Q)$(MAKE) --no-print-directory all $(O)/host/bench $(O)/dts/virt-boot-trace.dtbo
	$(Q)$(MAKE) --no-print-directory ARCH=x86 all
	$(Q)$(O)/host/bench $(KOUT)/zImage $(KOUT)/vmlinux $(O)/bench $(KNM) \
		scripts/bench-footprint.txt $(O)/dts/virt-boot-trace.dtbo $(O)/x86/vmlinux
