"""kprobes from the console: events on real kernel functions hit with exact
counts and recorded values, return probes report return values, removing
or disabling a probe restores the original instruction, unsafe places are
refused with a reason, and the on-target instruction suite passes."""
import re

import pytest

import probetools

EVENTS = "/sys/kernel/tracing/kprobe_events"


def add_event(shell, definition):
    lines, status = shell.run(f"echo '{definition}' >> {EVENTS}")
    assert status == 0, lines
    return lines


def enable(shell, event, on=True, group="kprobes"):
    lines, status = shell.run(f"echo {int(on)} > /sys/kernel/tracing/events/{group}/{event}/enable")
    assert status == 0, lines


def peek(shell, sym):
    lines, status = shell.run(f"peek {sym}")
    assert status == 0, lines
    return int(lines[-1].split(":")[1], 16)


def test_selftests(fresh):
    # (the summary line starts with "selftest:", which run() reads as an
    # error status, so the lines decide)
    lines, _ = fresh.run("selftest all", timeout=60)
    assert any(re.match(r"selftest: \d+ run, 0 failed$", l) for l in lines), lines
    names = ["patch_text", "kprobes", "kprobes_safety", "kprobes_storm", "kprobes_ftrace", "alloc"]
    if probetools.ARCH == "arm":
        names += ["undef_hook", "kprobes_arm", "kprobes_smp"]
    for name in names:
        verdicts = [l for l in lines if l.startswith(f"selftest {name}: ")
                    and ("PASS" in l or "FAIL" in l)]
        assert verdicts and all("PASS" in v for v in verdicts), lines


@pytest.mark.arm_only("the A32 decoder's suite (i386: test_x86_probetest.py)")
def test_instruction_suite(fresh):
    """Every decode-table row: native vs probed execution (emulation, real
    trap probes, real optimized probes), all registers, flags and memory
    compared on the target CPU."""
    lines, _ = fresh.run("probetest", timeout=120)
    summary = [l for l in lines if re.match(r"probetest: \d+ encodings in \d+ rows:", l)]
    assert summary and summary[-1].endswith("PASS"), "\n".join(lines[-30:])
    assert not [l for l in lines if "FAIL" in l], lines
    n, rows = map(int, re.findall(r"\d+", summary[-1])[:2])
    assert n >= 1000 and rows >= 90, summary
    # ... and each accepted encoding also ran under a real registered probe:
    # trap (incl. boosting) always, optimized wherever the probe was.
    via = [l for l in lines if "via trap probes" in l]
    m = via and re.search(r"(\d+) encodings checked via trap probes, (\d+) via optimized", via[-1])
    assert m and int(m.group(1)) >= 1000 and int(m.group(2)) >= 900, lines[-5:]


def test_event_counts_and_values(fresh):
    shell = fresh
    # a traced function's entry probe sits on its ftrace call site
    at = probetools.entry_point("pfile_lookup")
    orig = peek(shell, at)
    add_event(shell, "p:look pfile_lookup path=+0($arg1):string")
    assert peek(shell, at) == orig, "a disabled event must not patch text"
    enable(shell, "look")
    assert peek(shell, at) != orig, "enabled event did not arm the probe"
    for _ in range(5):
        lines, status = shell.run("cat /proc/uptime")
        assert status == 0, lines
    prof = probetools.profile(shell)
    # 5 cats, plus the lookup of kprobe_profile itself
    assert prof["look"] == (6, 0), prof
    recs = [r for r in probetools.trace(shell) if r["event"] == "look"]
    paths = [r["args"]["path"] for r in recs]
    assert paths[:5] == ["/proc/uptime"] * 5, paths
    assert paths[5] == "/sys/kernel/tracing/kprobe_profile", paths
    assert all(r["where"].startswith(at + "/") for r in recs), recs

    # disable: original bytes back; hits stop
    enable(shell, "look", on=False)
    assert peek(shell, at) == orig
    shell.run("cat /proc/uptime")
    # the trace read above and the write to "enable" that disarmed it
    assert probetools.profile(shell)["look"][0] == 6 + 2
    # re-enable, then remove
    enable(shell, "look")
    assert peek(shell, at) != orig
    enable(shell, "look", on=False)
    add_event(shell, "-:look")
    assert peek(shell, at) == orig
    assert "look" not in probetools.profile(shell)


