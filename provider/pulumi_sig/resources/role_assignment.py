"""RoleAssignment: grant a principal a role on a gallery or image definition (Azure RBAC; replaced on any change).

The seed: "We recommend sharing at the Gallery level for the best experience. We do not recommend sharing
individual image versions." Preview says who gains what where, and warns when the scope is one version.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import pulumi

from pulumi_sig.models.authorization import (PRINCIPAL_TYPES, find_role, is_guid, role_assignment_name,
                                             role_definition_id)
from pulumi_sig.models.ids import grant_scope_kind
from pulumi_sig.models.mutability import ResourceKind
from pulumi_sig.models.role_assignment import RoleAssignment as RoleAssignmentModel
from pulumi_sig.models.rules import Violation
from pulumi_sig.resources._base import ArmProvider, fetch_or_none, progress
from pulumi_sig.resources._fields import Field, from_wire, is_unknown
from pulumi_sig.resources._inputs import ResourceArgs, SigResource



def _role_id(role: Any) -> Any:
    """A role (name, GUID or id) as the tenant-level role definition id ARM accepts in any subscription."""
    found = find_role(role) if isinstance(role, str) else None
    return role_definition_id(found, None) if found else role


def _role_name(role_id: Any) -> Any:
    found = find_role(role_id) if isinstance(role_id, str) else None
    return found.name if found else role_id


def scope_level(scope: str) -> str:
    """What a scope is: subscription, resourceGroup, gallery, imageDefinition, imageVersion (or other),
    read strictly (models.ids.grant_scope_kind)."""
    return grant_scope_kind(scope) or "other"


class RoleAssignmentProvider(ArmProvider):
    """Dynamic provider for Microsoft.Authorization/roleAssignments."""

    kind = ResourceKind.ROLE_ASSIGNMENT
    model = RoleAssignmentModel
    fields = (
        Field("role_assignment_name", None, names_resource=True),
        Field("scope", None, names_resource=True),
        Field("principal_id", "properties.principalId"),
        Field("role", "properties.roleDefinitionId", to_wire=_role_id, from_wire=_role_name),
        Field("principal_type", "properties.principalType"),
        Field("description", "properties.description"),
    )
    outputs = ("role_definition_id",)

    def normalize(self, inputs: dict[str, Any]) -> dict[str, Any]:
        scope, principal, role = inputs.get("scope"), inputs.get("principal_id"), inputs.get("role")
        found = find_role(role) if isinstance(role, str) and not is_unknown(role) else None
        normalized = {**inputs, "role": found.name if found else role}
        name = inputs.get("role_assignment_name")
        if found and isinstance(scope, str) and isinstance(principal, str) and not is_unknown([scope, principal]) \
                and not (isinstance(name, str) and is_guid(name)):
            # ARM names an assignment with a GUID; the default is derived from what it grants, where.
            normalized["role_assignment_name"] = role_assignment_name(scope.rstrip("/"), principal, found)
        return normalized

    def rule_violations(self, body: dict[str, Any], inputs: dict[str, Any],
                        olds: dict[str, Any]) -> list[Violation]:
        role, scope, principal = inputs.get("role"), inputs.get("scope"), inputs.get("principal_id")
        found: list[Violation] = [(target, "required") for target, value in (
            ("scope", scope), ("properties.principalId", principal), ("properties.roleDefinitionId", role))
            if value is None]
        if isinstance(role, str) and not is_unknown(role) and find_role(role) is None:
            found.append(("properties.roleDefinitionId", f"'{role}' is not a built-in role (name, GUID or role "
                                                         "definition id; e.g. Reader, Compute Gallery Image Reader)"))
        if isinstance(principal, str) and not is_unknown(principal) and not is_guid(principal):
            found.append(("properties.principalId", "the principal id must be the object id (a GUID)"))
        kind = inputs.get("principal_type")
        if kind is not None and not is_unknown(kind) and kind not in PRINCIPAL_TYPES:
            found.append(("properties.principalType", f"must be one of {', '.join(PRINCIPAL_TYPES)}"))
        if isinstance(scope, str) and not is_unknown(scope) and scope_level(scope) == "other":
            found.append(("scope", f"'{scope}' is not the ARM id of a subscription, resource group, gallery, "
                                   "image definition or image version (every segment a name: no '..', '?', "
                                   "'#', '%', empty segments or other resource types)"))
        return found

    def stack_violations(self, inputs: dict[str, Any]) -> list[Violation]:
        """Not a rule: preview states who gains access, and warns about a single version (the seed)."""
        scope, role, principal = inputs["scope"], inputs["role"], inputs["principal_id"]
        if is_unknown([scope, role, principal]):
            progress(f"RoleAssignment: principal {principal} gains '{role}' on a scope known once it is created")
            return []
        level = scope_level(scope)
        reach = {"gallery": "the gallery, its definitions and their versions",
                 "imageDefinition": "this definition and its versions (not the gallery)",
                 "imageVersion": "this one image version only"}.get(level, "everything under this scope")
        progress(f"RoleAssignment: principal {principal} gains '{role}' on {reach}: {scope}")
        if level == "imageVersion":
            progress(f"warning: RoleAssignment shares the single image version {scope}; the seed advises "
                     "sharing at the gallery level and never individual image versions (each new version "
                     "would need its own grant).")
        return []

    def apply(self, inputs: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        assignment = RoleAssignmentModel.model_validate(body)
        return self.client().role_assignments.create(inputs["scope"], inputs["role_assignment_name"],
                                                     assignment).to_wire()

    def fetch(self, inputs: dict[str, Any]) -> dict[str, Any] | None:
        return fetch_or_none(lambda: self.client().role_assignments.get(inputs["scope"],
                                                                       inputs["role_assignment_name"]))

    def remove(self, inputs: dict[str, Any]) -> None:
        self.client().role_assignments.delete(inputs["scope"], inputs["role_assignment_name"])

    def from_body(self, body: dict[str, Any]) -> dict[str, Any]:
        props = body.get("properties") or {}
        return {**from_wire(self.fields, body), "role_definition_id": props.get("roleDefinitionId"),
                "scope": props.get("scope")}


@dataclass
class RoleAssignmentArgs(ResourceArgs):
    """Arguments of a RoleAssignment.

    scope: the ARM id to grant on: a gallery (recommended), an image definition, or (warned) one version.
    principal_id: the object id of the user, group or service principal (any tenant).
    role: a built-in role by name ("Reader", "Compute Gallery Image Reader", ...), GUID or id.
    principal_type: User, Group or ServicePrincipal (optional; ARM looks it up).
    description: why the grant exists.
    role_assignment_name: a GUID (default: derived from scope, principal and role).
    Any change replaces the assignment, as ARM requires.
    """

    scope: pulumi.Input[str] | None = None
    principal_id: pulumi.Input[str] | None = None
    role: pulumi.Input[str] | None = None
    principal_type: pulumi.Input[str] | None = None
    description: pulumi.Input[str] | None = None
    role_assignment_name: pulumi.Input[str] | None = None


class RoleAssignment(SigResource):
    """Azure RBAC: a principal gets a role on a gallery, definition or version."""

    _sig_provider = RoleAssignmentProvider
    _sig_args = RoleAssignmentArgs
    _sig_name_input = "role_assignment_name"

    scope: pulumi.Output[str]
    principal_id: pulumi.Output[str]
    role: pulumi.Output[str]
    principal_type: pulumi.Output[Optional[str]]
    description: pulumi.Output[Optional[str]]
    role_assignment_name: pulumi.Output[str]
    role_definition_id: pulumi.Output[str]
