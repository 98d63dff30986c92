"""labgrid driver and strategy for the ekprobes console shell (`ek# `).

The shell is not a login shell (no user, no `echo $?`), so labgrid's
ShellDriver does not fit. EkShellDriver talks to any ConsoleProtocol driver
(here the QEMUDriver's serial socket); EkShellStrategy moves the target
between `off` and `shell` by powering the QEMUDriver on and waiting for the
first prompt, and knows how a guest `poweroff` ends the QEMU process.

When the prompt does not come, the strategy brings the boot trace back: it
dumps the guest's RAM over QMP (pmemsave), decodes it with `ektrace ram`,
writes the decoded trace next to the JUnit XML and raises BoardHung, whose
message says where the boot stopped ("board hung after stage X; last
events: ...").

Importing this module registers both classes with labgrid's target factory
(conftest.py does that before the environment's targets are created).
"""
import enum
import json
import os
import re
import subprocess
import tempfile
import threading
import time
import warnings

import attr
import pexpect

from labgrid.driver.common import Driver
from labgrid.factory import target_factory
from labgrid.protocol import ConsoleProtocol
from labgrid.step import step
from labgrid.strategy.common import Strategy, StrategyError

# "[    0.001127] boot: stage fdt: ..." -> (0.001127, "boot: stage fdt: ...")
TIMESTAMP_RE = re.compile(r"^\[\s*(\d+)\.(\d+)\]\s?(.*)$")
# x86 (pc): the DTB module on the QEMU command line.
INITRD_RE = re.compile(r"(?:^|\s)-initrd\s+\S+")

HERE = os.path.dirname(os.path.abspath(__file__))
# Where each QEMU machine's RAM starts (its -m size is the QEMUDriver's).
RAM_BASE = {"vexpress-a9": 0x60000000, "vexpress-a15": 0x80000000, "virt": 0x40000000,
            "pc": 0x0}
EKTRACE = os.path.join(HERE, "..", "build", "host", "ektrace")
# ektrace ram's summary lines
LAST_STAGE_RE = re.compile(r"^# last stage: (.*)$", re.M)
# a trace line, for the failure message: "... 0.051399: EVENT..." -> "0.051399 EVENT..."
TRACE_LINE_RE = re.compile(r"^\s*\S+-\d+\s+\[\d+\]\s+\S+\s+([\d.]+): (.*)$")


class BoardHung(TimeoutError):
    """The `ek# ` prompt did not come. @stage is the boot stage the boot
    trace says it was in ("?" when the RAM dump gave nothing), @events the
    decoded trace's lines (oldest first), @trace_path the file they were
    written to, @decoded ektrace's whole output (or its error)."""

    def __init__(self, message, stage="?", events=(), trace_path=None, decoded=""):
        super().__init__(message)
        self.stage = stage
        self.events = list(events)
        self.trace_path = trace_path
        self.decoded = decoded


def _size_bytes(text):
    """QEMU's -m syntax: "128M", "1G", "134217728"."""
    m = re.fullmatch(r"(\d+)([KMG]?)", str(text).strip().upper())
    if not m:
        raise ValueError(f"cannot read memory size {text!r}")
    return int(m.group(1)) << {"": 0, "K": 10, "M": 20, "G": 30}[m.group(2)]


# The shell reports no exit status, so run() derives one from the output:
# errors are printed as "sh: ...", "<command>: ..." or "usage: ...".
_ERROR_RE = r"^(?:sh|usage|{cmd}):"


def _text(data):
    if isinstance(data, bytes):
        data = data.decode("utf-8", errors="replace")
    return data.replace("\r\n", "\n").replace("\r", "")


