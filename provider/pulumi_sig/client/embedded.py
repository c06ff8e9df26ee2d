"""The embedded emulator: a detached local server with durable state in a private directory, started on first use.

Everything lives in one directory of this user (0700, owner checked, no links followed; files 0600). The
emulator runs with a per-user random token (auth.token) and proves who it is on its health endpoint with an
HMAC over a fresh challenge, so the client sends the token, and signals a PID, only to its own emulator.
"""
from __future__ import annotations

import json
import logging
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from pulumi_sig.models.emulator_identity import proof_matches

from pulumi_sig.client.private_files import (create_once, exclusive_lock, open_private, private_directory,
                                             read_private, write_private)

log = logging.getLogger("pulumi_sig.client")

EMULATOR_MODULE = "pulumi_sig.emulator"  # spawned by name: the client never imports the emulator
STATE_FILE, LOCK_FILE, URL_FILE, LOG_FILE = "server.json", "server.lock", "server.out", "server.log"
TOKEN_FILE = "auth.token"
START_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class EmbeddedEmulator:
    """Where the running embedded emulator is: its base URL, process id, state directory and bearer token."""

    url: str
    pid: int
    data_dir: Path
    token: str = field(default="", repr=False)


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
    """The running embedded emulator for this directory, started (on its previous port if free) if none answers."""
    directory = private_directory(resolve_data_dir(data_dir))
    token = create_once(directory / TOKEN_FILE, secrets.token_urlsafe(32)).strip()
    # One spawner at a time: parallel processes wait here, then find the first one's server.
    with exclusive_lock(directory / LOCK_FILE):
        recorded = _recorded(directory)
        running = _verified(recorded, directory, token)
        if running is None:
            running = _spawn(directory, token, port=int(recorded.get("port") or 0), timeout=timeout)
            log.info("started embedded emulator at %s (pid %d, state in %s)", running.url, running.pid, directory)
        else:
            log.info("using embedded emulator at %s (pid %d, state in %s)", running.url, running.pid, directory)
        return running


def embedded_status(data_dir: str | os.PathLike[str] | None = None) -> EmbeddedEmulator | None:
    """The embedded emulator of this directory if one is running and proves it is ours, else None."""
    directory = resolve_data_dir(data_dir)
    if not directory.exists():
        return None
    private_directory(directory)
    return _verified(_recorded(directory), directory, (read_private(directory / TOKEN_FILE) or "").strip())


def _recorded(directory: Path) -> dict[str, Any]:
    """server.json ({"pid", "url", "port"}, or only "port" after a stop); {} when missing or unreadable."""
    try:
        recorded = json.loads(read_private(directory / STATE_FILE) or "{}")
    except ValueError:
        return {}
    return recorded if isinstance(recorded, dict) else {}


def _verified(recorded: dict[str, Any], directory: Path, token: str) -> EmbeddedEmulator | None:
    """The recorded emulator, if it answers at its URL with a valid proof for its recorded PID."""
    url, pid = recorded.get("url"), recorded.get("pid")
    if not token or not isinstance(url, str) or not isinstance(pid, int):
        return None
    return EmbeddedEmulator(url, pid, directory, token) if proven_pid(url, token) == pid else None


def proven_pid(url: str, token: str) -> int | None:
    """The PID the emulator at `url` proves (HMAC over a fresh challenge under our token), or None.

    The token itself is never sent: an impostor on a recorded port learns nothing and proves nothing."""
    challenge = secrets.token_hex(16)
    try:
        response = requests.get(f"{url}/_emulator/health", params={"challenge": challenge}, timeout=2)
        body = response.json()
    except (requests.RequestException, ValueError):
        return None
    pid, proof = (body.get("pid"), body.get("proof")) if isinstance(body, dict) else (None, None)
    if response.status_code == 200 and isinstance(pid, int) and isinstance(proof, str) \
            and proof_matches(token, challenge, pid, proof):
        return pid
    return None


def _spawn(directory: Path, token: str, *, port: int, timeout: float) -> EmbeddedEmulator:
    """Start the emulator on its previous port (so recorded operation URLs stay valid), else on any port."""
    if port:
        try:
            return _start(directory, token, port=port, timeout=timeout)
        except RuntimeError as error:
            log.info("embedded emulator could not take its previous port %d (%s); using another", port,
                     str(error).splitlines()[0])
    return _start(directory, token, port=0, timeout=timeout)


