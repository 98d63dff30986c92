# Board tests: pytest + labgrid (Debian's python3-labgrid, python3-pytest,
# python3-pytest-timeout), one labgrid environment file per QEMU board.
#
#   make board-test                 all boards
#   make board-test TARGET=virt     one board (vexpress-a9 | vexpress-a15 | virt |
#                                   virt-uboot: U-Boot, env flash and disk from uboot-env/ |
#                                   vexpress-a9-smp4 | vexpress-a15-smp2 | virt-smp4: several
#                                   CPUs in parallel, running test_smp_probes.py and test_smp_trace.py |
#                                   pc: the i386 kernel, ARCH=x86 implied: its own
#                                   invocation, which `make check` runs after the ARM boards;
#                                   tests of ARM mechanisms are marked arm_only and skip there)
#   make board-test PYTEST_ARGS="-k fallback -v"
#
# JUnit XML goes to $(O)/board-tests/<target>.xml. Every test has a
# pytest-timeout (board-tests/pytest.ini); each board's whole pytest run is
# also under an outer `timeout`, because labgrid's socket accept and QMP
# reads block without one (twice BOARD_TEST_TIMEOUT for the SMP targets,
# whose tests run every CPU's suites).
BOARD_TEST_TARGETS := vexpress-a9 vexpress-a15 virt virt-uboot vexpress-a9-smp4 \
	vexpress-a15-smp2 virt-smp4
BOARD_TEST_RUN := $(if $(TARGET),$(TARGET),$(BOARD_TEST_TARGETS))
# Boards that only run as an explicit TARGET.
BOARD_TEST_EXTRA := pc
BOARD_TEST_TIMEOUT ?= 300
BOARD_TEST_PYTHON := /usr/bin/python3
BOARD_TEST_OUT := $(O)/board-tests
PYTEST_ARGS ?=

.PHONY: board-test-run

# The top Makefile gives board-test its (empty) recipe; we add the work.
board-test: board-test-run

board-test-run: $(KERNEL_OUTPUTS) $(DTBS) $(O)/host/ektrace \
		$(if $(filter virt,$(BOARD_TEST_RUN)),$(O)/dts/virt-trace.dtb) \
		$(if $(filter virt-uboot,$(BOARD_TEST_RUN)),$(UBOOT_IMAGES))
	$(Q)for t in $(BOARD_TEST_RUN); do \
		case " $(BOARD_TEST_TARGETS) $(BOARD_TEST_EXTRA) " in *" $$t "*) ;; \
		*) echo "make board-test: unknown TARGET '$$t' (one of: $(BOARD_TEST_TARGETS) $(BOARD_TEST_EXTRA))" >&2; \
		   exit 2;; esac; \
	done
	@mkdir -p $(BOARD_TEST_OUT)
	$(Q)fail=""; for t in $(BOARD_TEST_RUN); do \
		echo "  BOARD-TEST $$t"; \
		tests=board-tests; tmo=$(BOARD_TEST_TIMEOUT); \
		case $$t in *-smp*) tests="board-tests/test_smp_probes.py board-tests/test_smp_trace.py"; \
			tmo=$$((2 * tmo));; esac; \
		PYTHONDONTWRITEBYTECODE=1 timeout -k 10 $$tmo \
		$(BOARD_TEST_PYTHON) -m pytest -c board-tests/pytest.ini --rootdir=board-tests \
			--lg-env board-tests/$$t.yaml \
			--junitxml=$(BOARD_TEST_OUT)/$$t.xml -o junit_suite_name=board-tests-$$t \
			$(PYTEST_ARGS) $$tests; \
		rc=$$?; [ $$rc -eq 124 ] && echo "board-test $$t: killed after $$tmo s" >&2; \
		[ $$rc -eq 0 ] || fail="$$fail $$t"; \
	done; \
	if [ -n "$$fail" ]; then echo "board-test: FAILED:$$fail" >&2; exit 1; fi

# make stress [SEED=N]: the whole early sweep (board-tests/test_sweep.py,
# EK_SWEEP=full) on every directly booted board. The seed is printed;
# SEED=N repeats a run exactly.
STRESS_TARGETS := vexpress-a9 vexpress-a15 virt
STRESS_TIMEOUT ?= 1800
.PHONY: stress
stress: deps
	$(Q)$(MAKE) --no-print-directory $(KOUT)/zImage $(DTBS)
	@mkdir -p $(BOARD_TEST_OUT)
	$(Q)seed="$(SEED)"; [ -n "$$seed" ] || seed=$$(od -An -N4 -tu4 /dev/urandom | tr -d ' '); \
	echo "make stress: SEED=$$seed (make stress SEED=$$seed repeats this run)"; \
	fail=""; for t in $(STRESS_TARGETS); do \
		echo "  STRESS $$t"; \
		EK_SWEEP=full EK_SEED=$$seed PYTHONDONTWRITEBYTECODE=1 \
		timeout -k 10 $(STRESS_TIMEOUT) $(BOARD_TEST_PYTHON) -m pytest -c board-tests/pytest.ini \
			--rootdir=board-tests --lg-env board-tests/$$t.yaml \
			--junitxml=$(BOARD_TEST_OUT)/stress-$$t.xml -o junit_suite_name=stress-$$t \
			-k sweep -p no:cacheprovider board-tests || fail="$$fail $$t"; \
	done; \
	if [ -n "$$fail" ]; then echo "make stress: FAILED:$$fail (SEED=$$seed)" >&2; exit 1; fi
