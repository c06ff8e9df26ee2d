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


def _error(name: str, status: int) -> type[ArmError]:
    return type(name, (ArmError,), {"status": status, "code": name, "__doc__": f"ARM {name} ({status})."})


InvalidParameter = _error("InvalidParameter", 400)
InvalidRequestContent = _error("InvalidRequestContent", 400)
InvalidResourceName = _error("InvalidResourceName", 400)
MissingApiVersionParameter = _error("MissingApiVersionParameter", 400)
InvalidApiVersionParameter = _error("InvalidApiVersionParameter", 400)
LocationNotAvailableForResourceType = _error("LocationNotAvailableForResourceType", 400)
ResourceNotFound = _error("ResourceNotFound", 404)
ResourceGroupNotFound = _error("ResourceGroupNotFound", 404)
ParentResourceNotFound = _error("ParentResourceNotFound", 404)
NotFound = _error("NotFound", 404)
PropertyChangeNotAllowed = _error("PropertyChangeNotAllowed", 409)
Conflict = _error("Conflict", 409)
OperationNotAllowed = _error("OperationNotAllowed", 409)
CannotDeleteResource = _error("CannotDeleteResource", 409)
QuotaExceeded = _error("QuotaExceeded", 409)
RequestEntityTooLarge = _error("RequestEntityTooLarge", 413)
UnsupportedMediaType = _error("UnsupportedMediaType", 415)
MethodNotAllowed = _error("MethodNotAllowed", 405)
