# make run: boot a board in QEMU with the console on stdio.
#   BOARD=vexpress-a9 (default) | vexpress-a15 | virt | virt-uboot | pc
#   BOOTARGS="..."   kernel command line (QEMU -append)
#   OVERLAYS="a b"   dts/overlays/<name>.dtso applied to the board DTB
#   KEEP_TRACE=1     virt: QEMU's tree plus the boot trace's region
#                    (dts/virt-boot-trace.dtso); the vexpress DTS have it
#   REBOOT=1         a reset reboots (no -no-reboot)
# virt-uboot: QEMU virt running U-Boot (u-boot-qemu), which finds boot.scr,
# zImage and DTBs on a virtio disk and its environment on pflash unit 1
# (uboot-env/). BOOTARGS and OVERLAYS go into a copy of the env image
# (ekprobes_bootargs, ekprobes_overlays) with fw_setenv.
QEMU_ARM := qemu-system-arm
# SMP=N: N CPUs (vexpress-a9 up to 4, vexpress-a15 2, virt 4); the kernel
# starts those the DT lists and the hardware has (README "SMP").
SMP ?= 1
# REBOOT=1: a reset reboots the board instead of ending QEMU (the monitor's
# system_reset, Ctrl-A c, is then a warm reset that keeps RAM: the boot
# trace's region comes back, README "When the board hangs").
REBOOT ?=
QEMU_BASE := -m 128M -nographic $(if $(filter 1,$(REBOOT)),,-no-reboot)
QEMU_COMMON := $(QEMU_BASE) -smp $(SMP)
QEMU_vexpress-a9 := $(QEMU_ARM) -M vexpress-a9 -cpu cortex-a9 -audiodev none,id=snd0
QEMU_vexpress-a15 := $(QEMU_ARM) -M vexpress-a15 -cpu cortex-a15 -audiodev none,id=snd0
QEMU_virt := $(QEMU_ARM) -M virt -cpu cortex-a15
RUN_UBOOT_FLASH := $(if $(BOOTARGS)$(OVERLAYS),$(UBOOT_OUT)/run-flash1.img,$(UBOOT_OUT)/flash1.img)
QEMU_virt-uboot := $(QEMU_virt) -nic none -bios $(UBOOT_BIN) \
	-drive if=pflash,unit=1,format=raw,readonly=on,file=$(RUN_UBOOT_FLASH) \
	-drive if=none,id=disk0,format=raw,readonly=on,file=$(UBOOT_OUT)/disk.img \
	-device virtio-blk-device,drive=disk0
# pc: the i386 kernel (ARCH=x86, implied by BOARD=pc) as a multiboot ELF,
# the DTB as its first multiboot module. No NIC: no iPXE option ROM.
QEMU_pc := qemu-system-i386 -M pc -nic none
# KVM=1 (BOARD=pc only, a manual check, never in make check: CI machines may
# lack KVM): the same machine and CPU model under KVM. qemu32, not host:
# QEMU 7.2 cannot set MSR 0x10a with -cpu host on some hosts. `make
# kvm-check` says first whether this host's KVM can run an i386 kernel at
# all (PVM, kvm_pvm, cannot: see arch/x86/README.md "KVM").
KVM ?=
QEMU_KVM := $(if $(filter 1,$(KVM)),-accel kvm -cpu qemu32)
RUN_BOARDS := vexpress-a9 vexpress-a15 virt virt-uboot pc
OVERLAYS ?=

# virt has no DTS of ours: QEMU generates its tree, which we dump to apply
# overlays to it.
$(O)/dts/virt.dtb: | deps-stamp
	@mkdir -p $(dir $@)
	$(Q)$(QEMU_virt) $(QEMU_BASE) -machine dumpdtb=$@ >/dev/null

# virt with KEEP_TRACE=1: the dumped tree plus the region (dts/rules.mk).
KEEP_TRACE ?=
RUN_VIRT_TRACE := $(and $(filter virt,$(BOARD)),$(filter 1,$(KEEP_TRACE)))
RUN_DTB_BASE := $(if $(RUN_VIRT_TRACE),$(O)/dts/virt-trace.dtb,$(O)/dts/$(BOARD).dtb)
RUN_DTBOS := $(patsubst %,$(O)/dts/overlays/%.dtbo,$(OVERLAYS))
RUN_DTB := $(if $(OVERLAYS),$(O)/dts/run-$(BOARD).dtb,$(RUN_DTB_BASE))

