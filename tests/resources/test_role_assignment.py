"""RoleAssignment's check and diff (no backend): a GUID name derived from what it grants, every change a
replace, refusals at preview, and preview lines that say who gains what (a warning for a single version)."""
from __future__ import annotations

from typing import Any

import pytest

from pulumi_sig.models.authorization import READER, is_guid
from pulumi_sig.resources.role_assignment import RoleAssignmentProvider

GALLERY = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g"
PRINCIPAL = "11111111-1111-1111-1111-111111111111"
GRANT = {"role_assignment_name": "share-with-app-team", "scope": GALLERY, "principal_id": PRINCIPAL,
         "role": "reader"}


def checked(inputs: dict[str, Any]) -> dict[str, Any]:
    result = RoleAssignmentProvider().check({}, inputs)
    assert result.failures == [], [(f.property, f.reason) for f in result.failures]
    return result.inputs


def test_the_name_is_a_guid_derived_from_scope_principal_and_role(capsys: pytest.CaptureFixture[str]) -> None:
    inputs = checked(GRANT)
    assert is_guid(inputs["role_assignment_name"]) and inputs["role"] == "Reader"
    assert checked({**GRANT, "role": READER.guid})["role_assignment_name"] == inputs["role_assignment_name"]
    assert "gains 'Reader' on the gallery, its definitions and their versions" in capsys.readouterr().err


@pytest.mark.parametrize("change", [{"role": "Contributor"}, {"principal_id": "22222222-2222-2222-2222-222222222222"},
                                    {"scope": GALLERY + "/images/i"}, {"description": "why"}])
def test_every_change_replaces(change: dict[str, Any]) -> None:
    provider = RoleAssignmentProvider()
    olds, news = checked(GRANT), checked({**GRANT, **change})
    diff = provider.diff("id", olds, news)
    assert diff.changes and diff.replaces, diff.replaces


def test_a_single_version_scope_is_warned(capsys: pytest.CaptureFixture[str]) -> None:
    checked({**GRANT, "scope": GALLERY + "/images/i/versions/1.0.0"})
    err = capsys.readouterr().err
    assert "warning: RoleAssignment shares the single image version" in err and "gallery level" in err


@pytest.mark.parametrize(("change", "prop"), [({"role": "Janitor"}, "role"), ({"principal_id": "alice"}, "principal_id"),
                                              ({"scope": "/providers/x"}, "scope"),
                                              ({"principal_type": "Robot"}, "principal_type")])
def test_bad_inputs_fail_at_preview(change: dict[str, Any], prop: str) -> None:
    failures = RoleAssignmentProvider().check({}, {**GRANT, **change}).failures
    assert [f.property for f in failures] == [prop], [(f.property, f.reason) for f in failures]


@pytest.mark.parametrize("scope", [
    GALLERY + "/images/x/../../g2",  # says a definition, reaches another gallery
    "/subscriptions/s/resourceGroups/rg/../other",
    "/subscriptions/s/resourceGroups/rg?api-version=2015-07-01",
    GALLERY + "#fragment", GALLERY + "%2F..", "/subscriptions/s//resourceGroups/rg",
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v",
    GALLERY + "/images", GALLERY + "/share", "subscriptions/s/resourceGroups/rg",
])
def test_a_scope_that_is_not_exactly_a_grantable_id_is_refused_at_preview(scope: str) -> None:
    failures = RoleAssignmentProvider().check({}, {**GRANT, "scope": scope}).failures
    assert [f.property for f in failures] == ["scope"], [(f.property, f.reason) for f in failures]
    assert scope in failures[0].reason


@pytest.mark.parametrize(("scope", "reach"), [
    ("/subscriptions/s", "everything under this scope"), ("/subscriptions/s/resourceGroups/rg/", "everything under"),
    (GALLERY + "/images/i", "this definition and its versions (not the gallery)")])
def test_a_grantable_scope_says_what_it_reaches(scope: str, reach: str, capsys: pytest.CaptureFixture[str]) -> None:
    checked({**GRANT, "scope": scope})
    assert reach in capsys.readouterr().err