def _start(directory: Path, token: str, *, port: int, timeout: float) -> EmbeddedEmulator:
    command = [sys.executable, "-m", EMULATOR_MODULE, "--port", str(port), "--data-dir", str(directory),
               "--auth-token-file", str(directory / TOKEN_FILE)]
    out = open_private(directory / URL_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    err = open_private(directory / LOG_FILE, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        extra: dict[str, Any] = {"umask": 0o077} if os.name == "posix" else {}  # the database is 0600 too
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   start_new_session=True, env=_child_environment(), cwd=directory, **extra)
    finally:
        os.close(out)
        os.close(err)
    url = _wait_for_url(process, directory, token, timeout=timeout)
    port = int(url.rsplit(":", 1)[1])
    write_private(directory / STATE_FILE, json.dumps({"pid": process.pid, "url": url, "port": port}))
    return EmbeddedEmulator(url=url, pid=process.pid, data_dir=directory, token=token)


def _child_environment() -> dict[str, str]:
    """This environment, unbuffered, with this package importable even when not installed."""
    package_root = str(Path(__file__).resolve().parents[2])
    paths = [package_root, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": os.pathsep.join(dict.fromkeys(paths))}
    environment.pop("SIG_EMULATOR_AUTH_TOKEN", None)  # the token comes from the private file only
    return environment


def _wait_for_url(process: subprocess.Popen[bytes], directory: Path, token: str, *, timeout: float) -> str:
    """The first stdout line of the server (its base URL), once it proves it is this process."""
    log_path = directory / LOG_FILE
    ends_at = time.monotonic() + timeout
    while time.monotonic() < ends_at:
        first = (read_private(directory / URL_FILE) or "").split("\n", 1)
        url = first[0].strip().rstrip("/")
        if len(first) == 2 and url and proven_pid(url, token) == process.pid:
            return url
        if process.poll() is not None:
            raise RuntimeError(f"embedded emulator exited with {process.returncode}; log {log_path}:\n"
                               f"{_tail(log_path)}")
        time.sleep(0.05)
    process.terminate()
    raise RuntimeError(f"embedded emulator did not start within {timeout:g}s; log {log_path}:\n{_tail(log_path)}")


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join((read_private(path) or "").splitlines()[-lines:])
    except OSError:
        return ""


def stop_embedded(data_dir: str | os.PathLike[str] | None = None, *, timeout: float = 10.0) -> bool:
    """Stop the embedded emulator of this directory; False when none of ours was running.

    Only a process that proves it is this directory's emulator (or, when it no longer answers, whose
    command line says so and that belongs to this user) is signalled. Its port is kept for the next start."""
    directory = resolve_data_dir(data_dir)
    if not directory.exists():
        return False
    private_directory(directory)
    recorded = _recorded(directory)
    pid, token = recorded.get("pid"), (read_private(directory / TOKEN_FILE) or "").strip()
    write_private(directory / STATE_FILE, json.dumps({"port": recorded.get("port")}))
    if not isinstance(pid, int) or not _is_our_emulator(recorded, directory, token):
        return False
    os.kill(pid, signal.SIGTERM)
    ends_at = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < ends_at:
        time.sleep(0.05)
    if _alive(pid):
        os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    return True


def _is_our_emulator(recorded: dict[str, Any], directory: Path, token: str) -> bool:
    pid, url = recorded.get("pid"), recorded.get("url")
    if not isinstance(pid, int) or not _alive(pid):
        return False
    if isinstance(url, str) and token and proven_pid(url, token) == pid:
        return True
    return _command_line_says_ours(pid, directory)  # alive but not answering (hung, or starting)


def _command_line_says_ours(pid: int, directory: Path) -> bool:
    """Linux: /proc/PID is ours and its command line runs this module on this directory."""
    proc = Path(f"/proc/{pid}")
    try:
        owner = proc.stat().st_uid
        arguments = (proc / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    return (getuid is not None and owner == getuid() and EMULATOR_MODULE.encode() in arguments
            and str(directory).encode() in arguments)


def _alive(pid: int) -> bool:
    if os.name != "posix":
        # Windows has no signal 0 (os.kill would terminate the process) and no WNOHANG: the
        # identity-checked health answer decides whether the emulator is there.
        return True
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
