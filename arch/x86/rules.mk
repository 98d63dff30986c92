# i386 kernel: a multiboot (v1) ELF linked at 1 MiB for
# qemu-system-i386 -kernel. Debian's gcc with -m32 (gcc-multilib brings
# the 32-bit libgcc for 64-bit divisions).
KCC := gcc
KLD := ld -m elf_i386
KNM := nm
KOBJCOPY := objcopy
KREADELF := readelf
KOBJDUMP := objdump
KOUT := $(O)/x86

# Position-dependent (-fno-pic): the loader puts the image at its link
# address, so there is nothing to relocate. Frame pointers stay: the
# backtrace walks the %ebp chain. No SSE/x87 code (-mgeneral-regs-only):
# the kernel never saves FPU state. cdecl calls (no -mregparm): every
# argument on the stack, so $argN is the Nth word above the return address.
# NOPROBE_ASM_COMMENT: the comment character that ends include/ek/noprobe.h's
# section directive ('@' on ARM is not one here).
KCFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -g -m32 -march=i686 \
	-fno-ipa-sra -fno-ipa-cp-clone -fno-partial-inlining \
	-ffreestanding -fno-builtin -fno-common -fno-stack-protector \
	-fno-tree-loop-distribute-patterns -fno-pic -fno-pie \
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables -fcf-protection=none \
	-mgeneral-regs-only \
	'-DNOPROBE_ASM_COMMENT="\#"' \
	-Iinclude -Iarch/x86/include
INSN_SLOTS_BYTES ?= 16384
KCFLAGS += -DINSN_SLOTS_BYTES=$(INSN_SLOTS_BYTES)
# struct pt_regs' flags (include/ek/arch.h; checked in arch/x86/kernel/regs.c).
KCFLAGS += -DARCH_REGS_STATUS_OFFSET=48
# The function tracer (kernel/trace/ftrace.c): GCC's -pg -mfentry makes
# `call __fentry__` the first instruction of each traced function and
# -mrecord-mcount lists the sites in __mcount_loc (kept in the ELF file
# only, kernel.lds), which scripts/mcount_x86.c turns into the sorted
# table. Objects that must never be traced are the whole objects of the
# never-probe range listed in kernel.lds, as on ARM (single functions:
# notrace, include/ek/noprobe.h); mcount_x86 --check proves on every link
# that no site is left in that range or on the tracer's own path.
KCFLAGS_FTRACE := -pg -mfentry -mrecord-mcount
NOPROBE_OBJ_GLOBS := $(shell sed -n 's/^[[:space:]]*\*\([A-Za-z0-9_/*]*\.o\).\.text .*/\1/p' arch/x86/kernel.lds)
KLDFLAGS := --emit-relocs --build-id=none -z noexecstack -nostdlib -T arch/x86/kernel.lds
# Recursive: evaluated at link time, after `make deps` installed multilib.
LIBGCC = $(shell $(KCC) -m32 -print-libgcc-file-name 2>/dev/null)
# The toolchain is there once gcc finds a 32-bit libgcc.
KTOOLCHAIN_OK = $(KCC) -m32 -print-libgcc-file-name 2>/dev/null | grep -q /32/
# scripts/noprobe_check proves on every link that all the probe path can
# reach is in .noprobe.text (i386: decoded with arch/x86/probes/, checked
# against the R_386_PC32 that --emit-relocs keeps; tables' pointers are
# the words with an R_386_32).
KNOPROBE_CHECK := $(O)/host/noprobe_check
KMCOUNT = $(O)/host/mcount_x86
KERNEL_SRCS += \
	arch/x86/boot/head.S \
	arch/x86/boot/multiboot.c \
	arch/x86/boot/fdt_bootargs.c \
	arch/x86/kernel/entry.S \
	arch/x86/kernel/desc.c \
	arch/x86/kernel/traps.c \
	arch/x86/kernel/backtrace.c \
	arch/x86/kernel/cpu.c \
	arch/x86/kernel/smp.c \
	arch/x86/kernel/tsc.c \
	arch/x86/kernel/regs.c \
	arch/x86/kernel/fallback_console.c \
	arch/x86/kernel/insn_slots.S \
	arch/x86/kernel/kprobes.c \
	arch/x86/kernel/kprobes_decode.c \
	arch/x86/kernel/kprobes_step.c \
	arch/x86/kernel/kprobes_early.c \
	arch/x86/kernel/kprobes_opt.c \
	arch/x86/kernel/kprobes_ftrace.c \
	arch/x86/kernel/kprobes_ftrace_tail.S \
	arch/x86/kernel/optprobe_template.S \
	arch/x86/kernel/kretprobe.c \
	arch/x86/kernel/kretprobe_trampoline.S \
	arch/x86/kernel/ftrace.c \
	arch/x86/kernel/ftrace_entry.S \
	arch/x86/kernel/bench.c \
	arch/x86/kernel/bench_loop.S \
	arch/x86/kernel/bench_targets.S \
	arch/x86/kernel/selftest.c \
	arch/x86/kernel/selftest_target.S \
	arch/x86/kernel/probetest.c \
	arch/x86/kernel/probetest_runner.S \
	arch/x86/kernel/probetest_cases.S \
	arch/x86/lib/access.S \
	arch/x86/lib/string.S \
	arch/x86/mm/paging.c \
	arch/x86/mm/patch.c \
	$(X86_INSN_SRCS)

# memcpy/memset are string moves here (arch/x86/lib/string.S): the C ones
# of kernel/lib/string.c get other names on i386.
$(KOUT)/obj/kernel/lib/string.o: KCFLAGS += -Dmemcpy=generic_memcpy -Dmemset=generic_memset

# The instruction decoder (host-tested; linked in, unused until kprobes).
include arch/x86/probes/insn.mk

KERNEL_OUTPUTS := $(KOUT)/vmlinux
