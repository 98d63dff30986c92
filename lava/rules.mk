# LAVA jobs (lava/gen.py + lava/templates/), run locally with Debian's
# lava-run (package lava-dispatcher, installed by `make deps`).
#
#   make lava-test [TARGET=vexpress-a9|vexpress-a15|virt]
#       renders the jobs into $(O)/lava/jobs with file:// URLs to this build,
#       runs each board's job and its negative (bad-probe) job with lava-run
#       as root, one at a time, and checks their per-test results
#       (lava/results.py): JUnit XML in $(O)/lava/<job>.xml, lava-run's log in
#       $(O)/lava/<job>/lava.log.
#   make lava-jobs LAVA_URL=https://host/path/
#       the same jobs for a LAVA server: upload $(O)/lava/server/zImage and
#       lava-*.dtb to LAVA_URL, then `lavacli jobs submit <job>.yaml`.
LAVA_TARGETS := vexpress-a9 vexpress-a15 virt
LAVA_RUN := $(if $(TARGET),$(TARGET),$(LAVA_TARGETS))
LAVA_OUT := $(O)/lava
LAVA_PYTHON := /usr/bin/python3
LAVA_TIMEOUT ?= 300
LAVA_URL ?=
LAVA_SUDO := $(if $(filter 0,$(shell id -u)),,sudo -n)

.PHONY: lava-test lava-jobs

lava-test: deps
	$(Q)for t in $(LAVA_RUN); do \
		case " $(LAVA_TARGETS) " in *" $$t "*) ;; \
		pc) echo "make lava-test: no pc job yet: the i386 layer (arch/x86) does not exist" >&2; exit 2;; \
		*) echo "make lava-test: unknown TARGET '$$t' (one of: $(LAVA_TARGETS))" >&2; exit 2;; esac; \
	done
	$(Q)$(MAKE) --no-print-directory $(KOUT)/zImage $(DTBS) \
		$(if $(filter virt,$(LAVA_RUN)),$(O)/dts/virt.dtb)
	$(Q)rm -rf $(LAVA_OUT)/jobs && mkdir -p $(LAVA_OUT)
	$(Q)$(LAVA_PYTHON) lava/gen.py render --out $(LAVA_OUT)/jobs \
		--url file://$(abspath $(LAVA_OUT))/jobs/ --boards $(LAVA_RUN) \
		--zimage $(KOUT)/zImage --dtb-dir $(O)/dts
	$(Q)start=$$(date +%s); fail=""; n=0; for t in $(LAVA_RUN); do \
		for j in $$t $$t-bad-probe; do \
			n=$$((n + 1)); id=$$(( $$$$ * 100 + n )); out=$(LAVA_OUT)/$$j; \
			rm -rf $$out; mkdir -p $$out; t0=$$(date +%s%N); \
			QEMU_AUDIO_DRV=none timeout -k 10 $(LAVA_TIMEOUT) $(LAVA_SUDO) \
			env QEMU_AUDIO_DRV=none $(LAVA_PYTHON) /usr/bin/lava-run --job-id $$id \
				--output-dir $$out --dispatcher $(LAVA_OUT)/jobs/dispatcher.yaml \
				--device $(LAVA_OUT)/jobs/device-$$t.yaml $(LAVA_OUT)/jobs/$$j.yaml \
				>$$out/lava.stdout 2>$$out/lava.log; \
			rc=$$?; [ $$rc -eq 124 ] && echo "lava-run $$j: killed after $(LAVA_TIMEOUT) s" >&2; \
			[ $$rc -eq 0 ] || echo "lava-run $$j: exit status $$rc (log: $$out/lava.log)" >&2; \
			ms=$$(( ($$(date +%s%N) - t0) / 1000000 )); \
			$(LAVA_PYTHON) lava/results.py --expect $(LAVA_OUT)/jobs/expect.json --job $$j \
				--log $$out/lava.log --result $$out/result.yaml --ms $$ms \
				--junit $(LAVA_OUT)/$$j.xml || fail="$$fail $$j"; \
		done; \
	done; \
	echo "  LAVA $$n jobs in $$(( $$(date +%s) - start )) s; JUnit XML in $(LAVA_OUT)/"; \
	if [ -n "$$fail" ]; then echo "lava-test: FAILED:$$fail" >&2; exit 1; fi

lava-jobs: deps
	@[ -n "$(LAVA_URL)" ] || { echo "make lava-jobs: set LAVA_URL=<where the images will be>" >&2; exit 2; }
	$(Q)$(MAKE) --no-print-directory $(KOUT)/zImage $(DTBS) $(O)/dts/virt.dtb
	$(Q)rm -rf $(LAVA_OUT)/server
	$(Q)$(LAVA_PYTHON) lava/gen.py render --out $(LAVA_OUT)/server --url $(LAVA_URL) \
		--zimage $(KOUT)/zImage --dtb-dir $(O)/dts
	$(Q)cd $(LAVA_OUT)/server && rm -f device-*.yaml dispatcher.yaml expect.json
	@echo "  upload $(LAVA_OUT)/server/zImage and lava-*.dtb to $(LAVA_URL), then:"
	@echo "  lavacli jobs submit $(LAVA_OUT)/server/<board>.yaml"
