#!/usr/bin/python3
"""Boot a board in QEMU and capture what ektrace needs: a console LOG.

    trace_capture.py LOG QEMU-COMMAND...

Runs QEMU with its console on stdio, waits for the `ek# ` prompt, then
types, as a user would:

    cat /sys/kernel/tracing/available_events
    cat /sys/kernel/tracing/events/<grp>/<event>/format   (each event listed)
    cat /proc/kallsyms                                    (real addresses)
    cat /sys/kernel/tracing/trace
    cat /sys/kernel/tracing/events/ftrace/function/format (with the function tracer on)
    poweroff

and writes the whole console, boot messages included, to LOG with plain
"\\n" line ends. A missing file (the shell's "cat: PATH: No such file or
directory") stops it with one line naming the file, exit status 1.
"""
import re
import sys

import pexpect

PROMPT = "ek# "
TRACING = "/sys/kernel/tracing/"
BOOT_TIMEOUT = 60
COMMAND_TIMEOUT = 60


def fail(msg):
    print("trace_capture: " + msg, file=sys.stderr)
    sys.exit(1)


class Console:
    def __init__(self, cmd, log):
        self.log = log
        self.qemu = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8",
                                  codec_errors="replace", timeout=COMMAND_TIMEOUT)
        self.qemu.logfile_read = self
        self.text = []

    # pexpect's logfile_read interface: everything QEMU prints
    def write(self, data):
        self.text.append(data)

    def flush(self):
        pass

    def save(self):
        text = "".join(self.text).replace("\r", "")
        with open(self.log, "w", encoding="utf-8") as f:
            f.write(text)

    def boot(self):
        try:
            self.qemu.expect_exact(PROMPT, timeout=BOOT_TIMEOUT)
        except (pexpect.TIMEOUT, pexpect.EOF):
            self.save()
            fail("no '%s' prompt within %d s (console in %s)" % (PROMPT, BOOT_TIMEOUT, self.log))

    def run(self, command):
        """The output of @command, one string per line."""
        self.qemu.sendline(command)
        try:
            self.qemu.expect_exact("\n" + PROMPT)
        except (pexpect.TIMEOUT, pexpect.EOF):
            self.save()
            fail("'%s' did not finish (console in %s)" % (command, self.log))
        lines = self.qemu.before.replace("\r", "").split("\n")
        return lines[1:]  # the echoed command

    def cat(self, path):
        lines = self.run("cat " + path)
        if lines and lines[0].startswith("cat: %s: " % path):
            self.save()
            fail("the target has no %s: a kernel without the tracefs files make trace "
                 "reads (console in %s)" % (path, self.log))
        return lines

    def poweroff(self):
        self.qemu.sendline("poweroff")
        try:
            self.qemu.expect(pexpect.EOF, timeout=COMMAND_TIMEOUT)
        except pexpect.TIMEOUT:
            self.qemu.terminate(force=True)
        self.save()


def main():
    if len(sys.argv) < 3:
        fail("usage: trace_capture.py LOG QEMU-COMMAND...")
    con = Console(sys.argv[2:], sys.argv[1])
    con.boot()
    events = [l for l in con.cat(TRACING + "available_events") if l.strip()]
    for ev in events:
        m = re.fullmatch(r"([^:/\s]+):([^:/\s]+)", ev)
        if not m:
            fail("available_events: unexpected line '%s'" % ev)
        con.cat("%sevents/%s/%s/format" % (TRACING, m.group(1), m.group(2)))
    con.cat("/proc/kallsyms")
    trace = con.cat(TRACING + "trace")
    if "# tracer: function" in trace:
        con.cat(TRACING + "events/ftrace/function/format")
    con.poweroff()
    print("trace_capture: %d event format(s) and the trace (%d lines) in %s"
          % (len(events), sum(1 for l in trace if l and not l.startswith("#")), sys.argv[1]))


if __name__ == "__main__":
    main()
