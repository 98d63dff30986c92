"""Per-CPU trace rings (issue 13, the trace side): a ring per CPU, sized per
CPU (buffer_size_kb, Linux's meaning; buffer_total_size_kb their sum),
`trace` merging them in time order with each entry's CPU and #P:N in its
header, per_cpu/cpuN/{trace,stats}; the oops dump merging them too; and on
an SMP boot the early events recorded on CPU 0 before and after the
handover all still there.

The selftest trace_percpu writes entries into every CPU's ring as its CPU
would, with the CPUs stopped, so the reading side is checked with known
entries (the hits of every CPU under load are test_smp_probes.py's). On the
ordinary targets the SMP tests boot QEMU with -smp N; the SMP targets
(vexpress-a9-smp4, ...) run this file too, with their env file's CPUs."""
import re

import pytest

import probetools
from test_smp import SMP, ONLINE_RE
from test_smp_probes import SMP_RE

TRACING = "/sys/kernel/tracing"
BUILT_IN_KB = 512  # TRACE_BUF_ENTRIES (4096) slots of 128 bytes
# A board DT with the boot trace's kept region (vexpress-a9/a15) puts CPU
# 0's ring there; every CPU's ring then has the size of that half.
KEPT_RE = re.compile(r"boot trace kept in \S+: this boot's half at \S+, (\d+) records")


def per_cpu_kb(shell):
    """Each CPU's ring in KiB, and why no more: the built-in rings or the
    kept region's half (the boot log says which)."""
    m = KEPT_RE.search(shell.boot_log)
    if m and int(m.group(1)) < 4096:
        return int(m.group(1)) // 8, "the boot trace's kept region holds (CPU 0's ring is there)"
    return BUILT_IN_KB, "built in (make TRACE_BUF_ENTRIES=...)"
HEADER_RE = re.compile(r"^# entries-in-buffer/entries-written: (\d+)/(\d+)   #P:(\d+)$")
FUNCTION_LINE_RE = re.compile(r"^\s*<idle>-0\s+\[(\d{3})\] \S+\s+(\d+\.\d+): (\S+) <-(\S+)$")


def read(shell, path):
    lines, status = shell.run(f"cat {path}")
    assert status == 0, lines
    return lines


def header(shell, path=f"{TRACING}/trace"):
    """(entries, written, online CPUs) from a trace file's header."""
    for line in read(shell, path):
        m = HEADER_RE.match(line)
        if m:
            return tuple(int(g) for g in m.groups())
    raise AssertionError(f"no header in {path}")


def function_lines(shell, path=f"{TRACING}/trace"):
    """(cpu, ts, function, parent) of each function entry of a trace file."""
    out = []
    for line in read(shell, path):
        m = FUNCTION_LINE_RE.match(line)
        if m:
            out.append((int(m.group(1)), float(m.group(2)), m.group(3), m.group(4)))
    return out


def uptime_event(shell, calls):
    shell.run_check(f"echo 'p:up uptime_show' >> {TRACING}/kprobe_events")
    shell.run_check(f"echo 1 > {TRACING}/events/kprobes/up/enable")
    for _ in range(calls):
        shell.run_check("cat /proc/uptime")


def online(shell):
    """The CPUs the boot brought up (1 on a one-CPU boot)."""
    m = ONLINE_RE.search(shell.boot_log)
    return int(m.group(1)) if m else 1


