# ekprobes: early-boot kernel probes for embedded ARM (and i386).
#
#   make                 build build/arm/zImage, vmlinux and the board DTBs
#   make ARCH=x86        build build/x86/vmlinux (i386, multiboot) and the DTBs
#   make run [BOARD=vexpress-a9|vexpress-a15|virt|virt-uboot|pc] [BOOTARGS="..."] [SMP=N]
#            [KVM=1]         (BOARD=pc under KVM; make kvm-check says if this host's KVM can)
#   make uboot-images    U-Boot boot script, environment flash and disk (uboot-env/)
#   make check           host unit tests, fuzz smoke run, board tests under QEMU
#   make fuzz [FUZZ_SECONDS=N]  libFuzzer targets (tests/fuzz/)
#   make lava-test [TARGET=...]  LAVA jobs (lava/) run locally with lava-run
#   make trace           boot the default board, write build/trace/{boot.log,trace.dat,boot.json,boot.svg}
#
# Each directory lists its own sources in a rules.mk fragment.

BOARD ?= vexpress-a9
# The pc board (make run BOARD=pc, make board-test TARGET=pc) runs the i386
# kernel; every other board the ARM one.
ARCH ?= $(if $(filter pc,$(BOARD) $(TARGET)),x86,arm)
BOOTARGS ?=
O := build
Q := $(if $(filter 1,$(V)),,@)

.DEFAULT_GOAL := all
.PHONY: all deps run check clean test-host board-test lava-test
.DELETE_ON_ERROR:

# Packages come from Debian only, installed by scripts/deps.sh when missing.
deps:
	$(Q)scripts/deps.sh

include arch/$(ARCH)/rules.mk
include kernel/rules.mk
include drivers/rules.mk
include dts/rules.mk
include scripts/rules.mk
include uboot-env/rules.mk
include tools/rules.mk
include scripts/run.mk
include scripts/trace.mk
include scripts/bench.mk
include tests/rules.mk
include tests/fuzz/rules.mk
include board-tests/rules.mk
include lava/rules.mk

all: $(KERNEL_OUTPUTS) $(DTBS)

check: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(MAKE) --no-print-directory test-host
	$(Q)$(MAKE) --no-print-directory fuzz-smoke
	$(Q)$(MAKE) --no-print-directory dt-check
	$(Q)$(MAKE) --no-print-directory board-test
	$(Q)$(MAKE) --no-print-directory board-test TARGET=pc
	$(Q)$(MAKE) --no-print-directory lava-test TARGET=

clean:
	rm -rf $(O)
