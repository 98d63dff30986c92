# make bench: probe costs in guest instructions under QEMU -icount shift=0
# (scripts/bench.py; README "Benchmarks"). Results: build/bench/results.json.
.PHONY: bench
bench: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)python3 scripts/bench.py $(KOUT)/zImage $(KOUT)/vmlinux $(O)/bench $(KNM)
