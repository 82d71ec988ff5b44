"""`errata serve`: the command lines it runs, and a real server started and stopped.

The end-to-end tests run `errata` in a subprocess on a fresh SQLite folder (whatever
DATABASE_URL the suite uses), as `make demo` does, and stop it with a signal.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from errata.management.serving import gunicorn_command, worker_command
from tests.serving import ERRATA, descendants, environment, free_port, running, wait_for
from tests.serving import children as children_of


def test_gunicorn_runs_errata_with_asgi_workers_and_the_metrics_hooks() -> None:
    command = gunicorn_command("0.0.0.0", 8080, 3)  # noqa: S104

    def option(name: str) -> str:
        return command[command.index(name) + 1]

    assert command[:3] == [sys.executable, "-m", "gunicorn"]
    assert command[-1] == "errata.conf.asgi:application"
    assert option("--bind") == "0.0.0.0:8080"
    assert option("--workers") == "3"
    assert option("--worker-class") == "asgi"
    assert option("--env") == "ERRATA_SERVE_THREADS=2"  # errata's request threads
    assert "--threads" not in command
    assert option("--access-logfile") == "-"
    assert option("--config") == "python:errata.ops.gunicorn_conf"
    assert "--no-control-socket" in command


def test_threads_are_for_threaded_workers() -> None:
    threaded = gunicorn_command("127.0.0.1", 8000, 2, "gthread", threads=4)
    sync = gunicorn_command("127.0.0.1", 8000, 2, "sync", threads=4)

    assert threaded[threaded.index("--worker-class") + 1] == "gthread"
    assert threaded[threaded.index("--threads") + 1] == "4"
    assert threaded[-1] == sync[-1] == "errata.conf.wsgi:application"
    assert "--threads" not in sync
    with pytest.raises(ValueError, match="worker_class"):
        gunicorn_command("127.0.0.1", 8000, 2, "eventlet")


def test_an_ipv6_address_is_bracketed() -> None:
    assert "[::1]:8000" in gunicorn_command("::1", 8000, 1)


def test_the_task_worker_does_not_reload_itself() -> None:
    assert worker_command()[1:] == ["-m", "django", "task_worker", "--no-reload"]


def test_serve_refuses_to_start_while_migrations_are_pending(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603
        [ERRATA, "serve", "--port", str(free_port())],
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 1
    assert "Run `errata migrate` (or `errata demo`) first." in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_production_secret_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603
        [ERRATA, "migrate"],
        env=environment(tmp_path, ERRATA_ENV="production"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 1
    assert "ERRATA_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreachable_database_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603
        [ERRATA, "migrate"],
        env=environment(tmp_path, DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/x"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 1
    assert result.stderr.startswith("Error: the database is unavailable:")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("options", "stop", "expected_children"),
    [
        (["--workers", "2"], signal.SIGTERM, {"gunicorn", "task_worker"}),
        (["--workers", "1", "--no-worker"], signal.SIGINT, {"gunicorn"}),
    ],
)
def test_serve_runs_the_site_and_stops_its_children_cleanly(
    tmp_path: Path, options: list[str], stop: signal.Signals, expected_children: set[str]
) -> None:
    env = environment(tmp_path)
    subprocess.run([ERRATA, "demo"], env=env, capture_output=True, check=True, timeout=180)  # noqa: S603
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [ERRATA, "serve", "--port", str(port), *options],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        home = wait_for(f"http://127.0.0.1:{port}/", server)
        css = wait_for(f"http://127.0.0.1:{port}/static/errata/public.css", server)
        children = children_of(server.pid)
    finally:
        server.send_signal(stop)
        output, _ = server.communicate(timeout=60)

    assert b"/articles/region-petites-lignes-ferroviaires/" in home
    assert b"prefers-color-scheme" in css
    assert server.returncode == 0, output
    assert f"errata is serving at http://127.0.0.1:{port}/" in output
    assert "Traceback" not in output
    commands = [command for command, _env in children.values()]
    assert len(children) == len(expected_children), (commands, output)
    for name in expected_children:
        assert any(name in command for command in commands), (commands, output)
    for pid in children:
        assert not Path(f"/proc/{pid}").exists(), f"child {pid} still runs: {output}"
    folders = {env.get("PROMETHEUS_MULTIPROC_DIR") for _command, env in children.values()}
    if "--no-worker" in options:
        assert folders == {None}  # one gunicorn worker counts in its own memory
    else:
        (folder,) = folders  # one folder shared by every child
        assert folder is not None
        assert not Path(folder).exists(), "the temporary metrics folder is removed"


def gone(pids: set[int]) -> set[int]:
    """Wait for `pids` to end; those still running when patience runs out."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(running(pid) for pid in pids):
        time.sleep(0.2)
    return {pid for pid in pids if running(pid)}


def port_is_free(port: int) -> bool:
    # SO_REUSEADDR as gunicorn binds: connections in TIME_WAIT do not count, a listener does.
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            probe.listen()
        except OSError:
            return False
        return True


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_stopping_or_killing_serve_ends_every_process_it_started(
    tmp_path: Path, stop: signal.Signals
) -> None:
    env = environment(tmp_path)
    subprocess.run([ERRATA, "demo"], env=env, capture_output=True, check=True, timeout=180)  # noqa: S603
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [ERRATA, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    tree: dict[int, str] = {}
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", server)
        # gunicorn's master, its 2 workers, and the task worker.
        deadline = time.monotonic() + 60
        while len(tree) < 4 and time.monotonic() < deadline:
            tree = descendants(server.pid)
            time.sleep(0.2)
        assert len(tree) == 4, tree
        assert sum("gunicorn" in command for command in tree.values()) == 3, tree
        assert sum("task_worker" in command for command in tree.values()) == 1, tree
        server.send_signal(stop)
        server.wait(timeout=60)
        left = gone(set(tree))
        assert not left, {pid: tree[pid] for pid in left}
        assert port_is_free(port)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        for pid in tree:  # only the processes this test started, should one be left
            if running(pid):
                os.kill(pid, signal.SIGKILL)
