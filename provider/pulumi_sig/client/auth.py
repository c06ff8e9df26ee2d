"""Authentication: none, a static bearer token (emulator), or azure-identity credentials (Azure)."""
from __future__ import annotations

import threading
import time
from typing import Any, Protocol

import requests
from requests.auth import AuthBase

# Refresh a cached token this long before it expires, so a request never leaves with a stale one.
REFRESH_MARGIN_SECONDS = 300


class TokenCredential(Protocol):
    """What azure-identity credentials offer: get_token(scope) -> AccessToken(token, expires_on)."""

    def get_token(self, *scopes: str, **kwargs: Any) -> Any: ...


class StaticTokenAuth(AuthBase):
    """Sends one fixed bearer token (the emulator's); the token never appears in repr."""

    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self._token}"
        return request

    def __repr__(self) -> str:
        return "StaticTokenAuth(token=***)"


class CredentialAuth(AuthBase):
    """Bearer tokens from a TokenCredential for one scope, cached until near expiry."""

    def __init__(self, credential: TokenCredential, scope: str) -> None:
        self.credential = credential
        self.scope = scope
        self._token: str | None = None
        self._expires_on = 0.0
        self._lock = threading.Lock()

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self._current_token()}"
        return request

    def _current_token(self) -> str:
        with self._lock:
            if self._token is None or time.time() >= self._expires_on - REFRESH_MARGIN_SECONDS:
                access = self._fetch_token()
                self._token, self._expires_on = access.token, float(access.expires_on)
            return self._token

    def _fetch_token(self) -> Any:
        """A token from the credential; its failure (no credentials, expired login) as one typed error."""
        from pulumi_sig.client.errors import AuthenticationError

        try:
            return self.credential.get_token(self.scope)
        except Exception as error:  # noqa: BLE001 - azure-identity raises several unrelated types
            first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise AuthenticationError(
                "AuthenticationFailed",
                f"no Azure token for {self.scope} ({type(error).__name__}: {first_line}); sign in with "
                "`az login`, or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, or a managed identity",
                status=401) from None

    def __repr__(self) -> str:
        return f"CredentialAuth(scope={self.scope!r}, credential={type(self.credential).__name__})"


def default_azure_credential() -> TokenCredential:
    """azure.identity.DefaultAzureCredential, imported only when real Azure is used."""
    try:
        from azure.identity import DefaultAzureCredential
    except ImportError as error:
        raise RuntimeError("Talking to Azure needs azure-identity: install pulumi-sig with its azure extra, "
                           "pip install \"pulumi-sig[azure] @ <git URL or file:// path of pulumi-sig>\"") from error
    return DefaultAzureCredential()


def build_auth(*, token: str | None, scope: str | None, use_azure_identity: bool,
               credential: TokenCredential | None = None) -> AuthBase | None:
    """The auth for a config: a given credential, azure-identity, a static token, or none."""
    if credential is not None or use_azure_identity:
        if scope is None:
            raise ValueError("azure-identity needs a cloud with a token scope (public or china)")
        return CredentialAuth(credential or default_azure_credential(), scope)
    if token:
        return StaticTokenAuth(token)
    return None
