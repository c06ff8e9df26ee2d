"""Azure RBAC as ARM applies it: built-in roles, the action a request performs, scopes and inheritance.

Shared by the emulator (which enforces it) and the provider (which names roles). Sources:
- Role ids, actions and notActions: MicrosoftDocs/azure-docs articles/role-based-access-control/
  built-in-roles/privileged.md (Owner, Contributor, User Access Administrator, Role Based Access Control
  Administrator; Contributor's notActions include Microsoft.Compute/galleries/share/action),
  built-in-roles/compute.md (Compute Gallery Artifacts Publisher, Image Reader, Sharing Admin); Reader is
  `*/read` (acdd72a7-..., used as the gallery reader role in Microsoft's own Dev Box templates).
- The denial: 403 AuthorizationFailed, "The client '<oid>' with object id '<oid>' does not have
  authorization to perform action '<action>' over scope '<scope>' or the scope is invalid. If access was
  recently granted, please refresh your credentials." (microsoft/lisa#3212 for galleries/read and
  galleries/images/versions/read over the resource's own id; Azure/azure-cli#16674 for images/read;
  MicrosoftDocs/azure-docs#59221 shows a list's scope ending at '/providers/<namespace>').
- Inheritance: an assignment at a scope applies to that scope and everything under it (subscription ->
  resource group -> gallery -> definition -> version), never to its parents: the seed's sharing matrix.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

AUTHORIZATION_NAMESPACE = "Microsoft.Authorization"
ROLE_ASSIGNMENTS_TYPE = "Microsoft.Authorization/roleAssignments"
ROLE_DEFINITIONS_TYPE = "Microsoft.Authorization/roleDefinitions"
PRINCIPAL_TYPES = ("User", "Group", "ServicePrincipal", "ForeignGroup", "Device")
GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", re.ASCII)


@dataclass(frozen=True)
class RoleDefinition:
    """A built-in role: its GUID, name, and the management actions it grants and withholds."""

    guid: str
    name: str
    description: str
    actions: tuple[str, ...]
    not_actions: tuple[str, ...] = field(default=())

    def permits(self, action: str) -> bool:
        """Whether the role grants `action` (an action matches a pattern case-insensitively, * as wildcard)."""
        return (any(action_matches(p, action) for p in self.actions)
                and not any(action_matches(p, action) for p in self.not_actions))


OWNER = RoleDefinition("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner", "Grants full access to manage all "
                       "resources, including the ability to assign roles in Azure RBAC.", ("*",))
CONTRIBUTOR = RoleDefinition(
    "b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor", "Grants full access to manage all resources, but "
    "does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image "
    "galleries.", ("*",),
    ("Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write",
     "Microsoft.Authorization/elevateAccess/Action", "Microsoft.Blueprint/blueprintAssignments/write",
     "Microsoft.Blueprint/blueprintAssignments/delete", "Microsoft.Compute/galleries/share/action",
     "Microsoft.Purview/consents/write", "Microsoft.Purview/consents/delete",
     "Microsoft.Resources/deploymentStacks/manageDenySetting/action", "Microsoft.Subscription/cancel/action",
     "Microsoft.Subscription/enable/action"))
READER = RoleDefinition("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader", "View all resources, but does not "
                        "allow you to make any changes.", ("*/read",))
USER_ACCESS_ADMINISTRATOR = RoleDefinition(
    "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator",
    "Lets you manage user access to Azure resources.", ("*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"))
RBAC_ADMINISTRATOR = RoleDefinition(
    "f58310d9-a9f6-439a-9e8d-f62e7b41a168", "Role Based Access Control Administrator",
    "Manage access to Azure resources by assigning roles using Azure RBAC. This role does not allow you to "
    "manage access using other ways, such as Azure Policy.",
    ("Microsoft.Authorization/roleAssignments/write", "Microsoft.Authorization/roleAssignments/delete", "*/read",
     "Microsoft.Support/*"))
GALLERY_ARTIFACTS_PUBLISHER = RoleDefinition(
    "85a2d0d9-2eba-4c9c-b355-11c2cc0788ab", "Compute Gallery Artifacts Publisher",
    "This is the role for publishing gallery artifacts.",
    ("Microsoft.Compute/galleries/*", "Microsoft.Compute/locations/capsOperations/read",
     "Microsoft.Compute/locations/communityGalleries/*", "Microsoft.Compute/locations/sharedGalleries/*",
     "Microsoft.Compute/images/*", "Microsoft.Compute/virtualMachines/write", "Microsoft.Compute/disks/write",
     "Microsoft.Authorization/*/read", "Microsoft.Insights/alertRules/*", "Microsoft.Resources/deployments/*",
     "Microsoft.Resources/subscriptions/resourceGroups/read"),
    ("Microsoft.Compute/galleries/share/action",))
GALLERY_IMAGE_READER = RoleDefinition(
    "cf7c76d2-98a3-4358-a134-615aa78bf44d", "Compute Gallery Image Reader",
    "This is the role for reading gallery images.",
    ("Microsoft.Compute/galleries/images/read", "Microsoft.Compute/galleries/images/versions/read"))
GALLERY_SHARING_ADMIN = RoleDefinition(
    "1ef6a3be-d0ac-425d-8c01-acb62866290b", "Compute Gallery Sharing Admin",
    "This role allows user to share gallery to another subscription/tenant or share it to the public.",
    ("Microsoft.Compute/galleries/share/action",))
BUILT_IN_ROLES: tuple[RoleDefinition, ...] = (
    OWNER, CONTRIBUTOR, READER, USER_ACCESS_ADMINISTRATOR, RBAC_ADMINISTRATOR, GALLERY_ARTIFACTS_PUBLISHER,
    GALLERY_IMAGE_READER, GALLERY_SHARING_ADMIN)


def action_matches(pattern: str, action: str) -> bool:
    """An RBAC action pattern ('Microsoft.Compute/galleries/*', '*/read') against an action, ignoring case."""
    regex = "^" + ".*".join(re.escape(part) for part in pattern.lower().split("*")) + "$"
    return re.match(regex, action.lower()) is not None


def find_role(reference: str) -> RoleDefinition | None:
    """A built-in role by name ('Reader'), GUID, or role definition id (at any scope), ignoring case."""
    text = reference.strip().rstrip("/")
    guid = text.rsplit("/", 1)[-1].lower()
    for role in BUILT_IN_ROLES:
        if role.guid == guid or role.name.lower() == text.lower():
            return role
    return None


def role_definition_id(role: RoleDefinition, subscription: str | None) -> str:
    """A role definition's id as ARM returns it: under the subscription asked about, else tenant-wide."""
    prefix = f"/subscriptions/{subscription}" if subscription else ""
    return f"{prefix}/providers/{AUTHORIZATION_NAMESPACE}/roleDefinitions/{role.guid}"


