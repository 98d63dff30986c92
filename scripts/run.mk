# make run: boot a board in QEMU with the console on stdio.
#   BOARD=vexpress-a9 (default) | vexpress-a15 | virt
#   BOOTARGS="..."  kernel command line (QEMU -append)
QEMU_ARM := qemu-system-arm
QEMU_COMMON := -m 128M -nographic -no-reboot
QEMU_vexpress-a9 := $(QEMU_ARM) -M vexpress-a9 -cpu cortex-a9 -audiodev none,id=snd0 \
	-dtb $(O)/dts/vexpress-a9.dtb
QEMU_vexpress-a15 := $(QEMU_ARM) -M vexpress-a15 -cpu cortex-a15 -audiodev none,id=snd0 \
	-dtb $(O)/dts/vexpress-a15.dtb
QEMU_virt := $(QEMU_ARM) -M virt -cpu cortex-a15
RUN_BOARDS := vexpress-a9 vexpress-a15 virt

run: deps
	@case " $(RUN_BOARDS) " in *" $(BOARD) "*) ;; \
	*) echo "make run: unknown BOARD '$(BOARD)' (one of: $(RUN_BOARDS))" >&2; exit 2;; esac
	$(Q)$(MAKE) --no-print-directory all
	@echo "Booting $(BOARD): type 'help' at the ek# prompt, 'poweroff' to quit (or Ctrl-A x)."
	$(QEMU_$(BOARD)) $(QEMU_COMMON) -kernel $(KOUT)/zImage $(if $(BOOTARGS),-append "$(BOOTARGS)")
