# ARM probes: instruction decoding, simulation and out-of-line execution.
KERNEL_SRCS += \
	arch/arm/probes/decode.c \
	arch/arm/probes/decode_tables.c \
	arch/arm/probes/checkers.c \
	arch/arm/probes/simulate.c \
	arch/arm/probes/emulate.c \
	arch/arm/probes/runner.S

# On-target instruction test suite: the "probetest" shell command.
KERNEL_SRCS += \
	arch/arm/probes/probetest.c \
	arch/arm/probes/probetest_native.S \
	arch/arm/probes/probetest_table.S

# make probescan: decode every instruction of the kernel image on the host
# and count accepted/rejected per row and reason (not part of "all").
.PHONY: probescan
$(O)/host/probescan: arch/arm/probes/scan/probescan.c arch/arm/probes/decode.c \
		arch/arm/probes/decode_tables.c arch/arm/probes/checkers.c \
		arch/arm/probes/simulate.c arch/arm/probes/emulate.c
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -std=c11 -Wall -Wextra -O2 -Wno-int-to-pointer-cast -Wno-pointer-to-int-cast \
		-Iinclude -Iarch/arm/include -o $@ $^
probescan: $(KOUT)/vmlinux $(O)/host/probescan
	$(Q)arch/arm/probes/scan/probescan.sh $(KOUT)/vmlinux $(O)/host/probescan $(CROSS_COMPILE)objdump
