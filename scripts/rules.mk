# Host build tools, and the kernel link (which needs them).
HOSTCC ?= gcc
HOSTCFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -g

$(O)/host/kallsyms: scripts/kallsyms.c include/ek/kallsyms.h include/ek/types.h
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -Iinclude -o $@ $<

KOBJS := $(patsubst %,$(KOUT)/obj/%.o,$(basename $(KERNEL_SRCS)))

# It decodes i386 code with the kernel's own decoder (arch/x86/probes/).
include arch/x86/probes/insn.mk
$(O)/host/noprobe_check: scripts/noprobe_check.c scripts/noprobe_image.c scripts/noprobe_arm.c \
		scripts/noprobe_x86.c scripts/noprobe_image.h scripts/noprobe_graph.h \
		$(X86_INSN_SRCS) arch/x86/probes/insn.h arch/x86/probes/insn_tables.h
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -Iinclude -Iarch/x86/probes -o $@ $(filter %.c,$^)

# Traced objects get the arch's KCFLAGS_FTRACE (-pg); the whole objects of
# the never-probe range (their globs in the arch's kernel.lds) never do.
KNOTRACE_OBJS := $(filter $(patsubst %,$(KOUT)/obj/%,$(subst *,%,$(NOPROBE_OBJ_GLOBS) $(NOTRACE_OBJ_GLOBS))),$(KOBJS))
KTRACE_OBJS := $(filter-out $(KNOTRACE_OBJS),$(KOBJS))
$(KTRACE_OBJS): KCFLAGS_OBJ = $(filter-out -fomit-frame-pointer,$(KCFLAGS)) $(KCFLAGS_FTRACE)
$(KNOTRACE_OBJS): KCFLAGS_OBJ = $(KCFLAGS)

$(KOUT)/obj/%.o: %.c | deps-stamp
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(KCC) $(KCFLAGS_OBJ) -MMD -MP -c -o $@ $<

$(KOUT)/obj/%.o: %.S | deps-stamp
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(KCC) $(KCFLAGS) -D__ASSEMBLER__ -MMD -MP -c -o $@ $<

-include $(KOBJS:.o=.d)

# Compiler flags live in the arch and trace fragments: changing them rebuilds.
$(KOBJS): arch/$(ARCH)/rules.mk kernel/trace/rules.mk arch/$(ARCH)/kernel.lds

# kallsyms needs the final addresses, which depend on the table's size:
# link once with an empty table, then twice with real ones. The two tables
# have the same size, so the second link keeps the addresses the table
# holds; scripts/check-image.sh proves it on every build.
KLINK = $(KLD) $(KLDFLAGS) -o $@ $(KOBJS) $(1) $(LIBGCC)

# The mcount call-site table (scripts/mcount.c) rides the same passes: its
# entries are text offsets, which no table's size moves (text comes first),
# and passes 1 and 2 must give the same table; check-image proves the
# final image's sites are the ones it carries.
$(O)/host/mcount: scripts/mcount.c scripts/mcount_table.c scripts/mcount_table.h
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -o $@ $(filter %.c,$^)

# i386 (-pg -mfentry -mrecord-mcount): the sites GCC lists in __mcount_loc.
$(O)/host/mcount_x86: scripts/mcount_x86.c scripts/mcount_table.c scripts/mcount_table.h
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -o $@ $(filter %.c,$^)

# The table from a linked image: the arch names its tool (KMCOUNT, same
# interface as scripts/mcount.c); ARM's reads the relocations.
KMCOUNT ?= $(O)/host/mcount

$(KOUT)/mcount0.c: $(KMCOUNT)
	@mkdir -p $(dir $@)
	$(Q)$(KMCOUNT) --empty >$@

$(KOUT)/mcount%.o: $(KOUT)/mcount%.c
	$(Q)$(KCC) $(KCFLAGS) -c -o $@ $<

$(KOUT)/kallsyms0.c: $(O)/host/kallsyms
	@mkdir -p $(dir $@)
	$(Q)$(O)/host/kallsyms </dev/null >$@

