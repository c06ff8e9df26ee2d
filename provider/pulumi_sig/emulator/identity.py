"""Who is calling: principals and the bearer tokens (three-part JWTs) the emulator issues and reads.

Tokens are HS256 JWTs signed with the emulator's own key, so the emulator can trust the claims it
reads (oid = the principal's object id, tid = its tenant); clients such as azurerm read the claims
without checking the signature, as they do with Azure AD tokens. Shared by the token service
(issue 15: tools such as az and azurerm log in) and authorization (issue 13: role assignments).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

DEFAULT_TENANT = "00000000-0000-0000-0000-0000000000aa"
TOKEN_LIFETIME_SECONDS = 3600


@dataclass(frozen=True)
class Principal:
    """A user, service principal or group as ARM's authorization sees it."""

    object_id: str
    tenant_id: str = DEFAULT_TENANT
    name: str = ""
    kind: str = "ServicePrincipal"  # "User" | "ServicePrincipal" | "Group"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def mint_token(principal: Principal, *, key: bytes, audience: str, issuer: str,
               now: float | None = None, extra: dict[str, Any] | None = None) -> str:
    """A signed access token for the principal (claims as Azure AD puts them)."""
    issued = int(now if now is not None else time.time())
    claims = {"aud": audience, "iss": issuer, "iat": issued, "nbf": issued,
              "exp": issued + TOKEN_LIFETIME_SECONDS, "oid": principal.object_id, "tid": principal.tenant_id,
              "sub": principal.object_id, "name": principal.name, "idtyp": "app" if principal.kind ==
              "ServicePrincipal" else "user", **(extra or {})}
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(key, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{_b64(signature)}"


def read_token(token: str, *, key: bytes, now: float | None = None) -> dict[str, Any] | None:
    """The claims of a token this emulator signed and that has not expired, else None."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    expected = hmac.new(key, f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
    try:
        if not hmac.compare_digest(_unb64(parts[2]), expected):
            return None
        claims = json.loads(_unb64(parts[1]))
    except (ValueError, TypeError):
        return None
    if not isinstance(claims, dict) or claims.get("exp", 0) < (now if now is not None else time.time()):
        return None
    return claims


def principal_of(claims: dict[str, Any]) -> Principal:
    """The principal a token's claims name."""
    kind = "ServicePrincipal" if claims.get("idtyp") == "app" else "User"
    return Principal(object_id=str(claims.get("oid", "")), tenant_id=str(claims.get("tid", DEFAULT_TENANT)),
                     name=str(claims.get("name", "")), kind=kind)


def named_principal(name: str, *, tenant_id: str = DEFAULT_TENANT, kind: str = "ServicePrincipal") -> Principal:
    """A test principal whose object id is derived from its name and tenant (stable across restarts)."""
    object_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"sig-emulator-principal:{tenant_id.lower()}:{name}"))
    return Principal(object_id=object_id, tenant_id=tenant_id, name=name, kind=kind)

