"""Role assignments (Microsoft.Authorization/roleAssignments) at any scope: the gallery, a definition, ..."""
from __future__ import annotations

from pulumi_sig.models.api_versions import CLIENT_API_VERSIONS, ROLE_ASSIGNMENT_TYPE
from pulumi_sig.models.authorization import role_assignment_id
from pulumi_sig.models.role_assignment import RoleAssignment

from pulumi_sig.client.operations import ResourceOperations, scope_path, segment, validated, wire_body
from pulumi_sig.client.errors import json_object


class RoleAssignmentOperations(ResourceOperations):
    """Create, read, delete and list role assignments (they are never updated: a change is a new one)."""

    api_version = CLIENT_API_VERSIONS[ROLE_ASSIGNMENT_TYPE]

    @staticmethod
    def _path(scope: str, name: str) -> str:
        return role_assignment_id(scope_path(scope), segment(name, "roleAssignmentName"))

    def create(self, scope: str, name: str, assignment: RoleAssignment) -> RoleAssignment:
        """PUT the assignment (ARM answers 201 synchronously) and return it."""
        response = self.ctx.transport.request("PUT", self._path(scope, name), api_version=self.api_version,
                                              json=wire_body(assignment))
        return validated(RoleAssignment, json_object(response), response)

    def get(self, scope: str, name: str) -> RoleAssignment:
        """The assignment, or ResourceNotFoundError (RoleAssignmentNotFound)."""
        return self._get(self._path(scope, name), RoleAssignment)

    def delete(self, scope: str, name: str) -> None:
        """Delete the assignment (200 with it, or 204 when there was none)."""
        self.ctx.transport.request("DELETE", self._path(scope, name), api_version=self.api_version)

    def list(self, scope: str, *, at_scope: bool = False) -> list[RoleAssignment]:
        """Assignments at, above and below the scope (at_scope: at and above only)."""
        params = {"$filter": "atScope()"} if at_scope else None
        return self._list(role_assignment_id(scope_path(scope), "").rstrip("/"), RoleAssignment, params=params)
