"""Probes on several CPUs at once (issue 13), on the SMP targets
(vexpress-a9-smp4, vexpress-a15-smp2, virt-smp4: `-smp N` in the env file,
QEMU's vCPUs running in parallel threads, no -icount, so races can show).

smpstress runs smpstress_target() in a loop on every CPU while the shell on
CPU 0 stays usable; probes on it must see every call, the probe machinery
must survive registration, arming and removal while the other CPUs run
through the very instructions it patches, and leave the text as the image
has it. Everything that runs on one CPU runs pinned to each (oncpu)."""
import re
import time

import pytest

import probetools
from test_ftrace import LOADED_RE, assert_text_restored, plain_dtb

SMP_RE = re.compile(r"-smp (\d+)")
ONLINE_RE = re.compile(r"smp: (\d+) of (\d+) CPU\(s\) online")
CPU_RE = re.compile(r"^smpstress: cpu(\d+) calls=(\d+)$")
TOTAL_RE = re.compile(r"smpstress: total calls=(\d+)")
SELFTESTS_RE = re.compile(r"^selftest: (\d+) run, (\d+) failed$")
TRACING = "/sys/kernel/tracing"
EVENTS = f"{TRACING}/kprobe_events"
OPT = "/proc/sys/debug/kprobes-optimization"
# (selftests report the undefined instructions and faults they contain)
FATAL = ("Internal error", "Kernel panic", "System halted")

pytestmark = pytest.mark.arm_only("secondary CPU start-up is ARM's")


@pytest.fixture(scope="module")
def ncpus(qemu):
    m = SMP_RE.search(qemu.extra_args or "")
    if not m or int(m.group(1)) < 2:
        pytest.skip("an SMP target's test (its env file gives QEMU -smp N)")
    return int(m.group(1))


@pytest.fixture(scope="module")
def plain(strategy, qemu, tmp_path_factory, ncpus):
    """The board's DTB (virt: QEMU's, for the same -smp) without its early
    probes: the vexpress DTs print every hit of theirs live, and name
    events this module's tests name too."""
    del ncpus  # (an SMP target first)
    return plain_dtb(strategy, qemu, tmp_path_factory.mktemp("smp"))


def boot(strategy, dtb, boot_args=None):
    """A fresh boot with @dtb (and @boot_args); the env's settings come
    back when the test ends (the fixtures below)."""
    if boot_args is None:
        strategy.configure(dtb=dtb)
    else:
        strategy.configure(dtb=dtb, boot_args=boot_args)
    strategy.transition("off")
    strategy.transition("shell")
    return strategy.shell


@pytest.fixture(scope="module")
def smp_booted(strategy, plain):
    """One boot shared by the read-only tests of this module."""
    yield boot(strategy, plain)
    strategy.restore_config()
    strategy.transition("off")


@pytest.fixture
def smp_fresh(strategy, plain):
    """A fresh boot for one destructive test."""
    yield boot(strategy, plain)
    strategy.restore_config()
    strategy.transition("off")


def on(cpu, cmd):
    """@cmd as run on CPU @cpu (CPU 0 runs the shell itself)."""
    return cmd if cpu == 0 else f"oncpu {cpu} {cmd}"


def no_fatal(shell):
    bad = [l for l in shell.transcript.splitlines() if any(f in l for f in FATAL)]
    assert not bad, bad


def start_stress(shell, seconds):
    """Start smpstress; returns where its lines will be in the transcript.
    They come when the run ends: before the next prompt if a command is
    running then, else at the prompt, which the shell shows again. So a
    test sends no command near the end of a run (it would race them),
    then waits for them with stress_results()."""
    lines = shell.run_check(f"smpstress {seconds}")
    assert any(l.startswith("smpstress_target() on ") for l in lines), lines
    return len(shell.transcript)


