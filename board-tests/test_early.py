"""Early probes: armed from /chosen/ekprobes and the command line in the
first C function of boot, firing on functions that run before the MMU,
interrupts and timers, with argument values the test knows; handed over to
the full subsystem without losing a hit; every malformed input reported on
one line naming its source while the other probes keep working."""
import re

import pytest

import probetools

ARMED_RE = re.compile(r"ekprobes: (\d+) early probe\(s\) armed(?:, (\d+) registered disarmed)?")
DTB_AT_RE = re.compile(r"boot: stage fdt: DTB at (0x[0-9a-f]+)")
STAGE_RE = re.compile(r"boot: stage (\w+)")
ERROR_RE = re.compile(r"ekprobes: error: (\S+): (.*)$")
# dt_memory_regions(fdt, out, max): both callers pass an 8-entry array
MEM_MAX_REGIONS = 8



def boot(strategy, reconfigure, dtb=..., boot_args=...):
    reconfigure(dtb=dtb, boot_args=boot_args)
    strategy.transition("shell")
    return strategy.shell, strategy.shell.boot_log


def armed(log):
    m = ARMED_RE.search(log)
    assert m, log
    return int(m.group(1)), int(m.group(2) or 0)


def stages_after_arming(log):
    """Stage names announced after the probes were armed, in order."""
    return STAGE_RE.findall(log[ARMED_RE.search(log).end():])


def errors(log):
    out = []
    for line in log.splitlines():
        m = ERROR_RE.search(line)
        if m:
            out.append((m.group(1), m.group(2)))
    return out


def test_dt_probes_before_mmu_and_handover(strategy, qemu, reconfigure, tmp_path):
    base = probetools.board_dtb(strategy, qemu, tmp_path)
    dtb = probetools.dtb_with_ekprobes(base, tmp_path / "early.dtb", {
        "boot": {"probes": ["p:stage boot_stage name=+0($arg1):string",
                            "p:regions dt_memory_regions fdt=$arg1:x32 max=$arg3:u32",
                            "r:banks dt_memory_regions n=$retval:s32"]},
    })
    shell, log = boot(strategy, reconfigure, dtb=dtb)
    assert armed(log) == (3, 0)
    assert not errors(log), log
    assert "early probe site(s) handed over" in log, log
    dtb_at = DTB_AT_RE.search(log).group(1)

    recs = probetools.trace(shell)
    stages = stages_after_arming(log)
    # zero lost hits: one per stage announced after arming, across the
    # MMU switch-on and the handover to dynamic slots
    assert [r["args"]["name"] for r in recs if r["event"] == "stage"] == stages, (stages, recs)
    assert "setup_arch" in stages and "kprobes" in stages and stages[-1] == "shell"
    regions = [r for r in recs if r["event"] == "regions"]
    assert [(int(r["args"]["fdt"], 16), int(r["args"]["max"])) for r in regions] == \
        [(int(dtb_at, 16), MEM_MAX_REGIONS)] * 2, regions
    banks = [r for r in recs if r["event"] == "banks"]
    assert [r["args"]["n"] for r in banks] == ["1", "1"], banks
    # the first call comes from arch_setup, before the MMU is switched on
    assert banks[0]["where"].startswith("arch_setup+") and \
        banks[0]["where"].endswith("<- dt_memory_regions"), banks
    prof = probetools.profile(shell)
    assert prof["stage"] == (len(stages), 0) and prof["regions"] == (2, 0), prof
    lst = probetools.kprobe_list(shell)
    # every record converted: no bridge ([EARLY]) stays behind
    # (test_trust.py shows one that does, when a record cannot convert)
    assert lst and not [l for l in lst if "[EARLY]" in l], lst
    # entry probes of traced functions are ftrace-based, the rest optimized
    assert all(l.endswith("[FTRACE]") or "[OPTIMIZED]" in l for l in lst), lst
    assert [l for l in lst if probetools.entry_point("boot_stage") in l.split()][0] \
        .endswith("[FTRACE]"), lst


