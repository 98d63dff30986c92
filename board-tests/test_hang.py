"""When the board hangs (issue 14): the boot trace comes back.

* from a RAM dump, with no reset: a boot stopped by boot_hang= before the
  console driver and the timer never shows `ek# `; the strategy dumps the
  guest's RAM over QMP, decodes it with `ektrace ram` and raises BoardHung
  ("board hung after stage X; last events: ..."), the decoded trace next to
  the JUnit XML, holding what a normal boot records up to that stage;
  `ektrace ram` refuses a dump of another build and malformed dumps with one
  clear line;
* across a warm reset (QMP system_reset; the VM then runs without
  -no-reboot): the next boot says `ekprobes: previous boot: ...` right after
  the `armed` line, and instances/boot_mapped/{trace,kprobe_profile} hold
  the events of the boot that hung; a page damaged before the reset is
  dropped with a warning and the rest read; a trace from another build is
  reported and ignored;
* by the kernel itself: ekprobes.dump_on_oops (and the DT's dump-on-oops)
  prints the trace on an oops, once; ekprobes.hang_timeout_ms (and DT
  hang-timeout-ms) prints it from the timer interrupt when a stage runs too
  long, once, and the boot goes on.
"""
import collections
import difflib
import os
import random
import re
import shutil
import subprocess
import time

import pytest

import ekshell
import probetools
from conftest import boots_through_uboot

HERE = os.path.dirname(os.path.abspath(__file__))
VIRT_TRACE_DTB = os.path.join(HERE, "..", "build", "dts", "virt-trace.dtb")
# Probes that fire before setup_arch and after it, printed live.
PROBES = ("kprobe_event=p:hang/hang_stage,boot_stage,name=+0($arg1):string;"
          "r:hang/hang_memory,dt_memory_regions,banks=$retval:s32 ekprobes.print=1")
# "[ 0.012] ekprobes: stage: (boot_stage+0x8/0x30) name="x"" -> the event text
LIVE_HIT_RE = re.compile(r"^\[\s*[\d.]+\] ekprobes: (\w+: \(.*)$")
# a trace line -> its event text (after the timestamp)
EVENT_RE = re.compile(r"^\s*\S+-\d+\s+\[\d+\]\s+\S+\s+[\d.]+: (.*)$")
PREVIOUS_RE = re.compile(r"^\[\s*[\d.]+\] ekprobes: previous boot: (\d+) events, last stage "
                         r"(\S+), last event (\S+) at (\d+\.\d{6})$")
HALF_RE = re.compile(r"this boot's half at (0x[0-9a-f]+), (\d+) records")
SLOTS_OFF = 0x8000          # PERSIST_SLOTS_OFF (include/ek/persist_format.h)
SLOT_SIZE = 128
GEN_TAG_OFF = 80            # offsetof(struct persist_header, gen.tag)
REGION_SIZE = 0x100000      # the DTS, dts/virt-boot-trace.dtso and uboot-env/env.txt


def base_args(strategy):
    return strategy._saved["boot_args"] or ""  # pylint: disable=protected-access


def events_of(lines):
    """The event texts of trace lines (file or ektrace output)."""
    return [m.group(1) for m in map(EVENT_RE.match, lines) if m]


def live_hits(log):
    """The hits a boot printed live (ekprobes.print=1), as event texts."""
    return [m.group(1) for m in map(LIVE_HIT_RE.match, log.splitlines()) if m]


def kept_region(strategy, board):
    """configure() arguments for a boot whose trace survives a reset."""
    if board == "pc":
        pytest.skip("dts/pc.dts has no boot trace region")
    if board == "virt" and not boots_through_uboot(strategy):
        return {"dtb": VIRT_TRACE_DTB}   # QEMU's tree + dts/virt-boot-trace.dtso
    return {}   # the vexpress DTS have it; virt-uboot's boot.scr adds it


def hang(strategy, stage):
    """Power on (the boot args say boot_hang=@stage); returns the console up
    to the stop."""
    strategy.power_on()
    text, matched = strategy.shell.wait_for(rf"boot_hang: stopping at stage {stage}[^\n]*\n")
    return text + matched


