"""i386: early probes from /chosen/ekprobes in the DTB that arrives as the
first multiboot module (`-initrd build/dts/pc.dtb`), the same binding as
on ARM: armed in the first C function, firing before interrupts and
timers exist, handed over with every hit kept; a malformed one gets its
one error line naming the node and the index, and the others work."""
import re

import pytest

import probetools

ARMED_RE = re.compile(r"ekprobes: (\d+) early probe\(s\) armed")


@pytest.fixture(autouse=True)
def _pc_only(board):
    if board != "pc":
        pytest.skip("the DTB as a multiboot module: TARGET=pc only")


def test_dtb_module_probes(strategy, qemu, reconfigure, tmp_path):
    base = probetools.board_dtb(strategy, qemu, tmp_path)
    dtb = probetools.dtb_with_ekprobes(base, tmp_path / "early.dtb", {
        "early": {"probes": ["p:dt_stage boot_stage name=+0($arg1):string",
                             "r:dt_mem mem_init ret=$retval:s32",
                             "p:dt_bad no_such_function_here"]}})
    reconfigure(dtb=dtb, boot_args="")
    strategy.transition("off")
    strategy.transition("shell")
    shell, log = strategy.shell, strategy.shell.boot_log
    m = ARMED_RE.search(log)
    assert m and int(m.group(1)) == 2, log
    errs = [l for l in log.splitlines() if "ekprobes: error:" in l]
    assert len(errs) == 1 and "/chosen/ekprobes/early:probes[2]" in errs[0] and \
        "unknown symbol 'no_such_function_here'" in errs[0], errs
    # every stage after arming, those before irq_init and time_init first
    stages = re.findall(r"boot: stage (\w+)", log[m.end():])
    recs = probetools.trace(shell)
    names = [r["args"]["name"] for r in recs if r["event"] == "dt_stage"]
    assert names == stages and names.index("irq_init") > names.index("setup_arch"), names
    assert [r["args"]["ret"] for r in recs if r["event"] == "dt_mem"] == ["0"], recs
    prof = probetools.profile(shell)
    assert prof["dt_stage"] == (len(stages), 0) and prof["dt_mem"] == (1, 0), prof
    assert not [l for l in probetools.kprobe_list(shell) if "[EARLY]" in l]
