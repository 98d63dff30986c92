"""labgrid strategy for ekprobes booted by U-Boot (QEMU virt + Debian's
u-boot-qemu, or a real board).

labgrid's UBootStrategy needs a ShellDriver (a login shell) after U-Boot;
our `ek# ` shell is not one, so EkUBootStrategy extends EkShellStrategy
(ekshell.py) with labgrid's own UBootDriver for the U-Boot prompt:

  off   -> shell   power on, let U-Boot autoboot (distro boot, boot.scr from
                   the disk, environment from the env flash): no typed input
  off   -> uboot   power on, stop autoboot with the UBootDriver, `=> ` prompt
  uboot -> shell   boot_from_uboot(): type the boot command, wait for `ek# `

U-Boot variables for the next boots (configure(env={...}), and boot_args,
which becomes ekprobes_bootargs) are written with `fw_setenv -s` into a
copy of the env flash image named in the QEMU extra_args, the way a user
edits the environment of a real board; QEMU then gets the copy. Without
such variables QEMU gets the image exactly as built.

Importing this module registers EkUBootStrategy (conftest.py does it).
"""
import atexit
import os
import re
import shutil
import subprocess
import tempfile

import attr
import pytest

from labgrid.factory import target_factory
from labgrid.step import step

from ekshell import EkShellStrategy, Status

# Longest kernel command line boot.scr gets through U-Boot 2023.01 intact
# (measured: 246 characters arrive whole, 306 and more arrive cut to 255).
BOOTARGS_MAX = 255

# the env flash on the QEMU command line: -drive if=pflash,unit=1,...,file=PATH
PFLASH_RE = re.compile(r"(-drive\s+\S*if=pflash,\S*unit=1\S*?file=)([^,\s]+)")