def stress_results(shell, since, ncpus, timeout=120):
    """The per-CPU and total lines of the run started at transcript offset
    @since (see start_stress())."""
    if not TOTAL_RE.search(shell.transcript[since:]):
        shell.wait_for(TOTAL_RE.pattern, timeout=timeout)
        shell.wait_for(r"ek# ", timeout=10)
    text = shell.transcript[since:]
    per_cpu = {int(m.group(1)): int(m.group(2))
               for m in map(CPU_RE.match, text.splitlines()) if m}
    total = int(TOTAL_RE.search(text).group(1))
    assert sorted(per_cpu) == list(range(ncpus)), text[-2000:]
    assert all(per_cpu.values()) and sum(per_cpu.values()) == total, per_cpu
    return total


def event(shell, definition, enable=True):
    shell.run_check(f"echo '{definition}' >> {EVENTS}")
    name = definition.split()[0].split(":")[1]
    if enable:
        shell.run_check(f"echo 1 > {TRACING}/events/kprobes/{name}/enable")
    return name


def test_cpus_online(smp_booted, ncpus):
    booted = smp_booted
    m = ONLINE_RE.search(booted.boot_log)
    assert m and int(m.group(1)) == int(m.group(2)) == ncpus, booted.boot_log
    lines, _ = booted.run("cat /proc/cpuinfo")
    assert [int(l.split(":")[1]) for l in lines if l.startswith("processor")] == \
        list(range(ncpus)), lines
    lines, _ = booted.run("help")
    assert any(l.split()[0] == "oncpu" for l in lines if l.strip()), lines
    lines, _ = booted.run(f"oncpu {ncpus} cat /proc/uptime")
    assert lines == [f"oncpu: cpu{ncpus} is not online"], lines


def test_smpstress_shell_stays_usable(smp_booted, ncpus):
    booted = smp_booted
    since = start_stress(booted, 10)
    # commands run at once meanwhile, CPU 0 taking its share between them
    t0 = time.monotonic()
    for _ in range(5):
        assert booted.run_check("echo usable") == ["usable"]
    assert time.monotonic() - t0 < 6, "the shell waited for smpstress"
    lines, _ = booted.run("smpstress 1")
    assert lines == ["smpstress: already running"], lines
    stress_results(booted, since, ncpus)
    no_fatal(booted)


@pytest.mark.timeout(300)
def test_probes_see_every_call(smp_fresh, ncpus):
    """A probe event and a return-probe event on smpstress_target, trap and
    optimized: each sees T hits exactly (entries == returns), none missed,
    and the trace holds hits of every CPU. (Hit counts summed over CPUs and
    each CPU's number in the trace come with the per-CPU ring buffers.)"""
    shell = smp_fresh
    event(shell, "p:ss smpstress_target")
    event(shell, "r:ssr smpstress_target")
    seen = {"ss": 0, "ssr": 0}
    for opt in ("0", "1"):
        shell.run_check(f"echo {opt} > {OPT}")
        lst = [l for l in probetools.kprobe_list(shell) if "smpstress_target" in l]
        assert len(lst) == 2 and all(("[OPTIMIZED]" in l) == (opt == "1") for l in lst), lst
        shell.run_check(f"echo > {TRACING}/trace")
        since = start_stress(shell, 2)
        total = stress_results(shell, since, ncpus)
        prof = probetools.profile(shell)
        for name in seen:
            hits, missed = prof[name]
            assert (hits - seen[name], missed) == (total, 0), (opt, name, prof, total)
            seen[name] = hits
        cpus = {r["cpu"] for r in probetools.trace(shell, timeout=120) if r["event"] == "ss"}
        assert cpus == set(range(ncpus)), (opt, cpus)
    no_fatal(shell)


