"""The function tracer from boot (issue 11, phase 1): every mcount site a NOP
in the first C function, `ftrace=function ftrace_filter=...` and the DT's
ftrace-filter tracing the boot stages before the MMU is on with one entry
per call and the right parent, the tracefs files at the shell, the text
restored exactly when the tracer goes off, and one error line per bad
filter naming its source. Arch-aware through probetools (ARM: `pop {lr}`
NOPs and `bl` calls; x86: 5-byte NOPs and `call rel32`)."""
import re

import pytest

import probetools

HERE = probetools.HERE
MCOUNT_TABLE = probetools.MCOUNT_TABLE
NOP = probetools.FTRACE_NOP  # the bytes ftrace_init() puts at every site
TRACING = "/sys/kernel/tracing"

LOADED_RE = re.compile(r"loaded at (0x[0-9a-f]+)")
SITES_RE = re.compile(r"ftrace: (\d+) call site\(s\), (\d+) made NOPs before the MMU")
ON_RE = re.compile(r"ftrace: function tracer on: (\d+) function\(s\) traced")
STAGE_RE = re.compile(r"boot: stage (\w+)$", re.M)
FUNC_RE = re.compile(r"^\s*(\S+)-(\d+)\s+\[(\d+)\]\s+(\S+)\s+([\d.]+): (\w+) <-(\S+)$")
ERROR_RE = re.compile(r"ekprobes: error: (\S+): (.*)$", re.M)


def site_offsets():
    """Link offsets of every mcount site, from the table the image carries."""
    with open(MCOUNT_TABLE) as f:
        text = f.read()
    body = text[text.index("ftrace_site_offsets"):]
    body = body[body.index("{") + 1:body.index("}")]
    return [int(x, 16) for x in re.findall(r"0x[0-9a-f]+", body)]


