# LAVA jobs (lava/gen.py + lava/templates/), run locally with Debian's
# lava-run (package lava-dispatcher, installed by `make deps`).
#
#   make lava-test [TARGET=vexpress-a9|vexpress-a15|virt|pc]
#       renders the jobs into $(O)/lava/jobs with file:// URLs to this build,
#       runs each board's job and its negative (bad-probe) job with lava-run
#       as root, one at a time, and checks their per-test results
#       (lava/results.py): JUnit XML in $(O)/lava/<job>.xml, lava-run's log in
#       $(O)/lava/<job>/lava.log.
#   make lava-jobs LAVA_URL=https://host/path/
#       the same jobs for a LAVA server: upload $(O)/lava/server/zImage,
#       vmlinux and lava-*.dtb to LAVA_URL, then `lavacli jobs submit <job>.yaml`.
#
# The board list is gen.py's (the one source). The ARM boards boot
# $(O)/arm/zImage, pc the i386 $(O)/x86/vmlinux: each is built by a sub-make
# with its own ARCH, whatever this make's ARCH is (TARGET=pc makes it x86).
LAVA_PYTHON := /usr/bin/python3
LAVA_GEN := $(LAVA_PYTHON) lava/gen.py
# Recursive: gen.py needs python3-jinja2, there once `deps` has run.
LAVA_TARGETS = $(shell $(LAVA_GEN) boards)
LAVA_RUN = $(if $(TARGET),$(TARGET),$(LAVA_TARGETS))
LAVA_ARM = $(shell $(LAVA_GEN) boards --arch arm)
LAVA_X86 = $(shell $(LAVA_GEN) boards --arch i386)
LAVA_OUT := $(O)/lava
LAVA_TIMEOUT ?= 300
LAVA_URL ?=
LAVA_SUDO := $(if $(filter 0,$(shell id -u)),,sudo -n)

# The images the jobs of $(1) (board names) need, and gen.py's options for them.
lava_images = $(if $(filter $(LAVA_ARM),$(1)),$(MAKE) --no-print-directory ARCH=arm \
		$(O)/arm/zImage $(DTBS) $(if $(filter virt,$(1)),$(O)/dts/virt.dtb) &&) \
	$(if $(filter $(LAVA_X86),$(1)),$(MAKE) --no-print-directory ARCH=x86 \
		$(O)/x86/vmlinux $(O)/dts/pc.dtb &&) true
lava_kernels = $(if $(filter $(LAVA_ARM),$(1)),--zimage $(O)/arm/zImage) \
	$(if $(filter $(LAVA_X86),$(1)),--vmlinux $(O)/x86/vmlinux)

.PHONY: lava-test lava-jobs

lava-test: deps
	$(Q)for t in $(LAVA_RUN); do \
		case " $(LAVA_TARGETS) " in *" $$t "*) ;; \
		*) echo "make lava-test: unknown TARGET '$$t' (one of: $(LAVA_TARGETS))" >&2; exit 2;; esac; \
	done
	$(Q)$(call lava_images,$(LAVA_RUN))
	$(Q)rm -rf $(LAVA_OUT)/jobs && mkdir -p $(LAVA_OUT)
	$(Q)$(LAVA_GEN) render --out $(LAVA_OUT)/jobs \
		--url file://$(abspath $(LAVA_OUT))/jobs/ --boards $(LAVA_RUN) \
		$(call lava_kernels,$(LAVA_RUN)) --dtb-dir $(O)/dts
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
	$(Q)$(call lava_images,$(LAVA_TARGETS))
	$(Q)rm -rf $(LAVA_OUT)/server
	$(Q)$(LAVA_GEN) render --out $(LAVA_OUT)/server --url $(LAVA_URL) \
		$(call lava_kernels,$(LAVA_TARGETS)) --dtb-dir $(O)/dts
	$(Q)cd $(LAVA_OUT)/server && rm -f device-*.yaml dispatcher.yaml expect.json
	@echo "  upload $(LAVA_OUT)/server/zImage, vmlinux and lava-*.dtb to $(LAVA_URL), then:"
	@echo "  lavacli jobs submit $(LAVA_OUT)/server/<board>.yaml"
