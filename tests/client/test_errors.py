"""HTTP status + ARM error body -> typed exceptions with code, message, target and request id."""
from __future__ import annotations

import pytest

from pulumi_sig.client import (ArmClient, AuthenticationError, BadRequestError, ConflictError, ForbiddenError,
                               GalleryNotFound, PropertyChangeNotAllowedError, QuotaExceededError,
                               ResourceNotFoundError, ServerError)
from pulumi_sig.client.errors import ArmHttpError, error_class
from tests.client.fake_arm import FakeArm


def test_404_is_resource_not_found_with_code_and_request_id(client: ArmClient) -> None:
    with pytest.raises(ResourceNotFoundError) as caught:
        client.galleries.get("rg", "missing")
    error = caught.value
    assert (error.status, error.code, error.request_id) == (404, "ResourceNotFound", "req-404")
    assert isinstance(error, GalleryNotFound)
    assert "ResourceNotFound:" in str(error) and "request id req-404" in str(error)


def test_409_property_change_not_allowed_carries_target(fake: FakeArm, client: ArmClient) -> None:
    fake.script("PUT", "/images/def", 409, {"error": {
        "code": "PropertyChangeNotAllowed", "message": "Changing property 'publisher' is not allowed.",
        "target": "properties.identifier.publisher"}}, headers={"x-ms-request-id": "abc-123"})
    body = {"location": "eastus", "properties": {"osType": "Linux", "osState": "Generalized",
                                                 "identifier": {"publisher": "p", "offer": "o", "sku": "s"}}}
    with pytest.raises(PropertyChangeNotAllowedError) as caught:
        client.image_definitions.create_or_update("rg", "g", "def", body)
    error = caught.value
    assert isinstance(error, ConflictError)
    assert error.target == "properties.identifier.publisher" and error.request_id == "abc-123"
    assert str(error) == ("PropertyChangeNotAllowed: Changing property 'publisher' is not allowed. "
                          "(target=properties.identifier.publisher, HTTP 409, request id abc-123)")


@pytest.mark.parametrize("status,code,message,expected", [
    (400, "InvalidParameter", "bad", BadRequestError),
    (401, "AuthenticationFailed", "no", AuthenticationError),
    (403, "AuthorizationFailed", "no", ForbiddenError),
    (409, "QuotaExceeded", "limit", QuotaExceededError),
    (409, "OperationNotAllowed", "Operation results in exceeding quota limits of Core.", QuotaExceededError),
    (409, "OperationNotAllowed", "busy", ConflictError),
    (500, "InternalServerError", "boom", ServerError),
    (418, "Teapot", "?", ArmHttpError),
])
def test_error_classes(status: int, code: str, message: str, expected: type) -> None:
    assert error_class(status, code, message) is expected


def test_non_json_error_body_still_typed(fake: FakeArm, client: ArmClient) -> None:
    fake.script("GET", "/galleries/g", 403, None)
    with pytest.raises(ForbiddenError) as caught:
        client.galleries.get("rg", "g")
    assert caught.value.code == "Forbidden"
