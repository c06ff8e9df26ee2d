"""Who may use the emulator: an optional bearer token, admin routes closed to cross-site browsers, and a proof
of identity the health endpoint gives without revealing the token."""
from __future__ import annotations

import hmac
import ipaddress
from typing import TYPE_CHECKING

from pulumi_sig.models.emulator_identity import identity_proof
from pulumi_sig.emulator.identity import read_token
from pulumi_sig.models.errors import ArmError, UnsupportedMediaType

__all__ = ["AuthenticationFailed", "CrossSiteRequestRefused", "check_access", "identity_proof", "is_loopback"]

if TYPE_CHECKING:
    from pulumi_sig.emulator.http_support import ArmRequest

HEALTH_PATH = "/_emulator/health"  # open without a token: liveness, and the identity proof below
METADATA_PATH = "/metadata/endpoints"  # open: tools read it before they can log in
# The token service's paths start with a tenant: /{tenant}/oauth2/..., /{tenant}/v2.0/.well-known/...,
# /{tenant}/.well-known/... (routes_login); ARM's own top-level segments are never a tenant.
LOGIN_SEGMENTS = frozenset({"oauth2", "v2.0", ".well-known"})
ARM_ROOTS = frozenset({"subscriptions", "providers", "tenants", "_emulator", "metadata"})
SAFE_METHODS = frozenset({"GET", "HEAD"})


class AuthenticationFailed(ArmError):
    """ARM AuthenticationFailed (401): no bearer token, or not this emulator's."""

    status = 401
    code = "AuthenticationFailed"


class CrossSiteRequestRefused(ArmError):
    """403: a browser sent this from another site (Sec-Fetch-Site), which no ARM client does."""

    status = 403
    code = "Forbidden"


def check_access(request: "ArmRequest", token: str | None) -> None:
    """Refuse cross-site admin calls, and (with a token) any call but health without that bearer token."""
    if request.path.startswith("/_emulator"):
        check_admin_request(request)
    if token is None or is_open_path(request.path):
        return
    scheme, _, presented = (request.header("authorization") or "").partition(" ")
    presented = presented.strip()
    if scheme.lower() == "bearer" and (hmac.compare_digest(presented.encode(), token.encode())
                                       or read_token(presented, key=request.state.settings.token_key)):
        return
    raise AuthenticationFailed("Authentication failed. The 'Authorization' header must carry this emulator's "
                               "bearer token, or a token its login endpoint issued (Bearer <token>).")


def is_open_path(path: str) -> bool:
    """Paths served without a token: health, cloud metadata and the token service (how a token is got)."""
    if path in (HEALTH_PATH, METADATA_PATH):
        return True
    parts = path.split("/")
    return len(parts) > 2 and parts[1] not in ARM_ROOTS and parts[2] in LOGIN_SEGMENTS


def check_admin_request(request: "ArmRequest") -> None:
    """Admin routes answer only what a browser cannot send cross-site without a CORS preflight (which the
    emulator never grants): writes need Content-Type application/json, and Sec-Fetch-Site must not say
    another site."""
    site = (request.header("sec-fetch-site") or "").lower()
    if site in ("cross-site", "same-site"):
        raise CrossSiteRequestRefused(f"Admin routes refuse {site} browser requests.")
    if request.method in SAFE_METHODS:
        return
    content_type = (request.header("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise UnsupportedMediaType("Admin routes need Content-Type: application/json (a body of {} is fine).")


def is_loopback(host: str) -> bool:
    """Whether binding `host` keeps the emulator on this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
