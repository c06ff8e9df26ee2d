"""The unmodified Azure CLI (`az` from PyPI) against the emulator over HTTPS: cloud register, service-principal
login through the emulator's token service, and the gallery commands a platform team runs (issue 15).

az lives in its own cached venv (scripts/ensure-az: ~2 minutes the first time, then reused); its state goes to
a temporary AZURE_CONFIG_DIR, never the user's ~/.azure. The emulator runs in auth mode, so every ARM call
below is made with a token the emulator's own login issued.
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Iterator

import pytest

from pulumi_sig.emulator import EmulatorServer
from pulumi_sig.emulator.identity import DEFAULT_TENANT
from pulumi_sig.emulator.local_tls import ensure_local_tls
from pulumi_sig.emulator.service_cloud import CLOUD_NAME, DEFAULT_SUBSCRIPTION

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
SECRET = "az-e2e-secret"
GROUP = "rg-az"
IMAGE_ID = f"/subscriptions/{DEFAULT_SUBSCRIPTION}/resourceGroups/{GROUP}/providers/Microsoft.Compute/images/src1"
OTHER_IMAGE_ID = IMAGE_ID[: -len("src1")] + "src2"


class Az:
    """Runs the real `az` with a private config dir and the emulator's CA; answers parsed from -o json."""

    def __init__(self, bin_dir: Path, config_dir: Path, ca_bundle: Path) -> None:
        self.az = str(bin_dir / "az")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_", "ARM_", "MSAL_"))
               and k not in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE")}
        env.update(AZURE_CONFIG_DIR=str(config_dir), REQUESTS_CA_BUNDLE=str(ca_bundle),
                   AZURE_CORE_INSTANCE_DISCOVERY="false", AZURE_CORE_COLLECT_TELEMETRY="false",
                   AZURE_CORE_NO_COLOR="true", AZURE_CORE_ONLY_SHOW_ERRORS="true", AZURE_CORE_SURVEY_MESSAGE="false")
        self.env = env

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([self.az, *args], env=self.env, capture_output=True, text=True, timeout=120)

    def __call__(self, *args: str) -> Any:
        done = self.run(*args, "-o", "json")
        assert done.returncode == 0, f"az {' '.join(args)} failed:\n{done.stderr}"
        return json.loads(done.stdout) if done.stdout.strip() else None


