"""Early sweep: probes on every probe-able function, seeded in-body offsets
and the hazard functions (board-tests/sweep.py) as early probes from the DT;
each boot reaches the shell and powers off, and every probe is armed or
refused with its own error line. `make check` runs a seeded sample of the
offsets and hazards; `make stress [SEED=N]` all of it (EK_SWEEP=full). The
seed is printed: EK_SEED=N (SEED=N for make stress) reproduces a run."""
import re

import pytest

import probetools
import sweep

pytestmark = pytest.mark.direct_boot

ARMED_RE = re.compile(r"ekprobes: (\d+) early probe\(s\) armed")
STAGE_RE = re.compile(r"boot: stage (\w+)")
BATCH = 1000  # EARLY_EVENTS_MAX is 1024; room for the board DT's own
SEED = sweep.seed()
FULL = sweep.full()
print(f"early sweep: EK_SEED={SEED} ({'full' if FULL else 'sample'})")


@pytest.fixture
def base_dtb(strategy, qemu, tmp_path):
    """The board's own DTB, taken before any test DTB is configured."""
    return probetools.board_dtb(strategy, qemu, tmp_path)


def sweep_boot(strategy, base, tmp_path, reconfigure, points, tag):
    """Boot with @points ["SYM" | "SYM+0xOFF"] as early probes; check the
    boot and return (shell, log, {name: point})."""
    named = {f"{tag}{i}": p for i, p in enumerate(points)}
    dtb = probetools.dtb_with_ekprobes(base, tmp_path / f"{tag}.dtb", {
        "sweep": {"probes": [f"p:{n} {p}" for n, p in named.items()]}})
    reconfigure(dtb=dtb)
    context = f"EK_SEED={SEED} {tag}: {len(points)} probe(s)"
    strategy.transition("off")
    try:
        strategy.transition("shell")
    except Exception as exc:  # the seed that reproduces a hang or an oops
        raise AssertionError(f"{context}: no shell") from exc
    log = strategy.shell.boot_log
    assert not probetools.oopses(log) and "hit inside the probe machinery" not in log, \
        f"{context}\n{log[-3000:]}"
    armed = int(ARMED_RE.search(log).group(1))
    refused = re.findall(r"ekprobes: error: /chosen/ekprobes/sweep:probes\[(\d+)\]: ", log)
    # each refused probe has exactly one line; the rest are armed
    assert len(set(refused)) == len(refused), (context, refused)
    assert armed + len(refused) == len(points), (context, armed, len(refused))
    return strategy.shell, log, named


def end(strategy, context):
    code, text = strategy.poweroff()
    assert code == 0, f"{context}: poweroff: {code}\n{text}"


def chunks(seq, n):
    return [seq[i:i + n] for i in range(0, len(seq), n)]


def test_every_function_as_early_probe(strategy, base_dtb, tmp_path, reconfigure):
    funcs = sorted(sweep.functions())
    assert len(funcs) > 300, len(funcs)
    for b, batch in enumerate(chunks(funcs, BATCH)):
        shell, log, named = sweep_boot(strategy, base_dtb, tmp_path, reconfigure, batch, f"f{b}_")
        prof = probetools.profile(shell)
        # entry probes are never refused: all armed, all handed over
        assert set(named) <= set(prof), sorted(set(named) - set(prof))[:10]
        if "boot_stage" in batch:  # one known count among them
            name = next(n for n, p in named.items() if p == "boot_stage")
            stages = STAGE_RE.findall(log[ARMED_RE.search(log).end():])
            assert prof[name] == (len(stages), 0), (prof[name], stages)
        end(strategy, f"batch {b}")


def test_in_body_offsets(strategy, base_dtb, tmp_path, reconfigure):
    import random
    rng = random.Random(SEED)
    funcs = sweep.functions()
    per_boot, boots = (BATCH // 2, 8) if FULL else (200, 1)
    for b in range(boots):
        points = [f"{n}+0x{o:x}" for n, o in sweep.offsets(rng, funcs, per_boot)]
        shell, log, named = sweep_boot(strategy, base_dtb, tmp_path, reconfigure, points, f"o{b}_")
        prof = probetools.profile(shell)
        refused = {int(i) for i in
                   re.findall(r"ekprobes: error: /chosen/ekprobes/sweep:probes\[(\d+)\]: ", log)}
        for i, (name, point) in enumerate(named.items()):
            assert (name in prof) != (i in refused), (f"EK_SEED={SEED}", point)
        end(strategy, f"offsets {b}")


def test_hazards_one_boot_each(strategy, base_dtb, tmp_path, reconfigure):
    """Probe-able hazards (what the handlers and the handover call) arm and
    fire; what the probe path itself runs (early_trap, patch_text, the
    fixmap helpers, ...) is refused with its one error line. One boot each,
    to the shell and a clean power-off."""
    import random
    armed = sweep.hazards()
    refused = sweep.refused_hazards()
    assert {"record", "probe_record", "kzalloc"} <= set(armed), armed
    assert {"early_trap", "patch_text", "fixmap_map", "fixmap_unmap"} <= set(refused), refused
    if not FULL:
        rng = random.Random(SEED)
        armed = sorted(rng.sample(armed, min(6, len(armed))))
        refused = sorted({"early_trap", "fixmap_map"} | set(rng.sample(refused, 4)))
    for i, h in enumerate(armed + refused):
        shell, log, named = sweep_boot(strategy, base_dtb, tmp_path, reconfigure, [h], f"h{i}_")
        prof = probetools.profile(shell)
        errs = [l for l in log.splitlines() if "ekprobes: error: /chosen/ekprobes/sweep:" in l]
        if h in armed:
            assert f"h{i}_0" in prof and not errs, (h, prof, errs)
        else:
            assert f"h{i}_0" not in prof and len(errs) == 1 and "blacklisted" in errs[0], \
                (h, errs)
        end(strategy, h)


# Functions that change how patch_text() must write (the MMU and the text's
# read-only mapping come on inside them: ARM's mmu_enable() is inlined into
# arch_setup(), i386's arch_setup() sets CR0.PG and WP itself): a probe on
# any of their instructions first fires with the MMU already on or still
# off.
MODE_SWITCH = ("arch_setup",)


def test_every_instruction_where_the_mmu_comes_on(strategy, base_dtb, tmp_path, reconfigure):
    """Early probes on every instruction of the functions that turn the MMU
    on: each first hit fills its slot with whatever patch_text() mode the
    hardware is in at that instruction, not what a flag said a moment ago.
    Deterministic: the seeded sweep found this window once in 20 runs."""
    funcs = sweep.functions()
    points = [f"{f}+0x{o:x}" for f in MODE_SWITCH for o in sweep.instruction_offsets(f, funcs)]
    shell, log, named = sweep_boot(strategy, base_dtb, tmp_path, reconfigure, points, "m")
    prof = probetools.profile(shell)
    refused = {int(i) for i in
               re.findall(r"ekprobes: error: /chosen/ekprobes/sweep:probes\[(\d+)\]: ", log)}
    for i, (name, point) in enumerate(named.items()):
        assert (name in prof) != (i in refused), point
    # arch_setup runs once, so each armed probe on it that ran fired once
    assert prof[named_of(named, "arch_setup")] == (1, 0), prof
    end(strategy, "mmu switch")


def named_of(named, point):
    return next(n for n, p in named.items() if p == point or p == point + "+0x0")
