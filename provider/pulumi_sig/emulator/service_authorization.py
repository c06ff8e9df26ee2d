"""Role assignments and role definitions (Microsoft.Authorization) at any scope, and the access check.

Assignments are stored as records of kind 'roleassignment' keyed 'rbac:' + their lower-cased id (so no
resource's children, nor a group's contents, ever include them) under the scope's subscription ('' for
tenant-level scopes), which the access check reads in two indexed queries.
"""
from __future__ import annotations

import re
import time
from typing import Any, Iterable

from pulumi_sig.models.authorization import (BUILT_IN_ROLES, PRINCIPAL_TYPES, ROLE_ASSIGNMENTS_TYPE,
                                             ROLE_DEFINITIONS_TYPE, RequestOperation, RoleDefinition,
                                             denial_message, find_role, is_guid, role_assignment_id, role_assignment_name,
                                             role_definition_id, scope_covers, subscription_of)
from pulumi_sig.models.errors import (AuthorizationFailed, InvalidParameter, InvalidPrincipalId,
                                      InvalidRoleAssignmentId, RoleAssignmentExists, RoleAssignmentNotFound,
                                      RoleAssignmentUpdateNotPermitted, RoleDefinitionDoesNotExist)
from pulumi_sig.emulator.identity import (DEFAULT_TENANT, TOKEN_LIFETIME_SECONDS, Principal, mint_token,
                                          named_principal)
from pulumi_sig.emulator.ids import key_of
from pulumi_sig.emulator.service_base import require_object
from pulumi_sig.emulator.service_common import (MAX_ROLE_ASSIGNMENTS, ROLE_ASSIGNMENT_KIND, Context, Outcome,
                                                Page, iso)
from pulumi_sig.emulator.store import Record, StoreReader

KIND = ROLE_ASSIGNMENT_KIND
ARM_AUDIENCE = "https://management.azure.com/"
MAX_ASSIGNMENTS = MAX_ROLE_ASSIGNMENTS
# Who the emulator's operator is: the static --auth-token, or anyone when access control is off.
OPERATOR = Principal(object_id="00000000-0000-0000-0000-000000000000", name="sig-emulator operator",
                     kind="User")
_PRINCIPAL_FILTER = re.compile(r"(?:principalId\s+eq\s+|assignedTo\()\s*'([^']*)'\)?", re.IGNORECASE)
_ROLE_NAME_FILTER = re.compile(r"roleName\s+eq\s+'([^']*)'", re.IGNORECASE)