@target_factory.reg_driver
@attr.s(eq=False)
class EkShellDriver(Driver):
    """Runs commands on the `ek# ` console shell.

    Args:
        prompt (str): shell prompt, printed at the start of a line
        boot_timeout (float): seconds from power-on to the first prompt
        command_timeout (float): default seconds for one command
    """
    bindings = {"console": ConsoleProtocol}

    prompt = attr.ib(default="ek# ", validator=attr.validators.instance_of(str))
    boot_timeout = attr.ib(default=20.0, converter=float)
    command_timeout = attr.ib(default=10.0, converter=float)

    def __attrs_post_init__(self):
        super().__attrs_post_init__()
        self.boot_log = ""      # everything up to the first prompt
        self.transcript = ""    # everything seen since power-on
        self.stuck = None
        self._prompt_re = re.compile(rb"\n" + re.escape(self.prompt.encode()))

    def on_activate(self):
        self.boot_log = ""
        self.transcript = ""
        self.stuck = None       # set when a command timed out
        self._drop_pending()

    def _drop_pending(self):
        """Forget input pexpect buffered before this power-on (the console
        driver keeps its expect state across QEMU restarts)."""
        pending = getattr(self.console, "_expect", None)
        if pending is not None:
            pending.buffer = type(pending.buffer)()

    def on_deactivate(self):
        pass

    def _expect(self, patterns, timeout):
        """console.expect() that keeps a transcript; returns (index, text
        before the match, matched text)."""
        try:
            index, before, _, after = self.console.expect(patterns, timeout=timeout)
        except pexpect.TIMEOUT as exc:
            # pexpect keeps the unmatched input in the spawn's buffer
            pending = getattr(self.console, "_expect", None)
            seen = _text(pending.buffer) if pending is not None else ""
            self.transcript += seen
            raise TimeoutError(
                f"no match for {patterns!r} within {timeout:.1f} s; received:\n{seen[-3000:]}"
            ) from exc
        text = _text(before)
        matched = _text(after)
        self.transcript += text + matched
        return index, text, matched

    @Driver.check_active
    @step(args=["timeout"])
    def wait_for_prompt(self, timeout=None):
        """Read the boot log up to the first prompt; returns the log."""
        timeout = self.boot_timeout if timeout is None else timeout
        _, text, _ = self._expect([self._prompt_re], timeout)
        self.boot_log = text + "\n"
        return self.boot_log

    @Driver.check_active
    @step(args=["pattern", "timeout"])
    def wait_for(self, pattern, timeout=None):
        """Read console output until @pattern (str regex) matches; returns
        (text before, matched text)."""
        timeout = self.boot_timeout if timeout is None else timeout
        pattern = re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
        _, text, matched = self._expect([pattern], timeout)
        return text, matched

    @Driver.check_active
    def read_quiet(self, quiet=0.5, timeout=5.0):
        """Collect output until the console has been quiet for @quiet
        seconds (or @timeout passed); returns the text."""
        chunks = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunks.append(self.console.read(size=4096, timeout=quiet))
            except pexpect.TIMEOUT:
                break
            if chunks[-1] == b"":   # peer closed: QEMU is gone
                break
        pending = getattr(self.console, "_expect", None)
        if pending is not None and pending.buffer:
            chunks.insert(0, pending.buffer)
            pending.buffer = type(pending.buffer)()
        text = _text(b"".join(c if isinstance(c, bytes) else c.encode() for c in chunks))
        self.transcript += text
        return text

    @Driver.check_active
    def send_line(self, line):
        self.console.write(line.encode() + b"\n")

    @Driver.check_active
    @step(args=["cmd"], result=True)
    def run(self, cmd, timeout=None):
        """Send @cmd, collect its output up to the next prompt.

        Returns (lines, status): the output lines without the echoed command
        line, and 0, or 1 when a line looks like a shell error ("sh: ...",
        "<cmd>: ...", "usage: ..."); the shell itself reports no status.
        """
        timeout = self.command_timeout if timeout is None else timeout
        if self.stuck:
            raise TimeoutError(f"shell unusable since an earlier command: {self.stuck}")
        self.send_line(cmd)
        try:
            _, text, _ = self._expect([self._prompt_re], timeout)
        except TimeoutError as exc:
            self.stuck = str(exc).splitlines()[0]
            echoed = self.transcript.rsplit("\n", 1)[-1]
            if echoed.startswith(self.prompt):
                echoed = echoed[len(self.prompt):]
            if cmd.startswith(echoed):
                self.stuck = f"input stalled in {cmd!r}"
                raise TimeoutError(
                    f"console input stalled: the shell echoed {len(echoed)} of the "
                    f"{len(cmd) + 1} characters sent ({echoed!r} of {cmd!r} + newline) "
                    f"and nothing for {timeout:.0f} s; the guest stopped taking UART "
                    f"input (e.g. a lost receive interrupt)") from exc
            raise
        lines = text.split("\n")
        echo = lines.pop(0) if lines else ""
        if echo.strip() != cmd.strip():
            raise ValueError(f"shell echoed {echo!r} for {cmd!r}")
        argv0 = cmd.split()[0] if cmd.split() else "sh"
        err = re.compile(_ERROR_RE.format(cmd=re.escape(argv0)))
        status = 1 if any(err.match(line) for line in lines) else 0
        return lines, status

    def run_check(self, cmd, timeout=None):
        """run() that raises when the derived status is not 0."""
        lines, status = self.run(cmd, timeout=timeout)
        if status:
            raise AssertionError(f"{cmd!r} failed:\n" + "\n".join(lines))
        return lines