def test_hang_is_reported_with_its_trace(strategy, reconfigure):
    """A boot stopped at setup_arch (before the console driver and the
    timer): BoardHung names the stage and the last events, and the decoded
    trace, written next to the JUnit XML, is what a normal boot records up
    to that point."""
    args = f"{base_args(strategy)} {PROBES}"
    reconfigure(boot_args=args)
    strategy.transition("shell")
    normal = events_of(strategy.shell.run_check("cat /sys/kernel/tracing/trace"))
    strategy.transition("off")

    reconfigure(boot_args=f"{args} boot_hang=setup_arch")
    hang(strategy, "setup_arch")
    with pytest.raises(ekshell.BoardHung) as info:
        strategy.wait_for_shell(timeout=2)
    hung = info.value
    strategy.kill()
    assert hung.stage == "setup_arch", hung.decoded
    assert str(hung).startswith("board hung after stage setup_arch; last events: "), str(hung)
    events = events_of(hung.decoded.splitlines())
    assert events and "stage: (boot_stage+" in events[-1] and \
        events[-1].endswith('name="setup_arch"'), hung.decoded
    assert events == normal[:len(events)], (events, normal)
    assert events[-1] in str(hung)
    assert os.path.dirname(hung.trace_path) == strategy.hang_dir
    with open(hung.trace_path) as f:
        assert events_of(f.read().splitlines()) == events


def test_ektrace_ram_prints_the_live_trace(strategy, reconfigure, tmp_path):
    """`ektrace ram` prints every line of the trace as the kernel's `trace`
    file does, task and flag columns included: boot stages with IRQs
    masked and on, the timer interrupt (hardirq) over the idle loop or the
    shell, function tracer entries and probe events."""
    # no live printing (dts/pc.dts asks for it): the shell's echo would
    # share the console with the ticks
    reconfigure(boot_args=f"{base_args(strategy)} ekprobes.print=0 ftrace=function "
                "ftrace_filter=timer_tick,pfile_lookup "
                "kprobe_event=p:hang/stage,boot_stage,name=+0($arg1):string;"
                "p:hang/tick,timer_tick")
    strategy.transition("off")
    strategy.transition("shell")
    time.sleep(0.3)
    strategy.shell.run_check("echo 0 > /sys/kernel/tracing/tracing_on")
    live = [l for l in strategy.shell.run_check("cat /sys/kernel/tracing/trace", timeout=60)
            if not l.startswith("#")]
    columns = {m.group(1, 2) for m in map(re.compile(r"^\s*(\S+)-\d+\s+\[\d+\] (\S+)").match,
                                           live) if m}
    assert {("<idle>", "d.h.."), ("start_kernel", "d...."), ("shell", ".....")} <= columns, \
        columns
    dump = str(tmp_path / "ram.bin")
    base = strategy.dump_ram(dump)
    strategy.kill()
    code, out, err = strategy.decode_ram(dump, base)
    assert code == 0, err
    decoded = [l for l in out.splitlines() if l and not l.startswith("#")]
    assert decoded == live, "\n".join(difflib.unified_diff(live, decoded, lineterm=""))


def test_ektrace_ram_checks_what_it_reads(strategy, reconfigure, tmp_path):
    """`ektrace ram` on a hung board's RAM: the right build decodes; a
    vmlinux of another build, a dump with no trace, a dump cut through the
    trace and a file that is no vmlinux each get one error line."""
    reconfigure(boot_args=f"{base_args(strategy)} {PROBES} boot_hang=mem_init")
    log = hang(strategy, "mem_init")
    dump = str(tmp_path / "ram.bin")
    base = strategy.dump_ram(dump)
    strategy.kill()
    code, out, err = strategy.decode_ram(dump, base)
    assert code == 0, err
    assert events_of(out.splitlines()) == live_hits(log), (out, log)
    assert "# last stage: mem_init" in out

    def refused(dump_file, vmlinux, what):
        code, out, err = strategy.decode_ram(dump_file, base, vmlinux)
        lines = err.strip().splitlines()
        assert code == 1 and not out and len(lines) == 1 and re.search(what, lines[0]), \
            (code, out, err)
        return lines[0]

    # another build: the same kernel with another build id in its note
    other = tmp_path / "vmlinux-other"
    shutil.copy(strategy.vmlinux(), other)
    data = bytearray(other.read_bytes())
    note = data.find(b"GNU\0")
    data[note + 4] ^= 0xff
    other.write_bytes(bytes(data))
    line = refused(dump, str(other), r"written by another build \(build id [0-9a-f]{40}\); .* is "
                   r"build [0-9a-f]{40}")
    assert "error: " in line
    # no trace at all
    noise = tmp_path / "noise.bin"
    noise.write_bytes(random.Random(14).randbytes(1 << 20))
    refused(str(noise), None, r"no ekprobes boot trace in its 1048576 bytes")
    # cut through the trace: up to the first half of its header page
    m = re.search(r"boot trace at physical (0x[0-9a-f]+)", out)
    cut = int(m.group(1), 16) - base + 2048
    short = tmp_path / "short.bin"
    with open(dump, "rb") as f:
        short.write_bytes(f.read(cut))
    refused(str(short), None, r"(runs past the end of the dump|no ekprobes boot trace)")
    # no vmlinux
    refused(dump, str(noise), r"not a 32-bit little-endian ELF file")


