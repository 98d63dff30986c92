"""Small flattened-device-tree helpers for the fallback-console tests:
walk a DTB's structure block, make broken copies that QEMU still loads,
and ask QEMU for the exact blob it hands to the kernel."""
import shlex
import struct
import subprocess
from dataclasses import dataclass

FDT_MAGIC = 0xD00DFEED
FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9
BAD_TOKEN = 0x0000000A   # not a structure token


@dataclass
class Header:
    totalsize: int
    off_struct: int
    off_strings: int
    size_struct: int
    size_strings: int


def header(blob):
    magic, totalsize, off_struct, off_strings, _rsv, version, _last, _cpu, size_strings, \
        size_struct = struct.unpack_from(">10I", blob, 0)
    if magic != FDT_MAGIC:
        raise ValueError("not a DTB (bad magic)")
    if version < 17:
        raise ValueError(f"DTB version {version} not supported here")
    return Header(totalsize, off_struct, off_strings, size_struct, size_strings)


@dataclass
class Token:
    off: int          # offset of the token in the whole blob
    tag: int
    depth: int        # depth after a BEGIN_NODE / before an END_NODE
    path: str         # node path the token belongs to
    name: str = ""    # node or property name ("" if out of range)
    nameoff: int = 0  # property name offset into the strings block


def walk(blob):
    """Yield every structure token of a valid DTB, in order."""
    h = header(blob)
    pos, end = h.off_struct, h.off_struct + h.size_struct
    stack = []
    while pos < end:
        tag, = struct.unpack_from(">I", blob, pos)
        if tag == FDT_BEGIN_NODE:
            nul = blob.index(b"\0", pos + 4)
            name = blob[pos + 4:nul].decode()
            stack.append(name)
            path = "/" + "/".join(stack[1:])
            yield Token(pos, tag, len(stack), path, name)
            pos = (nul + 1 + 3) & ~3
        elif tag == FDT_PROP:
            length, nameoff = struct.unpack_from(">II", blob, pos + 4)
            name = ""
            if nameoff < h.size_strings:
                s = h.off_strings + nameoff
                name = blob[s:blob.index(b"\0", s)].decode()
            yield Token(pos, tag, len(stack), "/" + "/".join(stack[1:]), name, nameoff)
            pos = (pos + 12 + length + 3) & ~3
        elif tag == FDT_END_NODE:
            yield Token(pos, tag, len(stack), "/" + "/".join(stack[1:]))
            stack.pop()
            pos += 4
        elif tag == FDT_NOP:
            pos += 4
        elif tag == FDT_END:
            yield Token(pos, tag, 0, "")
            return
        else:
            raise ValueError(f"bad token {tag:#x} at offset {pos}")


def last_plain_node(blob, avoid=("chosen", "memory", "aliases")):
    """The last top-level node that QEMU does not edit: its BEGIN token."""
    nodes = [t for t in walk(blob) if t.tag == FDT_BEGIN_NODE and t.depth == 2
             and t.name.split("@")[0] not in avoid]
    if not nodes:
        raise ValueError("no suitable node")
    return nodes[-1]


# How each corruption is expected to be reported by the kernel's dtb_check().
CORRUPTIONS = {
    "early-end": "structure ends inside a node",
    "bad-nameoff": "property name outside strings block",
}


def corrupt(blob, kind):
    """Return (new blob, description) with one error late in the structure
    block, inside the last top-level node QEMU leaves alone.

    QEMU 7.2 walks every node of a -dtb with libfdt (qemu_fdt_node_unit_path
    looking for memory nodes) and refuses to start on FDT_ERR_BADSTRUCTURE,
    i.e. on an unknown token or a property length running past the
    structure block. What libfdt does accept:
      "early-end":   the last node's END_NODE becomes FDT_END, so the
                     structure ends while that node (and the root) are open;
      "bad-nameoff": the last node's last property names a string offset
                     past the end of the strings block.
    """
    blob = bytearray(blob)
    h = header(blob)
    node = last_plain_node(blob)
    toks = [t for t in walk(blob) if t.path == node.path]
    if kind == "early-end":
        end = [t for t in toks if t.tag == FDT_END_NODE][-1]
        struct.pack_into(">I", blob, end.off, FDT_END)
        return bytes(blob), f"FDT_END instead of the END_NODE of {node.path}"
    if kind == "bad-nameoff":
        prop = [t for t in toks if t.tag == FDT_PROP][-1]
        struct.pack_into(">I", blob, prop.off + 8, h.size_strings + 0x100)
        return bytes(blob), f"{node.path}/{prop.name}: name offset past the strings block"
    raise ValueError(kind)


def locate_corruption(blob, kind):
    """Offset (in the whole blob) where dtb_check() should stop, for a blob
    produced by corrupt() and then edited by QEMU."""
    h = header(blob)
    for t in walk(blob):
        if kind == "early-end" and t.tag == FDT_END:
            return t.off
        if kind == "bad-nameoff" and t.tag == FDT_PROP and t.nameoff >= h.size_strings:
            return t.off
    raise ValueError(f"no {kind} corruption found")


def find_token(blob, value, start=0):
    """Offsets (in the blob) of 4-byte-aligned words equal to @value within
    the structure block, from @start."""
    h = header(blob)
    out = []
    for off in range(max(h.off_struct, start), h.off_struct + h.size_struct, 4):
        if struct.unpack_from(">I", blob, off)[0] == value:
            out.append(off)
    return out


def qemu_dumpdtb(qemu_bin, machine, cpu, memory, out, kernel=None, dtb=None, append=None,
                 extra_args="", timeout=30):
    """Let QEMU write the device tree it would pass to the guest (after its
    own /chosen and /memory edits) to @out and exit."""
    cmd = [qemu_bin, "-machine", f"{machine},dumpdtb={out}", "-cpu", cpu, "-m", memory,
           "-nographic", "-monitor", "none", "-serial", "null"]
    cmd += [a for a in shlex.split(extra_args) if a != "-no-reboot"]
    if kernel:
        cmd += ["-kernel", str(kernel)]
    if dtb:
        cmd += ["-dtb", str(dtb)]
    if append is not None and kernel:
        cmd += ["-append", append]
    res = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout,
                         check=False)
    if res.returncode != 0:
        raise RuntimeError(f"{shlex.join(cmd)} failed ({res.returncode}): "
                           f"{res.stderr.decode(errors='replace')}")
    with open(out, "rb") as f:
        return f.read()


def set_string_prop(src, dst, node, prop, value):
    """Copy @src to @dst with @node's @prop set to the string @value
    (fdtput grows the blob as needed)."""
    with open(src, "rb") as f, open(dst, "wb") as g:
        g.write(f.read())
    subprocess.run(["fdtput", "-t", "s", str(dst), node, prop, value], check=True,
                   capture_output=True, timeout=30)
    res = subprocess.run(["fdtget", "-t", "s", str(dst), node, prop], check=True,
                         capture_output=True, timeout=30)
    return res.stdout.decode().strip()