class Status(enum.Enum):
    unknown = 0
    off = 1
    shell = 2


@target_factory.reg_driver
@attr.s(eq=False)
class EkShellStrategy(Strategy):
    """off -> shell: start QEMU, wait for the `ek# ` prompt.

    Besides transition()/force() it offers poweroff() (guest-initiated: the
    QEMU process must exit by itself), configure() to change the QEMU
    command line (DTB, boot args) for the next boot, and restore_config().
    """
    bindings = {
        "qemu": "QEMUDriver",
        "shell": "EkShellDriver",
    }

    status = attr.ib(default=Status.unknown)
    shutdown_timeout = attr.ib(default=10.0, converter=float)
    qmp_timeout = attr.ib(default=10.0, converter=float)

    def __attrs_post_init__(self):
        super().__attrs_post_init__()
        self._saved = {"dtb": self.qemu.dtb, "boot_args": self.qemu.boot_args,
                       "extra_args": self.qemu.extra_args}
        self.reboot = False         # configure(reboot=True): a reset reboots
        # Where a hung boot's decoded trace goes (conftest.py: next to the
        # JUnit XML) and what it is named after (the running test).
        self.hang_dir = os.path.join(HERE, "..", "build", "board-tests")
        self.hang_name = "boot"
        self.last_hang = None       # the last BoardHung raised

    # -- QEMU process helpers (labgrid 0.4.1's QEMUDriver has no API for a
    #    guest-initiated exit, so we look at its child process) --

    @property
    def process(self):
        """The QEMU subprocess.Popen, or None when not running."""
        return getattr(self.qemu, "_child", None)

    def qemu_running(self):
        proc = self.process
        return proc is not None and proc.poll() is None

    def _forget_process(self):
        """Make the QEMUDriver consistent after its process went away."""
        sock = getattr(self.qemu, "_clientsocket", None)
        if sock is not None:
            sock.close()
            self.qemu._clientsocket = None
        self.qemu._child = None
        self.qemu.status = 0

    def _kill(self):
        proc = self.process
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(5)
        self._forget_process()

    def _stop(self):
        """Stop QEMU whatever state it is in (quit via QMP, else kill)."""
        proc = self.process
        if proc is None:
            self.qemu.status = 0
            return
        if proc.poll() is not None:
            self._forget_process()
            return
        try:
            self._guarded("quit", self.qemu.off, self.qmp_timeout)
        except Exception:  # pylint: disable=broad-except
            self._kill()
        else:
            self._forget_process()

    def _deactivate_qemu(self):
        listener = getattr(self.qemu, "_socket", None)
        self.target.deactivate(self.qemu)
        if listener is not None:
            listener.close()
            self.qemu._socket = None

    @step(args=["status"])
    def transition(self, status, *, step):  # pylint: disable=redefined-outer-name
        if not isinstance(status, Status):
            status = Status[status]
        if status == Status.unknown:
            raise StrategyError(f"can not transition to {status}")
        if status == self.status and (status != Status.shell or self.qemu_running()):
            step.skip("nothing to do")
            return
        if status == Status.off:
            self.target.deactivate(self.shell)
            if self.qemu.status:
                self._stop()
            self._deactivate_qemu()
        elif status == Status.shell:
            self.transition(Status.off)  # pylint: disable=missing-kwoa
            self.power_on()
            self.wait_for_shell()
        else:
            raise StrategyError(f"no transition found from {self.status} to {status}")
        self.status = status

    def _qemu_threads(self):
        """One line per QEMU thread: name, state, kernel wait channel."""
        proc = self.process
        out = []
        try:
            for tid in sorted(os.listdir(f"/proc/{proc.pid}/task"), key=int):
                base = f"/proc/{proc.pid}/task/{tid}"
                with open(f"{base}/comm") as f1, open(f"{base}/stat") as f2, \
                        open(f"{base}/wchan") as f3:
                    stat = f2.read()
                    out.append(f"{tid} {f1.read().strip()} "
                               f"{stat[stat.rindex(')') + 2]} {f3.read()}")
        except (OSError, AttributeError, ValueError):
            pass
        return "; ".join(out)

    def _guarded(self, what, fn, timeout):
        """Call @fn (a blocking QEMUDriver QMP operation); if it has not
        returned after @timeout seconds, kill QEMU so the blocked read ends,
        and raise TimeoutError. labgrid's QMP reads have no timeout."""
        fired = []

        def expire():
            fired.append(self._qemu_threads())
            proc = self.process
            if proc is not None and proc.poll() is None:
                proc.kill()

        timer = threading.Timer(timeout, expire)
        timer.start()
        try:
            return fn()
        except Exception as exc:  # pylint: disable=broad-except
            if fired:
                raise TimeoutError(f"QEMU {what}: no QMP answer within {timeout:.0f} s; "
                                   f"killed it (threads: {fired[0]})") from exc
            raise
        finally:
            timer.cancel()

    def power_on(self, attempts=3):
        """Start QEMU and bind the shell driver, without waiting for
        anything (for boots that are expected not to reach the shell).

        Starting QEMU is retried (twice) when QEMU does not answer the QMP
        `cont` (seen rarely on a loaded host, before the guest matters);
        the incident is reported as a pytest warning."""
        if self.status != Status.off:
            self.transition(Status.off)  # pylint: disable=missing-kwoa
        for attempt in range(attempts):
            self.target.activate(self.qemu)
            listener = getattr(self.qemu, "_socket", None)
            if listener is not None:    # QEMU may die before it connects
                listener.settimeout(self.qmp_timeout)
            try:
                self._guarded("start", self.qemu.on, self.qmp_timeout)
                break
            except TimeoutError as exc:
                self._kill()
                self._deactivate_qemu()
                if attempt + 1 == attempts:
                    raise
                warnings.warn(f"retrying QEMU start: {exc}")
        self.target.activate(self.shell)
        self.status = Status.unknown

    # -- when the prompt does not come --

    def wait_for_shell(self, timeout=None):
        """The shell driver's wait_for_prompt(); if the prompt does not come
        while QEMU runs, the boot trace is fetched from the guest's RAM and
        BoardHung raised (see capture_hang)."""
        try:
            return self.shell.wait_for_prompt(timeout=timeout)
        except TimeoutError as exc:
            if not self.qemu_running():
                raise
            hung = self.capture_hang(str(exc).splitlines()[0])
            raise hung from exc

    def qmp(self, command, timeout=None, **arguments):
        """One QMP command with arguments (labgrid 0.4.1's monitor_command
        takes none); returns its "return". QEMU is killed when it does not
        answer within @timeout (default qmp_timeout) seconds."""
        mon = self.qemu.qmp

        def run():
            request = {"execute": command}
            if arguments:
                request["arguments"] = arguments
            mon.monitor_in.write(json.dumps(request).encode() + b"\n")
            mon.monitor_in.flush()
            while True:
                answer = json.loads(mon.monitor_out.readline().decode() or "{}")
                if "event" not in answer:
                    break
            if "error" in answer or "return" not in answer:
                raise RuntimeError(f"QMP {command}: {answer.get('error', answer)}")
            return answer["return"]

        return self._guarded(command, run, timeout or self.qmp_timeout)

    def ram_range(self):
        """(base, size) of the guest's RAM."""
        return RAM_BASE[self.qemu.machine], _size_bytes(self.qemu.memory)

    def vmlinux(self):
        """The ELF image of the kernel QEMU (or U-Boot) boots."""
        arch = "x86" if self.qemu.machine == "pc" else "arm"
        return os.path.join(HERE, "..", "build", arch, "vmlinux")

    def dump_ram(self, path):
        """The guest's whole RAM into @path (QMP pmemsave), its CPUs stopped
        first, as a JTAG probe halts them: a spinning CPU slows the copy
        down, and what it would still write does not matter."""
        base, size = self.ram_range()
        self.qmp("stop")
        self.qmp("pmemsave", timeout=4 * self.qmp_timeout, val=base, size=size,
                 filename=os.path.abspath(path))
        return base

    def decode_ram(self, dump, base, vmlinux=None):
        """`ektrace ram` over @dump: (exit code, stdout, stderr)."""
        res = subprocess.run([EKTRACE, "ram", dump, "--vmlinux", vmlinux or self.vmlinux(),
                              "--phys-base", hex(base)],
                             capture_output=True, text=True, timeout=60, check=False)
        return res.returncode, res.stdout, res.stderr

    def capture_hang(self, why):
        """The boot did not reach the prompt (@why): dump RAM, decode the
        boot trace, write it to <hang_dir>/<hang_name>.hang-trace.txt, and
        return the BoardHung to raise."""
        os.makedirs(self.hang_dir, exist_ok=True)
        trace_path = os.path.join(self.hang_dir, f"{self.hang_name}.hang-trace.txt")
        with tempfile.TemporaryDirectory(prefix="ekhang-") as tmp:
            dump = os.path.join(tmp, "ram.bin")
            try:
                base = self.dump_ram(dump)
                code, out, err = self.decode_ram(dump, base)
            except (RuntimeError, TimeoutError, OSError, subprocess.SubprocessError) as exc:
                code, out, err = -1, "", f"no RAM dump: {exc}"
        decoded = out + err
        with open(trace_path, "w") as f:
            f.write(decoded)
        if code != 0:
            self.last_hang = BoardHung(
                f"board hung ({why}); its boot trace could not be read: "
                f"{err.strip().splitlines()[-1] if err.strip() else 'ektrace failed'}",
                trace_path=trace_path, decoded=decoded)
            return self.last_hang
        m = LAST_STAGE_RE.search(out)
        stage = m.group(1) if m else "?"
        events = [f"{t.group(1)} {t.group(2)}" for t in map(TRACE_LINE_RE.match, out.splitlines())
                  if t]
        tail = "; ".join(events[-5:]) if events else "none"
        self.last_hang = BoardHung(
            f"board hung after stage {stage}; last events: {tail} ({why}; the decoded boot "
            f"trace is in {os.path.relpath(trace_path)})",
            stage=stage, events=events, trace_path=trace_path, decoded=decoded)
        return self.last_hang

    def reset(self):
        """A warm reset over QMP (system_reset): RAM is kept. Needs
        configure(reboot=True), else QEMU (-no-reboot) quits instead."""
        if not self.reboot:
            raise StrategyError("system_reset with -no-reboot ends QEMU: configure(reboot=True)")
        # CPUs stopped around it: a guest spinning hard (boot_hang=) kept
        # QEMU's main loop from taking the reset request on a loaded host
        self.qmp("stop")
        self.qmp("system_reset")
        self.qmp("cont")

    @step(args=["status"])
    def force(self, status, *, step):  # pylint: disable=redefined-outer-name
        if not isinstance(status, Status):
            status = Status[status]
        if status == Status.off:
            self.target.deactivate(self.shell)
        elif status == Status.shell:
            self.target.activate(self.qemu)
            self.target.activate(self.shell)
        else:
            raise StrategyError(f"can not force state {status}")
        self.status = status

    @step(result=True)
    def poweroff(self, timeout=None):
        """Run `poweroff` in the shell and wait for QEMU to exit by itself.

        Returns (exit code, console text after the command). Raises
        TimeoutError (after killing QEMU) if the process does not end."""
        timeout = self.shutdown_timeout if timeout is None else timeout
        proc = self.process
        if proc is None or proc.poll() is not None:
            raise StrategyError("QEMU is not running")
        self.shell.send_line("poweroff")
        deadline = time.monotonic() + timeout
        output = []
        while proc.poll() is None and time.monotonic() < deadline:
            output.append(self.shell.read_quiet(quiet=0.1, timeout=0.2))
        code = proc.poll()
        if code is None:
            try:
                proc.wait(0.5)
                code = proc.returncode
            except subprocess.TimeoutExpired:
                pass
        output.append(self.shell.read_quiet(quiet=0.05, timeout=0.2) if code is None else "")
        text = "".join(output)
        if code is None:
            self._kill()
            self.target.deactivate(self.shell)
            self._deactivate_qemu()
            self.status = Status.off
            raise TimeoutError(
                f"QEMU still running {timeout:.0f} s after 'poweroff'; killed. Console:\n{text}")
        self._forget_process()
        self.target.deactivate(self.shell)
        self._deactivate_qemu()
        self.status = Status.off
        return code, text

    def kill(self):
        """Kill QEMU (for boots that halt on purpose) and go to `off`."""
        self._kill()
        self.target.deactivate(self.shell)
        self._deactivate_qemu()
        self.status = Status.off

    def extra_args(self, args):
        """@args as the next boots get them: without -no-reboot when a reset
        is to reboot the board."""
        return re.sub(r"(^|\s)-no-reboot(?=\s|$)", "", args).strip() if self.reboot else args

    def configure(self, dtb=..., boot_args=..., reboot=...):
        """Change the QEMU command line for the next boot: @dtb is a host
        path, or None for no -dtb at all; @boot_args replaces the env's;
        @reboot: a reset (reset(), a watchdog) reboots instead of ending QEMU."""
        self.transition(Status.off)  # pylint: disable=missing-kwoa
        if reboot is not ...:
            self.reboot = reboot
            self.qemu.extra_args = self.extra_args(self._saved["extra_args"])
        if dtb is not ... and self.qemu.machine == "pc":
            # x86: the DTB is the first multiboot module (-initrd in the
            # env's extra_args), not -dtb.
            args = self.extra_args(INITRD_RE.sub("", self._saved["extra_args"]).strip())
            self.qemu.extra_args = args if dtb is None else f"{args} -initrd {dtb}"
        elif dtb is not ...:
            if dtb is None:
                self.qemu.dtb = None
            else:
                images = self.target.env.config.data.setdefault("images", {})
                images["ekshell-test-dtb"] = str(dtb)
                self.qemu.dtb = "ekshell-test-dtb"
        if boot_args is not ...:
            self.qemu.boot_args = boot_args

    def restore_config(self):
        self.transition(Status.off)  # pylint: disable=missing-kwoa
        self.reboot = False
        self.qemu.dtb = self._saved["dtb"]
        self.qemu.boot_args = self._saved["boot_args"]
        self.qemu.extra_args = self._saved["extra_args"]

    def env_extra_args(self):
        """The env file's QEMU extra_args (configure() may change the live ones)."""
        return self._saved["extra_args"]

    def qemu_command(self):
        """The QEMU command line of the last activation (for messages)."""
        return list(getattr(self.qemu, "_cmd", []))
