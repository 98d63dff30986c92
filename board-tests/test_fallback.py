"""Console of last resort: a missing or broken device tree is reported on a
guessed UART and the kernel halts; a /chosen/stdout-path that leads nowhere
falls back to a guessed UART and the boot goes on.

The DTBs are made at test time from the board's own DTB (vexpress: the one
the env file names; virt: QEMU's generated one, via -machine dumpdtb)."""
import re

import pytest

import dtbtools
import probetools

# QEMU -dtb/-kernel of our own: not where U-Boot loads them from a disk
pytestmark = pytest.mark.direct_boot

FATAL_RE = r"ekprobes: fatal: no valid device tree at r2=(0x[0-9a-f]+): ([^\r\n]*)\r?\n"
# Where QEMU puts the ATAGs when booting without a DTB (RAM base + 0x100).
ATAGS_AT = {"vexpress-a9": 0x60000100, "vexpress-a15": 0x80000100}
HALT_QUIET = 1.0   # seconds of silence (with QEMU still running) that count as halted



def qemu_tool(strategy):
    return strategy.target.env.config.get_tool(strategy.qemu.qemu_bin)


def loaded_dtb(strategy, qemu, dtb, tmp_path):
    """The blob the kernel will find at r2: @dtb after QEMU's own edits."""
    cfg = strategy.target.env.config
    return dtbtools.qemu_dumpdtb(qemu_tool(strategy), qemu.machine, qemu.cpu, qemu.memory,
                                 tmp_path / "loaded.dtb", kernel=cfg.get_image_path(qemu.kernel),
                                 dtb=dtb, append=qemu.boot_args, extra_args=qemu.extra_args)


def boot_expecting_fatal(strategy):
    """Boot, wait for the fatal line, check the kernel then stays silent
    with QEMU still running (halted, not reset: -no-reboot would end QEMU).
    Returns (r2, reason, console text)."""
    strategy.power_on()
    shell = strategy.shell
    try:
        before, matched = shell.wait_for(FATAL_RE, timeout=10)
        rest = shell.read_quiet(quiet=HALT_QUIET, timeout=5)
        running = strategy.qemu_running()
    finally:
        strategy.kill()
    text = before + matched + rest
    m = re.search(FATAL_RE, matched)
    assert "halting" in rest, text
    assert "ek# " not in text and "boot: stage" not in text, text
    tail = rest[rest.index("halting"):]
    assert tail.strip() == "halting", f"output after the halt message:\n{text}"
    assert running, f"QEMU exited instead of the kernel halting:\n{text}"
    return int(m.group(1), 16), m.group(2), text


def test_missing_dtb(strategy, qemu, board, reconfigure):
    if board not in ATAGS_AT:
        pytest.skip(f"QEMU {board} always passes its own DTB")
    reconfigure(dtb=None)
    r2, reason, text = boot_expecting_fatal(strategy)
    assert reason.startswith("bad magic (not a DTB)"), text
    assert r2 == ATAGS_AT[board], f"r2={r2:#x}, QEMU's ATAGs are at {ATAGS_AT[board]:#x}"


@pytest.mark.arm_only("QEMU's -dtb; i386 gets its DTB as a multiboot module")
@pytest.mark.parametrize("kind", sorted(dtbtools.CORRUPTIONS))
def test_corrupted_dtb(strategy, qemu, reconfigure, tmp_path, kind):
    good = probetools.board_dtb(strategy, qemu, tmp_path)
    with open(good, "rb") as f:
        blob, what = dtbtools.corrupt(f.read(), kind)
    bad = tmp_path / f"corrupt-{kind}.dtb"
    bad.write_bytes(blob)
    # QEMU moves things around while editing /chosen and /memory: find the
    # offset of the damage in the blob the kernel actually gets.
    offset = dtbtools.locate_corruption(loaded_dtb(strategy, qemu, bad, tmp_path), kind)
    reconfigure(dtb=bad)
    _, reason, text = boot_expecting_fatal(strategy)
    expected = f"{dtbtools.CORRUPTIONS[kind]} (offset {offset})"
    assert reason == expected, f"{what}: expected '{expected}', got '{reason}'\n{text}"


def test_stdout_path_to_nowhere(strategy, qemu, reconfigure, tmp_path):
    dtb = tmp_path / "stdout-nowhere.dtb"
    value = dtbtools.set_string_prop(probetools.board_dtb(strategy, qemu, tmp_path), dtb, "/chosen",
                                     "stdout-path", "/no-such-uart@0:115200n8")
    assert value == "/no-such-uart@0:115200n8"
    reconfigure(dtb=dtb)
    strategy.transition("shell")
    log = strategy.shell.boot_log
    assert "console: /chosen/stdout-path names no usable UART; using a guessed one" in log, log
    assert "boot: stage shell" in log, log
    assert strategy.shell.run("echo fallback ok") == (["fallback ok"], 0)
    lines, status = strategy.shell.run("cat /proc/cmdline")
    assert status == 0 and lines == [qemu.boot_args]
