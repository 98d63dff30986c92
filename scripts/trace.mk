# make trace: boot a board (default vexpress-a9, QEMU direct, the probes of
# its DT as the README shows them; BOARD, BOOTARGS, OVERLAYS and SMP as for
# make run) and write, in one go:
#   build/trace/boot.log    the console: boot, then the shell's cat of
#                           available_events, each event's format,
#                           /proc/kallsyms and the trace (scripts/trace_capture.py)
#   build/trace/trace.dat   for trace-cmd report and KernelShark
#   build/trace/boot.json   for Perfetto UI and chrome://tracing
#   build/trace/boot.svg    the boot timeline picture
TRACE_OUT := $(O)/trace

.PHONY: trace
trace: deps
	$(Q)$(MAKE) --no-print-directory all $(RUN_PREREQS)
	@mkdir -p $(TRACE_OUT)
	@echo "  BOOT    $(BOARD) -> $(TRACE_OUT)/boot.log"
	$(Q)scripts/trace_capture.py $(TRACE_OUT)/boot.log $(QEMU_$(BOARD)) $(QEMU_KVM) \
		$(QEMU_COMMON) $(RUN_KERNEL_ARGS) \
		$(if $(filter-out virt-uboot,$(BOARD)),$(if $(BOOTARGS),-append "$$EK_BOOTARGS"))
	$(Q)for f in trace-dat:trace.dat perfetto:boot.json svg:boot.svg; do \
		echo "  EKTRACE $(TRACE_OUT)/$${f#*:}"; \
		$(O)/host/ektrace $${f%%:*} $(TRACE_OUT)/boot.log -o $(TRACE_OUT)/$${f#*:} || exit 1; \
	done

trace: export EK_BOOTARGS = $(value BOOTARGS)