$(O)/dts/run-$(BOARD).dtb: $(RUN_DTB_BASE) $(RUN_DTBOS) FORCE
	$(Q)fdtoverlay -i $(RUN_DTB_BASE) -o $@ $(RUN_DTBOS)

# virt without overlays or KEEP_TRACE keeps QEMU's own tree (-dtb would
# freeze it: the dump is made for one CPU).
RUN_DTB_ARG := $(if $(filter virt,$(BOARD)),$(if $(OVERLAYS)$(RUN_VIRT_TRACE),-dtb $(RUN_DTB)),-dtb $(RUN_DTB))

# virt-uboot: the env image with this run's settings written by fw_setenv
# (the disk carries host-merged DTBs for UBOOT_MERGES, see uboot-env/rules.mk).
$(UBOOT_OUT)/run-flash1.img: $(UBOOT_OUT)/flash1.img FORCE
	$(Q)cp --sparse=always $< $@
	$(Q)printf '%s 0x0 %s\n' "$(abspath $@)" $(UBOOT_ENV_SIZE) >$@.fw_env.config
	$(Q)printf 'ekprobes_bootargs=%s\nekprobes_overlays=%s\n' "$$EK_BOOTARGS" "$(OVERLAYS)" \
		>$@.fw_setenv
	$(Q)fw_setenv -c $@.fw_env.config -s $@.fw_setenv

RUN_KERNEL_ARGS := $(if $(filter virt-uboot,$(BOARD)),,-kernel $(KOUT)/zImage $(RUN_DTB_ARG))
RUN_KERNEL_ARGS_pc := -kernel $(KOUT)/vmlinux -initrd $(RUN_DTB)
RUN_KERNEL_ARGS := $(if $(RUN_KERNEL_ARGS_$(BOARD)),$(RUN_KERNEL_ARGS_$(BOARD)),$(RUN_KERNEL_ARGS))
RUN_PREREQS := $(if $(filter virt-uboot,$(BOARD)),$(UBOOT_IMAGES) $(RUN_UBOOT_FLASH),\
	$(if $(OVERLAYS)$(RUN_VIRT_TRACE),$(RUN_DTB)))

.PHONY: FORCE
FORCE:

run: deps
	@case " $(RUN_BOARDS) " in *" $(BOARD) "*) ;; \
	*) echo "make run: unknown BOARD '$(BOARD)' (one of: $(RUN_BOARDS))" >&2; exit 2;; esac
	@for o in $(OVERLAYS); do [ -f dts/overlays/$$o.dtso ] || \
		{ echo "make run: no overlay dts/overlays/$$o.dtso" >&2; exit 2; }; done
	@[ -z "$(QEMU_KVM)" ] || [ "$(BOARD)" = pc ] || \
		{ echo "make run: KVM=1 is for BOARD=pc (an x86 host runs no ARM guest under KVM)" >&2; \
		exit 2; }
	@[ -z "$(QEMU_KVM)" ] || [ -c /dev/kvm ] || { echo "make run: KVM=1: no /dev/kvm" >&2; exit 2; }
	@[ -z "$(QEMU_KVM)" ] || [ ! -d /sys/module/kvm_pvm ] || echo "make run: warning: this" \
		"host's KVM is PVM (kvm_pvm), which runs no 32-bit paging nor int3 with paging off:" \
		"the i386 kernel stops at setup_arch or its first early probe (make kvm-check shows why)" >&2
	$(Q)$(MAKE) --no-print-directory all $(RUN_PREREQS)
	@echo "Booting $(BOARD): type 'help' at the ek# prompt, 'poweroff' to quit (or Ctrl-A x)."
	$(QEMU_$(BOARD)) $(QEMU_KVM) $(QEMU_COMMON) $(RUN_KERNEL_ARGS) \
		$(if $(filter-out virt-uboot,$(BOARD)),$(if $(BOOTARGS),-append "$$EK_BOOTARGS"))

# Can this host's KVM run the i386 kernel? Images of a few instructions
# each (scripts/kvm-check.S), under TCG and KVM.
.PHONY: kvm-check
kvm-check:
	$(Q)scripts/kvm-check.sh $(O)/kvm-check

# BOOTARGS reach QEMU verbatim: probe definitions are full of '$' ($arg1,
# $retval) that neither make nor the shell may expand.
run: export EK_BOOTARGS = $(value BOOTARGS)
