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
