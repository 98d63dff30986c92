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

# virt's boot-trace region, for the tree QEMU generates (dumped by
# scripts/run.mk): make run BOARD=virt KEEP_TRACE=1 and the board tests.
$(O)/dts/virt-boot-trace.dtbo: dts/virt-boot-trace.dtso | deps-stamp
	@mkdir -p $(dir $@)
	@echo "  DTC     $<"
	$(Q)$(DTC) -@ -q -I dts -O dtb -o $@ $<

$(O)/dts/virt-trace.dtb: $(O)/dts/virt.dtb $(O)/dts/virt-boot-trace.dtbo
	$(Q)fdtoverlay -i $< -o $@ $(O)/dts/virt-boot-trace.dtbo

# dt-schema validation of every DTB we ship (and of known-bad inputs, so a
# check that cannot fail would be noticed).
DT_SCHEMA := $(O)/dts/ekprobes-schema.json
DT_TEST_GOOD := $(patsubst tests/dt-schema/%.dts,$(O)/dts/schema-tests/%.dtb,$(wildcard tests/dt-schema/good-*.dts))
DT_TEST_BAD := $(patsubst tests/dt-schema/%.dts,$(O)/dts/schema-tests/%.dtb,$(wildcard tests/dt-schema/bad-*.dts))

$(DT_SCHEMA): $(wildcard dts/bindings/*.yaml) | deps-stamp
	@mkdir -p $(dir $@)
	$(Q)dt-mk-schema -j -o $@ dts/bindings/

$(O)/dts/schema-tests/%.dtb: tests/dt-schema/%.dts
	@mkdir -p $(dir $@)
	$(Q)$(DTC) -q -I dts -O dtb -o $@ $<

# Every board with every overlay applied at once: overlays must compose.
DTBOS := $(filter %.dtbo,$(DTBS))
DT_WITH_OVERLAYS := $(patsubst %,$(O)/dts/schema-tests/%+overlays.dtb,$(DTS_BOARDS))

$(O)/dts/schema-tests/%+overlays.dtb: $(O)/dts/%.dtb $(DTBOS)
	@mkdir -p $(dir $@)
	$(Q)fdtoverlay -i $< -o $@ $(DTBOS)

.PHONY: dt-check
dt-check: $(DT_SCHEMA) $(DTBS) $(DT_TEST_GOOD) $(DT_TEST_BAD) $(DT_WITH_OVERLAYS) \
		$(O)/dts/virt-trace.dtb
	$(Q)scripts/dt-check.sh $(DT_SCHEMA) good $(filter %.dtb,$(DTBS)) $(DT_TEST_GOOD) \
		$(DT_WITH_OVERLAYS) $(O)/dts/virt-trace.dtb
	$(Q)scripts/dt-check.sh $(DT_SCHEMA) bad $(DT_TEST_BAD)
