"""Helpers for the probe board tests: device trees carrying /chosen/ekprobes,
and parsers for the tracefs-like files the kernel exposes."""
import os
import re
import subprocess

import dtbtools

HERE = os.path.dirname(os.path.abspath(__file__))
# The target's architecture: conftest.py sets EK_ARCH from the labgrid env
# file before the tests are imported (arm unless its kernel is build/x86's).
ARCH = os.environ.get("EK_ARCH", "arm")
# Per arch: the binutils prefix; the bytes ftrace_init() puts at every
# function tracer call site (ARM: `pop {lr}`, which undoes the site's push;
# x86: the 5-byte NOP 0f 1f 44 00 00); what the boot prints once the
# text is read-only; a never-probe function the filters must refuse; how
# a register dump names the faulting instruction, and the line every oops
# starts with (ARM's "Internal error: ...", Linux i386's
# "<what>: <error code> [#<n>]", e.g. "Oops: 0002 [#1]").
_ARCHS = {
    "arm": {"cross": "arm-none-eabi-", "nop": (0xe49de004).to_bytes(4, "little"),
            "mmu_on": "mmu: on", "noprobe_fn": "do_undefinstr",
            "regs": ("%r0", "%r1"), "uart_write": "pl011_write",
            "faults": ("data abort", "prefetch abort"), "pc_at": "PC is at ",
            "oops": r"Internal error: "},
    "x86": {"cross": "", "nop": bytes.fromhex("0f1f440000"),
            "mmu_on": "mmu: paging on", "noprobe_fn": "do_trap",
            "regs": ("%ax", "%bx"), "uart_write": "ns16550_write",
            "faults": ("page fault", "page fault"), "pc_at": "EIP: ",
            "oops": r"^(\[\s*\d+\.\d+\] )?[\w ]+: [0-9a-f]{4} \[#\d+\]$"},
}[ARCH]
# Two register names of the target's fetch-argument syntax, and the
# console UART's write routine (reached through a function pointer).
REG0, REG1 = _ARCHS["regs"]
# What the kernel calls a bad data access and a bad instruction fetch.
FAULT_DATA, FAULT_FETCH = _ARCHS["faults"]
# "PC is at sym+off/size" (ARM) or "EIP: sym+off/size" (i386) starts that
# line of a register dump.
PC_AT = _ARCHS["pc_at"]
OOPS_RE = re.compile(_ARCHS["oops"], re.M)


def oopses(text):
    """The oops header lines in a console capture."""
    return [m.group(0) for m in OOPS_RE.finditer(text)]
UART_WRITE = _ARCHS["uart_write"]
VMLINUX = os.path.join(HERE, "..", "build", ARCH, "vmlinux")
OBJDUMP = _ARCHS["cross"] + "objdump"
NM = _ARCHS["cross"] + "nm"
OBJCOPY = _ARCHS["cross"] + "objcopy"
FTRACE_NOP = _ARCHS["nop"]
MMU_ON = _ARCHS["mmu_on"]
NOPROBE_FN = _ARCHS["noprobe_fn"]


def ftrace_call(site, target):
    """The bytes of an enabled function tracer site at link address @site
    that calls @target: ARM `bl`, x86 `call rel32`."""
    if ARCH == "x86":
        return b"\xe8" + ((target - (site + 5)) & 0xffffffff).to_bytes(4, "little")
    return (0xeb000000 | (((target - (site + 8)) >> 2) & 0xffffff)).to_bytes(4, "little")


def image_bytes(start, count):
    """@count bytes of vmlinux's .text from link address @start."""
    out = subprocess.run([OBJCOPY, "-O", "binary", "--only-section=.text", VMLINUX,
                          "/dev/stdout"], check=True, capture_output=True, timeout=60).stdout
    base = _symbols()["_text"]
    return out[start - base:start - base + count]

# printk lines (live printing of probe hits, kernel messages) can land in
# the middle of a command's output; the file parsers skip them.
PRINTK_RE = re.compile(r"^\[\s*\d+\.\d+\] ")
PROFILE_RE = re.compile(r"^\s*(\S+)\s+(\d+)\s+(\d+)\s*$")
TRACE_RE = re.compile(r"^\s*(\S+)-(\d+)\s+\[(\d+)\]\s+(\S+)\s+([\d.]+): (\S+): \((.*?)\)(.*)$")
# a function tracer entry: "... 0.011946: boot_stage <-start_kernel"
FUNCTION_RE = re.compile(r"^\s*\S+-\d+\s+\[\d+\]\s+\S+\s+[\d.]+: \w+ <-\S+$")
ARG_RE = re.compile(r'(\w+)=("(?:[^"]*)"|\S+)')


