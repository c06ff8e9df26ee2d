"""HTTPS for the emulator: its own local CA and a server certificate, created once in its data directory.

Tools refuse bearer tokens over plain HTTP (az, MSAL, azurerm), so `sig-emulator --tls` serves HTTPS with
a certificate signed by a CA made for this emulator alone; users trust that CA for the tools they point
here (REQUESTS_CA_BUNDLE for az and Python, SSL_CERT_FILE for Go tools such as azurerm). The CA's key
never leaves the directory (0600). `cryptography` is imported only here: `pip install 'pulumi-sig[tls]'`.
"""
from __future__ import annotations

import datetime
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

TLS_DIR = "tls"
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
CA_DAYS = 3650
SERVER_DAYS = 397        # the longest validity browsers and macOS accept for a server certificate
RENEW_BEFORE_DAYS = 30


@dataclass(frozen=True)
class TlsFiles:
    """Where the CA certificate (to trust) and the server certificate and key (to serve) are."""

    ca_cert: Path
    cert: Path
    key: Path


def certificate_hosts(host: str) -> tuple[str, ...]:
    """The names a server certificate needs: loopback, plus the bound host when it is a specific one."""
    if host in LOOPBACK_HOSTS or host in ("0.0.0.0", "::", ""):
        return LOOPBACK_HOSTS
    return LOOPBACK_HOSTS + (host,)


def tls_files(data_dir: Path) -> TlsFiles:
    """The paths of an emulator's TLS files (they may not exist yet)."""
    directory = Path(data_dir) / TLS_DIR
    return TlsFiles(ca_cert=directory / "ca.pem", cert=directory / "server.pem", key=directory / "server-key.pem")


def ensure_local_tls(data_dir: Path, hosts: Sequence[str] = LOOPBACK_HOSTS,
                     now: datetime.datetime | None = None) -> TlsFiles:
    """The emulator's CA and server certificate for `hosts`, created or renewed as needed."""
    x509 = _cryptography()
    files = tls_files(data_dir)
    files.cert.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    moment = now or datetime.datetime.now(datetime.timezone.utc)
    ca_key_path = files.ca_cert.with_name("ca-key.pem")
    if not (_valid(files.ca_cert, moment) and ca_key_path.exists()):
        ca_key, ca_cert = _new_ca(moment)
        _write(ca_key_path, _key_pem(ca_key), private=True)
        _write(files.ca_cert, ca_cert.public_bytes(_pem()), private=False)
        files.cert.unlink(missing_ok=True)
    if not (_valid(files.cert, moment) and _covers(files.cert, hosts) and files.key.exists()):
        from cryptography.hazmat.primitives.serialization import load_pem_private_key

        ca_key = load_pem_private_key(ca_key_path.read_bytes(), password=None)
        ca_cert = x509.load_pem_x509_certificate(files.ca_cert.read_bytes())
        key, cert = _new_server_cert(ca_key, ca_cert, hosts, moment)
        _write(files.key, _key_pem(key), private=True)
        _write(files.cert, cert.public_bytes(_pem()) + files.ca_cert.read_bytes(), private=False)
    return files


def _cryptography() -> Any:
    try:
        from cryptography import x509
    except ImportError:  # pragma: no cover - depends on the install
        raise SystemExit("sig-emulator --tls needs the 'cryptography' package: pip install 'pulumi-sig[tls]' "
                         "(or pass --tls-cert/--tls-key of your own)") from None
    return x509


def _pem() -> Any:
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.PEM


def _key_pem(key: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _write(path: Path, data: bytes, *, private: bool) -> None:
    """Write atomically; private files are created 0600 from the start."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)


def _valid(path: Path, now: datetime.datetime) -> bool:
    """Whether the certificate at path exists and stays valid for RENEW_BEFORE_DAYS more days."""
    if not path.exists():
        return False
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(path.read_bytes())
    return cert.not_valid_after_utc - now > datetime.timedelta(days=RENEW_BEFORE_DAYS)


def _covers(path: Path, hosts: Sequence[str]) -> bool:
    """Whether the server certificate names every host."""
    from cryptography import x509

    names = x509.load_pem_x509_certificate(path.read_bytes()).extensions.get_extension_for_class(
        x509.SubjectAlternativeName).value
    present = {str(n) for n in names.get_values_for_type(x509.IPAddress)} | \
        set(names.get_values_for_type(x509.DNSName))
    return all(str(_san_value(host)) in present for host in hosts)


def _san_value(host: str) -> Any:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host


def _new_ca(now: datetime.datetime) -> tuple[Any, Any]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"sig-emulator local CA ({os.getpid()})"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "pulumi-sig emulator")])
    public = key.public_key()
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=CA_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False),
                           critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
            .sign(key, hashes.SHA256()))
    return key, cert


def _new_server_cert(ca_key: Any, ca_cert: Any, hosts: Sequence[str], now: datetime.datetime) -> tuple[Any, Any]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.IPAddress(v) if not isinstance(v := _san_value(h), str) else x509.DNSName(v) for h in hosts]
    ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
            .issuer_name(ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=SERVER_DAYS))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_encipherment=False, key_cert_sign=False,
                                         content_commitment=False, data_encipherment=False, key_agreement=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return key, cert