def role_assignment_id(scope: str, name: str) -> str:
    """{scope}/providers/Microsoft.Authorization/roleAssignments/{name}"""
    return f"{scope.rstrip('/')}/providers/{AUTHORIZATION_NAMESPACE}/roleAssignments/{name}"


def role_assignment_name(scope: str, principal_id: str, role: RoleDefinition) -> str:
    """A stable GUID for (scope, principal, role), as templates do with guid(...): re-creating the same
    grant names the same assignment."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{scope.lower()}|{principal_id.lower()}|{role.guid}"))


def is_guid(text: str) -> bool:
    """Whether `text` is a GUID (role assignment names and principal ids must be)."""
    return GUID.fullmatch(text) is not None


def scope_covers(assigned: str, scope: str) -> bool:
    """Whether an assignment at `assigned` applies at `scope`: the same scope or one below it."""
    parent, child = assigned.rstrip("/").lower(), scope.rstrip("/").lower()
    return parent == "" or child == parent or child.startswith(parent + "/")


def subscription_of(scope: str) -> str | None:
    """The subscription id a scope lies in, or None for the root and tenant-level scopes."""
    parts = scope.strip("/").split("/")
    return parts[1] if len(parts) >= 2 and parts[0].lower() == "subscriptions" else None


def denial_message(object_id: str, action: str, scope: str) -> str:
    """ARM's AuthorizationFailed message."""
    return (f"The client '{object_id}' with object id '{object_id}' does not have authorization to perform "
            f"action '{action}' over scope '{scope}' or the scope is invalid. If access was recently granted, "
            "please refresh your credentials.")


