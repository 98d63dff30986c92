"""The fuller tracefs (issue 15): error_log with carets, events/ (format, id,
filter, enable per event, group and all), available_events and set_event,
dynamic_events, trace_pipe's consuming read, trace_clock, trace_options,
SYM+OFFS past the end of SYM, and the trace columns: the task (boot stage,
shell, <idle>) and the irqs-off and hardirq flags of the interrupted code.
Arch-neutral through probetools (register names, the never-probe function).
"""
import re
import subprocess
import time

import pytest

import probetools

T = "/sys/kernel/tracing"
REG0, REG1 = probetools.REG0, probetools.REG1
CMD_PREFIX = "  Command: "
# a live-printed hit or kernel message in the middle of a command's output
# (error_log's own lines also start with a timestamp, but not "ekprobes:")
NOISE_RE = re.compile(r"^\[\s*\d+\.\d+\] ekprobes: ")
LOG_HEAD_RE = re.compile(r"^\[\s*(\d+\.\d+)\] (.+?): error: (.*)$")
# "          <idle>-0       [000] d.h..     1.234567: tick: (timer_tick+0x8/0x44)"
LINE_RE = re.compile(r"^\s*(.+)-(\d+)\s+\[(\d+)\] ([d.][.][h.][.][.])\s+([\d.]+): (\S+?):? (.*)$")


def cat(shell, path, timeout=None):
    lines, status = shell.run(f"cat {path}", timeout=timeout)
    assert status == 0, lines
    return [l for l in lines if not NOISE_RE.match(l)]


def write(shell, text, path, append=False):
    return shell.run(f"echo '{text}' {'>>' if append else '>'} {path}")


def write_ok(shell, text, path, append=False):
    lines, status = write(shell, text, path, append)
    assert status == 0, lines
    return lines


def clear_events(shell):
    write_ok(shell, "0", f"{T}/events/enable")
    write_ok(shell, "", f"{T}/kprobe_events")
    write_ok(shell, "", f"{T}/trace")


# The boards' DTs may turn live printing on (vexpress, pc): a 100 Hz probe
# would flood the console, so these boots turn it off.
QUIET = "ekprobes.print=0"


@pytest.fixture(scope="module")
def quiet_boot(strategy):
    strategy.configure(boot_args=QUIET)
    strategy.transition("shell")
    yield strategy.shell
    strategy.restore_config()


@pytest.fixture
def shell(quiet_boot):
    """The module's boot, with no event of ours left over afterwards."""
    clear_events(quiet_boot)
    yield quiet_boot
    clear_events(quiet_boot)


def entries(lines):
    """Trace lines as (task, pid, flags, ts, event, rest)."""
    out = []
    for line in lines:
        if line.startswith("#") or not line.strip():
            continue
        m = LINE_RE.match(line)
        assert m, f"bad trace line: {line!r}"
        out.append((m.group(1).strip(), int(m.group(2)), m.group(4), float(m.group(5)),
                    m.group(6), m.group(7)))
    return out


# ---- error_log ---------------------------------------------------------

# (definition, message, where the caret goes: the first occurrence of this
# text in the command as Linux shows it, words joined by single spaces;
# None: just past its end)
MALFORMED = [
    ("p:a nosuch_fn", "unknown symbol 'nosuch_fn'", "nosuch_fn"),
    ("p:b pfile_lookup x=%q9", "unknown register", "q9"),
    ("x:c pfile_lookup", "unknown probe type", "x:c"),
    ("p:d pfile_lookup+2", "not on an instruction boundary", "pfile_lookup+2"),
    (f"p:e pfile_lookup x={REG0}:u7", "bad fetch argument type", "u7"),
    (f"p:f pfile_lookup x=+0({REG0}", "missing ')'", None),
    ("r:g pfile_lookup a=$arg1", "$argN is only available at function entry", "$arg1"),
    ("p:h pfile_lookup v=$retval", "$retval is only for return probes", "$retval"),
    (f"p:i pfile_lookup a={REG0} a={REG1}", "argument name is already used", f"a={REG1}"),
    ("p:j pfile_lookup v=\\zz", "bad immediate value", "zz"),
    ("p:k    pfile_lookup    v=$bogus", "unknown variable", "$bogus"),  # blanks collapse
    ("p:1bad pfile_lookup", "bad character in event name", "1bad"),
    ("p:l kprobe_handle_trap", "blacklisted", "kprobe_handle_trap"),
    ("p:m pfile_lookup v=$stack9999", "bad stack entry number", "9999"),
    ("r9999:n pfile_lookup", "maxactive out of range", "9999"),
    ("p:o pfile_lookup v=@nosuch_sym", "unknown symbol 'nosuch_sym'", "nosuch_sym"),
]