class AuthorizationService:
    """Role assignments at any scope, built-in role definitions, and whether a principal may do an action."""

    def __init__(self, context: Context) -> None:
        self.ctx = context

    # The access check --------------------------------------------------------------------------------
    def check(self, principal: Principal, operation: RequestOperation) -> None:
        """Pass when an assignment at the scope or above grants the action to the principal; else
        AuthorizationFailed (403) in ARM's words."""
        if principal == OPERATOR:
            return
        for record in self._covering(self.ctx.store, operation.scope):
            props = record.body["properties"]
            role = find_role(props["roleDefinitionId"])
            if props["principalId"].lower() == principal.object_id.lower() and role and role.permits(operation.action):
                return
        raise AuthorizationFailed(denial_message(principal.object_id, operation.action, operation.scope))

    def _covering(self, reader: StoreReader, scope: str) -> Iterable[Record]:
        """Assignments at `scope` or any scope above it (tenant-level ones included)."""
        for subscription in {"", (subscription_of(scope) or "").lower()}:
            for record in reader.list_by_subscription(subscription, KIND, after=None, limit=MAX_ASSIGNMENTS):
                if scope_covers(record.body["properties"]["scope"], scope):
                    yield record

    # Role assignments --------------------------------------------------------------------------------
    def put(self, scope: str, name: str, body: Any, *, caller: Principal) -> Outcome:
        """Create an assignment (201); the same one again is 201 unchanged; any change is refused."""
        if not is_guid(name):
            raise InvalidRoleAssignmentId(f"The role assignment ID '{name}' is not valid. The role assignment ID "
                                          "must be a GUID.", target="roleAssignmentName")
        props = require_object(require_object(body).get("properties"), "properties of the role assignment")
        role = self._role_of(props.get("roleDefinitionId"))
        principal_id = props.get("principalId")
        if not isinstance(principal_id, str) or not is_guid(principal_id):
            raise InvalidPrincipalId("A valid principal ID must be provided for role assignment.",
                                     target="properties.principalId")
        principal_type = props.get("principalType") or "ServicePrincipal"
        if principal_type not in PRINCIPAL_TYPES:
            raise InvalidParameter(f"principalType must be one of {', '.join(PRINCIPAL_TYPES)}.",
                                   target="properties.principalType")
        wire = self._wire(scope, name, role, principal_id, principal_type, props.get("description"), caller)
        with self.ctx.store.transaction() as tx:
            stored = tx.get(_key(wire["id"]))
            if stored is not None:
                return self._same_again(stored, wire)
            self._refuse_duplicate(tx, wire)
            now = self.ctx.clock()
            tx.put(Record(key=_key(wire["id"]), kind=KIND, parent=None,
                          subscription=(subscription_of(scope) or "").lower(), location=None, body=wire,
                          created_at=now, updated_at=now))
        return Outcome(201, wire)

    def get(self, scope: str, name: str) -> dict[str, Any]:
        """One assignment, or RoleAssignmentNotFound."""
        record = self.ctx.store.get(_key(role_assignment_id(scope, name)))
        if record is None or record.kind != KIND:
            raise RoleAssignmentNotFound(f"The role assignment '{name}' is not found.", target="roleAssignmentName")
        return record.body

    def delete(self, scope: str, name: str) -> Outcome:
        """200 with the deleted assignment, or 204 when there was none."""
        with self.ctx.store.transaction() as tx:
            record = tx.get(_key(role_assignment_id(scope, name)))
            if record is None or record.kind != KIND:
                return Outcome(204, None)
            tx.delete(record.key)
        return Outcome(200, record.body)

    def list(self, scope: str, query_filter: str | None) -> Page:
        """Assignments at, above and below the scope; atScope() keeps at and above; principalId eq / assignedTo
        keeps one principal's."""
        text = (query_filter or "").strip()
        at_scope = "atscope()" in text.lower()
        principal = _PRINCIPAL_FILTER.search(text)
        rest = _PRINCIPAL_FILTER.sub("", re.sub("atScope\\(\\)", "", text, flags=re.IGNORECASE))
        if rest.replace("and", "").strip():
            raise InvalidParameter(f"The $filter '{text}' is not supported: use atScope(), principalId eq '<id>' "
                                   "or assignedTo('<id>').", target="$filter")
        items = []
        for record in self._in_subscriptions(scope):
            props = record.body["properties"]
            above = scope_covers(props["scope"], scope)
            if not (above or (not at_scope and scope_covers(scope, props["scope"]))):
                continue
            if principal and props["principalId"].lower() != principal.group(1).lower():
                continue
            items.append(record.body)
        return Page(items, None)

    def _in_subscriptions(self, scope: str) -> Iterable[Record]:
        subscriptions = {"", (subscription_of(scope) or "").lower()}
        for subscription in sorted(subscriptions):
            yield from self.ctx.store.list_by_subscription(subscription, KIND, after=None, limit=MAX_ASSIGNMENTS)

    def _role_of(self, reference: Any) -> RoleDefinition:
        role = find_role(reference) if isinstance(reference, str) else None
        if role is None:
            raise RoleDefinitionDoesNotExist(f"The specified role definition with ID '{str(reference).rsplit('/', 1)[-1]}' "
                                             "does not exist.", target="properties.roleDefinitionId")
        return role

    def _wire(self, scope: str, name: str, role: RoleDefinition, principal_id: str, principal_type: str,
              description: Any, caller: Principal) -> dict[str, Any]:
        now = iso(self.ctx.clock())
        return {"properties": {"roleDefinitionId": role_definition_id(role, subscription_of(scope)),
                               "principalId": principal_id, "principalType": principal_type, "scope": scope,
                               "condition": None, "conditionVersion": None, "createdOn": now, "updatedOn": now,
                               "createdBy": caller.object_id, "updatedBy": caller.object_id,
                               "delegatedManagedIdentityResourceId": None,
                               "description": description if isinstance(description, str) else None},
                "id": role_assignment_id(scope, name), "type": ROLE_ASSIGNMENTS_TYPE, "name": name}

    @staticmethod
    def _same_again(stored: Record, wire: dict[str, Any]) -> Outcome:
        old, new = stored.body["properties"], wire["properties"]
        if any(str(old[k]).lower() != str(new[k]).lower() for k in ("roleDefinitionId", "principalId", "scope")):
            raise RoleAssignmentUpdateNotPermitted("Tenant ID, application ID, principal ID, and scope are not "
                                                   "allowed to be updated.", target="roleAssignmentName")
        return Outcome(201, stored.body)

    def _refuse_duplicate(self, reader: StoreReader, wire: dict[str, Any]) -> None:
        new = wire["properties"]
        for record in self._covering(reader, new["scope"]):
            old = record.body["properties"]
            if (old["scope"].lower() == new["scope"].lower() and old["principalId"].lower() == new["principalId"].lower()
                    and find_role(old["roleDefinitionId"]) == find_role(new["roleDefinitionId"])):
                raise RoleAssignmentExists("The role assignment already exists.",
                                           details=[{"code": "RoleAssignmentExists", "message": record.body["id"]}])

    # Role definitions --------------------------------------------------------------------------------
    def list_definitions(self, scope: str, query_filter: str | None) -> Page:
        """The built-in roles as seen from `scope`; $filter roleName eq '<name>' keeps one."""
        wanted = _ROLE_NAME_FILTER.search(query_filter or "")
        roles = [r for r in BUILT_IN_ROLES if not wanted or r.name.lower() == wanted.group(1).lower()]
        return Page([role_definition_body(r, subscription_of(scope)) for r in roles], None)

    def get_definition(self, scope: str, guid: str) -> dict[str, Any]:
        """One built-in role by its GUID."""
        role = find_role(guid) if is_guid(guid) else None
        if role is None:
            raise RoleDefinitionDoesNotExist(f"The role definition '{guid}' could not be found.",
                                             target="roleDefinitionId", status=404)
        return role_definition_body(role, subscription_of(scope))


