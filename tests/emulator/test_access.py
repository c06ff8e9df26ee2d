"""Access to the emulator: the optional bearer token, admin routes closed to cross-site browsers, the identity proof."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
import requests

from pulumi_sig.emulator import EmulatorServer
from pulumi_sig.emulator.http_security import identity_proof
from tests.emulator.conftest import RESOURCES, Arm, error_code, start_server

TOKEN = "s3cret-token"


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[EmulatorServer]:
    server = start_server(tmp_path / "data", auth_token=TOKEN)
    yield server
    server.stop()


def test_with_a_token_calls_without_it_are_401_authentication_failed(guarded: EmulatorServer) -> None:
    arm = Arm(guarded.url or "")
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        response = arm.get(arm.rg_path(), api=RESOURCES, headers=headers)
        assert response.status_code == 401 and error_code(response) == "AuthenticationFailed"
    reset = arm.call("POST", "/_emulator/reset", {}, api=None)
    assert reset.status_code == 401 and error_code(reset) == "AuthenticationFailed"
    arm.http.headers["Authorization"] = f"Bearer {TOKEN}"
    assert arm.put(arm.rg_path(), {"location": "westus"}, api=RESOURCES).status_code == 201


def test_health_is_open_and_proves_identity_without_revealing_the_token(guarded: EmulatorServer) -> None:
    answer = requests.get(f"{guarded.url}/_emulator/health", params={"challenge": "abc"}, timeout=10).json()
    assert answer["authentication"] == "token" and TOKEN not in str(answer)
    assert answer["proof"] == identity_proof(TOKEN, "abc", answer["pid"])
    assert answer["proof"] != identity_proof("other-token", "abc", answer["pid"])


def test_admin_writes_refuse_what_a_cross_site_browser_can_send(arm: Arm) -> None:
    form = requests.post(f"{arm.url}/_emulator/reset", data="x=1", timeout=10,
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert form.status_code == 415 and error_code(form) == "UnsupportedMediaType"
    bare = requests.post(f"{arm.url}/_emulator/reset", timeout=10)
    assert bare.status_code == 415
    text = requests.post(f"{arm.url}/_emulator/reset", data="{}", headers={"Content-Type": "text/plain"},
                         timeout=10)
    assert text.status_code == 415
    cross = requests.post(f"{arm.url}/_emulator/reset", json={}, headers={"Sec-Fetch-Site": "cross-site"},
                          timeout=10)
    assert cross.status_code == 403 and error_code(cross) == "Forbidden"
    assert requests.post(f"{arm.url}/_emulator/reset", json={}, timeout=10).status_code == 200


def test_the_cli_warns_loudly_when_binding_beyond_loopback_without_a_token(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, "-m", "pulumi_sig.emulator", "--host", "0.0.0.0", "--port", "0",
                                "--data-dir", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        assert process.stdout is not None and process.stdout.readline().startswith("http://0.0.0.0:")
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert "WITHOUT authentication" in stderr


def test_the_cli_reads_its_token_from_a_file(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    process = subprocess.Popen([sys.executable, "-m", "pulumi_sig.emulator", "--port", "0", "--data-dir",
                                str(tmp_path / "d"), "--auth-token-file", str(token_file)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        path = f"{url}/subscriptions/s/resourcegroups?api-version={RESOURCES}"
        assert requests.get(path, timeout=10).status_code == 401
        assert requests.get(path, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10).status_code == 200
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert "WITHOUT authentication" not in stderr