def test_buffer_size_per_cpu(fresh):
    shell = fresh
    n = online(shell)
    size_kb, limit = per_cpu_kb(shell)
    assert read(shell, f"{TRACING}/buffer_size_kb") == [str(size_kb)]
    assert read(shell, f"{TRACING}/buffer_total_size_kb") == [str(n * size_kb)]
    # 1 KiB: eight 128-byte slots; the oldest entries go, all are counted
    shell.run_check(f"echo 1 > {TRACING}/buffer_size_kb")
    assert read(shell, f"{TRACING}/buffer_size_kb") == ["1"]
    assert read(shell, f"{TRACING}/buffer_total_size_kb") == [str(n)]
    uptime_event(shell, 12)
    assert probetools.profile(shell)["up"] == (12, 0)
    assert header(shell) == (8, 12, n)
    assert len([r for r in probetools.trace(shell) if r["event"] == "up"]) == 8
    # this CPU's file: the same entries
    assert header(shell, f"{TRACING}/per_cpu/cpu0/trace") == (8, 12, n)
    stats = read(shell, f"{TRACING}/per_cpu/cpu0/stats")
    assert stats[:4] == ["entries: 8", "overrun: 4", "commit overrun: 0", "bytes: 1024"], stats
    assert [l.split(":")[0] for l in stats[4:]] == \
        ["oldest event ts", "now ts", "dropped events", "read events"], stats
    lines, _ = shell.run(f"cat {TRACING}/per_cpu/cpu{n}/trace")
    assert lines == [f"cat: {TRACING}/per_cpu/cpu{n}/trace: No such file or directory"], lines
    # bad sizes: one error line each, the size unchanged
    for text, why in ((str(size_kb + 1), f"{size_kb + 1} is more than the "
                       f"{size_kb} KiB per CPU {limit}"),
                      ("0", "expected a size in KiB, at least 1"),
                      ("1k", "expected a size in KiB, at least 1")):
        lines, status = shell.run(f"echo {text} > {TRACING}/buffer_size_kb")
        assert status != 0 and [l for l in lines if l.startswith("ekprobes: error:")] == \
            [f"ekprobes: error: buffer_size_kb: {why}"], lines
        assert read(shell, f"{TRACING}/buffer_size_kb") == ["1"]
    # growing empties the ring, as Linux's resize does
    shell.run_check(f"echo {size_kb} > {TRACING}/buffer_size_kb")
    assert header(shell)[:2] == (0, 0)


@pytest.fixture
def smp_boot(strategy, qemu, board, reconfigure):
    """boot(more_args=""): boot with the board's most CPUs and these boot
    arguments added; returns (shell, boot log, CPUs)."""
    if board not in SMP:
        pytest.skip(f"no secondary CPU start-up on {board}")
    # an SMP target's env file gives -smp N itself
    m = SMP_RE.search(strategy.env_extra_args() or "")
    n = int(m.group(1)) if m else SMP[board]
    smp = "" if m else f" -smp {n}"

    def boot(more_args=""):
        if more_args:
            reconfigure(boot_args=f"{qemu.boot_args} {more_args}")
        qemu.extra_args = f"{strategy.env_extra_args()}{smp}"
        strategy.transition("off")
        strategy.transition("shell")
        log = strategy.shell.boot_log
        m = ONLINE_RE.search(log)
        assert m and int(m.group(1)) == n, log
        return strategy.shell, log, n

    yield boot
    strategy.transition("off")


@pytest.mark.direct_boot  # through U-Boot the DT comes from the disk image: one CPU
def test_rings_per_cpu_merged(smp_boot):
    shell, _, n = smp_boot()
    size_kb, _ = per_cpu_kb(shell)
    shell.run_check(f"echo > {TRACING}/trace")  # the board DT's early probes
    assert header(shell) == (0, 0, n)
    assert read(shell, f"{TRACING}/buffer_size_kb") == [str(size_kb)]
    assert read(shell, f"{TRACING}/buffer_total_size_kb") == [str(n * size_kb)]
    lines, _ = shell.run(f"ls {TRACING}/per_cpu")
    assert sorted(lines) == [f"cpu{c}/" for c in range(n)], lines
    # three entries into every CPU's ring, their times interleaved
    lines, status = shell.run("selftest trace_percpu")
    assert status == 0 and lines == \
        [f"selftest trace_percpu: PASS ({n} CPU(s), {3 * n} entries merged)"], lines
    assert header(shell) == (3 * n, 3 * n, n)
    entries = function_lines(shell)
    # merged by time: the CPUs take turns, each entry names its own
    assert [e[0] for e in entries] == list(range(n)) * 3, entries
    assert [e[1] for e in entries] == sorted(e[1] for e in entries), entries
    assert {e[2] for e in entries} == {"trace_selftest_percpu"}, entries
    for cpu in range(n):
        path = f"{TRACING}/per_cpu/cpu{cpu}"
        assert header(shell, f"{path}/trace") == (3, 3, n)
        assert [e[0] for e in function_lines(shell, f"{path}/trace")] == [cpu] * 3
        assert read(shell, f"{path}/stats")[0] == "entries: 3"
    # again, the first run's entries still there (selftest all on each CPU)
    lines, status = shell.run("oncpu 1 selftest trace_percpu")
    assert status == 0 and lines == \
        [f"selftest trace_percpu: PASS ({n} CPU(s), {3 * n} entries merged)"], lines
    assert header(shell)[:2] == (6 * n, 6 * n)
    # a probe hit on the shell's CPU: counted once, in CPU 0's ring
    uptime_event(shell, 3)
    assert probetools.profile(shell)["up"] == (3, 0)
    assert [r["cpu"] for r in probetools.trace(shell) if r["event"] == "up"] == [0] * 3
    # buffer_size_kb is every CPU's size: all of them resized, and emptied
    shell.run_check(f"echo 4 > {TRACING}/buffer_size_kb")
    assert read(shell, f"{TRACING}/buffer_total_size_kb") == [str(4 * n)]
    assert header(shell) == (0, 0, n)
    for cpu in range(n):
        assert read(shell, f"{TRACING}/per_cpu/cpu{cpu}/stats")[0] == "entries: 0"
    # and cleared: every ring
    shell.run("selftest trace_percpu")
    shell.run_check(f"echo > {TRACING}/trace")
    assert header(shell) == (0, 0, n)


