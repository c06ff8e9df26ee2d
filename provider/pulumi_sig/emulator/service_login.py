"""The emulator's token service: what Azure AD answers to a client-credentials login, with our own tokens.

Tools (az through MSAL, azurerm through go-azure-sdk) fetch the tenant's OpenID configuration, then POST
client credentials with `scope={audience}/.default` and get a bearer token back. The tokens are the
emulator's own signed JWTs (pulumi_sig.emulator.identity), whose oid/tid name the calling principal.
Errors here are OAuth's, not ARM's: {"error": "invalid_client", "error_description": ...} as Azure AD
writes them, so they are typed here rather than in models/errors (no ARM client ever sees them).
"""
from __future__ import annotations

import hmac
import os
import secrets
import uuid
from pathlib import Path
from typing import Any

from pulumi_sig.models.errors import ArmError
from pulumi_sig.emulator.identity import (DEFAULT_TENANT, TOKEN_LIFETIME_SECONDS, Principal, mint_token)

ADFS = "adfs"  # the tenant segment of an AD FS authority (MSAL and az skip instance discovery for it)
KEY_FILE = "token-signing.key"
# Object ids of applications are derived from (tenant, client id), so a client keeps its principal
# across restarts and emulators: authorization (issue 13) can name it in role assignments.
APPLICATION_NAMESPACE = uuid.UUID("5b0f6a39-2c49-4f3e-9a7c-5e6d1c0a1f15")


class OAuthError(ArmError):
    """An OAuth 2.0 error as Azure AD answers it (RFC 6749 section 5.2 plus AAD's error_codes)."""

    status = 400
    code = "invalid_request"
    aad_code = 900144

    def to_body(self) -> dict[str, Any]:
        return {"error": self.code, "error_description": f"AADSTS{self.aad_code}: {self.message}",
                "error_codes": [self.aad_code]}


class InvalidRequest(OAuthError):
    """invalid_request (400): a required parameter is missing."""


class UnsupportedGrantType(OAuthError):
    """unsupported_grant_type (400): the emulator issues tokens for client credentials only."""

    code = "unsupported_grant_type"
    aad_code = 70003


class InvalidClient(OAuthError):
    """invalid_client (401): the client secret is not the one this emulator takes."""

    status = 401
    code = "invalid_client"
    aad_code = 7000215


def application_principal(client_id: str, tenant_id: str = DEFAULT_TENANT) -> Principal:
    """The service principal of an application (client id) in a tenant: a stable object id."""
    object_id = str(uuid.uuid5(APPLICATION_NAMESPACE, f"{tenant_id.lower()}/{client_id.lower()}"))
    return Principal(object_id=object_id, tenant_id=tenant_id, name=client_id, kind="ServicePrincipal")


def tenant_of(segment: str) -> str:
    """The tenant id a login path names; 'adfs', 'common' and 'organizations' mean the emulator's tenant."""
    return DEFAULT_TENANT if segment.lower() in (ADFS, "common", "organizations") else segment


def openid_configuration(base_url: str, tenant_segment: str) -> dict[str, Any]:
    """The tenant's OpenID Connect discovery document (the fields MSAL and go-azure-sdk read)."""
    authority = f"{base_url}/{tenant_segment}"
    v2 = "" if tenant_segment.lower() == ADFS else "/v2.0"
    return {"issuer": issuer(base_url, tenant_segment),
            "authorization_endpoint": f"{authority}/oauth2{v2}/authorize",
            "token_endpoint": f"{authority}/oauth2{v2}/token",
            "device_authorization_endpoint": f"{authority}/oauth2{v2}/devicecode",
            "jwks_uri": f"{authority}/discovery{v2}/keys",
            "response_types_supported": ["code", "id_token", "code id_token", "token id_token", "token"],
            "grant_types_supported": ["client_credentials"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "subject_types_supported": ["pairwise"], "id_token_signing_alg_values_supported": ["HS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "tenant_region_scope": "NA", "cloud_instance_name": "sig-emulator"}


def issuer(base_url: str, tenant_segment: str) -> str:
    """The `iss` of the tenant's tokens."""
    if tenant_segment.lower() == ADFS:
        return f"{base_url}/adfs"
    return f"{base_url}/{tenant_of(tenant_segment)}/v2.0"


def issue_token(form: dict[str, str], *, base_url: str, tenant_segment: str, key: bytes,
                required_secret: str | None, basic: tuple[str, str] | None = None) -> dict[str, Any]:
    """The token response to a client-credentials request (v2 `scope` or v1 `resource`).

    With `required_secret` (the emulator runs with --auth-token) the client secret must equal it;
    without, any client id and non-empty secret log in, as every call is let through anyway.
    """
    grant = form.get("grant_type", "")
    if grant != "client_credentials":
        raise UnsupportedGrantType(f"The emulator issues tokens for grant_type 'client_credentials' only, "
                                   f"not '{grant}'.")
    client_id, secret = basic or (form.get("client_id", ""), form.get("client_secret", ""))
    if not client_id:
        raise InvalidRequest("The request body must contain the parameter 'client_id'.")
    if not secret:
        raise InvalidClient("The request body must contain 'client_secret' (certificates and assertions "
                            "are not emulated).")
    if required_secret is not None and not hmac.compare_digest(secret.encode(), required_secret.encode()):
        raise InvalidClient("Invalid client secret provided: use this emulator's token as the secret.")
    audience = requested_audience(form)
    principal = application_principal(client_id, tenant_of(tenant_segment))
    token = mint_token(principal, key=key, audience=audience, issuer=issuer(base_url, tenant_segment),
                       extra={"appid": client_id, "azp": client_id, "ver": "2.0"})
    lifetime = TOKEN_LIFETIME_SECONDS - 1
    return {"token_type": "Bearer", "expires_in": lifetime, "ext_expires_in": lifetime, "access_token": token}


def requested_audience(form: dict[str, str]) -> str:
    """The audience of a v2 `scope` ('{audience}/.default') or a v1 `resource`."""
    scopes = [s for s in form.get("scope", "").split() if s not in ("openid", "profile", "offline_access")]
    if scopes:
        scope = scopes[0]
        return scope[: -len(".default")] if scope.endswith("/.default") else scope
    if form.get("resource"):
        return form["resource"]
    raise InvalidRequest("The request body must contain the parameter 'scope' (e.g. '<audience>/.default').")


def load_signing_key(data_dir: Path) -> bytes:
    """The key that signs this emulator's tokens, created once (0600) in its data directory.

    Kept on disk so tokens that tools cache (az keeps them an hour) stay valid across restarts.
    """
    path = data_dir / KEY_FILE
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (FileNotFoundError, ValueError):
        pass
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key.hex())
    os.replace(temporary, path)
    return key