def fdtput(dtb, *args):
    subprocess.run(["fdtput", str(dtb), *map(str, args)], check=True, capture_output=True,
                   timeout=30)


def dtb_with_ekprobes(base, out, groups, ekprobes_props=None, keep_existing=False):
    """Copy @base to @out with /chosen/ekprobes holding @groups
    ({name: {"probes": [...], "disabled": bool, other: raw fdtput args}}) and
    @ekprobes_props ({"print": None (empty) | ["-t", "u", "8"] ...})."""
    with open(base, "rb") as f, open(out, "wb") as g:
        g.write(f.read())
    if not keep_existing:
        subprocess.run(["fdtput", "-r", str(out), "/chosen/ekprobes"], capture_output=True,
                       timeout=30)  # absent is fine
    fdtput(out, "-p", "-c", "/chosen/ekprobes")
    for prop, value in (ekprobes_props or {}).items():
        if value is None:
            fdtput(out, "-t", "s", "/chosen/ekprobes", prop)  # replaced below
            subprocess.run(["fdtput", "-d", str(out), "/chosen/ekprobes", prop], check=True,
                           capture_output=True, timeout=30)
            _empty_prop(out, "/chosen/ekprobes", prop)
        else:
            fdtput(out, *value[:-1], "/chosen/ekprobes", prop, value[-1])
    for name, spec in groups.items():
        node = f"/chosen/ekprobes/{name}"
        fdtput(out, "-c", node)
        if spec.get("probes") is not None:
            fdtput(out, "-t", "s", node, "probes", *spec["probes"])
        if spec.get("disabled"):
            _empty_prop(out, node, "disabled")
        for prop, raw in spec.get("raw", {}).items():
            if raw is None:
                _empty_prop(out, node, prop)
            else:
                fdtput(out, *raw[:-1], node, prop, raw[-1])
    return out


def _empty_prop(dtb, node, prop):
    """An empty (boolean) property: fdtput cannot write one, so round-trip
    through dtc with the property added to the node's source text."""
    src = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", str(dtb)], check=True,
                         capture_output=True, timeout=30).stdout.decode()
    path = node.strip("/").split("/")
    lines = src.splitlines()
    depth_path = []
    for i, line in enumerate(lines):
        s = line.strip()
        if s.endswith("{"):
            name = s[:-1].strip()
            depth_path.append(name.split(":")[-1].strip())
            if depth_path[1:] == path:
                lines.insert(i + 1, f"\t{prop};")
                break
        elif s.startswith("};"):
            depth_path.pop()
    else:
        raise ValueError(f"node {node} not found")
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(dtb), "-"],
                   input="\n".join(lines).encode(), check=True, capture_output=True, timeout=30)


def board_dtb(strategy, qemu, tmp_path):
    """The board's DTB as a host file (virt: QEMU's own, dumped; pc: the
    multiboot module the env passes with -initrd)."""
    if qemu.machine == "pc":
        return re.search(r"-initrd\s+(\S+)", strategy.env_extra_args()).group(1)
    if qemu.dtb is not None:
        return strategy.target.env.config.get_image_path(qemu.dtb)
    out = tmp_path / f"{qemu.machine}-qemu.dtb"
    tool = strategy.target.env.config.get_tool(qemu.qemu_bin)
    dtbtools.qemu_dumpdtb(tool, qemu.machine, qemu.cpu, qemu.memory, out,
                          extra_args=qemu.extra_args)
    return out


