# The i386 instruction decoder: its sources, and a rule that compiles them
# as the kernel will (gcc -m32 -ffreestanding), so they cannot rot before
# make ARCH=x86 exists. tests/rules.mk includes this fragment; the x86
# kernel build will add $(X86_INSN_SRCS) to its own sources.
X86_INSN_SRCS := \
	arch/x86/probes/insn_decode.c \
	arch/x86/probes/insn_map_one.c \
	arch/x86/probes/insn_map_0f.c \
	arch/x86/probes/insn_map_0f38.c \
	arch/x86/probes/insn_groups.c \
	arch/x86/probes/insn_boost.c \
	arch/x86/probes/insn_boundary.c

X86_M32_OUT := $(O)/x86-m32
X86_M32_CFLAGS := -m32 -ffreestanding -nostdlib -fno-pic -std=c11 -Wall -Wextra -Werror -Iinclude
# include/ek/arch.h (through trace.h) wants pt_regs' status offset and the
# arch's inline half: i386's, as arch/x86/rules.mk sets them.
X86_M32_CFLAGS += -DARCH_REGS_STATUS_OFFSET=48 -Iarch/x86/include

# Real i386 code for the decoder's test: the decoder and portable kernel
# files, once as -O2 with the -pg -mfentry entry calls issue 12 plans, once
# as -Os. test_x86_insn_objdump decodes every instruction objdump finds.
X86_M32_SRCS := $(X86_INSN_SRCS) kernel/lib/string.c kernel/lib/vsprintf.c kernel/lib/kstrtox.c \
	kernel/lib/cmdline_parse.c kernel/trace/ring_buffer.c kernel/trace/probe_parse.c \
	kernel/kallsyms.c kernel/fdt.c
X86_M32_OBJS := $(patsubst %.c,$(X86_M32_OUT)/O2/%.o,$(X86_M32_SRCS)) \
	$(patsubst %.c,$(X86_M32_OUT)/Os/%.o,$(X86_M32_SRCS))

$(X86_M32_OUT)/O2/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC -m32 $<"
	$(Q)gcc $(X86_M32_CFLAGS) -O2 -pg -mfentry -MMD -MP -c -o $@ $<

$(X86_M32_OUT)/Os/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC -m32 $< (-Os)"
	$(Q)gcc $(X86_M32_CFLAGS) -Os -MMD -MP -c -o $@ $<

-include $(X86_M32_OBJS:.o=.d)
