"""i386 kprobes (TARGET=pc): early probes from the multiboot command line
fire before interrupts and timers; int3 probes that are boosted, stepped
with the trap flag and simulated all run the instruction right; return
probes; Linux's EILSEQ for an offset inside an instruction; malformed
definitions give the documented error line; the runtime self-tests."""
import re

import pytest

import probetools

ARMED_RE = re.compile(r"ekprobes: (\d+) early probe\(s\) armed")
EILSEQ = "Invalid or incomplete multibyte or wide character"


@pytest.fixture(autouse=True)
def _pc_only(board):
    if board != "pc":
        pytest.skip("i386 probes (int3, trap flag, x86 register names): TARGET=pc only")


def boot(strategy, reconfigure, boot_args):
    reconfigure(boot_args=boot_args)
    strategy.transition("off")
    strategy.transition("shell")
    return strategy.shell, strategy.shell.boot_log


def test_early_cmdline_before_irq_and_handover(strategy, reconfigure):
    shell, log = boot(strategy, reconfigure,
                      "kprobe_event=p:early/st,boot_stage,name=+0($arg1):string;"
                      "r:early/mi,mem_init,ret=$retval:s32 ekprobe=driver_probe_all")
    m = ARMED_RE.search(log)
    assert m and int(m.group(1)) == 3, log
    assert "early probe site(s) handed over" in log, log
    recs = probetools.trace(shell)
    names = [r["args"].get("name") for r in recs if r["event"] == "st"]
    # Every stage after the arming, the ones before irq_init and
    # time_init included, in order: none lost across the handover.
    assert names[:6] == ["ftrace", "setup_arch", "mem_init", "kprobes", "irq_init",
                         "time_init"], names
    assert "shell" in names, names
    assert [r["args"]["ret"] for r in recs if r["event"] == "mi"] == ["0"], recs
    assert any(r["event"] == "p_driver_probe_all_0" for r in recs), recs
    prof = probetools.profile(shell)
    assert prof["st"][0] == len(names) and prof["st"][1] == 0, prof


def test_eilseq_inside_an_instruction(booted):
    # boot_stage: push %ebp (1 byte); mov %esp,%ebp (2 bytes): +2 is inside.
    lines, _ = booted.run("echo 'p:t/bad boot_stage+2' >> /sys/kernel/tracing/kprobe_events")
    text = "\n".join(lines)
    assert EILSEQ in text, text
    assert "not on an instruction boundary" in text, text


def test_malformed_cmdline(strategy, reconfigure):
    _, log = boot(strategy, reconfigure,
                  "kprobe_event=p:x/a,no_such_function_here;p:x/b,boot_stage+2;"
                  "p:x/ok,boot_stage")
    errs = [l for l in log.splitlines() if "ekprobes: error: bootargs:kprobe_event[" in l]
    assert any("kprobe_event[0]" in l and "no_such_function_here" in l for l in errs), log
    assert any("kprobe_event[1]" in l and "not on an instruction boundary" in l
               for l in errs), log
    assert ARMED_RE.search(log).group(1) == "1", log


@pytest.mark.parametrize("optimize", ["0", "1"])
def test_boosted_stepped_simulated(fresh, optimize):
    """bench_targets.S: the probe sits on the second instruction of each;
    `call` runs them (their pointer argument is read, never used)."""
    sh = fresh
    sh.run_check(f"echo {optimize} > /proc/sys/debug/kprobes-optimization")
    for kind in ("nop2", "step", "branch"):
        sh.run_check(f"echo 'p:t/{kind} bench_insn_{kind}+4' >> "
                     "/sys/kernel/tracing/kprobe_events")
        sh.run_check(f"echo 1 > /sys/kernel/tracing/events/t/{kind}/enable")
    for _ in range(3):
        for kind in ("nop2", "step", "branch"):
            lines, _ = sh.run(f"call bench_insn_{kind}")
            assert any("returned" in l for l in lines), lines
    prof = probetools.profile(sh)
    for kind in ("nop2", "step", "branch"):
        assert prof[kind] == (3, 0), prof
    listing = probetools.kprobe_list(sh)
    assert len(listing) == 3, listing
    assert not any("[OPTIMIZED]" in l for l in listing if "bench_insn_step" in l
                   or "bench_insn_branch" in l), listing


@pytest.mark.parametrize("name", ["kprobes", "kprobes_safety", "kprobes_storm", "kprobes_ftrace"])
def test_selftests(fresh, name):
    lines = fresh.run_check(f"selftest {name}", timeout=60)
    assert f"selftest {name}: PASS" in "\n".join(lines), lines
