"""Timer fallback: with the CPU's own timer disabled in the DT, the SP804
on the motherboard provides the tick (vexpress boards)."""
import re
import time

import pytest

import probetools

CPU_TIMER = {"vexpress-a9": "/timer@1e000600", "vexpress-a15": "/timer"}


def ticks(shell, name):
    lines, _ = shell.run("cat /proc/interrupts")
    for line in lines:
        m = re.match(rf"^\s*\d+:\s+(\d+)\s+GIC\s+{name}$", line)
        if m:
            return int(m.group(1))
    raise AssertionError(f"no {name} line in {lines}")


def test_sp804_tick_when_cpu_timer_disabled(strategy, qemu, board, tmp_path):
    if board not in CPU_TIMER:
        pytest.skip("QEMU virt has no SP804")
    dtb = tmp_path / "no-cpu-timer.dtb"
    base = probetools.board_dtb(strategy, qemu, tmp_path)
    dtb.write_bytes(open(base, "rb").read())
    probetools.fdtput(dtb, "-t", "s", CPU_TIMER[board], "status", "disabled")
    strategy.configure(dtb=dtb)
    try:
        strategy.transition("shell")
        shell = strategy.shell
        assert "driver sp804: bound to /timer@" in shell.boot_log, shell.boot_log
        first = ticks(shell, "sp804")
        time.sleep(0.5)
        assert ticks(shell, "sp804") > first
    finally:
        strategy.restore_config()
