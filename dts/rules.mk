# Board device trees and overlays.
DTC ?= dtc
DTS_BOARDS := $(patsubst dts/%.dts,%,$(wildcard dts/*.dts))
DTBS := $(patsubst %,$(O)/dts/%.dtb,$(DTS_BOARDS)) \
	$(patsubst dts/overlays/%.dtso,$(O)/dts/overlays/%.dtbo,$(wildcard dts/overlays/*.dtso))

$(O)/dts/%.dtb: dts/%.dts | deps-stamp
	@mkdir -p $(dir $@)
	@echo "  DTC     $<"
	$(Q)$(DTC) -@ -q -I dts -O dtb -o $@ $<

$(O)/dts/overlays/%.dtbo: dts/overlays/%.dtso | deps-stamp
	@mkdir -p $(dir $@)
	@echo "  DTC     $<"
	$(Q)$(DTC) -@ -q -I dts -O dtb -o $@ $<
