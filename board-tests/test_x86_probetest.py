"""The i386 instruction suite (`probetest`, arch/x86/kernel/probetest.c):
every case of probetest_cases.S (the instruction classes GCC emits in this
kernel) runs natively and under a real kprobe (trap: boosted, simulated or
stepped; stepped for a post handler; jump-optimized where the probe is),
with registers, flags, next ip and memory compared on the target CPU."""
import re

import pytest


@pytest.fixture(autouse=True)
def _pc_only(board):
    if board != "pc":
        pytest.skip("the i386 instruction suite: TARGET=pc only (ARM's is test_probes.py)")


def test_probetest(fresh):
    lines, _ = fresh.run("probetest", timeout=120)
    summary = [l for l in lines if re.match(r"probetest: \d+ cases, \d+ seeds each:", l)]
    assert summary and summary[-1].endswith("PASS"), "\n".join(lines[-30:])
    assert not [l for l in lines if "FAIL" in l], lines
    cases = int(re.findall(r"\d+", summary[-1])[0])
    assert cases >= 100, summary
    via = [l for l in lines if "via trap probes" in l]
    m = via and re.search(r"(\d+) cases checked via trap probes, (\d+) stepped for a post "
                          r"handler, (\d+) via optimized", via[-1])
    assert m and int(m.group(1)) == cases and int(m.group(2)) == cases, via
    assert int(m.group(3)) >= 70, via