def test_previous_boot_after_reset(strategy, reconfigure, board):
    """A boot that stops at mem_init, then a warm reset: the next boot's
    line right after `armed` counts the stopped boot's events, and
    instances/boot_mapped holds exactly the events it printed live."""
    region = kept_region(strategy, board)
    # the stop is a 4 s stall: the reset comes during it, and the next
    # boot (same command line) goes on to the shell after its own stall
    reconfigure(boot_args=f"{base_args(strategy)} {PROBES} boot_hang=mem_init,4000",
                reboot=True, **region)
    first = hang(strategy, "mem_init")
    printed = live_hits(first)
    assert printed and printed[-1].endswith('name="mem_init"'), first
    strategy.reset()
    log = strategy.wait_for_shell()
    lines = [l for l in log.splitlines() if l.startswith("[")]
    armed = next(i for i, l in enumerate(lines) if "early probe(s) armed" in l)
    m = PREVIOUS_RE.match(lines[armed + 1])
    assert m, lines[armed:armed + 3]
    assert int(m.group(1)) == len(printed) and m.group(2) == "mem_init" and \
        m.group(3) == printed[-1].split(":")[0], lines[armed + 1]
    kept = events_of(strategy.shell.run_check(
        "cat /sys/kernel/tracing/instances/boot_mapped/trace"))
    assert kept == printed, (kept, printed)
    profile = {}
    for line in strategy.shell.run_check(
            "cat /sys/kernel/tracing/instances/boot_mapped/kprobe_profile"):
        m = probetools.PROFILE_RE.match(line)
        assert m, line
        profile[m.group(1)] = int(m.group(2))
    counts = collections.Counter(e.split(":")[0] for e in printed)
    assert {k: v for k, v in profile.items() if v} == dict(counts), (profile, counts)


def poke_word(shell, addr, fn):
    old = probetools.read_words(shell, addr, 1)[0]
    shell.run_check(f"poke 0x{addr:x} 0x{fn(old):x}")
    assert probetools.read_words(shell, addr, 1)[0] == fn(old)


def test_damaged_page_is_dropped(strategy, reconfigure, board):
    """One word of a record flipped in the kept region before the reset:
    the next boot drops that record's page (32 records) with a warning and
    reads every other record."""
    region = kept_region(strategy, board)
    # no live printing (dts/pc.dts asks for it): the shell's echo would
    # share the console with the ticks
    reconfigure(boot_args=f"{base_args(strategy)} ekprobes.print=0 ftrace=function "
                          "ftrace_filter=printk,vprintk,kvsnprintf",
                reboot=True, **region)
    strategy.transition("shell")
    half = int(HALF_RE.search(strategy.shell.boot_log).group(1), 16)
    before = events_of(strategy.shell.run_check("cat /sys/kernel/tracing/trace"))
    assert len(before) > 32 + 8, len(before)
    slot = half + SLOTS_OFF + 8 * SLOT_SIZE
    poke_word(strategy.shell, slot + 24, lambda w: w ^ 0x100)   # the parent ip of record 8
    strategy.reset()
    log = strategy.wait_for_shell()
    assert f"ekprobes: previous boot: warning: page 0 (records 0-31 at " \
           f"0x{half + SLOTS_OFF:08x}) damaged; dropped" in log, log
    m = next(filter(None, map(PREVIOUS_RE.match, log.splitlines())))
    kept = events_of(strategy.shell.run_check(
        "cat /sys/kernel/tracing/instances/boot_mapped/trace"))
    assert int(m.group(1)) == len(kept)
    # the cat above recorded more printk calls after `before`: compare its part
    assert kept[:len(before) - 32] == before[32:]


def persist_check(words, seed):
    """include/ek/persist_format.h persist_check() over 32-bit words."""
    h = (seed ^ 0x9e3779b9) & 0xffffffff
    for w in words:
        h = (((h << 5) | (h >> 27)) & 0xffffffff) ^ w
    return h ^ (4 * len(words))


