"""Faulting accesses from the shell: an oops with registers and a
symbolized backtrace, recovery, and a shell that keeps working; a jump to
memory that cannot run reports and halts. Each test boots a fresh kernel.

Each arch reports in its Linux's words: ARM's "Unable to handle kernel
paging request ...", "Internal error: Oops", pc/lr/sp and "Backtrace:";
i386's "BUG: ...", "#PF: ..." and "Oops: 0003 [#1]", "EIP:", the
EAX..ESP lines and "Call Trace:"."""
import re

import pytest

import probetools

PEEK_RE = re.compile(r"^0x([0-9a-f]{8}): 0x([0-9a-f]{8})$")
X86 = probetools.ARCH == "x86"


def peek(shell, what):
    lines, status = shell.run(f"peek {what}")
    assert status == 0, lines
    m = PEEK_RE.match(lines[-1])
    assert m, lines
    return int(m.group(1), 16), int(m.group(2), 16)


def strip_ts(lines):
    return [re.sub(r"^\[\s*\d+\.\d+\]\s?", "", line) for line in lines]


def trace_names(msgs, head, entry_re, reliable_only=True):
    """The function names of the backtrace under the line @head."""
    assert head in msgs, msgs
    names = []
    for m in msgs[msgs.index(head) + 1:]:
        e = entry_re.match(m)
        if not e:
            if m.strip() in ("<TASK>",):
                continue
            break
        if not reliable_only or not e.group(1):
            names.append(e.group(2))
    return names


ARM_BT_RE = re.compile(r"^ \[<[0-9a-f]{8}>\] ()([\w.]+)\+0x")
# Linux's " sym+0x1c/0x40", " ? sym+0x1c/0x40" for a stack-scan guess.
X86_BT_RE = re.compile(r"^ (\? )?([\w.]+)\+0x[0-9a-f]+/0x[0-9a-f]+$")


def assert_arm_regs(msgs, text):
    assert any(re.match(r"pc : \[<[0-9a-f]{8}>\]\s+lr : \[<[0-9a-f]{8}>\]", m) for m in msgs), text
    assert any(m.startswith("sp : ") for m in msgs), text


def assert_x86_regs(msgs, text, eip=r"\w+\+0x[0-9a-f]+/0x[0-9a-f]+"):
    word = "[0-9a-f]{8}"
    assert any(re.match(rf"EIP: {eip}$", m) for m in msgs), text
    assert any(re.match(r"Code: ", m) for m in msgs), text
    assert any(re.match(rf"EAX: {word} EBX: {word} ECX: {word} EDX: {word}$", m)
               for m in msgs), text
    assert any(re.match(rf"ESI: {word} EDI: {word} EBP: {word} ESP: {word}$", m)
               for m in msgs), text
    assert any(re.match(rf"DS: [0-9a-f]{{4}} .* EFLAGS: {word}$", m) for m in msgs), text
    assert any(re.match(rf"CR0: {word} CR2: {word} CR3: {word} CR4: {word}$", m)
               for m in msgs), text


def assert_oops(lines, fault, frames):
    """@fault: the arch's words for it (see the tests)."""
    text = "\n".join(lines)
    msgs = strip_ts(lines)
    if X86:
        addr, bug, access, code, why = fault
        assert f"BUG: {bug} {addr:08x}" in msgs, text
        assert f"#PF: supervisor {access} in kernel mode" in msgs, text
        assert f"#PF: error_code(0x{code:04x}) - {why}" in msgs, text
        assert any(re.match(r"\*pde = [0-9a-f]{8} ", m) for m in msgs), text
        assert any(re.match(rf"Oops: {code:04x} \[#\d+\]$", m) for m in msgs), text
        assert_x86_regs(msgs, text)
        names = trace_names(msgs, "Call Trace:", X86_BT_RE)
        assert " </TASK>" in msgs, text
        assert "---[ end trace 0000000000000000 ]---" in msgs, text
    else:
        kind, access = fault
        assert any(re.match(r"Unable to handle kernel paging request at virtual address "
                            rf"[0-9a-f]{{8}}: {kind} \({access}\)$", m) for m in msgs), text
        assert any(m.startswith("Internal error: Oops") for m in msgs), text
        assert_arm_regs(msgs, text)
        names = trace_names(msgs, "Backtrace:", ARM_BT_RE)
    for f in frames:
        assert f in names, f"{f} not in backtrace {names}\n{text}"
    assert any(m.startswith("Recovered") for m in msgs), text
    assert "System halted." not in msgs, text