def test_return_values(fresh):
    shell = fresh
    add_event(shell, "r:conv kstrtoul ret=$retval:s32")
    enable(shell, "conv")
    shell.run("sym start_kernel")   # kstrtoul fails: -EINVAL
    shell.run("sym 0x10")           # kstrtoul succeeds: 0
    recs = [r for r in probetools.trace(shell) if r["event"] == "conv"]
    assert [r["args"]["ret"] for r in recs] == ["-22", "0"], recs
    assert all("<- kstrtoul" in r["where"] and r["where"].startswith("cmd_sym+")
               for r in recs), recs
    lst = probetools.kprobe_list(shell)
    at = re.escape(probetools.entry_point("kstrtoul"))
    assert any(re.search(rf"\s+r\s+{at}\s+\[FTRACE\]", l) for l in lst), lst


def test_list_optimized_and_switches(fresh):
    """An instruction in a function's body is optimized when the switch is
    on and trap-based when off; the entry of a traced function is
    ftrace-based either way. The global switch disarms both."""
    shell = fresh
    # the instruction after the entry's call site (4 bytes on ARM, 5 on i386)
    body = f"uptime_show+0x{probetools.entry_offset('uptime_show') + len(probetools.FTRACE_NOP):x}"
    add_event(shell, f"p:up {body}")
    add_event(shell, "p:upf uptime_show")
    enable(shell, "up")
    enable(shell, "upf")

    def listed():
        lst = probetools.kprobe_list(shell)
        return ([l for l in lst if body in l.split()], 
                [l for l in lst if probetools.entry_point("uptime_show") in l.split()])

    entry, site = listed()
    assert entry and "[OPTIMIZED]" in entry[0], entry
    assert site and site[0].endswith("[FTRACE]"), site
    # optimization off: same probe, trap-based, still counting; the
    # ftrace-based one stays as it is
    shell.run("echo 0 > /proc/sys/debug/kprobes-optimization")
    entry, site = listed()
    assert "[OPTIMIZED]" not in entry[0], entry
    assert site[0].endswith("[FTRACE]"), site
    shell.run("cat /proc/uptime")
    shell.run("echo 1 > /proc/sys/debug/kprobes-optimization")
    shell.run("cat /proc/uptime")
    prof = probetools.profile(shell)
    assert prof["up"] == (2, 0) and prof["upf"] == (2, 0), prof
    # global disarm keeps the registration, re-arm re-optimizes
    orig = peek(shell, probetools.entry_point("uptime_show"))
    shell.run("echo 0 > /sys/kernel/debug/kprobes/enabled")
    assert peek(shell, probetools.entry_point("uptime_show")) != orig  # the NOP again
    shell.run("cat /proc/uptime")
    prof = probetools.profile(shell)
    assert prof["up"] == (2, 0) and prof["upf"] == (2, 0), prof
    lines, _ = shell.run("cat /sys/kernel/debug/kprobes/enabled")
    assert lines == ["0"]
    shell.run("echo 1 > /sys/kernel/debug/kprobes/enabled")
    shell.run("cat /proc/uptime")
    prof = probetools.profile(shell)
    assert prof["up"] == (3, 0) and prof["upf"] == (3, 0), prof
    entry, site = listed()
    assert "[OPTIMIZED]" in entry[0] and site[0].endswith("[FTRACE]"), (entry, site)


@pytest.mark.parametrize("definition, message", [
    ("p:bl kprobe_handle_trap", "blacklisted"),
    ("p:fm fixmap_map+0x14", "blacklisted"),  # patch_text()'s alias: once recursed
    ("p:unk no_such_function", "unknown symbol 'no_such_function'"),
    ("p:odd pfile_lookup+2", "not on an instruction boundary"),
    ("p:far pfile_lookup+0x100000", "beyond the end"),
    ("p:arg pfile_lookup x=%q9", "unknown register at col 23"),
    (f"p:typ pfile_lookup x={probetools.REG0}:u7", "type"),
])
def test_refused_with_reason(booted, definition, message):
    lines, status = booted.run(f"echo '{definition}' >> {EVENTS}")
    assert status == 1
    err = [l for l in lines if l.startswith("ekprobes: error: kprobe_events: ")]
    assert len(err) == 1 and message in err[0], lines


