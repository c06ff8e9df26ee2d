"""CPU seconds per process while a `pulumi` command runs, sampled from /proc (Linux; empty elsewhere).

The engine, the program (with its language host) and the dynamic-provider host are children of the
benchmark; each is read from /proc/<pid>/stat every 50 ms while it lives, so its last ~50 ms may be
missed. The in-process emulator is this process's own CPU over the same window (the sampler's few
milliseconds included)."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

INTERVAL = 0.05
KNOWN_ROLES = ("engine", "program", "provider host")


def _children(pid: int) -> list[int]:
    """Children of every thread of `pid` (/proc/<pid>/task/<tid>/children: no scan of all of /proc,
    which would cost the sampler a few ms a round)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(child) for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return found


def _descendants(root: int) -> list[int]:
    found, todo = [], _children(root)
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += _children(pid)
    return found


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _role(pid: int) -> str | None:
    try:
        argv = [a.decode(errors="replace") for a in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") if a]
    except OSError:
        return None
    if not argv:
        return None
    command = " ".join(argv)
    if "pulumi.dynamic" in command:
        return "provider host"
    if "pulumi-language-python" in command:
        return "program"  # the language host and the program (one Python process, or Go host + Python)
    if os.path.basename(argv[0]) == "pulumi":
        return "engine"
    return os.path.basename(argv[0])


class ProcessCpu:
    """`with ProcessCpu() as cpu: run()`, then cpu.seconds: {"engine": s, "program": s, ...}."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last: dict[int, tuple[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._own = 0.0

    def __enter__(self) -> "ProcessCpu":
        if os.path.isdir("/proc"):
            self._own = time.process_time()
            self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if not self._thread.is_alive():
            return
        self._stop.set()
        self._thread.join()
        for role, cpu in self._last.values():
            self.seconds[role] = round(self.seconds.get(role, 0.0) + cpu, 2)
        self.seconds = {role: cpu for role, cpu in self.seconds.items() if cpu or role in KNOWN_ROLES}
        self.seconds["emulator (this process)"] = round(time.process_time() - self._own, 2)

    def _sample(self) -> None:
        roles: dict[int, str | None] = {}
        while not self._stop.wait(INTERVAL):
            for pid in _descendants(os.getpid()):
                if roles.get(pid) not in KNOWN_ROLES:  # seen between fork and exec: ask again
                    roles[pid] = _role(pid)
                cpu, role = _cpu_seconds(pid), roles[pid]
                if cpu is not None and role is not None:
                    self._last[pid] = (role, cpu)