def site_odd():
    """Site offset -> whether its sp is 4 mod 8 (it calls ftrace_caller_odd)."""
    with open(MCOUNT_TABLE) as f:
        text = f.read()
    body = text[text.index("ftrace_site_odd"):]
    body = body[body.index("{") + 1:body.index("}")]
    words = [int(x, 16) for x in re.findall(r"0x[0-9a-f]+", body)]
    return {off: bool(words[i // 32] >> (i % 32) & 1) for i, off in enumerate(site_offsets())}


func_range = probetools.func_range


def functions(shell):
    """(function, parent) of every function-tracer entry in `trace`."""
    lines, status = shell.run(f"cat {TRACING}/trace", timeout=60)
    assert status == 0, lines
    out = []
    for line in lines:
        m = FUNC_RE.match(line)
        if m:
            # irqs-off and hardirq from the traced code; no preemption here
            assert re.fullmatch(r"[d.]\.[h.]\.\.", m.group(4)), line
            out.append((m.group(6), m.group(7)))
    return out


def cat(shell, name):
    lines, status = shell.run(f"cat {TRACING}/{name}", timeout=60)
    assert status == 0, lines
    return [l for l in lines if not probetools.PRINTK_RE.match(l)]


def echo(shell, text, name, append=False):
    lines, status = shell.run(f"echo '{text}' {'>>' if append else '>'} {TRACING}/{name}")
    return lines, status


def site_bytes(shell, addr):
    """The bytes of the site at run-time address @addr."""
    return probetools.read_bytes(shell, addr, len(NOP))


def assert_text_restored(shell, base):
    """Every byte of the probe-able text is the build's, but for each
    mcount site, which is the NOP where the build has the call."""
    text = probetools._symbols()["_text"]  # pylint: disable=protected-access
    lo, hi = probetools.probeable_range()
    hi = lo + (hi - lo) // 4 * 4
    want = bytearray(probetools.image_bytes(lo, hi - lo))
    for off in site_offsets():
        if lo <= text + off < hi:
            want[text + off - lo:text + off - lo + len(NOP)] = NOP
    words = [int.from_bytes(want[i:i + 4], "little") for i in range(0, len(want), 4)]
    bad = probetools.differing_words(shell, base + lo - text, words)
    assert not bad, [hex(a - base) for a in bad[:20]]


def boot(strategy, reconfigure, dtb=..., boot_args=...):
    reconfigure(dtb=dtb, boot_args=boot_args)
    strategy.transition("shell")
    return strategy.shell, strategy.shell.boot_log


def plain_dtb(strategy, qemu, tmp_path, ftrace_filter=None):
    """The board's DTB without its early probes (no live printing), with
    the string list @ftrace_filter as /chosen/ekprobes:ftrace-filter."""
    base = probetools.board_dtb(strategy, qemu, tmp_path)
    out = probetools.dtb_with_ekprobes(base, tmp_path / "ftrace.dtb", {})
    if ftrace_filter:
        probetools.fdtput(out, "-t", "s", "/chosen/ekprobes", "ftrace-filter", *ftrace_filter)
    return out


def expected_boot_entries(log):
    """One boot_stage entry per stage announced once the tracer was on, and
    mem_init right after the one for its own stage, all from start_kernel."""
    tail = log[ON_RE.search(log).end():]
    out = []
    for stage in STAGE_RE.findall(tail):
        out.append(("boot_stage", "start_kernel"))
        if stage == "mem_init":
            out.append(("mem_init", "start_kernel"))
    return out


def check_boot_trace(shell, log):
    m = SITES_RE.search(log)
    assert m and int(m.group(1)) == len(site_offsets()) == int(m.group(2)), log
    on = ON_RE.search(log)
    assert on and int(on.group(1)) == 2, log
    # traced from before the MMU is on
    assert on.start() < log.index("boot: stage setup_arch") < log.index(probetools.MMU_ON), log
    assert not ERROR_RE.search(log), log
    want = expected_boot_entries(log)
    assert ("mem_init", "start_kernel") in want and len(want) >= 9, want
    assert functions(shell) == want
    assert sorted(l.split()[0] for l in cat(shell, "enabled_functions")) == \
        ["boot_stage", "mem_init"]
    assert cat(shell, "current_tracer") == ["function"]


def test_boot_filter_from_command_line(strategy, qemu, reconfigure, tmp_path):
    shell, log = boot(strategy, reconfigure, dtb=plain_dtb(strategy, qemu, tmp_path),
                      boot_args="ftrace=function ftrace_filter=boot_stage,mem_init")
    check_boot_trace(shell, log)


def test_boot_filter_from_dt(strategy, qemu, reconfigure, tmp_path):
    dtb = plain_dtb(strategy, qemu, tmp_path,
                    ["boot_stage", "mem_init"])
    shell, log = boot(strategy, reconfigure, dtb=dtb, boot_args="ftrace=function")
    check_boot_trace(shell, log)


def test_boot_globs(strategy, qemu, reconfigure, tmp_path):
    # '*' at the end, the start and in the middle, as Linux takes them
    shell, log = boot(strategy, reconfigure, dtb=plain_dtb(strategy, qemu, tmp_path),
                      boot_args="ftrace=function ftrace_filter=boot_st*,*em_init,m*_in?t")
    assert not ERROR_RE.search(log), log
    assert sorted(l.split()[0] for l in cat(shell, "enabled_functions")) == \
        ["boot_stage", "mem_init"]
    assert functions(shell) == expected_boot_entries(log)


def test_malformed_filters(strategy, qemu, reconfigure, tmp_path):
    dtb = plain_dtb(strategy, qemu, tmp_path,
                    ["mem_init", "nope_*_nothing"])
    shell, log = boot(strategy, reconfigure, dtb=dtb,
                      boot_args="ftrace=function ftrace_filter=boot_stage,,no_such_fn,bad-name,"
                                + probetools.NOPROBE_FN)
    errs = ERROR_RE.findall(log)
    assert errs == [
        ("bootargs:ftrace_filter[2]", "empty function name ''"),
        ("bootargs:ftrace_filter[3]", "unknown function 'no_such_fn'"),
        ("bootargs:ftrace_filter[4]", "invalid character in function name 'bad-name'"),
        ("bootargs:ftrace_filter[5]",
         f"not traceable (notrace or in the never-probe range) '{probetools.NOPROBE_FN}'"),
        ("/chosen/ekprobes:ftrace-filter[2]", "no traceable function matches 'nope_*_nothing'"),
    ], errs
    # the good ones still work
    assert functions(shell) == expected_boot_entries(log)
    lines, status = echo(shell, "function_that_is_not", "set_ftrace_filter", append=True)
    assert status == 1 and "ekprobes: error: set_ftrace_filter: unknown function " \
        "'function_that_is_not'" in lines, lines
    lines, status = echo(shell, "bogus", "current_tracer")
    assert status == 1 and any("ekprobes: error: current_tracer: unknown tracer 'bogus'" in l
                               for l in lines), lines


def test_shell_files(strategy, qemu, reconfigure, tmp_path):
    shell, log = boot(strategy, reconfigure, dtb=plain_dtb(strategy, qemu, tmp_path),
                      boot_args="")
    assert not ON_RE.search(log), log
    assert cat(shell, "available_tracers") == ["function nop"]
    assert cat(shell, "current_tracer") == ["nop"]
    assert cat(shell, "set_ftrace_filter") == ["#### all functions enabled ####"]
    assert cat(shell, "set_ftrace_notrace") == []
    assert cat(shell, "enabled_functions") == []
    avail = cat(shell, "available_filter_functions")
    assert len(avail) == len(site_offsets()), len(avail)
    assert "boot_stage" in avail and "cmd_peek" in avail and probetools.NOPROBE_FN not in avail
    assert "patch_text" not in avail and "ftrace_update_sites" not in avail

    shell.run_check(f"echo > {TRACING}/trace")
    echo(shell, "cmd_pe*", "set_ftrace_filter")
    echo(shell, "boot_stage", "set_ftrace_filter", append=True)
    assert sorted(cat(shell, "set_ftrace_filter")) == ["boot_stage", "cmd_peek"]
    echo(shell, "boot_stage", "set_ftrace_notrace")
    assert cat(shell, "set_ftrace_notrace") == ["boot_stage"]
    shell.run_check(f"echo function > {TRACING}/current_tracer")
    assert cat(shell, "current_tracer") == ["function"]
    assert [l.split()[:2] for l in cat(shell, "enabled_functions")] == [["cmd_peek", "(1)"]]
    for _ in range(3):
        shell.run_check("peek boot_stage")
    assert functions(shell) == [("cmd_peek", "shell_exec")] * 3
    # a filter written while tracing takes effect at once
    echo(shell, "", "set_ftrace_notrace")
    assert sorted(l.split()[0] for l in cat(shell, "enabled_functions")) == \
        ["boot_stage", "cmd_peek"]
    shell.run_check(f"echo nop > {TRACING}/current_tracer")
    assert cat(shell, "enabled_functions") == []
    shell.run_check("peek boot_stage")
    assert functions(shell) == [("cmd_peek", "shell_exec")] * 3  # nothing more


def test_on_off_restores_text(strategy, qemu, reconfigure, tmp_path):
    shell, log = boot(strategy, reconfigure, dtb=plain_dtb(strategy, qemu, tmp_path),
                      boot_args="ftrace=function ftrace_filter=mem_init")
    base = int(LOADED_RE.search(log).group(1), 16)
    sites = site_offsets()
    syms = probetools._symbols()  # pylint: disable=protected-access
    text = syms["_text"]
    odd = site_odd()

    def call(site):
        """The call an enabled site (an offset from _text) holds: on ARM
        the trampoline for its sp's parity (x86 has one)."""
        target = syms["ftrace_caller_odd" if odd[site] else "ftrace_caller"]
        return probetools.ftrace_call(text + site, target)

    mem_start, mem_size = func_range("mem_init")
    mem_site = [s for s in sites if mem_start <= text + s < mem_start + mem_size]
    assert len(mem_site) == 1
    assert site_bytes(shell, base + mem_site[0]) == call(mem_site[0])
    # every function on, then off: each site is the NOP again, exactly
    shell.run_check(f"echo > {TRACING}/set_ftrace_filter")
    shell.run_check(f"echo function > {TRACING}/current_tracer")
    assert len(cat(shell, "enabled_functions")) == len(sites)
    for s in sites[::max(1, len(sites) // 16)]:
        assert site_bytes(shell, base + s) == call(s), hex(s)
    shell.run_check(f"echo nop > {TRACING}/current_tracer")
    assert cat(shell, "enabled_functions") == []
    assert_text_restored(shell, base)