def error_log(shell):
    """error_log as (location, message, command, caret column in it)."""
    lines = cat(shell, f"{T}/error_log")
    out = []
    assert len(lines) % 3 == 0, lines
    for head, cmd, caret in zip(lines[0::3], lines[1::3], lines[2::3]):
        m = LOG_HEAD_RE.match(head)
        assert m and cmd.startswith(CMD_PREFIX), (head, cmd)
        assert caret.strip() == "^" and caret.startswith(" " * len(CMD_PREFIX)), caret
        out.append((m.group(2), m.group(3), cmd[len(CMD_PREFIX):],
                    caret.index("^") - len(CMD_PREFIX)))
    return out


def test_error_log_carets(shell):
    write_ok(shell, "", f"{T}/error_log")
    assert cat(shell, f"{T}/error_log") == []
    for definition, message, _ in MALFORMED:
        lines, status = write(shell, definition, f"{T}/kprobe_events", append=True)
        # the console line stays, naming the same message
        assert status == 1 and any(l.startswith("ekprobes: error: kprobe_events: ") and
                                   message in l for l in lines), (definition, lines)
    log = error_log(shell)
    assert len(log) == len(MALFORMED), log
    for (definition, message, at), (loc, msg, cmd, col) in zip(MALFORMED, log):
        shown = " ".join(definition.split())
        assert loc == "trace_kprobe" and message in msg and cmd == shown, (definition, msg, cmd)
        want = len(shown) if at is None else shown.index(at)
        assert col == want, f"{definition!r}: caret at {col}, want {want} ({at!r})"
    # a 17th error pushes the oldest out (Linux keeps 16)
    write(shell, "p:z2 nosuch_fn2", f"{T}/dynamic_events", append=True)
    log = error_log(shell)
    assert len(log) == 16 and log[0][2] == " ".join(MALFORMED[1][0].split()), log[0]
    assert log[-1][1] == "unknown symbol 'nosuch_fn2'" and log[-1][3] == len("p:z2 "), log[-1]
    write_ok(shell, "", f"{T}/error_log")
    assert cat(shell, f"{T}/error_log") == []


# ---- events/: format, id, enable, filter ---------------------------------

FIELD_RE = re.compile(r"^\tfield:(.+) (\w+);\toffset:(\d+);\tsize:(\d+);\tsigned:([01]);$")


def format_file(shell, group, event):
    lines, status = shell.run(f"cat {T}/events/{group}/{event}/format")
    assert status == 0, lines
    assert lines[0] == f"name: {event}" and lines[2] == "format:", lines
    fid = int(lines[1].split()[1])
    fields, i = [], 3
    for part in (0, 1):  # common fields, a blank line, the event's
        while lines[i]:
            m = FIELD_RE.match(lines[i])
            assert m, lines[i]
            fields.append((m.group(1), m.group(2), int(m.group(3)), int(m.group(4)),
                           int(m.group(5))))
            i += 1
        i += 1
    assert lines[i].startswith("print fmt: "), lines
    return fid, fields, lines[i][len("print fmt: "):]


COMMON = [("unsigned short", "common_type", 0, 2, 0), ("unsigned char", "common_flags", 2, 1, 0),
          ("unsigned char", "common_preempt_count", 3, 1, 0), ("int", "common_pid", 4, 4, 1)]


