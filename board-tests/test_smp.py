"""More than one CPU (issue 13) on the ordinary board targets: QEMU
started with -smp N, the kernel starts the secondaries the DT lists and the
hardware has (virt: PSCI CPU_ON; vexpress: the boot monitor's SYS_FLAGS and
a wake-up interrupt), says how many came up and lists them in
/proc/cpuinfo; the secondaries idle, joining the rendezvous of every text
patch. The probes under real concurrency are test_smp_probes.py's, on the
SMP targets (vexpress-a9-smp4, vexpress-a15-smp2, virt-smp4)."""
import re

import pytest

import probetools

# The most CPUs each board's QEMU model and our DT give (by QEMU machine).
SMP = {"vexpress-a9": 4, "vexpress-a15": 2, "virt": 4}
ONLINE_RE = re.compile(r"smp: (\d+) of (\d+) CPU\(s\) online")


@pytest.fixture
def smp_boot(strategy, qemu, board):
    """Boot with the board's most CPUs; QEMU's arguments come back after."""
    if board not in SMP:
        pytest.skip(f"no secondary CPU start-up on {board}")
    saved = qemu.extra_args
    n = SMP[board]
    qemu.extra_args = f"{saved} -smp {n}"
    strategy.transition("off")
    try:
        strategy.transition("shell")
        yield strategy.shell, strategy.shell.boot_log, n
    finally:
        strategy.transition("off")
        qemu.extra_args = saved


def cpus(shell):
    lines, status = shell.run("cat /proc/cpuinfo")
    assert status == 0, lines
    return [int(m.group(1)) for m in map(re.compile(r"^processor\s*: (\d+)$").match, lines) if m]


def test_one_cpu_by_default(booted):
    m = ONLINE_RE.search(booted.boot_log)
    assert m and m.group(1) == "1", booted.boot_log
    assert cpus(booted) == [0]


@pytest.mark.direct_boot  # through U-Boot the DT comes from the disk image: one CPU
@pytest.mark.timeout(240)  # every text patch is a rendezvous of all the vCPUs now
def test_secondaries_come_up(smp_boot):
    shell, log, n = smp_boot
    m = ONLINE_RE.search(log)
    assert m and int(m.group(1)) == n and int(m.group(2)) >= n, log
    assert int(m.group(2)) == n and "not started" not in log, log
    assert cpus(shell) == list(range(n))
    # the idle secondaries join every text patch's rendezvous (thousands
    # in the selftests)
    lines, _ = shell.run("selftest all", timeout=180)
    assert any(re.match(r"selftest: \d+ run, 0 failed$", l) for l in lines), lines
    shell.run_check("echo 'p:up uptime_show' >> /sys/kernel/tracing/kprobe_events")
    shell.run_check("echo 1 > /sys/kernel/tracing/events/kprobes/up/enable")
    for _ in range(3):
        shell.run_check("cat /proc/uptime")
    assert probetools.profile(shell)["up"] == (3, 0)
