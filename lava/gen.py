#!/usr/bin/python3
"""Render the ekprobes LAVA job definitions (and, for local runs with
lava-run, the device files) from ONE source: the board table and the test
cases below, and the Jinja2 templates in lava/templates/.

  gen.py render --out DIR --url URL [--boards a b] [--zimage PATH]
                [--vmlinux PATH] [--dtb-dir DIR]
      DIR/<board>.yaml            the job (device_type: qemu), positive
      DIR/<board>-bad-probe.yaml  the same job, its DTB with one bad probe
      DIR/zImage, DIR/vmlinux     the ARM and the i386 kernel (when given)
      DIR/lava-<job>.dtb          each job's DTB (with --dtb-dir)
      DIR/device-<board>.yaml     device file for lava-run (what a server's
                                  qemu.jinja2 renders for the job context)
      DIR/dispatcher.yaml         dispatcher_ip: 127.0.0.1
      DIR/expect.json             per job: every case and its expected result
      DIR/uboot-tftp-board.yaml   the real-board (U-Boot, TFTP) job template
    URL is where the images are fetched from: file:///abs/path/ for lava-run,
    http(s)://... when the job goes to a LAVA server (upload the kernels and
    the DTBs of DIR there). Every rendered job is checked with LAVA's own job
    schema (lava_common.schemas) when lava-dispatcher is installed.
  gen.py dtb BASE OUT [--bad]
      BASE with /chosen/ekprobes replaced by the LAVA probe groups (fdtput).
  gen.py boards [--arch arm|i386]
      the board names (of one LAVA arch), for make.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

import jinja2
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))

# The kernel's first console line: "ekprobes 0.1 on Cortex-A9 r0p0, loaded at ..."
KERNEL_START_MESSAGE = "ekprobes 0.1 on"
PROMPT = "ek# "

# LAVA context arch -> the QEMU binary (what qemu.jinja2 picks for it), the
# kernel file (its name under the URL) and the image key that carries the
# DTB with its QEMU option. i386: the kernel is a multiboot ELF and the DTB
# its first multiboot module (-initrd); LAVA's deploy takes any image key
# with an image_arg, and `ramdisk` is the one it never tries to decompress.
ARCHES = {
    "arm": {"command": "qemu-system-arm", "kernel": "zImage",
            "dtb_key": "dtb", "dtb_arg": "-dtb"},
    "i386": {"command": "qemu-system-i386", "kernel": "vmlinux",
             "dtb_key": "ramdisk", "dtb_arg": "-initrd"},
}

# QEMU boards. The job context: a server's qemu.jinja2 turns it into
# `-cpu C -machine M` (arm only) `-nographic -net nic,MODEL,... -net user
# -m MEM -monitor none` + extra_options; the device file for lava-run
# (which does not apply the context) is rendered from the same values.
BOARDS = {
    "vexpress-a9": {
        "arch": "arm", "machine": "vexpress-a9", "cpu": "cortex-a9", "memory": 128,
        "model": "model=lan9118", "dtb": "vexpress-a9.dtb",
        "extra_options": ["-no-reboot", "-audiodev none,id=snd0"],
    },
    "vexpress-a15": {
        "arch": "arm", "machine": "vexpress-a15", "cpu": "cortex-a15", "memory": 128,
        "model": "model=lan9118", "dtb": "vexpress-a15.dtb",
        "extra_options": ["-no-reboot", "-audiodev none,id=snd0"],
    },
    # virt: QEMU generates the tree; build/dts/virt.dtb is its dump
    # (-machine dumpdtb), to which the probe groups are added.
    "virt": {
        "arch": "arm", "machine": "virt", "cpu": "cortex-a15", "memory": 128,
        "model": "model=virtio", "dtb": "virt.dtb",
        "extra_options": ["-no-reboot"],
    },
    # pc: the i386 kernel (make ARCH=x86). qemu.jinja2 reads no cpu or
    # machine from an i386 context (it adds `-cpu host -enable-kvm` unless
    # the device sets no_kvm): both are pinned in extra_options, and the
    # last -cpu wins. The kernel is tested under TCG only: the server's
    # device needs no_kvm (under KVM here it faults before the shell). The
    # NIC qemu.jinja2 always adds gets no option ROM (no iPXE in the boot);
    # the kernel has no PCI NIC driver anyway.
    "pc": {
        "arch": "i386", "memory": 128, "model": "model=e1000", "dtb": "pc.dtb",
        "extra_options": ["-no-reboot", "-machine pc", "-cpu qemu32",
                          "-global e1000.romfile="],
    },
}

# /chosen/ekprobes/<group> { probes = ... } in every job's DTB. Boot-stage
# probes: each fires during boot on every board. Arch-neutral: $argN is the
# Nth argument on ARM (r0..) and i386 (cdecl, the stack).
PROBES = [
    # (event, definition)
    ("lava_stage", "p:lava_stage boot_stage name=+0($arg1):string"),
    ("lava_memory", "r:lava_memory dt_memory_regions banks=$retval:s32"),
    ("lava_time", "p:lava_time time_init"),
]
# The negative job adds this group: the kernel must print
# "ekprobes: error: /chosen/ekprobes/lava_bad:probes[0]: unknown symbol ..."
# and boot on with the good probes.
BAD_PROBES = ["p:lava_bad no_such_function_in_ekprobes"]

# A probe added at the shell: pfile_lookup runs for every file the shell
# opens, so the `cat` after enabling it hits it.
RUNTIME_PROBE = "p:lava/rt_lookup pfile_lookup path=+0($arg1):string"
TRACING = "/sys/kernel/tracing"

# The monitor's results: one failed case per `ekprobes: error:` line.
MONITOR = "probe-errors"

SHELL_ERRORS = [r"(sh|usage|echo|cat): [^\r\n]*"]


def cases(bad):
    """The interactive steps, in order. `expect` is the result make lava-test
    requires; LAVA itself only records pass/fail."""
    hex_ = "0x[0-9a-f]+"
    out = [
        dict(name="probes-accepted", command="dmesg",
             failures=[r"ekprobes: error: [^\r\n]*"],
             expect="fail" if bad else "pass",
             doc="no `ekprobes: error:` line in the boot log (dmesg)"),
        dict(name="early-probes-armed", command="dmesg",
             successes=[r"ekprobes: %d early probe\(s\) armed" % len(PROBES)],
             doc="the armed line names every good DT probe"),
        dict(name="early-probes-handed-over", command="dmesg",
             successes=[r"kprobes: %d early probe site\(s\) handed over" % len(PROBES)],
             doc="the early probes became normal kprobes"),
    ]
    for ev, _ in PROBES:
        out.append(dict(name="profile-" + ev.replace("_", "-"),
                        command="cat %s/kprobe_profile" % TRACING,
                        successes=[r"%s[ \t]+[1-9][0-9]*[ \t]+[0-9]+" % ev],
                        doc="kprobe_profile: %s hit during boot" % ev))
    out += [
        dict(name="runtime-probe-add",
             command="echo '%s' >> %s/kprobe_events" % (RUNTIME_PROBE, TRACING),
             failures=SHELL_ERRORS, doc="a probe added at the shell is accepted"),
        dict(name="runtime-probe-enable",
             command="echo 1 > %s/events/lava/rt_lookup/enable" % TRACING,
             failures=SHELL_ERRORS, doc="and enabled"),
        dict(name="runtime-probe-hit", command="cat %s/kprobe_profile" % TRACING,
             successes=[r"rt_lookup[ \t]+[1-9][0-9]*[ \t]+[0-9]+"],
             doc="the runtime probe is hit (by this very cat)"),
        dict(name="trace-boot-records", command="cat %s/trace" % TRACING,
             successes=[r'lava_stage: \(boot_stage\+%s/%s\) name="setup_arch"' % (hex_, hex_)],
             doc="the trace holds decoded boot-stage records"),
        dict(name="trace-return-records", command="cat %s/trace" % TRACING,
             successes=[r"lava_memory: \([a-z_]+\+%s/%s <- dt_memory_regions\) banks=[1-9]"
                        % (hex_, hex_)],
             doc="and decoded return-probe records"),
        dict(name="trace-runtime-records", command="cat %s/trace" % TRACING,
             successes=[r'rt_lookup: \(pfile_lookup\+%s/%s\) path="%s/[a-z_]+"'
                        % (hex_, hex_, TRACING)],
             doc="and records of the runtime probe"),
        dict(name="poweroff", command="poweroff", successes=[r"reboot: Power down"],
             wait_for_prompt=False, doc="poweroff ends the system"),
    ]
    for c in out:
        c.setdefault("expect", "pass")
    return out


def yq(s):
    """A YAML scalar for any string (JSON strings are YAML)."""
    return json.dumps(s)


def env():
    e = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.join(HERE, "templates")),
                           undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                           trim_blocks=True, lstrip_blocks=True)
    e.filters["yq"] = yq
    e.filters["regex_escape"] = re.escape
    return e


def fdtput(dtb, *args):
    subprocess.run(["fdtput", dtb, *args], check=True)


def make_dtb(base, out, bad=False):
    shutil.copyfile(base, out)
    subprocess.run(["fdtput", "-r", out, "/chosen/ekprobes"], stderr=subprocess.DEVNULL)
    fdtput(out, "-p", "-c", "/chosen/ekprobes/lava")
    fdtput(out, "-t", "s", "/chosen/ekprobes/lava", "probes", *[d for _, d in PROBES])
    if bad:
        fdtput(out, "-c", "/chosen/ekprobes/lava_bad")
        fdtput(out, "-t", "s", "/chosen/ekprobes/lava_bad", "probes", *BAD_PROBES)


def validate_job(path):
    try:
        from lava_common.schemas import validate
    except ImportError:
        return "not checked (lava-dispatcher not installed)"
    with open(path) as f:
        validate(yaml.safe_load(f), strict=True)
    return "valid"


def render(a):
    os.makedirs(a.out, exist_ok=True)
    url = a.url if a.url.endswith("/") else a.url + "/"
    e = env()
    expect = {}
    common = dict(kernel_start_message=KERNEL_START_MESSAGE, prompt=PROMPT,
                  monitor_name=MONITOR)
    kernels = {"zImage": a.zimage, "vmlinux": a.vmlinux}
    for name, path in kernels.items():
        if path:
            shutil.copyfile(path, os.path.join(a.out, name))
    for board in a.boards:
        b = BOARDS[board]
        arch = ARCHES[b["arch"]]
        if a.dtb_dir:
            for bad in (False, True):
                make_dtb(os.path.join(a.dtb_dir, b["dtb"]),
                         os.path.join(a.out, "lava-%s%s.dtb" % (board, "-bad-probe" if bad else "")),
                         bad)
        for bad in (False, True):
            name = board + ("-bad-probe" if bad else "")
            cs = cases(bad)
            text = e.get_template("qemu-job.yaml.j2").render(
                board=board, b=b, arch=arch, job=name, bad=bad, cases=cs, url=url,
                dtb="lava-%s.dtb" % name, **common)
            path = os.path.join(a.out, name + ".yaml")
            with open(path, "w") as f:
                f.write(text)
            print("  LAVA-JOB %s (%s)" % (path, validate_job(path)))
            expect[name] = {"board": board,
                            "cases": [{"name": c["name"], "expect": c["expect"]} for c in cs]}
        text = e.get_template("qemu-device.yaml.j2").render(board=board, b=b, arch=arch, **common)
        with open(os.path.join(a.out, "device-%s.yaml" % board), "w") as f:
            f.write(text)
    with open(os.path.join(a.out, "dispatcher.yaml"), "w") as f:
        f.write("# lava-run --dispatcher: no default route needed\ndispatcher_ip: 127.0.0.1\n")
    with open(os.path.join(a.out, "expect.json"), "w") as f:
        json.dump(expect, f, indent=1)
    # The real-board template, rendered with placeholders kept as such, so
    # its schema is checked too.
    text = e.get_template("uboot-tftp-job.yaml.j2").render(
        cases=cases(False), url=url, probes=[d for _, d in PROBES], **common)
    path = os.path.join(a.out, "uboot-tftp-board.yaml")
    with open(path, "w") as f:
        f.write(text)
    print("  LAVA-JOB %s (%s)" % (path, validate_job(path)))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("render")
    r.add_argument("--out", required=True)
    r.add_argument("--url", required=True)
    r.add_argument("--boards", nargs="+", default=list(BOARDS), choices=list(BOARDS))
    r.add_argument("--zimage", help="the ARM kernel (build/arm/zImage)")
    r.add_argument("--vmlinux", help="the i386 kernel (build/x86/vmlinux)")
    r.add_argument("--dtb-dir")
    d = sub.add_parser("dtb")
    d.add_argument("base")
    d.add_argument("out")
    d.add_argument("--bad", action="store_true")
    bl = sub.add_parser("boards")
    bl.add_argument("--arch", choices=list(ARCHES))
    a = p.parse_args()
    if a.cmd == "render":
        render(a)
    elif a.cmd == "boards":
        print(" ".join(n for n, b in BOARDS.items() if a.arch in (None, b["arch"])))
    else:
        make_dtb(a.base, a.out, a.bad)


if __name__ == "__main__":
    sys.exit(main())