def test_format_entry_and_return(shell):
    defs = [
        (f"p:fmt/num pfile_lookup a={REG0}:u8 b={REG0}:u16 c={REG0}:u32 d={REG0}:u64 "
         f"e={REG0}:s8 f={REG0}:s16 g={REG0}:s32 h={REG0}:s64"),
        (f"p:fmt/hex pfile_lookup i={REG0}:x8 j={REG0}:x16 k={REG0}:x32 l={REG0}:x64 "
         f"s=+0($arg1):string y={REG1}:symbol"),
        "r:fmt/ret pfile_lookup rv=$retval:s32 r2=$retval",
    ]
    for d in defs:
        write_ok(shell, d, f"{T}/kprobe_events", append=True)
    fid, fields, fmt = format_file(shell, "fmt", "num")
    assert cat(shell, f"{T}/events/fmt/num/id") == [str(fid)]
    types = [("u8", 1, 0), ("u16", 2, 0), ("u32", 4, 0), ("u64", 8, 0),
             ("s8", 1, 1), ("s16", 2, 1), ("s32", 4, 1), ("s64", 8, 1)]
    want, off = COMMON + [("unsigned long", "__probe_ip", 8, 4, 0)], 12
    for name, (t, size, sign) in zip("abcdefgh", types):
        want.append((t, name, off, size, sign))
        off += size
    assert fields == want
    assert fmt == ('"(%lx) a=%u b=%u c=%u d=%Lu e=%d f=%d g=%d h=%Ld", REC->__probe_ip, '
                   'REC->a, REC->b, REC->c, REC->d, REC->e, REC->f, REC->g, REC->h')
    _, fields, fmt = format_file(shell, "fmt", "hex")
    assert fields[4:] == [("unsigned long", "__probe_ip", 8, 4, 0), ("u8", "i", 12, 1, 0),
                          ("u16", "j", 13, 2, 0), ("u32", "k", 15, 4, 0), ("u64", "l", 19, 8, 0),
                          ("__data_loc char[]", "s", 27, 4, 1), ("u32", "y", 31, 4, 0)]
    assert fmt == ('"(%lx) i=0x%x j=0x%x k=0x%x l=0x%Lx s=\\"%s\\" y=%pS", REC->__probe_ip, '
                   'REC->i, REC->j, REC->k, REC->l, __get_str(s), REC->y')
    rid, fields, fmt = format_file(shell, "fmt", "ret")
    assert rid != fid
    assert fields == COMMON + [("unsigned long", "__probe_func", 8, 4, 0),
                               ("unsigned long", "__probe_ret_ip", 12, 4, 0),
                               ("s32", "rv", 16, 4, 1), ("u32", "r2", 20, 4, 0)]
    assert fmt == ('"(%lx <- %lx) rv=%d r2=0x%x", REC->__probe_func, REC->__probe_ret_ip, '
                   'REC->rv, REC->r2')
    # the function tracer's entry and the ring buffer headers
    fnid, fields, fmt = format_file(shell, "ftrace", "function")
    assert cat(shell, f"{T}/events/ftrace/function/id") == [str(fnid)]
    assert fields == COMMON + [("unsigned long", "ip", 8, 4, 0),
                               ("unsigned long", "parent_ip", 12, 4, 0)]
    assert fmt == '" %ps <-- %ps", (void *)REC->ip, (void *)REC->parent_ip'
    page = cat(shell, f"{T}/events/header_page")
    char_signed = 0 if probetools.ARCH == "arm" else 1
    assert page == ["\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;",
                    "\tfield: local_t commit;\toffset:8;\tsize:4;\tsigned:1;",
                    "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;",
                    f"\tfield: char data;\toffset:12;\tsize:4084;\tsigned:{char_signed};"]
    head = cat(shell, f"{T}/events/header_event")
    assert head[0] == "# compressed entry header" and "\tpadding     : type == 29" in head


