"""The azurerm conformance check (run by scripts/conformance-azurerm, not by the default suite).

Starts an emulator over HTTPS in auth mode, registers a managed image to publish from, then drives the real
terraform-provider-azurerm (a dev override of hashicorp/azurerm) through OpenTofu or Terraform: apply a
resource group, gallery, image definition and image version; plan must show no changes; destroy. Each step's
result is checked against the emulator's own API. Exit status 0 when every step holds.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from pulumi_sig.emulator import EmulatorServer
from pulumi_sig.emulator.identity import DEFAULT_TENANT
from pulumi_sig.emulator.local_tls import ensure_local_tls
from pulumi_sig.emulator.service_cloud import DEFAULT_SUBSCRIPTION

SECRET = "azurerm-conformance-secret"
GROUP, SOURCE_GROUP = "rg-tf", "rg-tf-sources"
SUB_PATH = f"/subscriptions/{DEFAULT_SUBSCRIPTION}"
IMAGE_ID = f"{SUB_PATH}/resourceGroups/{SOURCE_GROUP}/providers/Microsoft.Compute/images/src1"
GALLERY_PATH = f"{SUB_PATH}/resourceGroups/{GROUP}/providers/Microsoft.Compute/galleries/galtf"

MAIN_TF = """
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm" }
  }
}

provider "azurerm" {
  features {}
}

variable "image_id" { type = string }

resource "azurerm_resource_group" "estate" {
  name     = "%(group)s"
  location = "westus"
}

resource "azurerm_shared_image_gallery" "gallery" {
  name                = "galtf"
  resource_group_name = azurerm_resource_group.estate.name
  location            = azurerm_resource_group.estate.location
  description         = "azurerm conformance"
}

resource "azurerm_shared_image" "ubuntu" {
  name                = "ubuntu"
  gallery_name        = azurerm_shared_image_gallery.gallery.name
  resource_group_name = azurerm_resource_group.estate.name
  location            = azurerm_resource_group.estate.location
  os_type             = "Linux"
  identifier {
    publisher = "contoso"
    offer     = "ubuntu"
    sku       = "24_04"
  }
}

