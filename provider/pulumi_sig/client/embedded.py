"""The embedded emulator: a detached local server with durable state, started on first use."""
from __future__ import annotations

import fcntl
import json
import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

log = logging.getLogger("pulumi_sig.client")

EMULATOR_MODULE = "pulumi_sig.emulator"  # spawned by name: the client never imports the emulator
STATE_FILE, LOCK_FILE, URL_FILE, LOG_FILE = "server.json", "server.lock", "server.out", "server.log"
START_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class EmbeddedEmulator:
    """Where the running embedded emulator is: its base URL, process id and state directory."""

    url: str
    pid: int
    data_dir: Path


def default_data_dir() -> Path:
    """platformdirs' user data dir for pulumi-sig, plus "embedded"."""
    import platformdirs

    return Path(platformdirs.user_data_dir("pulumi-sig")) / "embedded"


def resolve_data_dir(data_dir: str | os.PathLike[str] | None) -> Path:
    """The state directory: the given one, else $SIG_DATA_DIR, else the default."""
    chosen = data_dir or os.environ.get("SIG_DATA_DIR")
    return Path(chosen).expanduser() if chosen else default_data_dir()


def ensure_embedded(data_dir: str | os.PathLike[str] | None = None, *,
                    timeout: float = START_TIMEOUT_SECONDS) -> EmbeddedEmulator:
    """The running embedded emulator for this directory, started if none answers."""
    directory = resolve_data_dir(data_dir)
    directory.mkdir(parents=True, exist_ok=True)
    # One spawner at a time: parallel processes wait here, then find the first one's server.
    with open(directory / LOCK_FILE, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        running = _running(directory)
        if running is None:
            running = _spawn(directory, timeout=timeout)
            log.info("started embedded emulator at %s (pid %d, state in %s)", running.url, running.pid, directory)
        else:
            log.info("using embedded emulator at %s (pid %d, state in %s)", running.url, running.pid, directory)
        return running


def _running(directory: Path) -> EmbeddedEmulator | None:
    try:
        recorded = json.loads((directory / STATE_FILE).read_text())
        server = EmbeddedEmulator(url=str(recorded["url"]), pid=int(recorded["pid"]), data_dir=directory)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return server if _alive(server.pid) and _healthy(server.url) else None


def _healthy(url: str) -> bool:
    try:
        return requests.get(f"{url}/_emulator/health", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _alive(pid: int) -> bool:
    try:
        if os.waitpid(pid, os.WNOHANG) != (0, 0):
            return False  # our own child, and it has exited
    except ChildProcessError:
        pass  # not our child: ask the kernel
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _spawn(directory: Path, *, timeout: float) -> EmbeddedEmulator:
    url_path = directory / URL_FILE
    command = [sys.executable, "-m", EMULATOR_MODULE, "--port", "0", "--data-dir", str(directory)]
    with open(url_path, "w") as out, open(directory / LOG_FILE, "a") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   start_new_session=True, env=_child_environment(), cwd=directory)
    url = _wait_for_url(process, url_path, directory / LOG_FILE, timeout=timeout)
    server = EmbeddedEmulator(url=url, pid=process.pid, data_dir=directory)
    temporary = directory / f"{STATE_FILE}.tmp"
    temporary.write_text(json.dumps({"pid": server.pid, "url": server.url}))
    os.replace(temporary, directory / STATE_FILE)
    return server


def _child_environment() -> dict[str, str]:
    """This environment, unbuffered, with this package importable even when not installed."""
    package_root = str(Path(__file__).resolve().parents[2])
    paths = [package_root, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": os.pathsep.join(dict.fromkeys(paths))}


def _wait_for_url(process: subprocess.Popen[bytes], url_path: Path, log_path: Path, *, timeout: float) -> str:
    """The first stdout line of the server (its base URL), once it answers health checks."""
    ends_at = time.monotonic() + timeout
    while time.monotonic() < ends_at:
        first = url_path.read_text().split("\n", 1)
        if len(first) == 2 and first[0].strip() and _healthy(first[0].strip().rstrip("/")):
            return first[0].strip().rstrip("/")
        if process.poll() is not None:
            raise RuntimeError(f"embedded emulator exited with {process.returncode}; log {log_path}:\n"
                               f"{_tail(log_path)}")
        time.sleep(0.05)
    process.terminate()
    raise RuntimeError(f"embedded emulator did not start within {timeout:g}s; log {log_path}:\n{_tail(log_path)}")


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def stop_embedded(data_dir: str | os.PathLike[str] | None = None, *, timeout: float = 10.0) -> bool:
    """Stop the embedded emulator of this directory; False when none was recorded as running."""
    directory = resolve_data_dir(data_dir)
    try:
        pid = int(json.loads((directory / STATE_FILE).read_text())["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    (directory / STATE_FILE).unlink(missing_ok=True)
    if not _alive(pid):
        return False
    os.kill(pid, signal.SIGTERM)
    ends_at = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < ends_at:
        time.sleep(0.05)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
    return True


def embedded_status(data_dir: str | os.PathLike[str] | None = None) -> EmbeddedEmulator | None:
    """The embedded emulator of this directory if one is running and answers, else None."""
    return _running(resolve_data_dir(data_dir))
