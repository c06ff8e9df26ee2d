"""HTTPS with the emulator's own CA: created once, trusted by strict clients, and `sig-emulator env`."""
from __future__ import annotations

import os
import ssl
import stat
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import requests

from pulumi_sig.cli import main as cli_main
from pulumi_sig.emulator.local_tls import LOOPBACK_HOSTS, certificate_hosts, ensure_local_tls
from tests.emulator.conftest import start_server


def test_the_ca_and_certificate_are_made_once_with_private_keys(tmp_path: Path) -> None:
    files = ensure_local_tls(tmp_path)
    for private in (files.key, files.ca_cert.with_name("ca-key.pem")):
        assert stat.S_IMODE(os.stat(private).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(files.cert.parent).st_mode) == 0o700
    before = (files.ca_cert.read_bytes(), files.cert.read_bytes())
    assert ensure_local_tls(tmp_path) == files
    assert (files.ca_cert.read_bytes(), files.cert.read_bytes()) == before
    # a new host gets a new server certificate from the same CA
    ensure_local_tls(tmp_path, certificate_hosts("10.1.2.3"))
    assert files.ca_cert.read_bytes() == before[0] and files.cert.read_bytes() != before[1]
    assert certificate_hosts("0.0.0.0") == LOOPBACK_HOSTS


def test_strict_clients_trust_the_served_certificate(tmp_path: Path) -> None:
    files = ensure_local_tls(tmp_path / "data")
    server = start_server(tmp_path / "data", tls_cert=files.cert, tls_key=files.key)
    try:
        url = server.url or ""
        assert url.startswith("https://127.0.0.1:")
        assert requests.get(f"{url}/_emulator/health", verify=str(files.ca_cert), timeout=10).status_code == 200
        strict = ssl.create_default_context(cafile=str(files.ca_cert))
        strict.verify_flags |= getattr(ssl, "VERIFY_X509_STRICT", 0)  # Python 3.13's default
        with urllib.request.urlopen(f"{url}/metadata/endpoints?api-version=2022-09-01", context=strict,
                                    timeout=10) as answer:
            assert answer.status == 200
        localhost = url.replace("127.0.0.1", "localhost")
        assert requests.get(f"{localhost}/_emulator/health", verify=str(files.ca_cert), timeout=10).ok
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(f"{url}/_emulator/health", verify=True, timeout=10)
    finally:
        server.stop()


def test_the_cli_serves_https_with_tls(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, "-m", "pulumi_sig.emulator", "--tls", "--port", "0",
                                "--data-dir", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("https://")
        answer = requests.get(f"{url}/_emulator/health", verify=str(tmp_path / "tls" / "ca.pem"), timeout=10)
        assert answer.status_code == 200
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert "REQUESTS_CA_BUNDLE" in stderr


def test_env_prints_the_exports_for_az_and_azurerm(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["env", "--port", "8443", "--data-dir", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    ca = tmp_path / "tls" / "ca.pem"
    assert ca.exists()
    exports = dict(line[len("export "):].split("  #")[0].split("=", 1) for line in printed.splitlines()
                   if line.startswith("export "))
    assert exports["REQUESTS_CA_BUNDLE"] == exports["SSL_CERT_FILE"] == str(ca)
    assert exports["ARM_METADATA_HOSTNAME"] == "127.0.0.1:8443"
    assert exports["SIG_ENDPOINT"] == "https://127.0.0.1:8443"
    assert {"ARM_TENANT_ID", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET", "ARM_SUBSCRIPTION_ID",
            "AZURE_CORE_INSTANCE_DISCOVERY", "ARM_RESOURCE_PROVIDER_REGISTRATIONS"} <= set(exports)
    assert "az cloud register -n SigEmulator --endpoint-resource-manager https://127.0.0.1:8443" in printed
    shell = subprocess.run(["bash", "-c", printed + '\necho "$ARM_CLIENT_ID $SSL_CERT_FILE"'],
                           capture_output=True, text=True, check=True)
    assert shell.stdout.strip() == f"sig-emulator {ca}"


def test_env_with_a_token_file_reads_the_secret_at_eval_time(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("tok\n")
    cli_main(["env", "--no-tls", "--data-dir", str(tmp_path), "--auth-token-file", str(token_file)])
    printed = capsys.readouterr().out
    assert "tok" not in printed.replace(str(token_file), "") and "REQUESTS_CA_BUNDLE" not in printed
    shell = subprocess.run(["bash", "-c", printed + '\necho "$ARM_CLIENT_SECRET"'], capture_output=True,
                           text=True, check=True)
    assert shell.stdout.strip() == "tok"
