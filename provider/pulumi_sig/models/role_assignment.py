"""Role assignment (Microsoft.Authorization/roleAssignments, api-version 2022-04-01)."""
from __future__ import annotations

from pulumi_sig.models.base import ArmModel


class RoleAssignmentProperties(ArmModel):
    """Who (principalId) gets which role (roleDefinitionId) at the scope; read-only fields are kept as extras."""

    role_definition_id: str
    principal_id: str
    principal_type: str | None = None
    description: str | None = None
    scope: str | None = None


class RoleAssignment(ArmModel):
    """A role assignment: {scope}/providers/Microsoft.Authorization/roleAssignments/{GUID}."""

    id: str | None = None
    name: str | None = None
    type: str | None = None
    properties: RoleAssignmentProperties