def test_enable_files_available_and_set_event(shell):
    for d in ("p:g1/e1 pfile_lookup", "p:g1/e2 pfile_register", "p:g2/e3 pfile_lookup"):
        write_ok(shell, d, f"{T}/dynamic_events", append=True)
    assert cat(shell, f"{T}/available_events") == ["g1:e1", "g1:e2", "g2:e3"]
    assert cat(shell, f"{T}/set_event") == []
    assert cat(shell, f"{T}/events/enable") == ["0"]

    def state():
        return (cat(shell, f"{T}/set_event"), cat(shell, f"{T}/events/enable")[0],
                cat(shell, f"{T}/events/g1/enable")[0], cat(shell, f"{T}/events/g2/enable")[0],
                [cat(shell, f"{T}/events/{g}/{e}/enable")[0]
                 for g, e in (("g1", "e1"), ("g1", "e2"), ("g2", "e3"))])

    write_ok(shell, "g1:e1", f"{T}/set_event")
    assert state() == (["g1:e1"], "X", "X", "0", ["1", "0", "0"])
    write_ok(shell, "g2", f"{T}/set_event", append=True)  # a group's name
    assert state() == (["g1:e1", "g2:e3"], "X", "X", "1", ["1", "0", "1"])
    write_ok(shell, "!g1:e1", f"{T}/set_event", append=True)
    assert state() == (["g2:e3"], "X", "0", "1", ["0", "0", "1"])
    write_ok(shell, "g1:*", f"{T}/set_event")  # '>' first disables everything
    assert state() == (["g1:e1", "g1:e2"], "X", "1", "0", ["1", "1", "0"])
    write_ok(shell, "e3", f"{T}/set_event", append=True)  # an event's name
    assert state()[:4] == (["g1:e1", "g1:e2", "g2:e3"], "1", "1", "1")
    write_ok(shell, "0", f"{T}/events/g1/enable")
    assert state() == (["g2:e3"], "X", "0", "1", ["0", "0", "1"])
    write_ok(shell, "1", f"{T}/events/enable")
    assert state()[1:] == ("1", "1", "1", ["1", "1", "1"])
    write_ok(shell, "", f"{T}/set_event")
    assert state() == ([], "0", "0", "0", ["0", "0", "0"])
    lines, status = write(shell, "nosuch:event", f"{T}/set_event", append=True)
    assert status == 1 and any("set_event: no event matches 'nosuch:event'" in l for l in lines)
    # hits only while enabled, under the event's name
    write_ok(shell, "", f"{T}/trace")
    write_ok(shell, "g2:e3", f"{T}/set_event")
    shell.run("cat /proc/uptime")
    got = entries(cat(shell, f"{T}/trace"))
    assert [e for e in got if e[4] == "e3"] and not [e for e in got if e[4] in ("e1", "e2")]


def test_filter(shell):
    write_ok(shell, "p:flt/look pfile_lookup path=+0($arg1):string", f"{T}/kprobe_events",
             append=True)
    assert cat(shell, f"{T}/events/flt/look/filter") == ["none"]
    write_ok(shell, 'path ~ "*uptime" || path == "/proc/cmdline"',
             f"{T}/events/flt/look/filter")
    assert cat(shell, f"{T}/events/flt/look/filter") == \
        ['path ~ "*uptime" || path == "/proc/cmdline"']
    write_ok(shell, "1", f"{T}/events/flt/look/enable")
    for f in ("/proc/uptime", "/proc/meminfo", "/proc/cmdline", "/proc/cpuinfo"):
        shell.run(f"cat {f}")
    write_ok(shell, "0", f"{T}/events/flt/look/enable")
    paths = [re.search(r'path="([^"]*)"', e[5]).group(1)
             for e in entries(cat(shell, f"{T}/trace")) if e[4] == "look"]
    assert paths == ["/proc/uptime", "/proc/cmdline"], paths
    # numbers and the common fields: the shell's pid, no hardirq flag
    for expr, hit in (("common_pid != 0 && common_flags == 0 && common_preempt_count == 0", True),
                      ("common_pid == 0 || common_flags & 8", False)):
        write_ok(shell, "", f"{T}/trace")
        write_ok(shell, expr, f"{T}/events/flt/look/filter")
        write_ok(shell, "1", f"{T}/events/flt/look/enable")
        shell.run("cat /proc/uptime")
        write_ok(shell, "0", f"{T}/events/flt/look/enable")
        got = [e for e in entries(cat(shell, f"{T}/trace")) if e[4] == "look"]
        assert bool(got) == hit and all(e[0] == "shell" for e in got), (expr, got)
    # a bad expression: refused, reported with a caret, the old filter stays
    write_ok(shell, "", f"{T}/error_log")
    lines, status = write(shell, "path < 3", f"{T}/events/flt/look/filter")
    assert status == 1 and any("flt/look/filter: Illegal operation for field type at col 6"
                               in l for l in lines), lines
    assert error_log(shell) == [("event filter parse error", "Illegal operation for field type",
                                 "path < 3", 5)]
    assert cat(shell, f"{T}/events/flt/look/filter") == ["common_pid == 0 || common_flags & 8"]
    write_ok(shell, "0", f"{T}/events/flt/look/filter")
    assert cat(shell, f"{T}/events/flt/look/filter") == ["none"]


