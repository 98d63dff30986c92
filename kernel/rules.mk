# Arch-independent kernel: probe core, boot stages, services, shell.
#   NR_CPUS   the most CPUs the kernel runs (include/ek/smp.h). i386 starts
#             no secondary CPU: one, so its per-CPU data is CPU 0's alone
#             (one trace ring, and this_cpu_ptr() is the variable itself).
NR_CPUS ?= $(if $(filter x86,$(ARCH)),1,4)
KCFLAGS += -DNR_CPUS=$(NR_CPUS)
KERNEL_SRCS += \
	kernel/main.c \
	kernel/boot_watch.c \
	kernel/printk.c \
	kernel/time.c \
	kernel/fdt.c \
	kernel/fdt_check.c \
	kernel/cmdline.c \
	kernel/kallsyms.c \
	kernel/insn_slots.c \
	kernel/kprobes.c \
	kernel/quiesce.c \
	kernel/kretprobes.c \
	kernel/kprobes_files.c \
	kernel/kprobes_selftest.c \
	kernel/kprobes_selftest_safety.c \
	kernel/kprobes_selftest_storm.c \
	kernel/kprobes_selftest_ftrace.c \
	kernel/kprobes_selftest_smp.c \
	kernel/probe_all.c \
	kernel/early_sources.c \
	kernel/early_probes.c \
	kernel/driver.c \
	kernel/irq.c \
	kernel/power.c \
	kernel/pfs.c \
	kernel/shell.c \
	kernel/procfs.c \
	kernel/smp.c \
	kernel/spinlock.c \
	kernel/smp_cmds.c \
	kernel/smpstress.c \
	kernel/percpu.c \
	kernel/debug_cmds.c \
	kernel/selftest.c \
	kernel/bench.c \
	kernel/bench_smp.c \
	kernel/bench_ftrace_targets.c \
	kernel/bench_boot.c \
	kernel/mm/selftest.c \
	kernel/mm/page_alloc.c \
	kernel/mm/kmalloc.c \
	kernel/lib/string.c \
	kernel/lib/strlcpy.c \
	kernel/lib/kstrtox.c \
	kernel/lib/crc32.c \
	kernel/lib/time_conv.c \
	kernel/lib/seq.c \
	kernel/lib/errno_text.c \
	kernel/lib/vsprintf.c \
	kernel/lib/cmdline_parse.c
include kernel/trace/rules.mk
