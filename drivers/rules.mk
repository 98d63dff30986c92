# DT-matched device drivers.
KERNEL_SRCS += \
	drivers/pl011.c \
	drivers/gic.c \
	drivers/a9_timers.c \
	drivers/sp804.c \
	drivers/vexpress_sysreg.c