def test_dynamic_events(shell):
    write_ok(shell, f"p:dyn/a pfile_lookup x={REG0}:x32", f"{T}/dynamic_events", append=True)
    write_ok(shell, "r:dyn/b pfile_lookup", f"{T}/kprobe_events", append=True)
    want = [f"p:dyn/a pfile_lookup x={REG0}:x32", "r:dyn/b pfile_lookup"]
    assert cat(shell, f"{T}/dynamic_events") == want == cat(shell, f"{T}/kprobe_events")
    write_ok(shell, "-:dyn/a", f"{T}/dynamic_events", append=True)
    assert cat(shell, f"{T}/dynamic_events") == ["r:dyn/b pfile_lookup"]
    lines, status = write(shell, "-:dyn/a", f"{T}/dynamic_events", append=True)
    assert status == 1 and any("dynamic_events: no event named a" in l for l in lines), lines
    write_ok(shell, "", f"{T}/dynamic_events")
    assert cat(shell, f"{T}/dynamic_events") == []


# ---- trace_pipe, trace_clock, trace_options ------------------------------

def test_trace_pipe_consumes_and_streams(shell):
    write_ok(shell, "p:pipe/tick timer_tick", f"{T}/kprobe_events", append=True)
    write_ok(shell, "1", f"{T}/events/pipe/tick/enable")
    t0 = float(cat(shell, "/proc/uptime")[0].split()[0])
    shell.send_line(f"cat {T}/trace_pipe")
    # what was recorded before, then new hits as they come (a 100 Hz tick)
    seen, last = shell.wait_for(r"(?:[^\n]*tick: \(timer_tick[^\n]*\n){30}", timeout=30)
    shell.console.write(b"q")  # any key ends it
    rest, _ = shell.wait_for(r"(?:^|\n)ek# ", timeout=10)  # a line may just have ended
    write_ok(shell, "0", f"{T}/events/pipe/tick/enable")
    text = seen + last + rest
    printed = entries([l for l in text.split("\n") if LINE_RE.match(l)])
    assert len(printed) >= 30 and all(e[4] == "tick" for e in printed), printed
    stamps = [e[3] for e in printed]
    assert stamps == sorted(stamps), stamps
    assert stamps[-1] > t0 + 0.15, (t0, stamps)  # it waited for more
    assert not any(l.startswith("#") for l in text.split("\n")), "trace_pipe has no header"
    # consumed: `trace` holds only what came after the last one printed
    left = [e[3] for e in entries(cat(shell, f"{T}/trace")) if e[4] == "tick"]
    assert all(ts > stamps[-1] for ts in left), (left[:3], stamps[-1])


