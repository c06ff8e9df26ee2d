"""RBAC facts (models/authorization): the action and scope ARM checks per request, wildcards, built-in roles."""
from __future__ import annotations

import pytest

from pulumi_sig.models.authorization import (CONTRIBUTOR, GALLERY_IMAGE_READER, GALLERY_SHARING_ADMIN, OWNER,
                                             READER, action_matches, arm_scope, find_role, request_operation,
                                             scope_covers)

RG = "/subscriptions/s/resourceGroups/rg"
GALLERY = f"{RG}/providers/Microsoft.Compute/galleries/g"


@pytest.mark.parametrize(("method", "path", "action", "scope"), [
    ("GET", GALLERY, "Microsoft.Compute/galleries/read", GALLERY),
    ("PUT", f"{GALLERY}/images/i/versions/1.0.0", "Microsoft.Compute/galleries/images/versions/write",
     f"{GALLERY}/images/i/versions/1.0.0"),
    ("DELETE", RG, "Microsoft.Resources/subscriptions/resourceGroups/delete", RG),
    ("POST", f"{GALLERY}/share", "Microsoft.Compute/galleries/share/action", GALLERY),
    ("GET", f"{RG}/providers/Microsoft.Compute/galleries", "Microsoft.Compute/galleries/read",
     f"{RG}/providers/Microsoft.Compute"),  # a list: checked above its type segment
    ("GET", f"{GALLERY}/images", "Microsoft.Compute/galleries/images/read", GALLERY),
    ("PUT", f"{GALLERY}/providers/Microsoft.Authorization/roleAssignments/x",
     "Microsoft.Authorization/roleAssignments/write", f"{GALLERY}/providers/Microsoft.Authorization/roleAssignments/x"),
    ("GET", "/subscriptions/s/providers/Microsoft.Compute/locations/westus/sharedGalleries",
     "Microsoft.Compute/locations/sharedGalleries/read", "/subscriptions/s/providers/Microsoft.Compute/locations/westus"),
    ("GET", "/subscriptions", "Microsoft.Resources/subscriptions/read", "/"),
])
def test_the_action_and_scope_of_a_request(method: str, path: str, action: str, scope: str) -> None:
    operation = request_operation(method, path)
    assert (operation.action, operation.scope) == (action, scope)


def test_ids_in_any_casing_give_arm_casing_and_keep_names() -> None:
    assert arm_scope("/SUBSCRIPTIONS/S/RESOURCEGROUPS/Rg/PROVIDERS/MICROSOFT.COMPUTE/GALLERIES/MyGal") == \
        "/subscriptions/S/resourceGroups/Rg/providers/Microsoft.Compute/galleries/MyGal"
    assert arm_scope("") == "/"


def test_wildcards_and_built_in_roles() -> None:
    assert action_matches("*/read", "Microsoft.Compute/galleries/images/read")
    assert action_matches("Microsoft.Authorization/*/Write", "microsoft.authorization/roleAssignments/write")
    assert not action_matches("Microsoft.Compute/galleries/*", "Microsoft.Compute/images/read")
    assert OWNER.permits("Microsoft.Compute/galleries/share/action")
    assert not CONTRIBUTOR.permits("Microsoft.Compute/galleries/share/action")  # Contributor's notActions
    assert CONTRIBUTOR.permits("Microsoft.Compute/galleries/images/versions/write")
    assert not READER.permits("Microsoft.Compute/galleries/write")
    assert GALLERY_IMAGE_READER.permits("Microsoft.Compute/galleries/images/versions/read")
    assert not GALLERY_IMAGE_READER.permits("Microsoft.Compute/galleries/read")
    assert GALLERY_SHARING_ADMIN.permits("Microsoft.Compute/galleries/share/action")
    assert find_role("reader") is READER and find_role(f"/providers/Microsoft.Authorization/roleDefinitions/"
                                                       f"{OWNER.guid}") is OWNER and find_role("Janitor") is None


def test_inheritance_goes_down_never_up_nor_sideways() -> None:
    assert scope_covers("/", GALLERY) and scope_covers(RG, GALLERY) and scope_covers(GALLERY, f"{GALLERY}/images/i")
    assert not scope_covers(f"{GALLERY}/images/i", GALLERY)
    assert not scope_covers(GALLERY, GALLERY + "2")  # a sibling whose name starts the same
