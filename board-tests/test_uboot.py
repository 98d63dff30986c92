"""Probes set in U-Boot reach the kernel (targets that boot through U-Boot:
virt-uboot, or a farm board with the same env and disk images).

* the env image as built: distro boot finds boot.scr with no typed input,
  the default group ekprobes_uenv fires, poweroff ends QEMU;
* variables written into the env image with fw_setenv (the way a user
  edits a board's environment): a group, ekprobe= and kprobe_event=, extra
  kernel arguments; bootargs composed without stray spaces;
* variables typed at the U-Boot prompt (setenv + boot);
* a malformed probe in the environment: the documented error line, the
  boot goes on and every other probe still fires.
Every probe is checked by hit count and by the values it recorded."""
import re
import subprocess

import pytest

import probetools
from conftest import boots_through_uboot

# boot_stage() calls after the probes are armed (README, "Boot stages")
STAGES = ["ftrace", "setup_arch", "mem_init", "kprobes", "irq_init", "time_init", "drivers",
          "smp", "initcalls", "shell"]
ARMED_RE = re.compile(r"ekprobes: (\d+) early probe\(s\) armed")
ERROR_RE = re.compile(r"ekprobes: error: (\S+): (.*)$")
BOUND_RE = re.compile(r"driver (\S+): bound to (\S+)")
IRQ_RE = re.compile(r"^\s*(\d+):\s+\d+\s+\S+\s+(\S+)\s*$")
UENV = {"uenv_stage", "uenv_memory"}   # uboot-env/env.txt: ekprobes_uenv


@pytest.fixture(autouse=True)
def uboot_only(strategy):
    if not boots_through_uboot(strategy):
        pytest.skip("this target does not boot through U-Boot")



def errors(log):
    return [m.groups() for m in map(ERROR_RE.search, log.splitlines()) if m]


def stages_after_arming(log):
    m = ARMED_RE.search(log)
    assert m, log
    return re.findall(r"boot: stage (\w+)", log[m.end():])


def check_stage_probe(shell, log, event, prof, records):
    """@event on boot_stage(name): one hit per stage after arming, with
    the stage names in boot order."""
    stages = stages_after_arming(log)
    assert stages == STAGES, stages
    assert prof.get(event) == (len(STAGES), 0), prof
    names = [r["args"]["name"] for r in records if r["event"] == event]
    assert names == STAGES, names


def check_memory_probe(event, prof, records):
    """kretprobe on dt_memory_regions: two callers, one memory bank."""
    assert prof.get(event) == (2, 0), prof
    banks = [r["args"]["banks"] for r in records if r["event"] == event]
    assert banks == ["1", "1"], banks


def interrupts(shell):
    lines, status = shell.run("cat /proc/interrupts")
    assert status == 0, lines
    return [(int(m.group(1)), m.group(2)) for m in map(IRQ_RE.match, lines) if m]


def test_env_image_as_built_autoboots_and_powers_off(strategy, reconfigure):
    """No typed input, no fw_setenv: the images exactly as `make` built them."""
    reconfigure(boot_args="")
    strategy.transition("shell")
    shell, log = strategy.shell, strategy.shell.boot_log
    assert strategy.env_written == {}
    assert "Loading Environment from Flash... OK" in log, log     # our env image, not defaults
    assert "Found U-Boot script /boot.scr" in log, log
    assert "ekprobes: /chosen/ekprobes/uenv: probes from ekprobes_uenv" in log, log
    assert "ekprobes: device tree: virt.dtb; bootargs: \n" in log, log
    assert "Hit any key to stop autoboot:  0" in log
    assert "=> " not in log, "U-Boot reached its prompt: autoboot did not run"
    assert not errors(log), errors(log)
    assert ARMED_RE.search(log).group(1) == "2", log
    assert shell.run("cat /proc/cmdline") == ([""], 0)
    prof = probetools.profile(shell)
    records = probetools.trace(shell)
    check_stage_probe(shell, log, "uenv_stage", prof, records)
    check_memory_probe("uenv_memory", prof, records)
    code, text = strategy.poweroff(timeout=10)
    assert code == 0, text
    assert "reboot: Power down" in text, text


def test_probes_from_env_variables(strategy, reconfigure, tmp_path):
    """Variables written into the env image with fw_setenv."""
    reconfigure(boot_args="lab=virt-uboot extra=1", env={
        "ekprobes_groups": "uenv envp",
        "ekprobes_envp": "p:env_req request_irq irq=%r0:u32 name=+0(%r3):string ; "
                         "r:env_req_ret request_irq ret=$retval:s32",
        "ekprobes_ekprobe": "time_init",
        "ekprobes_kprobe_event": "p:kev/kev_stage,boot_stage,name=+0(%r0):string;"
                                 "r:kev/kev_memory,dt_memory_regions,banks=$retval:s32",
    })
    strategy.transition("shell")
    shell, log = strategy.shell, strategy.shell.boot_log
    assert not errors(log), errors(log)
    # bootargs: the pieces that are set, in order, single spaces
    cmdline = ("ekprobe=time_init "
               "kprobe_event=p:kev/kev_stage,boot_stage,name=+0(%r0):string;"
               "r:kev/kev_memory,dt_memory_regions,banks=$retval:s32 "
               "lab=virt-uboot extra=1")
    assert shell.run("cat /proc/cmdline") == ([cmdline], 0)
    assert ARMED_RE.search(log).group(1) == "7", log
    prof = probetools.profile(shell)
    records = probetools.trace(shell)
    check_stage_probe(shell, log, "uenv_stage", prof, records)
    check_memory_probe("uenv_memory", prof, records)
    check_stage_probe(shell, log, "kev_stage", prof, records)
    check_memory_probe("kev_memory", prof, records)
    # ekprobe=time_init: one entry probe, one hit
    seeds = {e: h for e, h in prof.items() if "time_init" in e and e.startswith("p")}
    assert list(seeds.values()) == [(1, 0)], prof
    # request_irq: every line of /proc/interrupts, in the order requested
    irqs = interrupts(shell)
    assert irqs, "no interrupts requested"
    req = [(int(r["args"]["irq"]), r["args"]["name"]) for r in records
           if r["event"] == "env_req"]
    assert sorted(req) == sorted(irqs), (req, irqs)
    assert prof["env_req"] == (len(irqs), 0) and prof["env_req_ret"] == (len(irqs), 0), prof
    assert [r["args"]["ret"] for r in records if r["event"] == "env_req_ret"] == \
        ["0"] * len(irqs)
    # the PL011 interrupt named in QEMU's DT: SPI 1 -> 33
    assert (33, "uart-pl011") in req, req