@pytest.fixture(scope="module")
def az_bin() -> Path:
    done = subprocess.run([str(ROOT / "scripts" / "ensure-az")], capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[tuple[EmulatorServer, Path]]:
    files = ensure_local_tls(tmp_path / "data")
    server = EmulatorServer(tmp_path / "data", tls_cert=files.cert, tls_key=files.key, auth_token=SECRET,
                            retry_after=0)
    server.start()
    yield server, files.ca_cert
    server.stop()


def test_az_drives_a_gallery_estate_end_to_end(az_bin: Path, emulator: tuple[EmulatorServer, Path],
                                               tmp_path: Path) -> None:
    server, ca = emulator
    az = Az(az_bin, tmp_path / "azure-config", ca)
    az("cloud", "register", "-n", CLOUD_NAME, "--endpoint-resource-manager", server.url or "")
    az("cloud", "set", "-n", CLOUD_NAME)
    accounts = az("login", "--service-principal", "-u", "ci-app", "-p", SECRET, "--tenant", DEFAULT_TENANT)
    assert [(a["id"], a["tenantId"], a["user"]["type"]) for a in accounts] == \
        [(DEFAULT_SUBSCRIPTION, DEFAULT_TENANT, "servicePrincipal")]

    group = az("group", "create", "-n", GROUP, "-l", "westus")
    assert group["name"] == GROUP and group["properties"]["provisioningState"] == "Succeeded"

    gallery = az("sig", "create", "-g", GROUP, "-r", "gal1", "-l", "westus")
    assert gallery["provisioningState"] == "Succeeded" and gallery["location"] == "westus"
    assert az("sig", "show", "-g", GROUP, "-r", "gal1")["identifier"]["uniqueName"].endswith("-GAL1")
    assert [g["name"] for g in az("sig", "list", "-g", GROUP)] == ["gal1"]

    definition = az("sig", "image-definition", "create", "-g", GROUP, "-r", "gal1", "-i", "def1", "-p", "pub",
                    "-f", "off", "-s", "sku", "--os-type", "Linux", "-l", "westus")
    assert definition["provisioningState"] == "Succeeded"
    shown = az("sig", "image-definition", "show", "-g", GROUP, "-r", "gal1", "-i", "def1")
    assert shown["identifier"] == {"publisher": "pub", "offer": "off", "sku": "sku"}
    assert [d["name"] for d in az("sig", "image-definition", "list", "-g", GROUP, "-r", "gal1")] == ["def1"]
    updated = az("sig", "image-definition", "update", "-g", GROUP, "-r", "gal1", "-i", "def1",
                 "--set", "description=nightly builds")
    assert updated["description"] == "nightly builds"

    # Managed images to publish from (az has no command that makes one without a VM): through `az rest`.
    for image in (IMAGE_ID, OTHER_IMAGE_ID):
        az("rest", "--method", "put", "--url", f"{image}?api-version=2024-11-01", "--body", json.dumps(
            {"location": "westus", "properties": {"osType": "Linux", "diskSizeGB": 30,
                                                  "hyperVGeneration": shown["hyperVGeneration"]}}))
    version = az("sig", "image-version", "create", "-g", GROUP, "-r", "gal1", "-i", "def1", "-e", "1.0.0",
                 "--managed-image", IMAGE_ID, "-l", "westus")
    assert version["provisioningState"] == "Succeeded"
    assert version["storageProfile"]["source"]["id"] == IMAGE_ID
    assert [v["name"] for v in az("sig", "image-version", "list", "-g", GROUP, "-r", "gal1", "-i", "def1")] == \
        ["1.0.0"]
    shown_version = az("sig", "image-version", "show", "-g", GROUP, "-r", "gal1", "-i", "def1", "-e", "1.0.0")
    assert [r["name"] for r in shown_version["publishingProfile"]["targetRegions"]] == ["West US"]
    # az GETs the version and PUTs it back without storageProfile.source: the source is kept.
    tagged = az("sig", "image-version", "update", "-g", GROUP, "-r", "gal1", "-i", "def1", "-e", "1.0.0",
                "--set", "tags.stage=tested")
    assert tagged["tags"] == {"stage": "tested"} and tagged["storageProfile"]["source"]["id"] == IMAGE_ID
    # ... while another source is still refused, and az shows ARM's code.
    refused = az.run("sig", "image-version", "update", "-g", GROUP, "-r", "gal1", "-i", "def1", "-e", "1.0.0",
                     "--set", f"storageProfile.source.id={OTHER_IMAGE_ID}")
    assert refused.returncode != 0 and "PropertyChangeNotAllowed" in refused.stderr

    az("sig", "image-version", "delete", "-g", GROUP, "-r", "gal1", "-i", "def1", "-e", "1.0.0")
    assert az("sig", "image-version", "list", "-g", GROUP, "-r", "gal1", "-i", "def1") == []
    az("sig", "image-definition", "delete", "-g", GROUP, "-r", "gal1", "-i", "def1")
    az("sig", "delete", "-g", GROUP, "-r", "gal1")
    assert az("sig", "list", "-g", GROUP) == []

    # A group that still holds a gallery and the images goes with its contents, as on Azure.
    az("sig", "create", "-g", GROUP, "-r", "gal2", "-l", "westus")
    az("group", "delete", "-n", GROUP, "--yes")
    assert az("group", "exists", "-n", GROUP) is False
    assert az("group", "list") == []
