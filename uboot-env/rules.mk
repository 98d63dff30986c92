# U-Boot boot path for QEMU virt (Debian's u-boot-qemu, qemu_arm build):
#   $(UBOOT_OUT)/boot.scr     boot.cmd through mkimage -T script
#   $(UBOOT_OUT)/env.txt      U-Boot's default environment (extracted from
#                             the binary) + uboot-env/env.txt
#   $(UBOOT_OUT)/flash1.img   that environment for pflash unit 1 (64 MiB,
#                             environment at offset 0, 0x40000 bytes)
#   $(UBOOT_OUT)/disk.img     MBR + FAT: zImage, DTBs, overlays/, boot.scr
#   $(UBOOT_OUT)/fw_env.config  for fw_printenv/fw_setenv -c on flash1.img
#
#   make uboot-images [UBOOT_MERGES="irq timers irq+timers"]
#
# This U-Boot has no `fdt apply`, so the disk also carries host-merged DTBs
# virt+<ov1>+<ov2>.dtb (fdtoverlay, overlays in the order named) for every
# entry of UBOOT_MERGES; boot.scr picks one from ekprobes_overlays.
UBOOT_BIN ?= /usr/lib/u-boot/qemu_arm/u-boot.bin
UBOOT_OUT := $(O)/uboot
UBOOT_ENV_SIZE := 0x40000
UBOOT_FLASH_SIZE := 64M
UBOOT_DISK_MIB := 32
UBOOT_OVERLAYS := $(patsubst dts/overlays/%.dtso,%,$(wildcard dts/overlays/*.dtso))
# default: each overlay alone and all of them at once
UBOOT_MERGES ?= $(UBOOT_OVERLAYS) $(if $(word 2,$(UBOOT_OVERLAYS)),$(subst $(space),+,$(strip $(UBOOT_OVERLAYS))))
UBOOT_IMAGES := $(UBOOT_OUT)/boot.scr $(UBOOT_OUT)/flash1.img $(UBOOT_OUT)/disk.img \
	$(UBOOT_OUT)/fw_env.config

empty :=
space := $(empty) $(empty)

.PHONY: uboot-images uboot-disk
uboot-images: $(UBOOT_IMAGES)
uboot-disk: $(UBOOT_OUT)/disk.img

$(O)/host/uboot-defenv: scripts/uboot-defenv.c
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -o $@ $<

$(UBOOT_OUT)/boot.scr: uboot-env/boot.cmd | deps-stamp
	@mkdir -p $(dir $@)
	@echo "  MKIMAGE $@"
	$(Q)mkimage -A arm -O linux -T script -C none -n "ekprobes boot script" -d $< $@ >/dev/null

$(UBOOT_OUT)/env.txt: uboot-env/env.txt $(O)/host/uboot-defenv $(UBOOT_BIN)
	@mkdir -p $(dir $@)
	$(Q)$(O)/host/uboot-defenv -x uboot-env/env.txt $(UBOOT_BIN) >$@.tmp 2>/dev/null
	$(Q)grep -v '^#' uboot-env/env.txt | grep -v '^$$' >>$@.tmp
	$(Q)mv $@.tmp $@

# The environment image, then padded (sparse) to the flash size QEMU wants.
$(UBOOT_OUT)/flash1.img: $(UBOOT_OUT)/env.txt
	@echo "  ENV     $@"
	$(Q)mkenvimage -s $(UBOOT_ENV_SIZE) -o $@.tmp $<
	$(Q)truncate -s $(UBOOT_FLASH_SIZE) $@.tmp
	$(Q)mv $@.tmp $@

$(UBOOT_OUT)/fw_env.config: uboot-env/rules.mk
	@mkdir -p $(dir $@)
	$(Q)printf '# device offset size (for fw_printenv/fw_setenv -c)\n%s 0x0 %s\n' \
		"$(abspath $(UBOOT_OUT)/flash1.img)" $(UBOOT_ENV_SIZE) >$@

UBOOT_MERGED := $(patsubst %,$(UBOOT_OUT)/dtb/virt+%.dtb,$(UBOOT_MERGES))

$(UBOOT_OUT)/dtb/virt+%.dtb: $(O)/dts/virt.dtb $(DTBS)
	@mkdir -p $(dir $@)
	$(Q)fdtoverlay -i $< -o $@ $(patsubst %,$(O)/dts/overlays/%.dtbo,$(subst +, ,$*))

$(UBOOT_OUT)/disk.img: $(KOUT)/zImage $(O)/dts/virt.dtb $(DTBS) $(UBOOT_MERGED) \
		$(UBOOT_OUT)/boot.scr uboot-env/mkdisk.sh
	@echo "  DISK    $@"
	$(Q)uboot-env/mkdisk.sh $@ $(UBOOT_DISK_MIB) $(KOUT)/zImage $(UBOOT_OUT)/boot.scr \
		$(O)/dts/virt.dtb $(filter %.dtb,$(DTBS)) $(UBOOT_MERGED) \
		-- overlays $(filter %.dtbo,$(DTBS))