def test_probes_typed_at_uboot_prompt(strategy, reconfigure):
    """setenv at the `=> ` prompt, then boot."""
    reconfigure(boot_args="")
    strategy.transition("uboot")
    for cmd in [
        "setenv ekprobes_typed 'p:typed_stage boot_stage name=+0(%r0):string;"
        "r:typed_time time_init ret=$retval:s32'",
        "setenv ekprobes_groups ${ekprobes_groups} typed",
        "setenv ekprobes_kprobe_event 'r:typed_mem,dt_memory_regions,banks=$retval:s32'",
        "setenv ekprobes_bootargs typed=1",
    ]:
        out, code = strategy.uboot_run(cmd)
        assert code == 0, (cmd, out)
    out, code = strategy.uboot_run("printenv ekprobes_typed")
    assert out == ["ekprobes_typed=p:typed_stage boot_stage name=+0(%r0):string;"
                   "r:typed_time time_init ret=$retval:s32"], out
    log = strategy.boot_from_uboot()
    shell = strategy.shell
    assert "ekprobes: /chosen/ekprobes/typed: probes from ekprobes_typed" in log, log
    assert not errors(log), errors(log)
    assert shell.run("cat /proc/cmdline") == (
        ["kprobe_event=r:typed_mem,dt_memory_regions,banks=$retval:s32 typed=1"], 0)
    prof = probetools.profile(shell)
    records = probetools.trace(shell)
    check_stage_probe(shell, log, "typed_stage", prof, records)
    check_stage_probe(shell, log, "uenv_stage", prof, records)
    check_memory_probe("typed_mem", prof, records)
    assert prof.get("typed_time") == (1, 0), prof
    assert [r["args"]["ret"] for r in records if r["event"] == "typed_time"] == ["0"]


def test_malformed_probe_in_env(strategy, reconfigure):
    """A bad line in a group and a bad kprobe_event: one error line each,
    naming its source; the boot goes on, the good probes fire."""
    reconfigure(boot_args="", env={
        "ekprobes_groups": "uenv bad",
        "ekprobes_bad": "p:bad_ok boot_stage name=+0(%r0):string;"
                        "p:bad_x no_such_symbol_xyz;"
                        "r:bad_mem dt_memory_regions banks=$retval:s32",
        "ekprobes_kprobe_event": "p,no_such_symbol_kev",
    })
    strategy.transition("shell")
    shell, log = strategy.shell, strategy.shell.boot_log
    got = errors(log)
    assert len(got) == 2, got
    assert got[0][0] == "/chosen/ekprobes/bad:probes[1]", got
    assert got[0][1].startswith("unknown symbol 'no_such_symbol_xyz'"), got
    assert got[1][0] == "bootargs:kprobe_event[0]", got
    assert got[1][1].startswith("unknown symbol 'no_such_symbol_kev'"), got
    assert "ekprobes shell" in log
    prof = probetools.profile(shell)
    records = probetools.trace(shell)
    check_stage_probe(shell, log, "bad_ok", prof, records)
    check_stage_probe(shell, log, "uenv_stage", prof, records)
    check_memory_probe("bad_mem", prof, records)
    assert "bad_x" not in prof, prof
    assert shell.run("echo alive") == (["alive"], 0)


def test_fw_printenv_reads_what_the_board_got(strategy, reconfigure):
    """The env copy the last boot used is readable with fw_printenv (the
    tool a farm or a user runs against a board's env partition)."""
    reconfigure(boot_args="", env={"ekprobes_print": "1"})
    strategy.transition("shell")
    shell, log = strategy.shell, strategy.shell.boot_log
    # print=1 -> /chosen/ekprobes { print; }: hits appear live on the console
    at = re.escape(probetools.entry_point("boot_stage"))
    assert re.search(rf"ekprobes: uenv_stage: \({at}/\S+\) name=\"mem_init\"", log), log
    flash = re.search(r"file=([^,\s]+flash1\.img)", strategy.qemu.extra_args).group(1)
    res = subprocess.run(["fw_printenv", "-c", f"{flash}.fw_env.config", "ekprobes_print",
                          "ekprobes_groups"], capture_output=True, text=True, timeout=30,
                         check=True)
    assert res.stdout.splitlines() == ["ekprobes_print=1", "ekprobes_groups=uenv"], res.stdout
