"""tools/pulumi-language-python, the language host scripts/ensure-pulumi installs when the Go one can't be built."""
from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

HOST = Path(__file__).resolve().parents[1] / "tools" / "pulumi-language-python"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_it_stops_on_sigint_even_when_started_with_sigint_ignored() -> None:
    # The engine stops plugins with SIGINT and kills them 5 s later. A background job of a
    # non-interactive shell inherits SIGINT ignored: every pulumi command then ended 5 s late.
    host = subprocess.Popen([sys.executable, str(HOST)], stdout=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        assert host.stdout is not None and host.stdout.readline().strip().isdigit()  # serving: its port
        host.send_signal(signal.SIGINT)
        host.wait(timeout=60)  # a hang guard, not a timing: ignoring SIGINT, it would never exit
    finally:
        host.kill()
        host.wait()
