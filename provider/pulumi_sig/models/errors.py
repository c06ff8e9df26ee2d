"""ARM error codes as typed exceptions: the domain raises them, the edges serialise them."""
from __future__ import annotations

from typing import Any


class ArmError(Exception):
    """An error with ARM's wire shape: {"error": {"code", "message", "target", "details"}}."""

    status: int = 400
    code: str = "BadRequest"

    def __init__(self, message: str, *, target: str | None = None,
                 details: list[dict[str, Any]] | None = None, code: str | None = None,
                 status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.target = target
        self.details = details or []
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status

    def to_body(self) -> dict[str, Any]:
        """The ARM error envelope for this error."""
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.target is not None:
            error["target"] = self.target
        if self.details:
            error["details"] = self.details
        return {"error": error}


class InvalidParameter(ArmError):
    """ARM InvalidParameter (400)."""

    status = 400
    code = "InvalidParameter"

class InvalidRequestContent(ArmError):
    """ARM InvalidRequestContent (400)."""

    status = 400
    code = "InvalidRequestContent"

class InvalidResourceName(ArmError):
    """ARM InvalidResourceName (400)."""

    status = 400
    code = "InvalidResourceName"

class MissingApiVersionParameter(ArmError):
    """ARM MissingApiVersionParameter (400)."""

    status = 400
    code = "MissingApiVersionParameter"

class InvalidApiVersionParameter(ArmError):
    """ARM InvalidApiVersionParameter (400)."""

    status = 400
    code = "InvalidApiVersionParameter"

class LocationNotAvailableForResourceType(ArmError):
    """ARM LocationNotAvailableForResourceType (400)."""

    status = 400
    code = "LocationNotAvailableForResourceType"

class ResourceNotFound(ArmError):
    """ARM ResourceNotFound (404)."""

    status = 404
    code = "ResourceNotFound"

class ResourceGroupNotFound(ArmError):
    """ARM ResourceGroupNotFound (404)."""

    status = 404
    code = "ResourceGroupNotFound"

class ParentResourceNotFound(ArmError):
    """ARM ParentResourceNotFound (404)."""

    status = 404
    code = "ParentResourceNotFound"

class NotFound(ArmError):
    """ARM NotFound (404)."""

    status = 404
    code = "NotFound"

class PropertyChangeNotAllowed(ArmError):
    """ARM PropertyChangeNotAllowed (409)."""

    status = 409
    code = "PropertyChangeNotAllowed"

class Conflict(ArmError):
    """ARM Conflict (409)."""

    status = 409
    code = "Conflict"

class OperationNotAllowed(ArmError):
    """ARM OperationNotAllowed (409)."""

    status = 409
    code = "OperationNotAllowed"

class CannotDeleteResource(ArmError):
    """ARM CannotDeleteResource (409)."""

    status = 409
    code = "CannotDeleteResource"

class QuotaExceeded(ArmError):
    """ARM QuotaExceeded (409)."""

    status = 409
    code = "QuotaExceeded"

class RequestEntityTooLarge(ArmError):
    """ARM RequestEntityTooLarge (413)."""

    status = 413
    code = "RequestEntityTooLarge"

class UnsupportedMediaType(ArmError):
    """ARM UnsupportedMediaType (415)."""

    status = 415
    code = "UnsupportedMediaType"

class MethodNotAllowed(ArmError):
    """ARM MethodNotAllowed (405)."""

    status = 405
    code = "MethodNotAllowed"

class NoRegisteredProviderFound(ArmError):
    """ARM NoRegisteredProviderFound (400): a write with an api-version the type's provider does not serve."""

    status = 400
    code = "NoRegisteredProviderFound"

class InvalidResourceType(ArmError):
    """ARM InvalidResourceType (400): a read or delete with an api-version the type does not serve."""

    status = 400
    code = "InvalidResourceType"

class InvalidResourceLocation(ArmError):
    """ARM InvalidResourceLocation (409): the resource exists under this name in another location."""

    status = 409
    code = "InvalidResourceLocation"

class InvalidResourceGroupLocation(ArmError):
    """ARM InvalidResourceGroupLocation (409): the group exists in another location."""

    status = 409
    code = "InvalidResourceGroupLocation"

class AuthorizationFailed(ArmError):
    """ARM AuthorizationFailed (403): no role assignment grants the caller the action at the scope."""

    status = 403
    code = "AuthorizationFailed"

class LinkedAuthorizationFailed(ArmError):
    """ARM LinkedAuthorizationFailed (403): allowed the action, but not to read a resource it links to."""

    status = 403
    code = "LinkedAuthorizationFailed"

class InvalidAuthenticationToken(ArmError):
    """ARM InvalidAuthenticationToken (401): the bearer token is not one this issuer signed, or has expired."""

    status = 401
    code = "InvalidAuthenticationToken"

class RoleAssignmentNotFound(ArmError):
    """Microsoft.Authorization RoleAssignmentNotFound (404)."""

    status = 404
    code = "RoleAssignmentNotFound"

class RoleDefinitionDoesNotExist(ArmError):
    """Microsoft.Authorization RoleDefinitionDoesNotExist (400 on assignment, 404 on read)."""

    status = 400
    code = "RoleDefinitionDoesNotExist"

class RoleAssignmentExists(ArmError):
    """Microsoft.Authorization RoleAssignmentExists (409): the same principal, role and scope under another name."""

    status = 409
    code = "RoleAssignmentExists"

class RoleAssignmentUpdateNotPermitted(ArmError):
    """Microsoft.Authorization RoleAssignmentUpdateNotPermitted (409): assignments are replaced, never updated."""

    status = 409
    code = "RoleAssignmentUpdateNotPermitted"

class InvalidRoleAssignmentId(ArmError):
    """Microsoft.Authorization InvalidRoleAssignmentId (400): the name must be a GUID."""

    status = 400
    code = "InvalidRoleAssignmentId"

class InvalidPrincipalId(ArmError):
    """Microsoft.Authorization InvalidPrincipalId (400): the principal id must be a GUID."""

    status = 400
    code = "InvalidPrincipalId"
