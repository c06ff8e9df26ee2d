"""`sig-emulator env`: the environment that points az, Terraform/OpenTofu (azurerm) and our client here.

    eval "$(sig-emulator env --port 8443)"

prints `export` lines (trust the emulator's CA, the service principal to log in with, the metadata host)
followed by the az commands to run once, as comments. It creates the local CA if `serve --tls` has not.
"""
from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import Sequence

from pulumi_sig.emulator.identity import DEFAULT_TENANT
from pulumi_sig.emulator.service_cloud import CLOUD_NAME, DEFAULT_SUBSCRIPTION

CLIENT_ID = "sig-emulator"
ANY_SECRET = "any-secret"  # without --auth-token the token service takes any secret


def environment(*, url: str, ca_cert: Path | None, secret_expression: str | None) -> list[str]:
    """The lines to print: exports, then the one-time az set-up as comments."""
    host = url.split("://", 1)[-1].rstrip("/")
    secret = secret_expression or shlex.quote(ANY_SECRET)
    lines = []
    if ca_cert is not None:
        ca = shlex.quote(str(ca_cert))
        lines += [f"export REQUESTS_CA_BUNDLE={ca}  # az and Python tools trust the emulator's CA",
                  f"export SSL_CERT_FILE={ca}  # Go tools (terraform-provider-azurerm) and OpenSSL"]
    lines += ["export AZURE_CORE_INSTANCE_DISCOVERY=false  # az: the emulator's login is no Azure AD instance",
              f"export ARM_METADATA_HOSTNAME={host}  # azurerm: metadata_host",
              # the emulator serves no resource provider registration API (azurerm 4.x, then 3.x)
              "export ARM_RESOURCE_PROVIDER_REGISTRATIONS=none", "export ARM_SKIP_PROVIDER_REGISTRATION=true",
              f"export ARM_TENANT_ID={DEFAULT_TENANT}", f"export ARM_CLIENT_ID={CLIENT_ID}",
              f"export ARM_CLIENT_SECRET={secret}", f"export ARM_SUBSCRIPTION_ID={DEFAULT_SUBSCRIPTION}",
              f"export SIG_ENDPOINT={url}  # pulumi-sig's own client"]
    if ca_cert is not None:
        lines.append(f"export SIG_CA_BUNDLE={shlex.quote(str(ca_cert))}")
    lines += ["# az, once per AZURE_CONFIG_DIR:",
              f"#   az cloud register -n {CLOUD_NAME} --endpoint-resource-manager {url}",
              f"#   az cloud set -n {CLOUD_NAME}",
              '#   az login --service-principal -u "$ARM_CLIENT_ID" -p "$ARM_CLIENT_SECRET" --tenant "$ARM_TENANT_ID"']
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Print the environment for an emulator served at --host/--port (or --url)."""
    from pulumi_sig.emulator.server import default_data_dir

    parser = argparse.ArgumentParser(prog="sig-emulator env", description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8443, help="the port `serve --port` was given")
    parser.add_argument("--url", help="the emulator's base URL (instead of --host/--port)")
    parser.add_argument("--data-dir", type=Path, default=default_data_dir())
    parser.add_argument("--no-tls", action="store_true", help="the emulator serves plain HTTP (no CA)")
    parser.add_argument("--auth-token-file", help="the emulator's --auth-token-file: the client secret")
    args = parser.parse_args(argv)
    scheme = "http" if args.no_tls else "https"
    host = f"[{args.host}]" if ":" in args.host else args.host
    url = (args.url or f"{scheme}://{host}:{args.port}").rstrip("/")
    ca_cert = None
    if url.startswith("https://"):
        from pulumi_sig.emulator.local_tls import certificate_hosts, ensure_local_tls

        ca_cert = ensure_local_tls(args.data_dir, certificate_hosts(args.host)).ca_cert
    secret = f'"$(cat {shlex.quote(str(Path(args.auth_token_file).resolve()))})"' if args.auth_token_file else None
    print("\n".join(environment(url=url, ca_cert=ca_cert, secret_expression=secret)))
    return 0