def role_definition_body(role: RoleDefinition, subscription: str | None) -> dict[str, Any]:
    """A built-in role definition as ARM serves it (api-version 2022-04-01)."""
    return {"properties": {"roleName": role.name, "type": "BuiltInRole", "description": role.description,
                           "assignableScopes": ["/"],
                           "permissions": [{"actions": list(role.actions), "notActions": list(role.not_actions),
                                            "dataActions": [], "notDataActions": []}],
                           "createdOn": "2015-02-02T21:55:09.8806423Z", "updatedOn": "2025-01-01T00:00:00.0000000Z",
                           "createdBy": None, "updatedBy": None},
            "id": role_definition_id(role, subscription), "type": ROLE_DEFINITIONS_TYPE, "name": role.guid}


def _key(assignment_id: str) -> str:
    return "rbac:" + key_of(assignment_id)


def register_principal(body: Any, service: AuthorizationService, *, key: bytes, issuer: str) -> dict[str, Any]:
    """Admin: a named test principal, an access token for it, and the role assignments asked for
    ([{"role": "Reader", "scope": "/subscriptions/..."}], created by the operator)."""
    body = require_object(body)
    name, tenant = body.get("name"), body.get("tenantId") or DEFAULT_TENANT
    kind = body.get("kind") or "ServicePrincipal"
    if not isinstance(name, str) or not name.strip() or not isinstance(tenant, str) or kind not in ("User", "ServicePrincipal"):
        raise InvalidParameter("Body must be {\"name\": string, \"tenantId\"?: string, \"kind\"?: User|ServicePrincipal, "
                               "\"roleAssignments\"?: [{\"role\", \"scope\"}]}.", target="name")
    principal = named_principal(name, tenant_id=tenant, kind=kind)
    grants = body.get("roleAssignments") or []
    if not isinstance(grants, list) or not all(isinstance(g, dict) for g in grants):
        raise InvalidParameter("roleAssignments must be an array of {\"role\", \"scope\"}.", target="roleAssignments")
    created = [_grant(service, principal, grant) for grant in grants]
    now = time.time()
    token = mint_token(principal, key=key, audience=ARM_AUDIENCE, issuer=issuer, now=now)
    return {"name": name, "objectId": principal.object_id, "tenantId": tenant, "kind": kind,
            "tokenType": "Bearer", "accessToken": token, "expiresOn": int(now) + TOKEN_LIFETIME_SECONDS,
            "roleAssignments": created}


def _grant(service: AuthorizationService, principal: Principal, grant: dict[str, Any]) -> dict[str, Any]:
    role, scope = find_role(str(grant.get("role", ""))), grant.get("scope")
    if role is None or not isinstance(scope, str) or not scope.startswith("/"):
        raise InvalidParameter(f"Each role assignment needs a known role and an absolute scope: {grant}.",
                               target="roleAssignments")
    scope = scope.rstrip("/") or "/"
    body = {"properties": {"roleDefinitionId": role.guid, "principalId": principal.object_id,
                           "principalType": principal.kind}}
    name = role_assignment_name(scope, principal.object_id, role)
    return service.put(scope, name, body, caller=OPERATOR).body or {}
