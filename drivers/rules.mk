# DT-matched device drivers, per architecture (the DT says which of them
# a board has).
DRIVERS_arm := \
	drivers/pl011.c \
	drivers/gic.c \
	drivers/a9_timers.c \
	drivers/sp804.c \
	drivers/vexpress_sysreg.c
# PC devices on x86 I/O ports (dts/pc.dts).
DRIVERS_x86 := \
	drivers/ns16550.c \
	drivers/i8259.c \
	drivers/i8254.c \
	drivers/piix4_pm.c
KERNEL_SRCS += $(DRIVERS_$(ARCH))
