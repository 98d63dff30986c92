"""Boot log and read-only shell round trips, on one shared boot."""
import os
import re
import time

import pytest

import probetools

from ekshell import TIMESTAMP_RE

STAGES = ["fdt", "ftrace", "setup_arch", "mem_init", "irq_init", "time_init", "drivers", "smp", "initcalls",
          "shell"]
COMMANDS = {"help", "ls", "cat", "echo", "dmesg", "poweroff", "sym", "peek", "poke", "selftest"}


def stage_positions(log):
    lines = log.splitlines()
    found = {}
    for i, line in enumerate(lines):
        m = re.search(r"boot: stage (\w+)", line)
        if m:
            assert m.group(1) not in found, f"stage {m.group(1)} printed twice"
            found[m.group(1)] = i
    return found


def test_boot_reaches_shell(booted):
    assert "ekprobes shell" in booted.boot_log
    assert not probetools.oopses(booted.boot_log), booted.boot_log
    assert "ekprobes: fatal" not in booted.boot_log
    errors = [line for line in booted.boot_log.splitlines() if "ekprobes: error:" in line]
    assert not errors, "\n".join(errors)


def test_boot_stages_in_order(booted):
    found = stage_positions(booted.boot_log)
    missing = [s for s in STAGES if s not in found]
    assert not missing, f"stages missing from the boot log: {missing}\n{booted.boot_log}"
    order = [found[s] for s in STAGES]
    assert order == sorted(order), f"stages out of order: {sorted(found, key=found.get)}"


def test_boot_timestamps_non_decreasing(booted):
    stamps = []
    for line in booted.boot_log.splitlines():
        m = TIMESTAMP_RE.match(line)
        if m:
            stamps.append((int(m.group(1)), int(m.group(2)), line))
    assert len(stamps) >= len(STAGES)
    for prev, cur in zip(stamps, stamps[1:]):
        assert cur[:2] >= prev[:2], f"time went backwards:\n{prev[2]}\n{cur[2]}"


def test_dmesg_has_boot_log(booted):
    lines, status = booted.run("dmesg")
    assert status == 0
    found = stage_positions("\n".join(lines))
    order = [s for s in sorted(found, key=found.get) if s in STAGES]
    assert order == STAGES, f"dmesg stages: {sorted(found, key=found.get)}"


def test_help_lists_commands(booted):
    lines, status = booted.run("help")
    assert status == 0
    names = {line.split()[0] for line in lines if line.strip()}
    assert COMMANDS <= names, f"missing from help: {COMMANDS - names}"


def test_ls_proc(booted):
    lines, status = booted.run("ls /proc")
    assert status == 0
    entries = {line.strip() for line in lines}
    assert {"cmdline", "interrupts", "kallsyms", "meminfo"} <= entries


def test_cmdline_shows_boot_args(booted, qemu):
    lines, status = booted.run("cat /proc/cmdline")
    assert status == 0
    assert lines == [qemu.boot_args]


def test_echo(booted):
    assert booted.run("echo hello") == (["hello"], 0)
    assert booted.run("echo 'two  words'") == (["two  words"], 0)


def test_unknown_command(booted):
    lines, status = booted.run("frobnicate now")
    assert status != 0
    assert lines == ["sh: frobnicate: command not found"]


def test_cat_missing_file(booted):
    lines, status = booted.run("cat /proc/does-not-exist")
    assert status != 0
    assert lines == ["cat: /proc/does-not-exist: No such file or directory"]


IRQ_RE = re.compile(r"^\s*(\d+):\s+(\d+)\s+(\S+)\s+(.*?)\s*$")


def timer_counts(shell):
    lines, status = shell.run("cat /proc/interrupts")
    assert status == 0
    counts = {}
    for line in lines:
        m = IRQ_RE.match(line)
        if m and "timer" in m.group(4):
            counts[(int(m.group(1)), m.group(4))] = int(m.group(2))
    assert counts, "no timer interrupt in /proc/interrupts:\n" + "\n".join(lines)
    return counts


def test_timer_interrupts_increase(booted):
    first = timer_counts(booted)
    time.sleep(0.3)
    second = timer_counts(booted)
    assert any(second.get(k, 0) > v for k, v in first.items()), \
        f"no timer interrupt count increased: {first} -> {second}"


def test_sym_round_trip(booted):
    lines, status = booted.run("sym start_kernel")
    assert status == 0
    m = re.fullmatch(r"0x([0-9a-f]{8}) start_kernel", lines[0]) if lines else None
    assert m, lines
    addr = int(m.group(1), 16)
    lines, status = booted.run(f"sym {addr:#x}")
    assert status == 0
    assert re.fullmatch(rf"0x{addr:08x} start_kernel\+0x0/0x[0-9a-f]+", lines[0]), lines
    # the address is the link-time offset from _text plus where the image
    # was loaded (ARM links at 0 and runs anywhere; i386 runs where linked)
    load = re.search(r"loaded at (0x[0-9a-f]+)", booted.boot_log)
    syms = probetools._symbols()  # pylint: disable=protected-access
    assert load, booted.boot_log
    assert addr == int(load.group(1), 16) + syms["start_kernel"] - syms["_text"]


def test_selftest_patch_text(booted):
    lines, status = booted.run("selftest patch_text")
    assert status == 0
    assert "selftest patch_text: PASS" in lines, lines
    assert not any("FAIL" in line for line in lines)