def test_trace_clock(shell):
    assert cat(shell, f"{T}/trace_clock") == ["[local] global"]
    write_ok(shell, "global", f"{T}/trace_clock")
    assert cat(shell, f"{T}/trace_clock") == ["local [global]"]
    lines, status = write(shell, "mono_raw", f"{T}/trace_clock")
    assert status == 1 and "Invalid argument" in lines[-1], lines
    write_ok(shell, "local", f"{T}/trace_clock")
    assert cat(shell, f"{T}/trace_clock") == ["[local] global"]


def test_trace_options(shell):
    assert cat(shell, f"{T}/trace_options") == ["print-parent", "nosym-offset", "nosym-addr",
                                                "overwrite"]
    write_ok(shell, "pfile_lookup", f"{T}/set_ftrace_filter")
    write_ok(shell, "function", f"{T}/current_tracer")
    try:
        shell.run("cat /proc/uptime")
        write_ok(shell, "nop", f"{T}/current_tracer")
        func = [e for e in entries(cat(shell, f"{T}/trace")) if e[4] == "pfile_lookup"]
        assert func and func[0][5].startswith("<-"), func
        write_ok(shell, "noprint-parent", f"{T}/trace_options")
        write_ok(shell, "1", f"{T}/options/sym-offset")
        assert cat(shell, f"{T}/options/print-parent") == ["0"]
        lines = [l for l in cat(shell, f"{T}/trace") if ": pfile_lookup" in l]
        site = probetools.entry_offset("pfile_lookup")
        start, size = probetools.func_range("pfile_lookup")
        assert lines and all(l.endswith(f": pfile_lookup+0x{site:x}/0x{size:x}") for l in lines), \
            lines
        write_ok(shell, "sym-addr", f"{T}/trace_options")
        lines = [l for l in cat(shell, f"{T}/trace") if ": pfile_lookup" in l]
        assert lines and all(re.search(r"pfile_lookup\+0x[0-9a-f]+/0x[0-9a-f]+ <[0-9a-f]{8}>$", l)
                             for l in lines), lines
        assert cat(shell, f"{T}/trace_options") == ["noprint-parent", "sym-offset", "sym-addr",
                                                    "overwrite"]
        lines, status = write(shell, "nosuch-option", f"{T}/trace_options")
        assert status == 1, lines
    finally:
        write_ok(shell, "nop", f"{T}/current_tracer")
        write_ok(shell, "", f"{T}/set_ftrace_filter")
        for opt, on in (("print-parent", 1), ("sym-offset", 0), ("sym-addr", 0)):
            write_ok(shell, str(on), f"{T}/options/{opt}")


# ---- SYM+OFFS past the end of SYM ---------------------------------------

def function_before(name):
    """(the text symbol just before @name, its distance to @name)."""
    out = subprocess.run([probetools.NM, "-nS", probetools.VMLINUX], check=True,
                         capture_output=True, timeout=60).stdout.decode()
    prev = None
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[2] in "tT":
            if f[3] == name:
                return prev[1], int(f[0], 16) - prev[0]
            prev = (int(f[0], 16), f[3], int(f[1], 16))
    raise KeyError(name)


def test_offset_past_the_end_of_the_symbol(shell):
    before, dist = function_before("pfile_lookup")
    assert probetools.func_range(before)[1] <= dist  # the offset is past its end
    write_ok(shell, f"p:far/next {before}+{dist}", f"{T}/kprobe_events", append=True)
    assert cat(shell, f"{T}/kprobe_events") == [f"p:far/next {before}+{dist}"]
    listed = probetools.kprobe_list(shell)
    assert len(listed) == 1 and listed[0].split()[2] == probetools.entry_point("pfile_lookup"), \
        listed
    write_ok(shell, "1", f"{T}/events/far/next/enable")
    shell.run("cat /proc/uptime")
    write_ok(shell, "0", f"{T}/events/far/next/enable")
    hits = [e for e in entries(cat(shell, f"{T}/trace")) if e[4] == "next"]
    assert hits and all(e[5].startswith(f"({probetools.entry_point('pfile_lookup')}/") for e in hits)
    # the instruction checks still apply past the end
    lines, status = write(shell, f"p:far/odd {before}+{dist + 2}", f"{T}/kprobe_events", True)
    assert status == 1 and any("not on an instruction boundary" in l for l in lines), lines


