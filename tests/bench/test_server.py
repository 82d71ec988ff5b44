"""The benchmark's CPU accounting: utime + stime of a process tree, read from /proc."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import server


def test_cpu_ticks_count_from_the_last_parenthesis() -> None:
    # The command name may hold spaces and ")": fields are counted after the last one.
    stat = (
        "4242 (gunicorn: worker) (x)) S 4200 4200 4200 0 -1 4194560 2112 0 0 0 "
        "731 58 3 1 20 0 1 0 12345 123456789 4321 18446744073709551615"
    )

    assert server.cpu_ticks(stat) == 731 + 58  # utime + stime; children's (3, 1) apart


def test_cpu_ticks_of_this_process_match_the_kernel_s_figures() -> None:
    ticks = server.cpu_ticks(Path(f"/proc/{os.getpid()}/stat").read_text())
    times = os.times()

    assert ticks / os.sysconf("SC_CLK_TCK") == pytest.approx(times.user + times.system, abs=0.1)


BURN = (
    "import time\n"
    "while time.process_time() < 0.3: pass\n"
    "print('burnt', flush=True)\n"
    "time.sleep(60)\n"
)


def test_cpu_seconds_add_up_the_whole_process_tree() -> None:
    # A shell whose child burns 0.3 s of CPU: the shell's figure includes its child's,
    # while the child is alive (a dead child's time would be in cstime, not counted).
    shell = subprocess.Popen(  # noqa: S603 -- fixed arguments
        ["/bin/sh", "-c", f'"{sys.executable}" -c "$0"; true', BURN],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert shell.stdout is not None
        assert shell.stdout.readline() == "burnt\n"
        children = server.descendants(shell.pid)

        assert len(children) == 1
        assert server.cpu_seconds(shell.pid) >= 0.3 - 2 / os.sysconf("SC_CLK_TCK")
    finally:
        os.killpg(shell.pid, 9)
        shell.wait()
        if shell.stdout is not None:
            shell.stdout.close()