@pytest.mark.timeout(400)
def test_probe_changes_while_every_cpu_runs_through(smp_fresh, ncpus):
    """For 20 s and more, with smpstress running on every CPU: probes on
    smpstress_target registered, enabled, disabled, optimized and back,
    removed; a probe on every function and off again. Nothing crashes or
    hangs, nothing is missed, and afterwards the text is the image's."""
    shell = smp_fresh
    base = int(LOADED_RE.search(shell.boot_log).group(1), 16)
    seconds, busy = 60, 20
    since = start_stress(shell, seconds)
    t0, rounds, longest = time.monotonic(), 0, 0.0
    # rounds for @busy s at least, and none that might still run when the
    # stress ends (its report would land among the commands): a round with
    # probe-all takes from seconds to tens of seconds, with the host's load
    while time.monotonic() - t0 < busy or not rounds:
        started = time.monotonic()
        assert started - t0 + 2 * longest < seconds, \
            f"the stress would end mid-round: {rounds} rounds, the longest {longest:.1f} s"
        event(shell, "p:ss smpstress_target a=$arg1:x32")
        event(shell, "r:ssr smpstress_target rv=$retval:x32")
        for opt in ("0", "1"):
            shell.run_check(f"echo {opt} > {OPT}")
        shell.run_check(f"echo 0 > {TRACING}/events/kprobes/ss/enable")
        shell.run_check("echo 0 > /sys/kernel/debug/kprobes/enabled")
        shell.run_check("echo 1 > /sys/kernel/debug/kprobes/enabled")
        shell.run_check(f"echo 0 > {TRACING}/events/kprobes/ssr/enable")
        prof = probetools.profile(shell)
        assert prof["ss"][1] == 0 and prof["ssr"][1] == 0, prof
        shell.run_check(f"echo > {EVENTS}")
        if rounds % 2 == 0:
            # (its report lines start with "probe-all:", which run()
            # takes for an error)
            lines, _ = shell.run("probe-all on", timeout=180)
            assert any(re.match(r"probe-all: \d+ functions probed", l) for l in lines), lines
            lines, _ = shell.run("probe-all off", timeout=180)
            assert any(l.endswith(", 0 instructions not restored") for l in lines), lines
        rounds += 1
        longest = max(longest, time.monotonic() - started)
    stress_results(shell, since, ncpus)
    assert probetools.kprobe_list(shell) == []
    shell.run_check(f"echo 1 > {OPT}")
    assert_text_restored(shell, base)
    no_fatal(shell)


@pytest.mark.timeout(900)
def test_selftests_and_probetest_on_every_cpu(smp_fresh, ncpus):
    shell = smp_fresh
    for cpu in range(ncpus):
        lines, _ = shell.run(on(cpu, "selftest all"), timeout=240)
        counts = [SELFTESTS_RE.match(l) for l in lines if SELFTESTS_RE.match(l)]
        assert counts and counts[-1].group(2) == "0", (cpu, lines)
        # the breakpoint race needs two CPUs taking part: pinned elsewhere,
        # the shell's CPU 0 takes none
        race = any(l.startswith("selftest kprobes_smp: breakpoint gone") for l in lines)
        assert race or (cpu and ncpus == 2), (cpu, lines)
        lines, _ = shell.run(on(cpu, "probetest"), timeout=240)
        summary = [l for l in lines if re.match(r"probetest: \d+ encodings in \d+ rows:", l)]
        assert summary and summary[-1].endswith("PASS"), (cpu, lines[-20:])
    no_fatal(shell)


def test_early_probes_then_every_cpu(strategy, plain, ncpus):
    """Early probes on an SMP boot fire before the secondaries exist and
    hand over with zero loss; the secondaries then start."""
    try:
        shell = boot(strategy, plain,
                     "kprobe_event=p:early/stage,boot_stage,name=+0($arg1):string")
        log = shell.boot_log
        armed = log.index("early probe(s) armed")
        stages = re.findall(r"boot: stage (\w+)", log[armed:])
        assert log.index("handed over") < log.index("boot: stage smp") < \
            ONLINE_RE.search(log).start(), log
        m = ONLINE_RE.search(log)
        assert m and int(m.group(1)) == ncpus, log
        recs = [r for r in probetools.trace(shell) if r["event"] == "stage"]
        assert [r["args"]["name"] for r in recs] == stages, (stages, recs)
        assert probetools.profile(shell)["stage"] == (len(stages), 0)
        no_fatal(shell)
    finally:
        strategy.restore_config()
        strategy.transition("off")
