"""`poweroff` must end QEMU by itself (PSCI SYSTEM_OFF on virt, the vexpress
system controller on vexpress): exit code 0, not killed by the test."""


def test_poweroff_ends_qemu(strategy):
    strategy.transition("off")
    strategy.transition("shell")
    proc = strategy.process
    assert proc is not None and proc.poll() is None
    code, text = strategy.poweroff(timeout=10)
    assert code == 0, f"QEMU exit code {code}; console:\n{text}"
    assert proc.returncode == 0
    assert "reboot: Power down" in text
    assert "no working power-off method" not in text
