"""What every resource service shares: settings, limits, outcomes, validation and merge-patch."""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from pydantic import BaseModel

from pulumi_sig.models.errors import (ArmError, InvalidParameter, InvalidResourceGroupLocation,
                                      InvalidResourceLocation, InvalidResourceName,
                                      LocationNotAvailableForResourceType, PropertyChangeNotAllowed,
                                      QuotaExceeded)
from pulumi_sig.models.authorization import scope_covers, subscription_of
from pulumi_sig.models.ids import parse_arm_id
from pulumi_sig.models.mutability import ResourceKind, immutable_changes
from pulumi_sig.models.names import name_violation
from pulumi_sig.models.regions import normalize_region
from pulumi_sig.models.rules import Violation, location_violations, schema_violations
from pulumi_sig.emulator.store import Record, Store, StoreReader, StoreWriter


@dataclass(frozen=True)
class Limits:
    """Per subscription, per region limits of the seed (injectable so tests can use small ones)."""

    galleries: int = 100
    definitions: int = 1_000
    versions: int = 10_000


@dataclass(frozen=True)
class Settings:
    """How this emulator instance behaves."""

    replication: str = "immediate"
    time_scale: float = 1.0
    limits: Limits = field(default_factory=Limits)
    page_size: int = 100


@dataclass
class Outcome:
    """What a mutation produced: the status to answer, the body, and its operation if any."""

    status: int
    body: dict[str, Any] | None
    operation: dict[str, Any] | None = None


@dataclass
class Page:
    """One page of a list, and the key to continue after (None on the last page)."""

    items: list[dict[str, Any]]
    next_after: str | None