resource "azurerm_shared_image_version" "v1" {
  name                = "1.0.0"
  gallery_name        = azurerm_shared_image_gallery.gallery.name
  image_name          = azurerm_shared_image.ubuntu.name
  resource_group_name = azurerm_resource_group.estate.name
  location            = azurerm_resource_group.estate.location
  managed_image_id    = var.image_id
  target_region {
    name                   = "westus"
    regional_replica_count = 1
    storage_account_type   = "Standard_LRS"
  }
}
"""


class Check:
    """Numbered steps, each passed or failed with the reason; the run fails if any step fails."""

    def __init__(self) -> None:
        self.failures: list[str] = []

    def step(self, name: str, ok: bool, detail: str = "") -> None:
        print(f"{'PASS' if ok else 'FAIL'} {name}{'' if ok else ': ' + detail}", flush=True)
        if not ok:
            self.failures.append(name)


def tf_environment(*, url: str, ca: Path, provider_dir: Path, work: Path) -> dict[str, str]:
    """Terraform/OpenTofu with azurerm as a dev override, every ARM_* setting pointing at the emulator."""
    cli_config = work / "cli.tfrc"
    cli_config.write_text('provider_installation {\n  dev_overrides {\n'
                          f'    "hashicorp/azurerm" = "{provider_dir}"\n'
                          f'    "registry.opentofu.org/hashicorp/azurerm" = "{provider_dir}"\n'
                          '  }\n  direct {}\n}\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARM_", "AZURE_", "TF_"))}
    env.update(TF_CLI_CONFIG_FILE=str(cli_config), TF_IN_AUTOMATION="1", CHECKPOINT_DISABLE="1",
               SSL_CERT_FILE=str(ca), ARM_METADATA_HOSTNAME=url.split("://", 1)[1],
               ARM_TENANT_ID=DEFAULT_TENANT, ARM_CLIENT_ID="tf-conformance", ARM_CLIENT_SECRET=SECRET,
               ARM_SUBSCRIPTION_ID=DEFAULT_SUBSCRIPTION, ARM_RESOURCE_PROVIDER_REGISTRATIONS="none",
               ARM_SKIP_PROVIDER_REGISTRATION="true", TF_VAR_image_id=IMAGE_ID)
    return env


def run_tf(tf: str, args: list[str], *, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    started = time.monotonic()
    done = subprocess.run([tf, *args, "-no-color"], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=900)
    print(f"  {Path(tf).name} {' '.join(args)}: exit {done.returncode} in {time.monotonic() - started:.1f}s",
          flush=True)
    for line in done.stdout.splitlines():
        if "complete after" in line:  # per-resource times, e.g. "...: Destruction complete after 3s"
            print(f"    {line.strip()}", flush=True)
    if done.returncode not in (0, 2):
        print(done.stdout[-4000:], done.stderr[-4000:], sep="\n", file=sys.stderr)
    return done


def arm_get(session: requests.Session, url: str, path: str, api: str = "2025-03-03") -> requests.Response:
    return session.get(f"{url}{path}", params={"api-version": api}, timeout=30)


def conformance(*, tf: str, provider_dir: Path, work: Path) -> list[str]:
    """Apply, plan (0 changes), destroy; the names of failed steps."""
    check = Check()
    files = ensure_local_tls(work / "emulator")
    with EmulatorServer(work / "emulator", tls_cert=files.cert, tls_key=files.key, auth_token=SECRET,
                        retry_after=0) as server:
        url = server.url or ""
        arm = requests.Session()
        arm.trust_env = False  # the emulator's CA, whatever REQUESTS_CA_BUNDLE says
        arm.verify = str(files.ca_cert)
        arm.headers["Authorization"] = f"Bearer {SECRET}"
        arm.put(f"{url}{SUB_PATH}/resourceGroups/{SOURCE_GROUP}", params={"api-version": "2021-04-01"},
                json={"location": "westus"}, timeout=30).raise_for_status()
        arm.put(f"{url}{IMAGE_ID}", params={"api-version": "2024-11-01"}, timeout=30, json={
            "location": "westus", "properties": {"osType": "Linux", "diskSizeGB": 30}}).raise_for_status()
        project = work / "project"
        project.mkdir()
        (project / "main.tf").write_text(MAIN_TF % {"group": GROUP})
        env = tf_environment(url=url, ca=files.ca_cert, provider_dir=provider_dir, work=work)

        applied = run_tf(tf, ["apply", "-auto-approve", "-input=false"], env=env, cwd=project)
        check.step("apply", applied.returncode == 0, applied.stderr[-2000:])
        version = arm_get(arm, url, f"{GALLERY_PATH}/images/ubuntu/versions/1.0.0")
        check.step("the version exists with its source", version.status_code == 200 and
                   version.json()["properties"]["storageProfile"]["source"]["id"].lower() == IMAGE_ID.lower(),
                   version.text[:500])
        gallery = arm_get(arm, url, GALLERY_PATH).json()
        check.step("the gallery has its description",
                   gallery.get("properties", {}).get("description") == "azurerm conformance", json.dumps(gallery))

        planned = run_tf(tf, ["plan", "-detailed-exitcode", "-input=false"], env=env, cwd=project)
        check.step("plan shows no changes", planned.returncode == 0, planned.stdout[-3000:])

        destroyed = run_tf(tf, ["destroy", "-auto-approve", "-input=false"], env=env, cwd=project)
        check.step("destroy", destroyed.returncode == 0, destroyed.stderr[-2000:])
        group = arm_get(arm, url, f"{SUB_PATH}/resourceGroups/{GROUP}", api="2021-04-01")
        check.step("the group is gone", group.status_code == 404, group.text[:300])
    return check.failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provider-dir", type=Path, required=True, help="holds terraform-provider-azurerm")
    parser.add_argument("--tf", required=True, help="the tofu or terraform binary")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args(argv)
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="sig-azurerm-"))
    try:
        failures = conformance(tf=args.tf, provider_dir=args.provider_dir, work=work)
    finally:
        if not args.keep:
            subprocess.run(["rm", "-rf", str(work)], check=False)
    print(f"azurerm conformance: {'FAILED ' + ', '.join(failures) if failures else 'passed'} "
          f"in {time.monotonic() - started:.0f}s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
