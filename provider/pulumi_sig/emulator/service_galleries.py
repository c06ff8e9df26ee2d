"""Galleries (Microsoft.Compute/galleries): create, replace, update, share, delete, list."""
from __future__ import annotations

import uuid
from typing import Any

from pulumi_sig.models.errors import CannotDeleteResource, InvalidParameter, OperationNotAllowed
from pulumi_sig.models.gallery import Gallery
from pulumi_sig.models.gallery_sharing import COMMUNITY_INFO_FIELDS, sharing_in_effect, still_shared_message
from pulumi_sig.models.mutability import ResourceKind
from pulumi_sig.models.ids import gallery_id
from pulumi_sig.emulator.ids import key_of
from pulumi_sig.emulator.gallery_declines import DECLINED, forget_declines
from pulumi_sig.emulator.gallery_sharing_status import SHARING_KIND, sharing_status, start_sharing
from pulumi_sig.emulator.service_base import ResourcePath, TrackedService, require_object
from pulumi_sig.emulator.service_common import (Outcome, Page, check_quota, json_copy, new_record,
                                                short_location)
from pulumi_sig.emulator.service_resource_groups import require_resource_group
from pulumi_sig.emulator.store import Record, StoreReader

ZERO_GUID = "00000000-0000-0000-0000-000000000000"
SHARE_OPERATIONS = ("Add", "Remove", "Reset", "EnableCommunity")
SHARING_GROUP_TYPES = ("Subscriptions", "AADTenants")  # the spec's SharingProfileGroupTypes
# GET's $expand (GalleryExpandParams) and $select (SelectPermissions) values, compared case-insensitively.
EXPAND_GROUPS = "SharingProfile/Groups"
SELECT_PERMISSIONS = "Permissions"


def _identity(identity: dict[str, Any] | None) -> dict[str, Any] | None:
    """Echo a managed identity with the ids Azure fills (zero GUIDs in the emulator)."""
    if not identity:
        return identity
    filled = json_copy(identity)
    if "systemassigned" in str(filled.get("type", "")).lower().replace(" ", ""):
        filled.setdefault("principalId", ZERO_GUID)
        filled.setdefault("tenantId", ZERO_GUID)
    for value in (filled.get("userAssignedIdentities") or {}).values():
        if isinstance(value, dict):
            value.setdefault("principalId", ZERO_GUID)
            value.setdefault("clientId", ZERO_GUID)
    return filled


