"""Who is calling (the bearer token's principal) and, with access control enforced, whether they may.

The principal comes from the claims (oid, tid) of an access token the emulator signed (identity.py: the
admin route POST /_emulator/principals and the token service issue them). The static --auth-token, and
any caller when access control is off, act as the emulator's operator, who may do everything. With
`--authorization enforce` every ARM call is checked (service_authorization.check) before its handler
runs, so a refused call changes nothing.
"""
from __future__ import annotations

import hmac

from pulumi_sig.models.api_versions import COMMUNITY_GALLERY_TYPE, OPERATION_TYPE
from pulumi_sig.models.authorization import linked_denial_message, request_operation
from pulumi_sig.models.errors import (ArmError, AuthorizationFailed, InvalidAuthenticationToken,
                                      LinkedAuthorizationFailed)
from pulumi_sig.emulator.http_security import HEALTH_PATH, AuthenticationFailed
from pulumi_sig.emulator.http_support import ArmRequest
from pulumi_sig.emulator.identity import Principal, principal_of, read_token
from pulumi_sig.emulator.router import Route
from pulumi_sig.emulator.service_authorization import OPERATOR

MODES = ("off", "enforce")
# Polled with the URL the emulator handed to whoever started the operation; any signed-in caller may
# read it, as ARM lets a resource-group contributor poll without subscription-wide rights. Community galleries
# are public ("anyone with an Azure subscription can use" them): any signed-in caller, with or without a role.
UNCHECKED_TYPES = frozenset({OPERATION_TYPE, COMMUNITY_GALLERY_TYPE})
UNCHECKED_PATHS = frozenset({"/subscriptions", "/tenants"})  # ARM lists the caller's, never refuses


class OperatorOnly(ArmError):
    """403: an admin route (reset, principals, ...) called with a principal's token instead of the operator's."""

    status = 403
    code = "Forbidden"


def caller_of(request: ArmRequest) -> Principal:
    """The principal of the request's bearer token; the operator for the static token or, with access
    control off, for a caller without a token of ours."""
    settings = request.state.settings
    scheme, _, presented = (request.header("authorization") or "").partition(" ")
    presented = presented.strip()
    enforced = settings.authorization == "enforce"
    if scheme.lower() != "bearer" or not presented:
        if enforced:
            raise AuthenticationFailed("Authentication failed. The 'Authorization' header is missing.")
        return OPERATOR
    if settings.auth_token and hmac.compare_digest(presented.encode(), settings.auth_token.encode()):
        return OPERATOR
    claims = read_token(presented, key=settings.token_key)
    if claims is None or not claims.get("oid"):
        if enforced:
            raise InvalidAuthenticationToken("The access token is invalid or has expired: get one from this "
                                             "emulator (POST /_emulator/principals or its token endpoint).")
        return OPERATOR
    return principal_of(claims)


def authorize(request: ArmRequest, route: Route) -> None:
    """Name the caller on the request and, when access control is enforced, refuse what no role grants.
    Emulator-only routes (no api-version: admin, login) are guarded by http_security, and with a static token
    admin routes are the operator's alone: a principal's token (which http_security accepts) cannot reset the
    emulator or mint itself an Owner."""
    if route.api is None:
        if request.state.settings.auth_token and request.path.startswith("/_emulator") \
                and request.path != HEALTH_PATH and caller_of(request) != OPERATOR:
            raise OperatorOnly("Admin routes take this emulator's own --auth-token, not a principal's access token.")
        return
    request.principal = caller_of(request)
    if request.state.settings.authorization != "enforce":
        return
    if route.api in UNCHECKED_TYPES or request.path in UNCHECKED_PATHS:
        return
    request.service.authorization.check(request.principal, request_operation(request.method, request.path))


def authorize_linked(request: ArmRequest, linked_ids: list[str]) -> None:
    """With access control enforced, the caller must also be able to read what a write links to (an image
    version's source): else 403 LinkedAuthorizationFailed, as ARM answers, and nothing is written."""
    if request.state.settings.authorization != "enforce":
        return
    caller = request.principal or caller_of(request)
    operation = request_operation(request.method, request.path)
    for linked_id in linked_ids:
        linked = request_operation("GET", linked_id)
        try:
            request.service.authorization.check(caller, linked)
        except AuthorizationFailed:
            raise LinkedAuthorizationFailed(linked_denial_message(caller.object_id, operation, linked)) from None