def test_poke_kernel_text_faults_and_recovers(fresh):
    addr, before = peek(fresh, "start_kernel")
    lines, status = fresh.run("poke start_kernel 0")
    assert status != 0
    fault = ((addr, "unable to handle page fault for address:", "write access", 0x3,
              "permissions violation") if X86 else ("page permission fault", "write"))
    assert_oops(lines, fault, ["cmd_poke", "shell_exec"])
    assert lines[-1] == f"poke: 0x{addr:08x}: fault (-14)", lines
    assert peek(fresh, "start_kernel") == (addr, before), "kernel text changed by a failed poke"
    assert fresh.run("echo still alive") == (["still alive"], 0)


def test_peek_null_faults_and_recovers(fresh):
    fault = ((0, "kernel NULL pointer dereference, address:", "read access", 0x0,
              "not-present page") if X86 else (r"(section|page) translation fault", "read"))
    heads = []
    for _ in range(2):  # a second oops after the recovery: reported the same
        lines, status = fresh.run("peek 0x0")
        assert status != 0
        assert_oops(lines, fault, ["cmd_peek", "shell_exec"])
        assert lines[-1] == "peek: 0x00000000: fault (-14)", lines
        heads += probetools.oopses("\n".join(lines))
    if X86:  # Linux numbers its oopses: [#1], [#2]
        assert [re.search(r"\[#(\d+)\]", h).group(1) for h in heads] == ["1", "2"], heads
    assert fresh.run("echo still alive") == (["still alive"], 0)
    lines, status = fresh.run("cat /proc/cmdline")
    assert status == 0 and lines


def test_bad_jump_reports_and_halts(fresh, strategy):
    """A call to memory that cannot run: registers and a backtrace naming
    the caller, then a clean halt with QEMU still running. ARM: the DTB,
    mapped never-execute, raises a prefetch abort. i386 without PAE has
    no no-execute bit, so it jumps to page 0, which is not mapped: a page
    fault on the fetch (Linux's "NULL pointer dereference"; its error code
    says read, the fetch bit exists only with NX), EIP 0x0, no code bytes,
    and the caller found at sp, where the call left it ("? cmd_call+")."""
    shell = fresh
    shell.send_line("call 0x0" if X86 else "call __bss_start")
    text = shell.read_quiet(quiet=1.0, timeout=10)
    msgs = strip_ts(text.splitlines())
    if X86:
        assert "BUG: kernel NULL pointer dereference, address: 00000000" in msgs, text
        assert any(re.match(r"Oops: 0000 \[#1\]$", m) for m in msgs), text
        assert_x86_regs(msgs, text, eip="0x0")
        assert "Code: Unable to access opcode bytes at 0xffffffd6." in msgs, text
        assert "cmd_call" in trace_names(msgs, "Call Trace:", X86_BT_RE, reliable_only=False)
    else:
        assert any(m.startswith("Internal error: prefetch abort") for m in msgs), text
        assert any(re.match(r"pc : \[<[0-9a-f]{8}>\]", m) for m in msgs), text
        assert "Backtrace:" in msgs and any("cmd_call+" in m for m in msgs), text
    assert msgs[-1] == "System halted." or "System halted." in msgs[-2:], text
    assert strategy.qemu_running(), "QEMU exited instead of the kernel halting"