@target_factory.reg_driver
@attr.s(eq=False)
class EkUBootStrategy(EkShellStrategy):
    """EkShellStrategy for a target that boots through U-Boot.

    Args (besides EkShellStrategy's):
        env_size (str): size of the environment in the flash (fw_env.config)
        fw_setenv (str): the fw_setenv tool (libubootenv-tool)
        uboot_timeout (float): seconds from power-on to the U-Boot prompt
    """
    bindings = {
        "qemu": "QEMUDriver",
        "shell": "EkShellDriver",
        "uboot": "UBootDriver",
    }

    env_size = attr.ib(default="0x40000", validator=attr.validators.instance_of(str))
    fw_setenv = attr.ib(default="fw_setenv", validator=attr.validators.instance_of(str))
    uboot_timeout = attr.ib(default=20.0, converter=float)

    def __attrs_post_init__(self):
        super().__attrs_post_init__()
        self._saved["extra_args"] = self.qemu.extra_args
        self._env = {}
        self._tmpdir = None
        self.in_uboot = False
        self.env_written = {}   # what the last power-on wrote with fw_setenv

    # -- the environment flash --

    def base_flash(self):
        """The env flash image the environment file names."""
        m = PFLASH_RE.search(self._saved["extra_args"])
        if not m:
            raise ValueError("no '-drive if=pflash,unit=1,...,file=...' in the QEMUDriver "
                             f"extra_args: {self._saved['extra_args']!r}")
        return m.group(2)

    def wanted_env(self):
        env = {}
        if self.qemu.boot_args:
            env["ekprobes_bootargs"] = self.qemu.boot_args
        env.update(self._env)
        return env

    def write_flash(self, env, path):
        """Copy the base env flash to @path with @env set by fw_setenv;
        returns the fw_env.config written next to it. A value of None
        deletes the variable."""
        # the image is mostly a sparse hole: keep it one
        subprocess.run(["cp", "--sparse=always", self.base_flash(), path], check=True,
                       timeout=30)
        config = f"{path}.fw_env.config"
        script = f"{path}.fw_setenv"
        with open(config, "w") as f:
            f.write(f"{path} 0x0 {self.env_size}\n")
        with open(script, "w") as f:
            for name, value in env.items():
                if "\n" in name or (value is not None and "\n" in value):
                    raise ValueError(f"line break in U-Boot variable {name!r}")
                f.write(f"{name}={'' if value is None else value}\n")
        res = subprocess.run([self.fw_setenv, "-c", config, "-s", script], capture_output=True,
                             text=True, timeout=30, check=False)
        if res.returncode != 0:
            raise RuntimeError(f"fw_setenv failed ({res.returncode}): {res.stderr}")
        return config

    def _prepare_flash(self):
        env = self.wanted_env()
        self.env_written = dict(env)
        if not env:
            self.qemu.extra_args = self.extra_args(self._saved["extra_args"])
            return
        if self._tmpdir is None:
            self._tmpdir = tempfile.mkdtemp(prefix="ekuboot-")
            atexit.register(self.cleanup)
        path = os.path.join(self._tmpdir, "flash1.img")
        self.write_flash(env, path)
        self.qemu.extra_args = self.extra_args(PFLASH_RE.sub(lambda m: m.group(1) + path,
                                                             self._saved["extra_args"]))

    # -- states --

    def power_on(self, attempts=2):
        self._deactivate_uboot()
        self._prepare_flash()
        super().power_on(attempts)

    def _deactivate_uboot(self):
        self.in_uboot = False
        self.target.deactivate(self.uboot)

    @step(args=["status"])
    def transition(self, status, *, step):  # pylint: disable=redefined-outer-name
        if status in ("uboot", "=> "):
            if self.in_uboot and self.qemu_running():
                step.skip("nothing to do")
                return
            self.power_on()
            self.target.activate(self.uboot)   # stops autoboot, waits for `=> `
            self.in_uboot = True
            return
        self._deactivate_uboot()
        super().transition(status)

    def uboot_run(self, cmd, timeout=10):
        """Run @cmd at the U-Boot prompt; returns (output lines, exit code)."""
        if not self.in_uboot:
            raise RuntimeError("not at the U-Boot prompt (transition('uboot') first)")
        out, _, code = self.uboot.run(cmd, timeout=timeout)
        return out, code

    def boot_from_uboot(self):
        """Type the boot command at the U-Boot prompt, wait for `ek# `;
        returns the console text up to the prompt."""
        if not self.in_uboot:
            raise RuntimeError("not at the U-Boot prompt (transition('uboot') first)")
        command = self.uboot.boot_command
        # activating the UBootDriver deactivated the shell driver (both are
        # console clients); switch back before anything is sent, so no
        # output is lost, then type the command UBootDriver.boot() would
        self._deactivate_uboot()
        self.target.activate(self.shell)
        self.shell.send_line(command)
        log = self.wait_for_shell()
        self.status = Status.shell
        return log

    # -- per-test configuration --

    def configure(self, dtb=..., boot_args=..., env=..., reboot=...):
        """boot_args: kernel arguments (-> ekprobes_bootargs); env: U-Boot
        variables ({name: value or None}) for the next boots. A DTB cannot
        be handed over QEMU's command line here: U-Boot loads it from the
        disk, so tests that need that are skipped on this target."""
        if dtb is not ...:
            pytest.skip("boots through U-Boot: the DTB comes from the disk image, not -dtb")
        self.transition(Status.off)  # pylint: disable=missing-kwoa
        if reboot is not ...:
            self.reboot = reboot
        if boot_args is not ...:
            if boot_args and len(boot_args) > BOOTARGS_MAX:
                pytest.skip(f"boots through U-Boot, whose boot script passes at most "
                            f"{BOOTARGS_MAX} characters of bootargs ({len(boot_args)} asked)")
            self.qemu.boot_args = boot_args
        if env is not ...:
            self._env = dict(env)

    def restore_config(self):
        super().restore_config()
        self._env = {}
        self.qemu.extra_args = self._saved["extra_args"]

    def cleanup(self):
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None