$(KOUT)/kallsyms%.o: $(KOUT)/kallsyms%.c
	$(Q)$(KCC) $(KCFLAGS) -c -o $@ $<

$(KOUT)/vmlinux.0: $(KOBJS) $(KOUT)/kallsyms0.o $(KOUT)/mcount0.o arch/$(ARCH)/kernel.lds
	@echo "  LD      $@"
	$(Q)$(call KLINK,$(KOUT)/kallsyms0.o $(KOUT)/mcount0.o)

$(KOUT)/kallsyms1.c: $(KOUT)/vmlinux.0 $(O)/host/kallsyms
	$(Q)$(KNM) -n -S --defined-only --special-syms $< | $(O)/host/kallsyms >$@

$(KOUT)/mcount1.c: $(KOUT)/vmlinux.0 $(KMCOUNT)
	$(Q)$(KMCOUNT) $< >$@

$(KOUT)/vmlinux.1: $(KOBJS) $(KOUT)/kallsyms1.o $(KOUT)/mcount1.o
	@echo "  LD      $@"
	$(Q)$(call KLINK,$(KOUT)/kallsyms1.o $(KOUT)/mcount1.o)

$(KOUT)/kallsyms2.c: $(KOUT)/vmlinux.1 $(O)/host/kallsyms
	$(Q)$(KNM) -n -S --defined-only --special-syms $< | $(O)/host/kallsyms >$@

$(KOUT)/mcount2.c: $(KOUT)/vmlinux.1 $(KOUT)/mcount1.c $(KMCOUNT)
	$(Q)$(KMCOUNT) $< >$@
	$(Q)cmp -s $@ $(KOUT)/mcount1.c || { echo "mcount: the call-site table changed between passes 1 and 2" >&2; rm -f $@; exit 1; }

# kernel/ and include/ek/ include no <asm/...> header but through
# include/ek/arch.h (scripts/arch-include-check.sh); checked before every
# link, order-only so a pass does not relink.
ARCH_INCLUDE_SRCS := $(shell find kernel include/ek -name '*.[ch]')
$(O)/arch-include.ok: scripts/arch-include-check.sh $(ARCH_INCLUDE_SRCS)
	$(Q)scripts/arch-include-check.sh kernel include/ek
	$(Q)mkdir -p $(@D) && touch $@
$(KOUT)/vmlinux.0: | $(O)/arch-include.ok

# scripts/noprobe_check.c proves that every function the probe path can run
# is in .noprobe.text (include/ek/noprobe.h); a failure removes vmlinux.
# It reads ARM code: an arch sets KNOPROBE_CHECK empty to skip it.
KNOPROBE_CHECK ?= $(O)/host/noprobe_check
$(KOUT)/vmlinux: $(KOBJS) $(KOUT)/kallsyms2.o $(KOUT)/mcount2.o scripts/check-image.sh $(KNOPROBE_CHECK) $(KMCOUNT)
	@echo "  LD      $@"
	$(Q)$(call KLINK,$(KOUT)/kallsyms2.o $(KOUT)/mcount2.o)
	$(Q)scripts/check-image.sh $@ $(KOUT)/kallsyms2.c $(O)/host/kallsyms $(KNM) $(KREADELF) \
		$(KOUT)/mcount2.c "$(KMCOUNT)"
	$(if $(KNOPROBE_CHECK),$(Q)$(KNOPROBE_CHECK) $@ $(KOUT)/noprobe-reachable.txt)

$(KOUT)/zImage: $(KOUT)/vmlinux
	@echo "  OBJCOPY $@"
	$(Q)$(KOBJCOPY) -O binary -R .dynamic -R .dynsym -R .dynstr -R .hash $< $@

# Build only once the toolchain is there; deps installs it when missing.
.PHONY: deps-stamp
KTOOLCHAIN_OK ?= command -v $(KCC) >/dev/null
deps-stamp:
	$(Q)$(KTOOLCHAIN_OK) || scripts/deps.sh