@pytest.mark.direct_boot
def test_trace_pipe_every_cpu(smp_boot):
    """trace_pipe reads every CPU's ring, merged in time order, and consumes
    each up to what it printed: gone from trace, counted as read."""
    shell, _, n = smp_boot()
    shell.run_check(f"echo > {TRACING}/trace")
    lines, status = shell.run("selftest trace_percpu")
    assert status == 0 and "PASS" in lines[-1], lines
    shell.send_line(f"cat {TRACING}/trace_pipe")
    before, last = shell.wait_for(r"(?:[^\n]*trace_selftest_percpu <-[^\n]*\n){%d}" % (3 * n),
                                  timeout=30)
    shell.console.write(b"q")  # any key ends it
    shell.wait_for(r"(?:^|\n)ek# ", timeout=10)
    printed = [FUNCTION_LINE_RE.match(l.strip("\r")) for l in (before + last).split("\n")]
    cpus = [int(m.group(1)) for m in printed if m]
    assert cpus == list(range(n)) * 3, cpus
    assert header(shell) == (0, 3 * n, n)
    assert function_lines(shell) == []
    for cpu in range(n):
        stats = read(shell, f"{TRACING}/per_cpu/cpu{cpu}/stats")
        assert stats[0] == "entries: 0" and "read events: 3" in stats, stats


@pytest.mark.direct_boot
def test_early_events_smp_no_loss(smp_boot):
    shell, log, n = smp_boot("kprobe_event=p:smp_stage,boot_stage,name=+0($arg1):string")
    assert "early probe site(s) handed over" in log and "ekprobes: error" not in log, log
    stages = re.findall(r"boot: stage (\w+)", log[log.index("early probe(s) armed"):])
    assert "kprobes" in stages and "smp" in stages and stages[-1] == "shell", stages
    recs = [r for r in probetools.trace(shell) if r["event"] == "smp_stage"]
    # every stage after the arming: before the handover, after it, and
    # after the secondaries came up; all on the boot CPU
    assert [r["args"]["name"] for r in recs] == stages, (stages, recs)
    assert {r["cpu"] for r in recs} == {0}, recs
    assert probetools.profile(shell)["smp_stage"] == (len(stages), 0)
    assert header(shell)[2] == n


DUMP_HEAD_RE = re.compile(r"ekprobes: trace dump \(oops\): the last (\d+) of (\d+) entries")
PRINTK_TS_RE = re.compile(r"^\[\s*[\d.]+\] ")


@pytest.mark.direct_boot
def test_oops_dump_merges_every_cpu(smp_boot):
    """ekprobes.dump_on_oops=1: the dump holds every CPU's entries, merged
    in time order, the same lines `trace` shows."""
    shell, _, n = smp_boot("ekprobes.dump_on_oops=1")
    shell.run_check(f"echo > {TRACING}/trace")
    lines, status = shell.run("selftest trace_percpu")
    assert status == 0 and "PASS" in lines[-1], lines
    trace = function_lines(shell)
    assert [e[0] for e in trace] == list(range(n)) * 3, trace
    lines, _ = shell.run("poke start_kernel 0")
    text = [l.strip("\r") for l in lines]
    heads = [i for i, l in enumerate(text) if DUMP_HEAD_RE.search(l)]
    assert len(heads) == 1, text
    assert DUMP_HEAD_RE.search(text[heads[0]]).groups() == (str(3 * n), str(3 * n)), text
    end = next(i for i in range(heads[0], len(text)) if "end of trace dump" in text[i])
    dumped = [FUNCTION_LINE_RE.match(PRINTK_TS_RE.sub("", l)) for l in text[heads[0] + 1:end]]
    got = [(int(m.group(1)), float(m.group(2)), m.group(3), m.group(4)) for m in dumped if m]
    assert got == trace, (got, trace)