def test_ekprobe_cmdline(strategy, reconfigure):
    shell, log = boot(strategy, reconfigure, boot_args="ekprobe=mem_init,boot_stage")
    n, _ = armed(log)
    prof = probetools.profile(shell)
    from_dt = [e for e in prof if not e.startswith("p_")]  # the board DT's own probes
    assert n == 2 + len(from_dt), (log, prof)
    assert prof["p_mem_init_0"] == (1, 0), prof
    assert prof["p_boot_stage_0"] == (len(stages_after_arming(log)), 0), prof


def test_kprobe_event_cmdline(strategy, reconfigure):
    args = ("kprobe_event=p:early/regions,dt_memory_regions,fdt=$arg1:x32,max=$arg3:u32;"
            "r:early/banks,dt_memory_regions,n=$retval:s32")
    shell, log = boot(strategy, reconfigure, boot_args=args)
    assert not [e for e in errors(log) if e[0].startswith("bootargs")], log
    dtb_at = int(DTB_AT_RE.search(log).group(1), 16)
    lines, _ = shell.run("cat /sys/kernel/tracing/kprobe_events")
    assert "p:early/regions dt_memory_regions fdt=$arg1:x32 max=$arg3:u32" in lines, lines
    assert "r:early/banks dt_memory_regions n=$retval:s32" in lines, lines
    recs = probetools.trace(shell)
    assert [(int(r["args"]["fdt"], 16), int(r["args"]["max"])) for r in recs
            if r["event"] == "regions"] == [(dtb_at, MEM_MAX_REGIONS)] * 2, recs
    assert [r["args"]["n"] for r in recs if r["event"] == "banks"] == ["1", "1"], recs


STAGE_LINE_RE = re.compile(r"^\[\s*(\d+\.\d+)\] boot: stage (\w+)")


@pytest.mark.arm_only("i386 prints 0.000000 until its TSC is calibrated, after early arming")
def test_early_timestamps_follow_the_clock(strategy, reconfigure):
    """Hits recorded before and after the clocksource takes over (the trace
    clock changes epoch at time_init), by the early records, the general
    record path (a string argument) and the register-word one: each stays
    on the printk time line, just before its stage's own line."""
    args = ("kprobe_event=p:clk/named,boot_stage,name=+0($arg1):string;"
            "p:clk/word,boot_stage,a=$arg1:x32")
    shell, log = boot(strategy, reconfigure, boot_args=args)
    assert not [e for e in errors(log) if e[0].startswith("bootargs")], log
    printed = {}
    for line in log.splitlines():
        m = STAGE_LINE_RE.match(line.strip())
        if m:
            printed.setdefault(m.group(2), float(m.group(1)))
    stages = stages_after_arming(log)
    assert "time_init" in stages and "drivers" in stages, stages
    recs = [r for r in probetools.trace(shell) if r["event"] in ("named", "word")]
    names = [r["args"]["name"] for r in recs if r["event"] == "named"]
    assert names == stages, (names, stages)
    assert len([r for r in recs if r["event"] == "word"]) == len(stages), recs
    stamps = [r["ts"] for r in recs]
    assert stamps == sorted(stamps), recs
    for pair in zip(recs[0::2], recs[1::2]):  # both events fire on each call
        stage = next(r["args"]["name"] for r in pair if r["event"] == "named")
        for r in pair:
            assert printed[stage] - 0.05 <= r["ts"] <= printed[stage], (stage, r, printed[stage])


def mrc_site():
    text = probetools.probeable_range()
    for func, off, addr in probetools.instructions("mrc"):
        if text[0] <= addr < text[1] and not func.startswith(("arch_counter", "read_")):
            return func, off
    return None