def profile(shell):
    """kprobe_profile as {event: (hits, missed)}."""
    lines, status = shell.run("cat /sys/kernel/tracing/kprobe_profile")
    assert status == 0, lines
    out = {}
    for line in lines:
        if PRINTK_RE.match(line):
            continue
        m = PROFILE_RE.match(line)
        assert m, f"bad kprobe_profile line: {line!r}"
        out[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    return out


def trace(shell, timeout=None):
    """The trace file's records as dicts (event, where, args, ts)."""
    lines, status = shell.run("cat /sys/kernel/tracing/trace", timeout=timeout)
    assert status == 0, lines
    records = []
    for line in lines:
        if line.startswith("#") or not line.strip() or PRINTK_RE.match(line) or \
                FUNCTION_RE.match(line):
            continue
        m = TRACE_RE.match(line)
        assert m, f"bad trace line: {line!r}"
        args = {k: v.strip('"') for k, v in ARG_RE.findall(m.group(8))}
        records.append({"task": m.group(1), "pid": int(m.group(2)), "cpu": int(m.group(3)),
                        "ts": float(m.group(5)), "event": m.group(6), "where": m.group(7),
                        "args": args, "line": line})
    return records


def kprobe_list(shell):
    lines, status = shell.run("cat /sys/kernel/debug/kprobes/list")
    assert status == 0, lines
    return [l for l in lines if not PRINTK_RE.match(l)]


def _symbols():
    out = subprocess.run([NM, VMLINUX], check=True, capture_output=True,
                         timeout=60).stdout.decode()
    return {l.split()[2]: int(l.split()[0], 16) for l in out.splitlines() if len(l.split()) == 3}


def text_range():
    """Link-time [_stext, _etext) of the image."""
    syms = _symbols()
    return syms["_stext"], syms["_etext"]


def probeable_range():
    """Link-time text outside the never-probe range (.noprobe.text)."""
    syms = _symbols()
    return syms["__noprobe_text_end"], syms["_etext"]


def instructions(mnemonic):
    """(function, offset, insn address) of every @mnemonic instruction."""
    out = subprocess.run([OBJDUMP, "-d", VMLINUX], check=True, capture_output=True,
                         timeout=60).stdout.decode()
    found = []
    current = None
    for line in out.splitlines():
        m = re.match(r"^([0-9a-f]+) <([^>]+)>:$", line)
        if m:
            current = (m.group(2), int(m.group(1), 16))
            continue
        m = re.match(r"^\s*([0-9a-f]+):\s+[0-9a-f]{8}\s+(\S+)", line)
        if m and current and m.group(2) == mnemonic:
            addr = int(m.group(1), 16)
            found.append((current[0], addr - current[1], addr))
    return found


def boot_log_after(log, marker):
    return log[log.index(marker):]


MCOUNT_TABLE = os.path.join(HERE, "..", "build", ARCH, "mcount2.c")


def mcount_table(name="ftrace_site_offsets"):
    """One array of the build's ftrace call-site table (build/<arch>/mcount2.c)."""
    with open(MCOUNT_TABLE) as f:
        text = f.read()
    body = text[text.index(name + "["):]
    body = body[body.index("{") + 1:body.index("}")]
    return [int(x, 0) for x in re.findall(r"0x[0-9a-f]+|\d+", body)]


def func_range(name):
    """(link address, size) of function @name."""
    out = subprocess.run([NM, "-S", VMLINUX], check=True,
                         capture_output=True, timeout=60).stdout.decode()
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[3] == name:
            return int(f[0], 16), int(f[1], 16)
    raise KeyError(name)


def entry_offset(name):
    """Where a probe on @name's entry goes: its ftrace call site (after the
    prologue) when the function is traced, else its first instruction."""
    start, size = func_range(name)
    sites = [s for s in mcount_table() if start <= s < start + size]
    return sites[0] - start if sites else 0


def entry_point(name):
    """'name+0xN' as kprobes/list and trace print a probe on @name."""
    return f"{name}+0x{entry_offset(name):x}"


MD_RE = re.compile(r"^0x([0-9a-f]{8}):((?: [0-9a-f]{8})+)$")


def read_words(shell, addr, count, timeout=120):
    """@count words of memory from @addr, with the shell's md."""
    lines, status = shell.run(f"md 0x{addr:x} {count}", timeout=timeout)
    assert status == 0, lines[-3:]
    words = []
    for line in lines:
        m = MD_RE.match(line)
        if m:
            assert int(m.group(1), 16) == addr + 4 * len(words), line
            words += [int(w, 16) for w in m.group(2).split()]
    assert len(words) == count, (len(words), count)
    return words


CRC_RE = re.compile(r"^0x([0-9a-f]{8}): ([0-9a-f]{8})$")


def read_bytes(shell, addr, count):
    """@count bytes of memory from @addr (md reads whole aligned words)."""
    lo = addr & ~3
    n = (addr + count - lo + 3) // 4
    data = b"".join(w.to_bytes(4, "little") for w in read_words(shell, lo, n))
    return data[addr - lo:addr - lo + count]


def differing_words(shell, addr, want, chunk=4096):
    """Addresses of the words at @addr that differ from the little-endian
    words @want: the shell's crc32 per @chunk bytes, md only where a chunk
    differs."""
    import zlib
    data = b"".join(w.to_bytes(4, "little") for w in want)
    lines, status = shell.run(f"crc32 0x{addr:x} {len(data)} {chunk}", timeout=60)
    assert status == 0, lines[-3:]
    crcs = {int(m.group(1), 16): int(m.group(2), 16) for m in map(CRC_RE.match, lines) if m}
    assert len(crcs) == (len(data) + chunk - 1) // chunk, lines[-3:]
    bad = []
    for off in range(0, len(data), chunk):
        if crcs[addr + off] != zlib.crc32(data[off:off + chunk]):
            n = min(chunk, len(data) - off) // 4
            got = read_words(shell, addr + off, n)
            bad += [addr + off + 4 * i for i, g in enumerate(got) if g != want[off // 4 + i]]
    return bad