def test_trace_of_another_build_is_ignored(strategy, reconfigure, board):
    """The kept trace's header rewritten as another build would have written
    it (another build id, a valid check): the next boot says so and reads
    nothing of it."""
    region = kept_region(strategy, board)
    reconfigure(boot_args=base_args(strategy), reboot=True, **region)
    strategy.transition("shell")
    half = int(HALF_RE.search(strategy.shell.boot_log).group(1), 16)
    words = probetools.read_words(strategy.shell, half, 19)   # up to the check
    words[14] ^= 0xffffffff    # the build id's first word (offset 56)
    seq = words[10]
    strategy.shell.run_check(f"poke 0x{half + 56:x} 0x{words[14]:x}")
    strategy.shell.run_check(f"poke 0x{half + 76:x} 0x{persist_check(words, seq):x}")
    other = "".join(f"{w:08x}" for w in words[14:19])
    other = "".join(other[i:i + 8][j:j + 2] for i in range(0, 40, 8) for j in (6, 4, 2, 0))
    strategy.reset()
    log = strategy.wait_for_shell()
    assert f"ekprobes: previous boot: trace written by another build (build id {other}); " \
           "ignored" in log, log
    lines = strategy.shell.run_check("cat /sys/kernel/tracing/instances/boot_mapped/trace")
    assert not events_of(lines)
    assert "# entries-in-buffer/entries-written: 0/0   #P:1" in lines


def test_stale_record_with_the_next_tag_is_not_read(strategy, reconfigure, board):
    """The tag has 5 bits, so a half may hold a stale record carrying the
    very tag its next boot will use: one is planted far up the other half
    (a real record, later in time, its check word right). The boot that
    writes that half takes the tag off it, and the boot after reads exactly
    that boot's events, with no warning."""
    region = kept_region(strategy, board)
    reconfigure(boot_args=f"{base_args(strategy)} {PROBES}", reboot=True, **region)
    strategy.transition("shell")
    log = strategy.shell.boot_log
    half = int(HALF_RE.search(log).group(1), 16)
    base = int(re.search(r"kept in /reserved-memory/trace@([0-9a-f]+)", log).group(1), 16)
    other = base + REGION_SIZE // 2 if half == base else base
    # the next boot writes the other half, with the tag after this one's
    # (the other half's header made invalid: its tag does not count)
    tag = probetools.read_words(strategy.shell, half + GEN_TAG_OFF, 1)[0]
    next_tag = tag % 31 + 1
    strategy.shell.run_check(f"poke 0x{other:x} 0")     # its magic
    rec = probetools.read_words(strategy.shell, half + SLOTS_OFF, 8)
    assert rec[1] & 0xffff != 0xffff, "slot 0 holds an event record"
    nwords = 8 + ((rec[2] & 0xffff) + 3) // 4     # the header, the data
    rec = probetools.read_words(strategy.shell, half + SLOTS_OFF, nwords)
    tagged = rec[2] & ~(0x1f << 27) | next_tag << 27    # flags bits 11-15
    rec[4] ^= rec[2] ^ tagged      # the check word has the flags' word
    rec[2] = tagged
    rec[7] += 1     # ts + 2^32 ticks: later than anything (the check has ts's low word)
    planted = other + SLOTS_OFF + 3800 * SLOT_SIZE
    for i, w in enumerate(rec):
        strategy.shell.run_check(f"poke 0x{planted + 4 * i:x} 0x{w:x}")
    strategy.reset()
    log = strategy.wait_for_shell()
    assert int(HALF_RE.search(log).group(1), 16) == other, log
    assert probetools.read_words(strategy.shell, other + GEN_TAG_OFF, 1)[0] == next_tag
    written = events_of(strategy.shell.run_check("cat /sys/kernel/tracing/trace"))
    strategy.reset()
    log = strategy.wait_for_shell()
    m = next(filter(None, map(PREVIOUS_RE.match, log.splitlines())), None)
    assert m and "previous boot: warning" not in log, log
    assert int(m.group(1)) == len(written), (m.group(0), len(written))
    kept = events_of(strategy.shell.run_check(
        "cat /sys/kernel/tracing/instances/boot_mapped/trace"))
    assert kept == written, (kept, written)


DUMP_HEAD_RE = re.compile(r"^\[\s*[\d.]+\] ekprobes: trace dump \((\w+)\): the last (\d+) of "
                          r"(\d+) entries, newest last$")


def dumps(text):
    """Each trace dump in console @text: (why, [event texts])."""
    out, cur = [], None
    for line in text.splitlines():
        m = DUMP_HEAD_RE.match(line)
        if m:
            cur = (m.group(1), [])
            out.append(cur)
        elif "ekprobes: end of trace dump" in line:
            cur = None
        elif cur is not None:
            ev = EVENT_RE.match(re.sub(r"^\[\s*[\d.]+\]", "", line))
            if ev:
                cur[1].append(ev.group(1))
    return out


