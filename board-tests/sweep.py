"""What the early sweep probes (board-tests/test_sweep.py): every probe-able
function of the linked image, seeded in-body offsets, and the hazards the
probe-safety check (scripts/noprobe_check) leaves probe-able on purpose:
its boundaries (code that runs with the CPU busy) and what they and the
handover call directly."""
import os
import random
import re
import subprocess

import probetools

READELF = "arm-none-eabi-readelf"
REACHABLE = os.path.join(probetools.HERE, "..", "build", probetools.ARCH,
                         "noprobe-reachable.txt")
# A direct branch to a function in objdump -d output: ARM bl/b/blx (any
# condition), i386 call/jmp/jcc.
BRANCH_RE = re.compile({
    "arm": r"\s(?:bl|b|blx)(?:eq|ne|cs|cc|mi|pl|vs|vc|hi|ls|ge|lt|gt|le)?\s+"
           r"[0-9a-f]+ <([^>+]+)>",
    "x86": r"\s(?:call|jmp|j[a-z]{1,3})\s+[0-9a-f]+ <([^>+]+)>",
}[probetools.ARCH])
# Functions that run the handover (kernel/kprobes.c, early_handover.c) and
# the early hit path under busy: their callees are hazards too.
HANDOVER = ("kprobes_handover", "early_events_handover", "install", "bridge_hit",
            "free_static_slots", "record")


def functions():
    """{name: (address, size)} of every probe-able function: ARM code
    outside the never-probe range, with a size."""
    out = subprocess.run([READELF, "-sW", probetools.VMLINUX], check=True,
                         capture_output=True, text=True, timeout=60).stdout
    syms, funcs, seen = {}, {}, {}
    for line in out.splitlines():
        p = line.split()
        if len(p) < 8 or not p[0].endswith(":") or not p[0][:-1].isdigit():
            continue
        syms[p[7]] = int(p[1], 16)
        if p[3] == "FUNC":
            seen[p[7]] = seen.get(p[7], 0) + 1
            if int(p[2]) > 0 and not int(p[1], 16) & 1:
                funcs.setdefault(p[7], (int(p[1], 16), int(p[2])))
    lo, hi = syms["__noprobe_text_end"], syms["_etext"]
    # A name two static functions share (selftest handlers) resolves to
    # either: probing by name cannot say which, so those are left out.
    return {n: v for n, v in funcs.items() if lo <= v[0] < hi and seen[n] == 1}


def direct_callees(names):
    """Names of the functions @names branch to directly (objdump)."""
    out = subprocess.run([probetools.OBJDUMP, "-d", "--no-show-raw-insn", probetools.VMLINUX],
                         check=True, capture_output=True, text=True, timeout=60).stdout
    callees, current = set(), None
    for line in out.splitlines():
        m = re.match(r"^[0-9a-f]+ <([^>]+)>:$", line)
        if m:
            current = m.group(1)
            continue
        m = BRANCH_RE.search(line)
        if m and current in names:
            callees.add(m.group(1))
    return callees


def reachable():
    """(functions the probe path runs, boundaries) as noprobe_check wrote them."""
    path, bounds = set(), set()
    with open(REACHABLE) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if p[0] == "boundary":
                bounds.add(p[1])
            elif p[0].startswith("0x") and len(p) > 1:
                path.add(p[1])
    return path, bounds


def hazards():
    """Sorted probe-able hazard functions (see the module comment)."""
    funcs = functions()
    _, boundaries = reachable()
    roots = boundaries | {n for n in HANDOVER if n in funcs or n in boundaries}
    found = (boundaries | set(HANDOVER) | direct_callees(roots)) & set(funcs)
    return sorted(found)


def refused_hazards():
    """Sorted functions the probe path runs (early_trap, patch_text and the
    fixmap helpers, ...): every one must be refused, with its error line."""
    path, _ = reachable()
    return sorted(path)


def instruction_offsets(name, funcs):
    """The offset of every instruction of function @name: ARM's are 4
    bytes each; i386's as objdump decodes them."""
    start, size = funcs[name]
    if probetools.ARCH != "x86":
        return list(range(0, size, 4))
    out = subprocess.run([probetools.OBJDUMP, "-d", "--no-show-raw-insn",
                          f"--start-address={start:#x}", f"--stop-address={start + size:#x}",
                          probetools.VMLINUX],
                         check=True, capture_output=True, text=True, timeout=60).stdout
    return [int(m.group(1), 16) - start
            for m in re.finditer(r"^\s*([0-9a-f]+):\s", out, re.M)]


def offsets(rng, funcs, n):
    """@n (function, offset) pairs after the entry: ARM, a random
    instruction; i386, a random byte, which is an instruction boundary (to
    arm) or not (to refuse with EILSEQ), as the decoder says."""
    names = sorted(f for f, (_, size) in funcs.items() if size > 4)
    out = []
    for name in rng.sample(names, min(n, len(names))):
        size = funcs[name][1]
        if probetools.ARCH == "x86":
            out.append((name, rng.randrange(1, size)))
        else:
            out.append((name, 4 * rng.randrange(1, size // 4)))
    return out


def seed():
    """EK_SEED from the environment (make stress SEED=N), else a fresh one."""
    s = os.environ.get("EK_SEED", "")
    return int(s) if s else random.SystemRandom().randrange(1, 1 << 31)


def full():
    return os.environ.get("EK_SWEEP") == "full"


def literal_pools(limit=3):
    """Up to @limit "SYM+0xOFF" points inside probe-able functions that are
    data (a $d mapping symbol: a literal pool), not instructions."""
    funcs = functions()
    out = subprocess.run([READELF, "-sW", probetools.VMLINUX], check=True,
                         capture_output=True, text=True, timeout=60).stdout
    pools = sorted(int(p[1], 16) for p in (l.split() for l in out.splitlines())
                   if len(p) >= 8 and re.fullmatch(r"\$d(\.\d+)?", p[7]))
    found = []
    for name, (addr, size) in sorted(funcs.items(), key=lambda f: f[1][0]):
        inside = [a for a in pools if addr < a < addr + size]
        if inside:
            found.append(f"{name}+0x{inside[0] - addr:x}")
        if len(found) == limit:
            break
    return found