class GalleryService(TrackedService):
    """Galleries: one per name in a resource group, at most `limits.galleries` per region."""

    kind = "gallery"
    mutability = ResourceKind.GALLERY
    model = Gallery
    resource_type = "Microsoft.Compute/galleries"
    name_kinds = ("galleryName",)

    def resource_id(self, path: ResourcePath) -> str:
        return gallery_id(path.subscription, path.resource_group, path.names[0])

    def require_parent(self, reader: StoreReader, path: ResourcePath) -> Record:
        return require_resource_group(reader, path.subscription, path.resource_group)

    def build(self, reader: StoreReader, path: ResourcePath, body: dict[str, Any], *,
              stored: Record | None, parent: Record) -> Record:
        location = short_location(body.get("location"))
        name = stored.body["name"] if stored else path.names[0]
        props = json_copy(body.get("properties") or {})
        props.pop("provisioningState", None)
        props.pop("sharingStatus", None)  # read-only: computed on every read from the share operation
        # ARM's unique name: the subscription id and the upper-cased gallery name.
        props["identifier"] = {"uniqueName": f"{path.subscription}-{name.upper()}"}
        props.setdefault("softDeletePolicy", {"isSoftDeleteEnabled": False})  # returned by ARM when unset
        if stored is not None:
            _keep_server_sharing(props, stored.body.get("properties") or {})
            _refuse_private_while_shared(stored.body, props)
        wire: dict[str, Any] = {"id": stored.body["id"] if stored else self.resource_id(path), "name": name,
                                "type": self.resource_type, "location": location}
        if body.get("tags") is not None:
            wire["tags"] = body["tags"]
        if body.get("identity"):
            wire["identity"] = _identity(body["identity"])
        wire["properties"] = props
        record = new_record(key=key_of(wire["id"]), kind=self.kind, parent=parent.key,
                            subscription=path.subscription, location=location, body=wire, stored=stored,
                            now=self.ctx.clock())
        for key in ("sharing", DECLINED):  # the last share operation and consumers' rejects outlive a PUT
            if stored is not None and stored.state.get(key):
                record.state[key] = stored.state[key]
        return record

    def comparable(self, body: dict[str, Any]) -> dict[str, Any]:
        """Until community sharing is enabled, the publisher's communityGalleryInfo may still be set or changed
        (it is published by EnableCommunity, and fixed from then on until a Reset)."""
        info = ((body.get("properties") or {}).get("sharingProfile") or {}).get("communityGalleryInfo")
        if not isinstance(info, dict) or info.get("communityGalleryEnabled"):
            return body
        trimmed = json_copy(body)
        profile = trimmed["properties"]["sharingProfile"]
        staged = {k: v for k, v in profile.pop("communityGalleryInfo").items() if k not in COMMUNITY_INFO_FIELDS}
        if staged:
            profile["communityGalleryInfo"] = staged
        if not profile:  # nothing left to compare: as absent as a gallery that never had a profile
            del trimmed["properties"]["sharingProfile"]
        return trimmed

    def present(self, record: Record, *, provisioning_state: str | None = None,
                expand: str | None = None) -> dict[str, Any]:
        """The gallery as ARM shows it: sharingStatus computed now; sharingProfile.groups only when asked for
        with $expand=SharingProfile/Groups (or $select=Permissions, whose spec example includes them)."""
        body = super().present(record, provisioning_state=provisioning_state)
        status = sharing_status(record, now=self.ctx.clock(), mode=self.ctx.settings.replication)
        if status is not None:
            body["properties"]["sharingStatus"] = status
        profile = body["properties"].get("sharingProfile")
        if isinstance(profile, dict) and (expand or "").lower() not in (EXPAND_GROUPS.lower(),
                                                                        SELECT_PERMISSIONS.lower()):
            profile.pop("groups", None)
        return body

    def get_with(self, path: ResourcePath, *, expand: str | None, select: str | None) -> dict[str, Any]:
        """GET with the spec's $expand / $select; any other value is 400 InvalidParameter naming the parameter."""
        for name, value, allowed in (("$expand", expand, EXPAND_GROUPS), ("$select", select, SELECT_PERMISSIONS)):
            if value is not None and value.lower() != allowed.lower():
                raise InvalidParameter(f"The value '{value}' of query parameter {name} is not valid; the allowed "
                                       f"value is '{allowed}'.", target=name)
        return self.get(path, expand=expand if expand is not None else select)

    def before_create(self, reader: StoreReader, record: Record) -> None:
        check_quota(reader, subscription=record.subscription, kind=self.kind, location=record.location or "",
                    limit=self.ctx.settings.limits.galleries, label="galleries")

    def check_delete(self, reader: StoreReader, record: Record) -> None:
        reasons = sharing_in_effect(record.body)
        if reasons:
            raise OperationNotAllowed(still_shared_message(record.body["name"], reasons, "deleted"),
                                      target="properties.sharingProfile")
        count = reader.count_children(record.key)
        if count:
            raise CannotDeleteResource(f"Gallery '{record.body['name']}' still contains {count} image "
                                       "definition(s); delete them first.", target="galleryName")

    def list_by_subscription(self, subscription: str, *, after: str | None, top: int | None) -> Page:
        """One page of every gallery of the subscription."""
        limit = self.ctx.page_limit(top)
        records = self.ctx.store.list_by_subscription(subscription.lower(), self.kind, after=after,
                                                      limit=limit + 1)
        return self.page(records, limit)

    def share(self, path: ResourcePath, update: Any) -> Outcome:
        """POST .../share: add or remove sharing groups, reset, or enable community sharing. A long-running
        operation: 200 when it is done at once (--replication immediate), else 202 with the operation, whose
        status follows the gallery's sharingStatus."""
        update = require_object(update)
        operation = update.get("operationType")
        if operation not in SHARE_OPERATIONS:
            raise InvalidParameter(f"operationType must be one of {', '.join(SHARE_OPERATIONS)}.",
                                   target="operationType")
        groups = sharing_groups(update.get("groups"))
        with self.ctx.store.transaction() as tx:
            record = tx.get(key_of(self.resource_id(path)))
            if record is None:
                self.require_parent(tx, path)
                raise self.not_found(path)
            profile = record.body.setdefault("properties", {}).setdefault("sharingProfile", {})
            _apply_share(profile, operation, groups, gallery_name=record.body["name"])
            forget_declines(record, operation, groups)  # re-adding a removed consumer is a new invitation
            # The answer is the spec's SharingUpdate: what was applied, not whatever else the body held.
            applied = {"operationType": operation, "groups": groups} if groups else {"operationType": operation}
            record.updated_at = self.ctx.clock()
            start_sharing(record, applied, now=record.updated_at, time_scale=self.ctx.settings.time_scale)
            tx.put(record)
            if self.ctx.settings.replication == "immediate":
                return Outcome(200, applied)
            pending = self.ctx.new_operation(tx, subscription=path.subscription, location=record.location or "",
                                             record_key=record.key, action="share", kind=SHARING_KIND)
        return Outcome(202, applied, pending)