def test_malformed_inputs_reported_and_boot_continues(strategy, qemu, reconfigure, tmp_path):
    site = mrc_site()
    defs = [  # (definition, expected message start)
        ("x:foo boot_stage", "unknown probe type"),
        ("p nosuch_function", "unknown symbol 'nosuch_function'"),
        ("p boot_stage+2", "cannot probe boot_stage+0x2: offset is not on an instruction "
                           "boundary"),
        ("p boot_stage+0x100000", "offset 0x100000 is beyond the end of boot_stage"),
        ("p kprobe_handle_trap", "cannot probe there: address is in the probe machinery"),
        ("p boot_stage x=%q7", "unknown register"),
        (f"p boot_stage x={probetools.REG0}:u7", "bad fetch argument type"),
        (f"p boot_stage x=+0({probetools.REG0}", "missing ')' after dereference"),
        ("r boot_stage a=$arg1", "$argN is only available at function entry"),
        ("p boot_stage v=$retval", "$retval is only for return probes"),
        (f"p boot_stage a={probetools.REG0} a={probetools.REG1}", "argument name is already used"),
        ("p boot_stage v=@nosuch_symbol", "unknown symbol 'nosuch_symbol'"),
        ("p boot_stage v=\\zz", "bad immediate value"),
        ("p", "missing probe point"),
        ("p boot_stage v=$stack9999", "bad stack entry number"),
        (f"p boot_stage v=+0(+0(+0(+0(+0({probetools.REG0}))))):u32",
         "dereference nesting is too deep"),
        ("r9999:rr boot_stage", "maxactive out of range"),
        ("p boot_stage v=$bogus", "unknown variable"),
    ]
    if site:
        defs.append((f"p {site[0]}+{site[1]}",
                     f"cannot probe {site[0]}+0x{site[1]:x}: MRC p15 is not safe to single-step"))
    base = probetools.board_dtb(strategy, qemu, tmp_path)
    dtb = probetools.dtb_with_ekprobes(base, tmp_path / "bad.dtb", {
        "good": {"probes": ["p:good boot_stage"]},
        "defs": {"probes": [d for d, _ in defs]},
        "nolist": {"disabled": True},
        "ints": {"raw": {"probes": ["-t", "u", "1"]}},
        "holes": {"probes": ["p:h0 mem_init", "", "p:h2 mem_init"],
                  "raw": {"extra": ["-t", "u", "1"]}},
        "bad-name": {"probes": ["p:bn boot_stage"]},
    }, ekprobes_props={"buffer-entries": ["-t", "s", "many"], "verbose": ["-t", "u", "1"]})
    cmdline = ("ekprobe=,mem_init ekprobe=nosuch2 kprobe_event=;p,nosuch3 "
               "ekprobes.print=yes ekprobes.bogus=1 kprobe_event")
    shell, log = boot(strategy, reconfigure, dtb=dtb, boot_args=cmdline)
    got = errors(log)
    expected = [(f"/chosen/ekprobes/defs:probes[{i}]", msg) for i, (_, msg) in enumerate(defs)]
    expected += [
        ("/chosen/ekprobes:buffer-entries", "must be one 32-bit cell"),
        ("/chosen/ekprobes:verbose", "unknown property"),
        ("/chosen/ekprobes/nolist", "missing 'probes' property"),
        ("/chosen/ekprobes/ints:probes", "must be a list of strings"),
        ("/chosen/ekprobes/holes:extra", "unknown property"),
        ("/chosen/ekprobes/holes:probes[1]", "empty probe definition"),
        ("/chosen/ekprobes/bad-name", "group node name must be"),
        ("bootargs:ekprobe[0]", "empty symbol"),
        ("bootargs:ekprobe[2]", "unknown symbol 'nosuch2'"),
        ("bootargs:kprobe_event[0]", "empty probe definition"),
        ("bootargs:kprobe_event[1]", "unknown symbol 'nosuch3'"),
        ("bootargs:ekprobes.print", "expected 0 or 1"),
        ("bootargs:ekprobes.bogus", "unknown parameter"),
        ("bootargs:kprobe_event", "needs a value"),
    ]
    assert len(expected) >= 30
    for source, msg in expected:
        hits = [m for s, m in got if s == source and m.startswith(msg)]
        assert len(hits) == 1, f"{source}: expected one '{msg}...' line, got {got}"
    assert len(got) == len(expected), got
    # the good probes still work: DT and command line
    prof = probetools.profile(shell)
    stages = stages_after_arming(log)
    assert prof["good"] == (len(stages), 0), prof
    assert prof["h0"] == (1, 0) and prof["h2"] == (1, 0), prof
    assert prof["p_mem_init_0"] == (1, 0), prof
    assert shell.run("echo alive")[0] == ["alive"]


