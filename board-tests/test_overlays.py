"""Probes from device-tree overlays (dts/overlays/*.dtso), one and two at
once, on every target:

* direct boot (vexpress-a9, vexpress-a15, virt): the board's DTB (virt:
  QEMU's own, dumped) merged with fdtoverlay on the host, passed with -dtb;
* U-Boot (virt-uboot): ekprobes_overlays set in the env image; boot.scr uses
  `fdt apply` when U-Boot has it, else the host-merged DTB on the disk.

Overlay groups: irq (request_irq entry: irq number and name; its return
value) and timers (clocksource_register: name and frequency; time_init's
return value). Expected values come from the DT (the UART's interrupt) and
from what the kernel reports elsewhere (/proc/interrupts, the clocksource
line), and hit counts must match exactly."""
import os
import re
import subprocess

import pytest

import probetools
from conftest import boots_through_uboot

HERE = os.path.dirname(os.path.abspath(__file__))
OVERLAY_DIR = os.path.join(HERE, "..", "build", "dts", "overlays")
UBOOT_VIRT_DTB = os.path.join(HERE, "..", "build", "dts", "virt.dtb")   # the disk's fdtfile
IRQ_RE = re.compile(r"^\s*(\d+):\s+\d+\s+\S+\s+(\S+)\s*$")
CLOCKSOURCE_RE = re.compile(r"clocksource: (\S+) at (\d+) Hz")
ERROR_RE = re.compile(r"ekprobes: error: (\S+): (.*)$")
GIC_SPI_BASE = 32



def fdtget(dtb, *args):
    return subprocess.run(["fdtget", str(dtb), *args], check=True, capture_output=True,
                          text=True, timeout=30).stdout.split()


def uart_irq(dtb):
    """The GIC interrupt of the console UART, from the DT: stdout-path ->
    node -> interrupts = <SPI n flags> -> 32 + n."""
    path = fdtget(dtb, "/chosen", "stdout-path")[0].split(":")[0]
    if not path.startswith("/"):
        path = fdtget(dtb, "/aliases", path)[0]
    kind, num = (int(x, 0) for x in fdtget(dtb, path, "interrupts")[:2])
    assert kind == 0, f"{path}: not an SPI"
    return GIC_SPI_BASE + num


def boot_with_overlays(strategy, qemu, reconfigure, tmp_path, overlays):
    """Boot with @overlays applied; returns (shell, log, the base DTB)."""
    if boots_through_uboot(strategy):
        reconfigure(env={"ekprobes_overlays": " ".join(overlays)})
        base = UBOOT_VIRT_DTB
    else:
        base = probetools.board_dtb(strategy, qemu, tmp_path)
        merged = tmp_path / "merged.dtb"
        subprocess.run(["fdtoverlay", "-i", str(base), "-o", str(merged),
                        *[os.path.join(OVERLAY_DIR, f"{o}.dtbo") for o in overlays]],
                       check=True, capture_output=True, timeout=30)
        reconfigure(dtb=merged)
    strategy.transition("shell")
    log = strategy.shell.boot_log
    if boots_through_uboot(strategy):
        assert f"host-merged virt+{'+'.join(overlays)}.dtb" in log or \
            all(f"applied overlay {o}" in log for o in overlays), log
    return strategy.shell, log, base


@pytest.mark.arm_only("overlays for the ARM boards' interrupt controllers and timers")
@pytest.mark.parametrize("overlays", [["irq"], ["timers"], ["irq", "timers"]],
                         ids=["irq", "timers", "irq+timers"])
def test_overlay_probes(strategy, qemu, reconfigure, tmp_path, overlays):
    shell, log, base = boot_with_overlays(strategy, qemu, reconfigure, tmp_path, overlays)
    errors = [m.groups() for m in map(ERROR_RE.search, log.splitlines()) if m]
    assert not errors, errors
    prof = probetools.profile(shell)
    records = probetools.trace(shell)

    def args(event, name):
        return [r["args"][name] for r in records if r["event"] == event]

    if "irq" in overlays:
        lines, status = shell.run("cat /proc/interrupts")
        assert status == 0
        irqs = [(int(m.group(1)), m.group(2)) for m in map(IRQ_RE.match, lines) if m]
        assert len(irqs) >= 2, lines     # a timer and the UART at least
        requested = list(zip(map(int, args("request", "irq")), args("request", "name")))
        assert sorted(requested) == sorted(irqs), (requested, irqs)
        assert prof["request"] == (len(irqs), 0), prof
        assert prof["request_ret"] == (len(irqs), 0), prof
        assert args("request_ret", "ret") == ["0"] * len(irqs), records
        assert (uart_irq(base), "uart-pl011") in requested, requested
    else:
        assert "request" not in prof and "request_ret" not in prof, prof

    if "timers" in overlays:
        sources = CLOCKSOURCE_RE.findall(log)
        assert sources, log
        assert prof["clocksource"] == (len(sources), 0), prof
        got = list(zip(args("clocksource", "name"), args("clocksource", "freq")))
        assert got == sources, (got, sources)
        assert prof["time_init"] == (1, 0), prof
        assert args("time_init", "ret") == ["0"], records
    else:
        assert "clocksource" not in prof and "time_init" not in prof, prof
