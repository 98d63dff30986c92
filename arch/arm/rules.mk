# ARMv7-A kernel: one position-independent zImage for every board.
CROSS_COMPILE ?= arm-none-eabi-
KCC := $(CROSS_COMPILE)gcc
KLD := $(CROSS_COMPILE)ld
KNM := $(CROSS_COMPILE)nm
KOBJCOPY := $(CROSS_COMPILE)objcopy
KREADELF := $(CROSS_COMPILE)readelf
KOBJDUMP := $(CROSS_COMPILE)objdump
KOUT := $(O)/arm

# -fPIE + hidden visibility: PC-relative code, only R_ARM_RELATIVE data
# relocations, applied by head.S. -mno-unaligned-access: C runs before the
# MMU, when every access is Device-like and unaligned ones fault.
# -fno-ipa-sra/-fno-ipa-cp-clone/-fno-partial-inlining: no "foo.isra.0"
# clones with rewritten arguments, so every function keeps its name and
# its ABI arguments, which is what probes by symbol and $argN rely on.
# No frame pointers (an instruction per function, four per leaf, on every
# probe hit): backtraces use the EHABI tables of -funwind-tables.
KCFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -g \
	-fno-ipa-sra -fno-ipa-cp-clone -fno-partial-inlining \
	-marm -march=armv7-a -mfloat-abi=soft -mno-unaligned-access \
	-ffreestanding -fno-builtin -fno-common -fno-stack-protector \
	-fno-tree-loop-distribute-patterns \
	-fPIE -fvisibility=hidden -include include/ek/hidden.h \
	-fomit-frame-pointer -funwind-tables \
	-Iinclude -Iarch/arm/include
INSN_SLOTS_BYTES ?= 16384
KCFLAGS += -DINSN_SLOTS_BYTES=$(INSN_SLOTS_BYTES)
# struct pt_regs' cpsr (include/ek/arch.h; checked in arch/arm/kernel/regs.c).
KCFLAGS += -DARCH_REGS_STATUS_OFFSET=64
# -pg (the function tracer, kernel/trace/ftrace.c): GCC puts
# `push {lr}; bl __gnu_mcount_nc` after each function's prologue. GCC
# refuses -pg next to an explicit -fomit-frame-pointer, but omits the frame
# pointer at -O2 anyway, so traced objects drop only the flag. Objects that
# must never be traced are exactly the whole objects of the never-probe
# range listed in kernel.lds (single functions: __noprobe/notrace,
# include/ek/noprobe.h); scripts/noprobe_check proves on every link that
# no mcount call is left in that range or on the tracer's own path.
KCFLAGS_FTRACE := -pg
NOPROBE_OBJ_GLOBS := $(shell sed -n 's/^[[:space:]]*\*\([A-Za-z0-9_/*]*\.o\).\.text .*/\1/p' arch/arm/kernel.lds)
# --emit-relocs keeps the static relocations in vmlinux (non-allocated
# .rel.text sections): scripts/mcount.c reads the mcount call sites there.
KLDFLAGS := --emit-relocs -pie --no-dynamic-linker --build-id=sha1 -z noexecstack --no-merge-exidx-entries \
	-T arch/arm/kernel.lds
LIBGCC := $(shell $(KCC) -marm -march=armv7-a -mfloat-abi=soft -print-libgcc-file-name 2>/dev/null)

KERNEL_SRCS += \
	arch/arm/boot/head.S \
	arch/arm/kernel/entry.S \
	arch/arm/kernel/traps.c \
	arch/arm/kernel/backtrace.c \
	arch/arm/kernel/cpu.c \
	arch/arm/kernel/fallback_console.c \
	arch/arm/kernel/psci.c \
	arch/arm/kernel/smp.c \
	arch/arm/kernel/smp_head.S \
	arch/arm/kernel/arch_timer.c \
	arch/arm/kernel/selftest.c \
	arch/arm/kernel/selftest_target.S \
	arch/arm/kernel/selftest_kprobes.c \
	arch/arm/kernel/probetest_area.S \
	arch/arm/kernel/insn_slots.S \
	arch/arm/kernel/kprobes.c \
	arch/arm/kernel/kretprobe_trampoline.S \
	arch/arm/kernel/optprobe_template.S \
	arch/arm/kernel/regs.c \
	arch/arm/kernel/bench.c \
	arch/arm/kernel/bench_gt.S \
	arch/arm/kernel/bench_targets.S \
	arch/arm/lib/access.S \
	arch/arm/lib/atomic.c \
	arch/arm/mm/mmu.c \
	arch/arm/mm/cache.c \
	arch/arm/mm/patch.c \
	arch/arm/kernel/ftrace.c \
	arch/arm/kernel/ftrace_entry.S

include arch/arm/probes/rules.mk

KERNEL_OUTPUTS := $(KOUT)/zImage $(KOUT)/vmlinux