def test_overlong_command_line(strategy, reconfigure):
    pad = "x" * 1100
    shell, log = boot(strategy, reconfigure, boot_args=f"ekprobe=mem_init pad={pad} ekprobe=boot_stage")
    assert ("bootargs", f"command line is {len('ekprobe=mem_init pad=') + 1100 + len(' ekprobe=boot_stage')} bytes; "
            "only the first 1023 are read, probes after that are ignored") in errors(log), log
    prof = probetools.profile(shell)
    assert prof["p_mem_init_0"] == (1, 0) and "p_boot_stage_0" not in prof, prof


def test_pool_exhaustion_names_every_probe(strategy, qemu, reconfigure, tmp_path):
    n = 2000
    base = probetools.board_dtb(strategy, qemu, tmp_path)
    dtb = probetools.dtb_with_ekprobes(base, tmp_path / "many.dtb", {
        "many": {"probes": [f"p:e{i} boot_stage" for i in range(n)]},
    })
    shell, log = boot(strategy, reconfigure, dtb=dtb)
    got = errors(log)
    n_armed, _ = armed(log)
    missing = {s for s, _ in got}
    assert n_armed >= 32 and n_armed + len(got) == n, (n_armed, len(got))
    assert len(missing) == len(got), "an unarmed probe was reported twice"
    assert missing == {f"/chosen/ekprobes/many:probes[{i}]" for i in range(n_armed, n)}, got[:3]
    prof = probetools.profile(shell)
    assert prof["e0"][0] == len(stages_after_arming(log)), prof["e0"]


def test_print_on_console_output_path(strategy, reconfigure):
    """Live printing with a probe on the UART write routine itself: the
    boot completes, and hits made while printing are counted as missed."""
    shell, log = boot(strategy, reconfigure,
                      boot_args=f"ekprobes.print=1 kprobe_event=p:out,{probetools.UART_WRITE}")
    assert f"ekprobes: out: ({probetools.entry_point(probetools.UART_WRITE)}/" in log, log[-2000:]
    shell.send_line("echo 0 > /sys/kernel/tracing/events/kprobes/out/enable")
    shell.read_quiet(quiet=0.5, timeout=10)
    assert shell.run("echo alive")[0][-1] == "alive"
    hits, missed = probetools.profile(shell)["out"]
    assert hits > 10 and missed > 0, (hits, missed)


def test_enabled_0_registers_disarmed(strategy, reconfigure):
    shell, log = boot(strategy, reconfigure, boot_args="ekprobes.enabled=0 ekprobe=boot_stage")
    n_armed, n_disarmed = armed(log)
    assert n_armed == 0 and n_disarmed >= 1, log
    lst = [l for l in probetools.kprobe_list(shell)
           if probetools.entry_point("boot_stage") in l.split()]
    assert lst and "[DISABLED]" in lst[0], lst
    assert probetools.profile(shell)["p_boot_stage_0"] == (0, 0)


def test_dt_disabled_group_and_small_buffer(strategy, qemu, reconfigure, tmp_path):
    base = probetools.board_dtb(strategy, qemu, tmp_path)
    dtb = probetools.dtb_with_ekprobes(base, tmp_path / "small.dtb", {
        "on": {"probes": ["p:stage boot_stage name=+0($arg1):string"]},
        "off": {"probes": ["p:quiet mem_init"], "disabled": True},
    }, ekprobes_props={"buffer-entries": ["-t", "u", "4"]})
    shell, log = boot(strategy, reconfigure, dtb=dtb)
    assert armed(log) == (1, 1), log
    prof = probetools.profile(shell)
    assert prof["quiet"] == (0, 0), prof
    stages = stages_after_arming(log)
    lines, _ = shell.run("cat /sys/kernel/tracing/trace")
    # overwrite-oldest, counted: 4 kept of len(stages) written
    assert f"# entries-in-buffer/entries-written: 4/{len(stages)}   #P:1" in lines, lines
    names = [r["args"]["name"] for r in probetools.trace(shell) if r["event"] == "stage"]
    assert names == stages[-4:], (names, stages)
