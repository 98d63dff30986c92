# make run: boot a board in QEMU with the console on stdio.
#   BOARD=vexpress-a9 (default) | vexpress-a15 | virt
#   BOOTARGS="..."   kernel command line (QEMU -append)
#   OVERLAYS="a b"   dts/overlays/<name>.dtso applied to the board DTB
QEMU_ARM := qemu-system-arm
QEMU_COMMON := -m 128M -nographic -no-reboot
QEMU_vexpress-a9 := $(QEMU_ARM) -M vexpress-a9 -cpu cortex-a9 -audiodev none,id=snd0
QEMU_vexpress-a15 := $(QEMU_ARM) -M vexpress-a15 -cpu cortex-a15 -audiodev none,id=snd0
QEMU_virt := $(QEMU_ARM) -M virt -cpu cortex-a15
RUN_BOARDS := vexpress-a9 vexpress-a15 virt
OVERLAYS ?=

# virt has no DTS of ours: QEMU generates its tree, which we dump to apply
# overlays to it.
$(O)/dts/virt.dtb: | deps-stamp
	@mkdir -p $(dir $@)
	$(Q)$(QEMU_virt) $(QEMU_COMMON) -machine dumpdtb=$@ >/dev/null

RUN_DTB_BASE := $(O)/dts/$(BOARD).dtb
RUN_DTBOS := $(patsubst %,$(O)/dts/overlays/%.dtbo,$(OVERLAYS))
RUN_DTB := $(if $(OVERLAYS),$(O)/dts/run-$(BOARD).dtb,$(RUN_DTB_BASE))

$(O)/dts/run-$(BOARD).dtb: $(RUN_DTB_BASE) $(RUN_DTBOS) FORCE
	$(Q)fdtoverlay -i $(RUN_DTB_BASE) -o $@ $(RUN_DTBOS)

# virt without overlays keeps QEMU's own tree (-dtb would freeze it).
RUN_DTB_ARG := $(if $(filter virt,$(BOARD)),$(if $(OVERLAYS),-dtb $(RUN_DTB)),-dtb $(RUN_DTB))

.PHONY: FORCE
FORCE:

run: deps
	@case " $(RUN_BOARDS) " in *" $(BOARD) "*) ;; \
	*) echo "make run: unknown BOARD '$(BOARD)' (one of: $(RUN_BOARDS))" >&2; exit 2;; esac
	@for o in $(OVERLAYS); do [ -f dts/overlays/$$o.dtso ] || \
		{ echo "make run: no overlay dts/overlays/$$o.dtso" >&2; exit 2; }; done
	$(Q)$(MAKE) --no-print-directory all $(if $(OVERLAYS),$(RUN_DTB))
	@echo "Booting $(BOARD): type 'help' at the ek# prompt, 'poweroff' to quit (or Ctrl-A x)."
	$(QEMU_$(BOARD)) $(QEMU_COMMON) -kernel $(KOUT)/zImage $(RUN_DTB_ARG) \
		$(if $(BOOTARGS),-append "$$EK_BOOTARGS")

# BOOTARGS reach QEMU verbatim: probe definitions are full of '$' ($arg1,
# $retval) that neither make nor the shell may expand.
run: export EK_BOOTARGS = $(value BOOTARGS)