def test_dump_on_oops_once(strategy, reconfigure):
    """ekprobes.dump_on_oops=1: the first oops prints the trace (newest
    last, what the trace file holds); the second prints none."""
    reconfigure(boot_args=f"{base_args(strategy)} {PROBES} ekprobes.dump_on_oops=1")
    strategy.transition("shell")
    trace = events_of(strategy.shell.run_check("cat /sys/kernel/tracing/trace"))
    first, _ = strategy.shell.run("poke start_kernel 0")
    second, _ = strategy.shell.run("poke start_kernel 0")
    got = dumps("\n".join(first))
    assert [d[0] for d in got] == ["oops"], first
    assert got[0][1] == trace[-64:], (got, trace)
    # ARM's "Internal error: Oops: ...", i386's Linux "Oops: 0003 [#2]"
    assert not dumps("\n".join(second)) and any(re.search(r"\bOops: ", l) for l in second)


@pytest.mark.direct_boot
def test_dump_on_oops_from_dt(strategy, reconfigure, qemu, tmp_path):
    """The DT property dump-on-oops does the same."""
    dtb = probetools.dtb_with_ekprobes(probetools.board_dtb(strategy, qemu, tmp_path),
                                       tmp_path / "oops.dtb", {}, {"dump-on-oops": None},
                                       keep_existing=True)
    reconfigure(dtb=dtb)
    strategy.transition("shell")
    lines, _ = strategy.shell.run("poke start_kernel 0")
    assert [d[0] for d in dumps("\n".join(lines))] == ["oops"], lines


def test_hang_timeout_dumps_once_and_boot_goes_on(strategy, reconfigure):
    """A stage that stalls 1.5 s with ekprobes.hang_timeout_ms=300: one dump
    from the timer interrupt, naming the stage, then the boot reaches the
    shell."""
    reconfigure(boot_args=f"{base_args(strategy)} {PROBES} ekprobes.hang_timeout_ms=300 "
                          "boot_hang=drivers,1500")
    strategy.transition("shell")
    log = strategy.shell.boot_log
    got = dumps(log)
    assert [d[0] for d in got] == ["hang"], log
    assert re.search(r"ekprobes: boot stage drivers running for (\d+) ms "
                     r"\(ekprobes.hang_timeout_ms=300\)", log)
    assert got[0][1][-1].endswith('name="drivers"'), got
    assert log.index("trace dump (hang)") < log.index("boot_hang: going on after 1500 ms")
    assert "boot: stage shell" in log


def test_hang_timeout_waits_for_interrupts(strategy, reconfigure):
    """With the stall's interrupts off the timer cannot tell; the dump comes
    once they are back on, the stage still running."""
    reconfigure(boot_args=f"{base_args(strategy)} ekprobes.hang_timeout_ms=200 "
                          "boot_hang=drivers,irqoff,800")
    strategy.transition("shell")
    log = strategy.shell.boot_log
    assert "boot_hang: stopping at stage drivers, interrupts off" in log
    assert [d[0] for d in dumps(log)] == ["hang"], log
    assert log.index("boot_hang: going on after 800 ms") < log.index("trace dump (hang)")


def test_hang_timeout_quiet_on_a_normal_boot(strategy, reconfigure):
    """No stage of a normal boot takes 300 ms, and the shell, where the boot
    is over, is never timed: no dump."""
    reconfigure(boot_args=f"{base_args(strategy)} ekprobes.hang_timeout_ms=300")
    strategy.transition("shell")
    strategy.shell.read_quiet(quiet=0.6, timeout=1.0)
    lines = strategy.shell.run_check("dmesg")
    assert not any("trace dump" in l for l in lines)


@pytest.mark.direct_boot
def test_hang_timeout_from_dt(strategy, reconfigure, qemu, tmp_path):
    """The DT property hang-timeout-ms does the same as the command line."""
    dtb = probetools.dtb_with_ekprobes(probetools.board_dtb(strategy, qemu, tmp_path),
                                       tmp_path / "hang.dtb", {},
                                       {"hang-timeout-ms": ["-t", "u", "300"]},
                                       keep_existing=True)
    reconfigure(dtb=dtb, boot_args=f"{base_args(strategy)} boot_hang=drivers,1000")
    strategy.transition("shell")
    assert [d[0] for d in dumps(strategy.shell.boot_log)] == ["hang"]
