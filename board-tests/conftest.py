"""pytest wiring for the ekprobes board tests.

Run with one labgrid environment per board, e.g.
    /usr/bin/python3 -m pytest --lg-env board-tests/virt.yaml board-tests
The labgrid pytest plugin (python3-labgrid) reads --lg-env and provides the
`env` and `target` fixtures; importing ekshell registers EkShellDriver and
EkShellStrategy before the environment's target is instantiated.
"""
import os
import re
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import ekshell  # noqa: E402  pylint: disable=wrong-import-position,unused-import
import ekuboot  # noqa: E402  pylint: disable=wrong-import-position,unused-import


def pytest_configure(config):
    env = config.option.lg_env or config.option.env_config or os.environ.get("LG_ENV")
    if not env:
        raise pytest.UsageError("the board tests need --lg-env board-tests/<board>.yaml")
    # probetools reads the target's arch at import (tool names, build dir):
    # the env file's kernel image says which (build/x86/... or build/arm/...).
    if "EK_ARCH" not in os.environ:
        with open(env) as f:
            os.environ["EK_ARCH"] = "x86" if "build/x86/" in f.read() else "arm"


@pytest.fixture(scope="session")
def strategy(target):
    """The EkShellStrategy; QEMU is stopped at the end of the session."""
    strat = target.get_driver("EkShellStrategy")
    yield strat
    strat.restore_config()
    strat.transition("off")


def boots_through_uboot(strategy):
    """True on targets where U-Boot loads the kernel (virt-uboot, farm)."""
    return isinstance(strategy, ekuboot.EkUBootStrategy)


@pytest.fixture(autouse=True)
def _hang_trace_name(request, strategy):
    """A boot that hangs leaves its decoded boot trace next to the JUnit XML,
    named after the test: <xml stem>.<test>.hang-trace.txt."""
    xml = request.config.option.xmlpath
    stem = "board-tests"
    if xml:
        strategy.hang_dir = os.path.dirname(os.path.abspath(xml))
        stem = os.path.splitext(os.path.basename(xml))[0]
    strategy.hang_name = re.sub(r"[^\w.-]+", "_", f"{stem}.{request.node.name}")


@pytest.fixture(autouse=True)
def _direct_boot_only(request):
    """Tests marked direct_boot hand QEMU a kernel/DTB of their own; they do
    not apply where U-Boot loads both from a disk."""
    if request.node.get_closest_marker("direct_boot") is not None:
        if boots_through_uboot(request.getfixturevalue("strategy")):
            pytest.skip("needs a directly booted kernel (QEMU -kernel/-dtb); "
                        "this target boots through U-Boot")


@pytest.fixture(autouse=True)
def _arm_only(request):
    """Tests marked arm_only("why") test an ARM mechanism (Thumb, literal
    pools, the A32 decoder, DT overlays of the ARM boards, ...)."""
    m = request.node.get_closest_marker("arm_only")
    if m is not None and os.environ.get("EK_ARCH", "arm") != "arm":
        pytest.skip(f"ARM only: {m.args[0] if m.args else 'an ARM mechanism'}")


@pytest.fixture(scope="session")
def qemu(target):
    return target.get_driver("QEMUDriver", activate=False)


@pytest.fixture(scope="session")
def board(qemu):
    """The QEMU machine name: vexpress-a9, vexpress-a15 or virt."""
    return qemu.machine


@pytest.fixture(scope="module")
def booted(strategy):
    """One fresh boot shared by the read-only tests of a module; returns
    the EkShellDriver (its boot_log holds the console up to the prompt)."""
    strategy.transition("off")
    strategy.transition("shell")
    yield strategy.shell
    strategy.transition("off")


@pytest.fixture
def reconfigure(strategy):
    """strategy.configure() for one test; the env's settings come back after."""
    yield strategy.configure
    strategy.restore_config()


@pytest.fixture
def fresh(strategy):
    """A fresh boot for one destructive test."""
    strategy.transition("off")
    strategy.transition("shell")
    yield strategy.shell
    strategy.transition("off")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test's report ends with the console's last lines: what the
    board printed around the failure (a farm run has nothing else)."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "teardown" or not report.failed:
        return
    strategy = item.funcargs.get("strategy")
    shell = getattr(strategy, "shell", None)
    transcript = getattr(shell, "transcript", "")
    if transcript:
        tail = "\n".join(transcript.splitlines()[-80:])
        report.sections.append(("console (last 80 lines)", tail))