# ARM's casing of the literal segments the emulator serves (request paths are routed lower-cased).
_CASING = {"resourcegroups": "resourceGroups", "microsoft.compute": "Microsoft.Compute",
           "microsoft.resources": "Microsoft.Resources", "microsoft.authorization": "Microsoft.Authorization",
           "roleassignments": "roleAssignments", "roledefinitions": "roleDefinitions",
           "sharedgalleries": "sharedGalleries", "communitygalleries": "communityGalleries",
           "virtualmachines": "virtualMachines", "sharedgallerysubscriptions": "sharedGallerySubscriptions",
           "tenantlevelsharedgallerysubscriptions": "tenantLevelSharedGallerySubscriptions"}


VERBS = {"GET": "read", "HEAD": "read", "PUT": "write", "PATCH": "write", "DELETE": "delete"}


@dataclass(frozen=True)
class RequestOperation:
    """What a request does in RBAC terms: the action and the scope it is checked at (ARM's casing)."""

    action: str
    scope: str


def request_operation(method: str, path: str) -> RequestOperation:
    """The RBAC action and scope of an ARM request on `path` (an ARM id or path in any casing).

    A resource (type/name pairs after its provider) is checked at its own id with <type>/read|write|delete;
    a POST to a resource's trailing segment is <type>/<segment>/action at the resource; a list (a trailing
    type segment) is <type>/read at the path above the type segment. A second 'providers' starts an
    extension resource (role assignments) whose type restarts at its namespace.
    """
    parts = _lower_literals([p for p in path.split("/") if p])
    types: list[str] = []
    cased: list[str] = []
    index = 0
    trailing: str | None = None
    while index < len(parts):
        segment = parts[index]
        if segment == "providers" and index + 1 < len(parts):
            types = [_CASING.get(parts[index + 1], parts[index + 1])]
            cased += ["providers", types[0]]
            index += 2
            continue
        if index + 1 >= len(parts):
            trailing = segment
            break
        if not types:  # Microsoft.Resources' own types come before any provider: subscriptions, resourceGroups
            types.append("Microsoft.Resources")
        types.append(_CASING.get(segment, segment))
        cased += [_CASING.get(segment, segment), parts[index + 1]]
        index += 2
    resource_type = "/".join(types) if types else "Microsoft.Resources"
    scope = "/" + "/".join(cased)
    if trailing is None:
        return RequestOperation(f"{resource_type}/{VERBS.get(method, 'action')}", scope)
    if method == "POST":
        return RequestOperation(f"{resource_type}/{trailing}/action", scope)
    return RequestOperation(f"{resource_type}/{_CASING.get(trailing, trailing)}/read" if types else
                            f"Microsoft.Resources/{trailing}/read", scope)


def _lower_literals(parts: list[str]) -> list[str]:
    """Literal segments (types, 'providers', namespaces) lower-cased; names as they were."""
    lowered, literal_at, index = list(parts), 0, 0
    while index < len(lowered):
        if index == literal_at:
            lowered[index] = lowered[index].lower()
            if lowered[index] == "providers" and index + 1 < len(lowered):
                lowered[index + 1] = lowered[index + 1].lower()
                literal_at, index = index + 2, index + 2
                continue
            literal_at = index + 2
        index += 1
    return lowered


def linked_denial_message(object_id: str, operation: RequestOperation, linked: RequestOperation) -> str:
    """ARM's LinkedAuthorizationFailed message (Azure/Community-Policy#451, Azure/azure-cli#30976)."""
    return (f"The client '{object_id}' with object id '{object_id}' has permission to perform action "
            f"'{operation.action}' on scope '{operation.scope}'; however, it does not have permission to perform "
            f"action(s) '{linked.action}' on the linked scope(s) '{linked.scope}' (respectively) or the linked "
            "scope(s) are invalid.")


def arm_scope(path: str) -> str:
    """A scope path as routed (literal segments lower-cased) in ARM's casing; '/' for the tenant root."""
    return request_operation("GET", path).scope if path.strip("/") else "/"