# ---- the context columns ------------------------------------------------

# kprobe_event= definitions: a probe on every boot stage's announcement
# (the DTs of vexpress and pc probe it as "stage" already), and a bad one
STAGE_EVENTS = ("p:ctx/ctxstage,boot_stage,name=+0($arg1):string;"
                "p:ctx/bad,pfile_lookup,x=%q1")


@pytest.fixture(scope="module")
def context_boot(strategy):
    """A boot with a probe on every boot stage's announcement, a malformed
    definition, and the function tracer on the timer tick and the
    pseudo-file lookup."""
    strategy.configure(boot_args=f"{QUIET} kprobe_event={STAGE_EVENTS} ftrace=function "
                                 "ftrace_filter=timer_tick,pfile_lookup")
    strategy.transition("shell")
    yield strategy.shell
    strategy.restore_config()


def test_task_column_names_the_boot_stage(context_boot):
    stages = [e for e in entries(cat(context_boot, f"{T}/trace", timeout=60))
              if e[4] == "ctxstage"]
    names = [re.search(r'name="(\w+)"', e[5]).group(1) for e in stages]
    assert names[0] == "ftrace" and names[-1] == "shell", names
    # each call runs in the stage before it; pids count the stages from
    # start_kernel (1) in boot order
    tasks = [(e[0], e[1]) for e in stages]
    assert tasks == [("start_kernel", 1)] + [(n, i + 2) for i, n in enumerate(names[:-1])], tasks
    # IRQs are masked until time_init is done, enabled from the drivers on
    flags = dict(zip(names, (e[2] for e in stages)))
    on = names.index("drivers")
    assert all(flags[n] == "d...." for n in names[:on]), flags
    assert all(flags[n] == "....." for n in names[on:]), flags


def test_hardirq_flag_and_idle_task(context_boot):
    shell = context_boot
    write_ok(shell, "p:ctx/tick timer_tick", f"{T}/kprobe_events", append=True)
    write_ok(shell, "p:ctx/look pfile_lookup", f"{T}/kprobe_events", append=True)
    write_ok(shell, "", f"{T}/trace")
    write_ok(shell, "1", f"{T}/events/ctx/enable")
    time.sleep(0.3)
    shell.run("cat /proc/uptime")
    write_ok(shell, "0", f"{T}/events/ctx/enable")
    got = entries(cat(shell, f"{T}/trace", timeout=60))
    ticks = [e for e in got if e[4] == "tick"]
    looks = [e for e in got if e[4] == "look"]
    fn_ticks = [e for e in got if e[4] == "timer_tick"]
    fn_looks = [e for e in got if e[4] == "pfile_lookup"]
    shell_pid = [e[1] for e in looks][0] if looks else None
    # the timer interrupt: irqs off and hardirq, for the probe and the
    # function tracer alike; it interrupted the idle loop or the shell
    assert len(ticks) >= 10 and len(fn_ticks) >= 10, got[:5]
    for e in ticks + fn_ticks:
        assert e[2] == "d.h..", e
        assert (e[0], e[1]) in (("<idle>", 0), ("shell", shell_pid)), e
    assert any(e[0] == "<idle>" for e in ticks), ticks
    # the shell's own lookups: its task, interrupts on, no hardirq
    assert looks and fn_looks
    for e in looks + fn_looks:
        assert e[0] == "shell" and e[1] == shell_pid and e[2] == ".....", e


def test_error_log_boot_definitions(context_boot):
    """Boot-time kprobe_event= errors are logged too (commas are spaces)."""
    log = error_log(context_boot)
    assert [(l, m, c) for l, m, c, _ in log] == [
        ("trace_kprobe", "unknown register", "p:ctx/bad pfile_lookup x=%q1")], log
    assert log[0][3] == log[0][2].index("q1"), log