class Context:
    """The store, the settings and the clock every service uses."""

    def __init__(self, store: Store, settings: Settings, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock

    def page_limit(self, top: int | None) -> int:
        """Items per page: $top when given (capped by the page size), else the page size."""
        size = self.settings.page_size
        return max(1, min(top, size)) if top else size

    def new_operation(self, tx: StoreWriter, *, subscription: str, location: str, record_key: str,
                      action: str, kind: str, answer: dict[str, Any] | None = None) -> dict[str, Any]:
        """Record a long-running operation on a resource; its status is computed when polled. `answer`, when
        given, is its final result (the Location answer) instead of the resource as it is then. An empty
        subscription makes a tenant-level operation (polled under /providers/Microsoft.Compute/locations)."""
        operation = {"name": str(uuid.uuid4()), "subscription": subscription, "location": location,
                     "resourceKey": record_key, "action": action, "kind": kind,
                     "startTime": self.clock()}
        if answer is not None:
            operation["answer"] = answer
        tx.put_operation(operation)
        return operation


def json_copy(value: Any) -> Any:
    """A deep copy of JSON data (dicts, lists, scalars): several times cheaper than copy.deepcopy, which
    must also handle cycles and arbitrary objects."""
    if isinstance(value, dict):
        return {key: json_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_copy(item) for item in value]
    return value


def iso(timestamp: float) -> str:
    """An ISO 8601 UTC date-time as ARM writes it."""
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat().replace("+00:00", "Z")


def raise_violations(violations: list[Violation], error: type[ArmError] = InvalidParameter) -> None:
    """Raise the first violation as an ARM error; all of them go in details."""
    if not violations:
        return
    target, message = violations[0]
    details = [{"code": error.code, "target": t, "message": m} for t, m in violations[1:]]
    raise error(f"The value of parameter {target} is invalid: {message}", target=target, details=details)


def validate_schema(model: type[BaseModel], body: dict[str, Any]) -> None:
    """Types, enums and required fields of a whole resource body."""
    raise_violations(schema_violations(model, body))


def check_name(kind: str, name: str) -> None:
    """ARM's name rule for a path segment."""
    problem = name_violation(kind, name)
    if problem:
        raise InvalidResourceName(problem, target=kind)


def short_location(value: Any, target: str = "location") -> str:
    """The short form of a location ('West US' -> 'westus'), or LocationNotAvailableForResourceType."""
    problems = location_violations(value, target)
    if problems:
        raise LocationNotAvailableForResourceType(problems[0][1], target=target)
    return normalize_region(value)


def merge_patch(target: Any, patch: Any, *, whole: frozenset[str] = frozenset({"tags"})) -> Any:
    """RFC 7386 JSON merge-patch: dicts merge key by key, null deletes, anything else replaces.

    ARM's exception: top-level `tags` in a PATCH replace the resource's tags as a whole.
    """
    if not isinstance(patch, dict):
        return json_copy(patch)
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        elif key in whole:
            merged[key] = json_copy(value)
        else:
            merged[key] = merge_patch(merged.get(key), value, whole=frozenset())
    return merged


def check_unchanged(kind: ResourceKind, stored: dict[str, Any], new: dict[str, Any]) -> None:
    """Refuse a change to a field outside the mutability table, naming the first such field."""
    if stored.get("location") != new.get("location"):
        raise location_moved(kind, stored, str(new.get("location")))
    changed = immutable_changes(kind, stored, new)
    if changed:
        raise PropertyChangeNotAllowed(
            f"Changing property '{changed[0]}' is not allowed.", target=changed[0],
            details=[{"code": "PropertyChangeNotAllowed", "target": path,
                      "message": f"Changing property '{path}' is not allowed."} for path in changed[1:]])


def location_moved(kind: ResourceKind, stored: dict[str, Any], location: str) -> ArmError:
    """ARM's answer to a PUT that names an existing resource in another location (messages as ARM's)."""
    if kind is ResourceKind.RESOURCE_GROUP:
        return InvalidResourceGroupLocation(f"Invalid resource group location '{location}'. The Resource group "
                                            f"already exists in location '{stored.get('location')}'.",
                                            target="location")
    group = parse_arm_id(str(stored.get("id", ""))).get("resourcegroups", "")
    return InvalidResourceLocation(f"The resource '{stored.get('name')}' already exists in location "
                                   f"'{stored.get('location')}' in resource group '{group}'. A resource with the "
                                   f"same name cannot be created in location '{location}'. Please select a new "
                                   "resource name.", target="location")


def check_quota(reader: StoreReader, *, subscription: str, kind: str, location: str, limit: int,
                label: str) -> None:
    """The seed's per subscription, per region limit (checked inside the write transaction)."""
    if reader.count_in_region(subscription, kind, location) >= limit:
        raise QuotaExceeded(f"The limit of {limit} {label} per subscription per region has been reached "
                            f"in region '{location}' for subscription '{subscription}'.")


def strip_read_only(body: dict[str, Any]) -> dict[str, Any]:
    """A stored body without the fields the server fills on every read."""
    clean = {k: v for k, v in json_copy(body).items() if k not in ("id", "name", "type", "systemData")}
    props = clean.get("properties")
    if isinstance(props, dict):
        props.pop("provisioningState", None)
        props.pop("replicationStatus", None)
    return clean


def new_record(*, key: str, kind: str, parent: str | None, subscription: str, location: str | None,
               body: dict[str, Any], stored: Record | None, now: float) -> Record:
    """A record for a created or replaced resource (creation time kept on replace)."""
    return Record(key=key, kind=kind, parent=parent, subscription=subscription.lower(), location=location,
                  body=body, created_at=stored.created_at if stored else now, updated_at=now)


ROLE_ASSIGNMENT_KIND = "roleassignment"  # the store's kind of Microsoft.Authorization/roleAssignments
MAX_ROLE_ASSIGNMENTS = 4000  # ARM's limit of role assignments per subscription


def delete_role_assignments_within(tx: StoreWriter, resource_id: str) -> int:
    """Delete the role assignments at a resource being deleted and at everything below it, in the same
    transaction: ARM removes them with their scope (they do not outlive it to grant access to a new
    resource of the same name). The number deleted."""
    subscription = (subscription_of(resource_id) or "").lower()
    gone = [record for record in tx.list_by_subscription(subscription, ROLE_ASSIGNMENT_KIND, after=None,
                                                         limit=MAX_ROLE_ASSIGNMENTS)
            if scope_covers(resource_id, record.body["properties"]["scope"])]
    for record in gone:
        tx.delete(record.key)
    return len(gone)
