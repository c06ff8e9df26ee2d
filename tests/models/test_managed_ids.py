"""models.ids.classify_managed_id: which resource an ARM id names, read strictly (imports and refreshes)."""
from __future__ import annotations

import pytest

from pulumi_sig.models.ids import classify_managed_id

SUB = "00000000-0000-0000-0000-000000000000"
RG = f"/subscriptions/{SUB}/resourceGroups/rg1"
GALLERY = f"{RG}/providers/Microsoft.Compute/galleries/g1"
ASSIGNMENT = "/providers/Microsoft.Authorization/roleAssignments/11111111-1111-1111-1111-111111111111"


@pytest.mark.parametrize(("arm_id", "kind", "identity"), [
    (RG, "resourceGroup", {"resource_group_name": "rg1"}),
    (GALLERY, "gallery", {"resource_group_name": "rg1", "gallery_name": "g1"}),
    (f"{GALLERY}/share", "gallerySharing", {"resource_group_name": "rg1", "gallery_name": "g1"}),
    (f"{GALLERY}/images/ubuntu", "imageDefinition",
     {"resource_group_name": "rg1", "gallery_name": "g1", "image_name": "ubuntu"}),
    (f"{GALLERY}/images/ubuntu/versions/1.0.0", "imageVersion",
     {"resource_group_name": "rg1", "gallery_name": "g1", "image_name": "ubuntu", "version_name": "1.0.0"}),
    (f"{RG}/providers/Microsoft.Compute/snapshots/snap", "imageSource",
     {"resource_group_name": "rg1", "source_type": "snapshots", "source_name": "snap"}),
    (f"{RG}/providers/microsoft.compute/VIRTUALMACHINES/vm", "imageSource",
     {"resource_group_name": "rg1", "source_type": "virtualMachines", "source_name": "vm"}),
    (f"{GALLERY}{ASSIGNMENT}", "roleAssignment",
     {"scope": GALLERY, "role_assignment_name": "11111111-1111-1111-1111-111111111111"}),
    (f"/subscriptions/{SUB}{ASSIGNMENT}", "roleAssignment",
     {"scope": f"/subscriptions/{SUB}", "role_assignment_name": "11111111-1111-1111-1111-111111111111"}),
    # ARM's type segments and namespaces are case-insensitive; names keep their case
    (f"/SUBSCRIPTIONS/{SUB}/resourcegroups/RG1/PROVIDERS/microsoft.compute/GALLERIES/G1/IMAGES/Img", "imageDefinition",
     {"resource_group_name": "RG1", "gallery_name": "G1", "image_name": "Img"}),
])
def test_each_managed_kind_is_named_by_its_exact_id(arm_id: str, kind: str, identity: dict[str, str]) -> None:
    managed = classify_managed_id(arm_id)
    assert managed is not None and managed.kind == kind and managed.identity == identity
    assert managed.subscription == SUB


@pytest.mark.parametrize("arm_id", [
    "", "rg1", "g1", f"{GALLERY}/", f"{GALLERY}/images", f"{GALLERY}/images/ubuntu/versions",
    f"{GALLERY}/bogus/x", f"{GALLERY}/images/ubuntu/bogus/1.0.0", f"{GALLERY}/share/extra",
    f"{GALLERY}/images/ubuntu/versions/1.0.0/extra/x", f"{RG}//providers/Microsoft.Compute/galleries/g1",
    f"{RG}/providers/Microsoft.Network/virtualNetworks/v", f"{RG}/providers/Microsoft.Compute/availabilitySets/a",
    f"/subscriptions/{SUB}", f"/subscriptions/{SUB}/resourceGroups", f"{RG}/providers/Microsoft.Compute",
    f"/tenants/t/resourceGroups/rg1", f"{GALLERY}/providers/Microsoft.Authorization/roleDefinitions/x",
])
def test_anything_else_is_no_managed_id(arm_id: str) -> None:
    assert classify_managed_id(arm_id) is None