def test_blacklist_covers_probe_path(booted):
    """Every function the build proved reachable from the probe path
    (scripts/noprobe_check, build/arm/noprobe-reachable.txt) is listed in
    the blacklist, in Linux's "0xSTART-0xEND<tab>SYMBOL" format."""
    blacklist, _ = booted.run("cat /sys/kernel/debug/kprobes/blacklist")
    assert all(re.fullmatch(r"0x[0-9a-f]{8}-0x[0-9a-f]{8}\t\S+", l) for l in blacklist), blacklist
    listed = {l.split("\t")[1] for l in blacklist}
    reachable_txt = probetools.VMLINUX.replace("vmlinux", "noprobe-reachable.txt")
    with open(reachable_txt) as f:
        reachable = {l.split("\t")[1] for l in f if l.startswith("0x")}
    assert {"fixmap_map", "fixmap_unmap", "early_trap", "patch_text"} <= reachable
    # Each address once, under kallsyms' name for it: a label sharing its
    # address with a function is listed as that function.
    syms = probetools._symbols()
    listed_at = {syms[n] for n in listed if n in syms}
    assert {n for n in reachable if syms.get(n) not in listed_at} == set()
    assert len(listed_at) == len(blacklist), "an address listed twice"
    assert not [n for n in listed if n.startswith(".")], listed


@pytest.mark.arm_only("coprocessor reads (MRC) that cannot be single-stepped")
def test_unsafe_instruction_refused(booted):
    """A coprocessor read cannot be single-stepped: refused, naming it."""
    blacklist, _ = booted.run("cat /sys/kernel/debug/kprobes/blacklist")
    blacklisted = {l.split()[-1] for l in blacklist}
    # outside the never-probe range, whose labels (a detour template's
    # end, which is the next one's start) objdump may name differently
    text = probetools.probeable_range()
    sites = [(f, off) for f, off, addr in probetools.instructions("mrc")
             if f not in blacklisted and text[0] <= addr < text[1]]
    assert sites, "no probe-able MRC in the image"
    func, off = sites[0]
    lines, status = booted.run(f"echo 'p:cp {func}+{off}' >> {EVENTS}")
    assert status == 1
    assert any(f"cannot probe {func}+0x{off:x}: MRC p15 is not safe to single-step" in l
               for l in lines), lines


def test_handler_path_probe_is_missed_not_recursed(strategy):
    """Live printing writes through the UART driver; a probe on the UART's
    write function hit while printing must count as missed, never recurse
    or hang. (pl011_write is reached through a function pointer, so every
    console output really passes through it.)"""
    strategy.configure(boot_args="ekprobes.print=1")
    try:
        strategy.transition("shell")
        shell = strategy.shell
        add_event(shell, f"p:cw {probetools.UART_WRITE}")
        # While it is enabled every echoed character prints a hit line,
        # so talk to the console raw until it is disabled again.
        shell.send_line("echo 1 > /sys/kernel/tracing/events/kprobes/cw/enable")
        noisy = shell.read_quiet(quiet=0.5, timeout=5)
        shell.send_line("echo 0 > /sys/kernel/tracing/events/kprobes/cw/enable")
        noisy += shell.read_quiet(quiet=0.5, timeout=10)
        assert f"ekprobes: cw: ({probetools.entry_point(probetools.UART_WRITE)}/" in noisy, noisy
        assert shell.run("echo still alive")[0][-1] == "still alive"
        hits, missed = probetools.profile(shell)["cw"]
        assert hits > 0 and missed > 0, (hits, missed)
    finally:
        strategy.restore_config()


def test_probe_every_function(fresh, strategy):
    """A probe on every probe-able function: the shell keeps working, the
    probes count, and the board still powers off cleanly."""
    shell = fresh
    lines, _ = shell.run("probe-all on", timeout=60)
    m = re.search(r"probe-all: (\d+) functions probed \((\d+) optimized\), (\d+) refused",
                  "\n".join(lines))
    assert m, lines
    assert int(m.group(1)) > 200, lines
    for cmd in ("help", "ls /proc", "cat /proc/interrupts", "selftest alloc"):
        out, status = shell.run(cmd, timeout=30)
        assert status == 0, out
    lines, _ = shell.run("probe-all status")
    m = re.search(r"(\d+) hits in (\d+) functions", lines[0])
    assert m and int(m.group(1)) > 100 and int(m.group(2)) > 10, lines
    code, text = strategy.poweroff()
    assert code == 0 and "reboot: Power down" in text, text
