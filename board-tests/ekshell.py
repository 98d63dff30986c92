"""labgrid driver and strategy for the ekprobes console shell (`ek# `).

The shell is not a login shell (no user, no `echo $?`), so labgrid's
ShellDriver does not fit. EkShellDriver talks to any ConsoleProtocol driver
(here the QEMUDriver's serial socket); EkShellStrategy moves the target
between `off` and `shell` by powering the QEMUDriver on and waiting for the
first prompt, and knows how a guest `poweroff` ends the QEMU process.

Importing this module registers both classes with labgrid's target factory
(conftest.py does that before the environment's targets are created).
"""
import enum
import os
import re
import subprocess
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
            self.shell.wait_for_prompt()
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

    def configure(self, dtb=..., boot_args=...):
        """Change the QEMU command line for the next boot: @dtb is a host
        path, or None for no -dtb at all; @boot_args replaces the env's."""
        self.transition(Status.off)  # pylint: disable=missing-kwoa
        if dtb is not ... and self.qemu.machine == "pc":
            # x86: the DTB is the first multiboot module (-initrd in the
            # env's extra_args), not -dtb.
            args = INITRD_RE.sub("", self._saved["extra_args"]).strip()
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
        self.qemu.dtb = self._saved["dtb"]
        self.qemu.boot_args = self._saved["boot_args"]
        self.qemu.extra_args = self._saved["extra_args"]

    def env_extra_args(self):
        """The env file's QEMU extra_args (configure() may change the live ones)."""
        return self._saved["extra_args"]

    def qemu_command(self):
        """The QEMU command line of the last activation (for messages)."""
        return list(getattr(self.qemu, "_cmd", []))