def sharing_groups(value: Any) -> list[dict[str, Any]]:
    """The groups of a SharingUpdate checked against the spec: [{"type": Subscriptions|AADTenants,
    "ids": [string]}]; InvalidParameter names the offending field."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidParameter("groups must be an array of sharing groups.", target="groups")
    return [_sharing_group(group, f"groups[{index}]") for index, group in enumerate(value)]


def _sharing_group(group: Any, target: str) -> dict[str, Any]:
    if not isinstance(group, dict):
        raise InvalidParameter(f"{target} must be an object with 'type' and 'ids'.", target=target)
    kind = next((t for t in SHARING_GROUP_TYPES if t.lower() == str(group.get("type")).lower()), None)
    if kind is None or not isinstance(group.get("type"), str):
        raise InvalidParameter(f"{target}.type must be one of {', '.join(SHARING_GROUP_TYPES)}.",
                               target=f"{target}.type")
    ids = group.get("ids", [])
    if not isinstance(ids, list) or not all(isinstance(item, str) for item in ids):
        raise InvalidParameter(f"{target}.ids must be an array of strings.", target=f"{target}.ids")
    return {"type": kind, "ids": list(ids)}


def _keep_server_sharing(props: dict[str, Any], stored_props: dict[str, Any]) -> None:
    """Sharing groups and community public names are set by the share action, not by PUT: carry them over a
    replace."""
    stored_profile = stored_props.get("sharingProfile") or {}
    groups = stored_profile.get("groups")
    if groups is not None:
        props.setdefault("sharingProfile", {}).setdefault("groups", groups)
    stored_info = stored_profile.get("communityGalleryInfo") or {}
    profile = props.get("sharingProfile")
    if not stored_info or not isinstance(profile, dict):
        return
    if "communityGalleryInfo" not in profile:  # a body without it (az's GET-then-PUT) keeps the publisher's info
        profile["communityGalleryInfo"] = json_copy(stored_info)
    info = profile["communityGalleryInfo"]
    for field in ("publicNames", "communityGalleryEnabled"):  # read-only, set by EnableCommunity
        if field in stored_info and isinstance(info, dict):
            info[field] = stored_info[field]


def _refuse_private_while_shared(stored_body: dict[str, Any], props: dict[str, Any]) -> None:
    """A PUT or PATCH that makes a shared gallery Private (or drops its permissions) is refused like a delete:
    sharing must be reset first. Nothing is stored."""
    profile = props.get("sharingProfile")
    permissions = profile.get("permissions") if isinstance(profile, dict) else None
    stored_permissions = ((stored_body.get("properties") or {}).get("sharingProfile") or {}).get("permissions")
    reasons = sharing_in_effect(stored_body)
    if reasons and permissions in (None, "Private") and stored_permissions not in (None, "Private"):
        raise OperationNotAllowed(still_shared_message(stored_body["name"], reasons, "made Private"),
                                  target="properties.sharingProfile.permissions")


def _apply_share(profile: dict[str, Any], operation: str, groups: list[dict[str, Any]], *,
                 gallery_name: str) -> None:
    if operation in ("Add", "Remove") and profile.get("permissions", "Private") != "Groups":
        raise OperationNotAllowed("Sharing groups can change only when sharingProfile.permissions is "
                                  "'Groups'.", target="sharingProfile.permissions")
    if operation == "EnableCommunity" and profile.get("permissions") == "Groups":
        raise OperationNotAllowed("Community sharing can't be enabled on a gallery shared directly "
                                  "(sharingProfile.permissions 'Groups'): create the gallery with permissions "
                                  "'Community'.", target="sharingProfile.permissions")
    current = {g.get("type"): list(g.get("ids") or []) for g in profile.get("groups") or []}
    for group in groups:
        ids = current.setdefault(group.get("type"), [])
        for identifier in group.get("ids") or []:
            if operation == "Add" and identifier not in ids:
                ids.append(identifier)
            elif operation == "Remove" and identifier in ids:
                ids.remove(identifier)
    if operation == "Reset":
        profile.update(permissions="Private", groups=[])
        if isinstance(profile.get("communityGalleryInfo"), dict):
            profile["communityGalleryInfo"]["communityGalleryEnabled"] = False
    elif operation == "EnableCommunity":
        profile["permissions"] = "Community"
        _enable_community(profile, gallery_name)
    else:
        profile["groups"] = [{"type": t, "ids": ids} for t, ids in current.items() if ids]


def _enable_community(profile: dict[str, Any], gallery_name: str) -> None:
    """EnableCommunity: the gallery gets its public name, '<publicNamePrefix>-<GUID>' (the prefix defaults to the
    gallery's name), kept across repeats and a Reset while the prefix stays; communityGalleryInfo says it is
    enabled."""
    info = profile.setdefault("communityGalleryInfo", {})
    prefix = info.get("publicNamePrefix") or gallery_name
    names = info.get("publicNames") or []
    if not names or not all(str(name).startswith(f"{prefix}-") for name in names):  # new, or a new prefix
        info["publicNames"] = [f"{prefix}-{uuid.uuid4()}"]
    info["communityGalleryEnabled"] = True
