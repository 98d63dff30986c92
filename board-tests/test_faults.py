"""Faulting accesses from the shell: an oops with registers and a
symbolized backtrace, recovery, and a shell that keeps working.
Each test boots a fresh kernel."""
import re

import pytest

PEEK_RE = re.compile(r"^0x([0-9a-f]{8}): 0x([0-9a-f]{8})$")


def peek(shell, what):
    lines, status = shell.run(f"peek {what}")
    assert status == 0, lines
    m = PEEK_RE.match(lines[-1])
    assert m, lines
    return int(m.group(1), 16), int(m.group(2), 16)


def strip_ts(lines):
    return [re.sub(r"^\[\s*\d+\.\d+\]\s?", "", line) for line in lines]


def assert_oops(lines, fault, access, frames):
    text = "\n".join(lines)
    msgs = strip_ts(lines)
    assert any(re.match(rf"Unable to handle kernel paging request at virtual address "
                        rf"[0-9a-f]{{8}}: {fault} \({access}\)$", m) for m in msgs), text
    assert any(m.startswith("Internal error: Oops") for m in msgs), text
    assert any(re.match(r"pc : \[<[0-9a-f]{8}>\]\s+lr : \[<[0-9a-f]{8}>\]", m) for m in msgs), text
    assert any(m.startswith("sp : ") for m in msgs), text
    assert "Backtrace:" in msgs, text
    bt = msgs[msgs.index("Backtrace:") + 1:]
    bt = bt[:next((i for i, m in enumerate(bt) if not m.startswith(" [<")), len(bt))]
    names = [re.sub(r"^ \[<[0-9a-f]{8}>\] ([\w.]+)\+0x.*$", r"\1", m) for m in bt]
    for f in frames:
        assert f in names, f"{f} not in backtrace {names}\n{text}"
    assert any(m.startswith("Recovered") for m in msgs), text
    assert "System halted." not in msgs, text


@pytest.mark.arm_only("ARM's abort report (i386 reports its page faults its own way)")
def test_poke_kernel_text_faults_and_recovers(fresh):
    addr, before = peek(fresh, "start_kernel")
    lines, status = fresh.run("poke start_kernel 0")
    assert status != 0
    assert_oops(lines, "page permission fault", "write", ["cmd_poke", "shell_exec"])
    assert lines[-1] == f"poke: 0x{addr:08x}: fault (-14)", lines
    assert peek(fresh, "start_kernel") == (addr, before), "kernel text changed by a failed poke"
    assert fresh.run("echo still alive") == (["still alive"], 0)


@pytest.mark.arm_only("ARM's abort report (i386 reports its page faults its own way)")
def test_peek_null_faults_and_recovers(fresh):
    lines, status = fresh.run("peek 0x0")
    assert status != 0
    assert_oops(lines, r"(section|page) translation fault", "read", ["cmd_peek", "shell_exec"])
    assert lines[-1] == "peek: 0x00000000: fault (-14)", lines
    assert fresh.run("echo still alive") == (["still alive"], 0)
    lines, status = fresh.run("cat /proc/cmdline")
    assert status == 0 and lines


@pytest.mark.arm_only("a prefetch abort on data: i386 without PAE has no no-execute bit")
def test_prefetch_abort_reports_and_halts(fresh, strategy):
    """Jumping to memory that is not executable (the DTB, mapped
    never-execute) raises a prefetch abort: registers and a backtrace naming
    the caller, then a clean halt with QEMU still running."""
    shell = fresh
    shell.send_line("call __bss_start")
    text = shell.read_quiet(quiet=1.0, timeout=10)
    msgs = strip_ts(text.splitlines())
    assert any(m.startswith("Internal error: prefetch abort") for m in msgs), text
    assert any(re.match(r"pc : \[<[0-9a-f]{8}>\]", m) for m in msgs), text
    assert "Backtrace:" in msgs and any("cmd_call+" in m for m in msgs), text
    assert msgs[-1] == "System halted." or "System halted." in msgs[-2:], text
    assert strategy.qemu_running(), "QEMU exited instead of the kernel halting"
