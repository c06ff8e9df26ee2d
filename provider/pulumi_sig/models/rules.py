"""Rules on resource bodies that need no stored state: one place, used by the provider's check
and by the emulator. Each rule yields (target, message) with the ARM wire path as target."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterator
from urllib.parse import urlparse

from pydantic import BaseModel, ValidationError

from pulumi_sig.models.names import identifier_violation, name_violation
from pulumi_sig.models.regions import cloud_of, is_known_region, normalize_region

Violation = tuple[str, str]
MAX_REPLICAS_PER_REGION = 10
VERSION_STORAGE_ACCOUNT_TYPES = ("Standard_LRS", "Standard_ZRS", "Premium_LRS")
# A definition's optional URIs; "" means unset, as the service takes it (azurerm sends "" for unset URIs).
DEFINITION_URI_FIELDS = ("privacyStatementUri", "releaseNoteUri")


def schema_violations(model: type[BaseModel], body: Any) -> list[Violation]:
    """Type, enum and required-field errors of a wire body, with the field's dotted path."""
    try:
        model.model_validate(body)
    except ValidationError as error:
        return [(_dotted(item["loc"]), _message(item)) for item in error.errors()]
    return []


def _dotted(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _message(item: Any) -> str:
    message = str(item["msg"]).removeprefix("Value error, ")
    if item["type"] == "missing":
        return "is required"
    return message


def name_violations(kind: str, name: str) -> list[Violation]:
    """The ARM name rule for a resource name (kind: galleryName, galleryImageName, ...)."""
    problem = name_violation(kind, name)
    return [(kind, problem)] if problem else []


def location_violations(location: Any, target: str = "location") -> list[Violation]:
    """A location must be a region of a served cloud, in either name form."""
    if not isinstance(location, str) or not is_known_region(location):
        return [(target, f"'{location}' is not a region this service offers "
                         "(public Azure regions, or China East 2 / China North 2)")]
    return []


def date_violations(value: Any, target: str, *, must_be_future: bool = False,
                    now: datetime | None = None) -> list[Violation]:
    """An ISO 8601 date-time; optionally later than now."""
    if value is None:
        return []
    try:
        parsed = parse_datetime(value)
    except (TypeError, ValueError):
        return [(target, f"'{value}' is not an ISO 8601 date-time")]
    if must_be_future and parsed <= (now or datetime.now(timezone.utc)):
        return [(target, f"the end-of-life date {value} is in the past")]
    return []


def parse_datetime(value: Any) -> datetime:
    """An aware datetime from an ISO 8601 string (naive values are taken as UTC)."""
    if isinstance(value, datetime):
        parsed = value
    else:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def uri_violations(value: Any, target: str) -> list[Violation]:
    """An absolute http(s) URI; None or "" is unset."""
    if value is None or value == "":
        return []
    parsed = urlparse(str(value))
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return [(target, f"'{value}' is not an absolute http(s) URI")]
    return []


def definition_violations(body: dict[str, Any]) -> list[Violation]:
    """Rules of an image definition body beyond its schema."""
    props = body.get("properties") or {}
    found = location_violations(body.get("location"))
    for part in ("publisher", "offer", "sku"):
        value = (props.get("identifier") or {}).get(part)
        if isinstance(value, str) and (problem := identifier_violation(part, value)):
            found.append((f"properties.identifier.{part}", problem))
    for field in DEFINITION_URI_FIELDS:
        found += uri_violations(props.get(field), f"properties.{field}")
    found += date_violations(props.get("endOfLifeDate"), "properties.endOfLifeDate")
    found += list(_range_violations(props.get("recommended") or {}))
    return found


def _range_violations(recommended: dict[str, Any]) -> Iterator[Violation]:
    for key in ("vCPUs", "memory"):
        bounds = recommended.get(key) or {}
        low, high = bounds.get("min"), bounds.get("max")
        target = f"properties.recommended.{key}"
        for which, value in (("min", low), ("max", high)):
            if isinstance(value, int) and value < 0:
                yield (f"{target}.{which}", f"must be >= 0, got {value}")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            yield (target, f"min ({low}) must not exceed max ({high})")


def version_violations(body: dict[str, Any], *, creating: bool = True,
                       now: datetime | None = None) -> list[Violation]:
    """Rules of an image version body beyond its schema (regions, replicas, dates)."""
    location = body.get("location")
    found = location_violations(location)
    location_ok = isinstance(location, str) and not found
    profile = ((body.get("properties") or {}).get("publishingProfile")) or {}
    found += _replica_violations(profile.get("replicaCount"), "properties.publishingProfile.replicaCount")
    found += _storage_type_violations(profile.get("storageAccountType"),
                                      "properties.publishingProfile.storageAccountType")
    found += date_violations(profile.get("endOfLifeDate"), "properties.publishingProfile.endOfLifeDate",
                             must_be_future=creating, now=now)
    if location_ok:
        found += target_region_violations(str(location), profile.get("targetRegions"))
    return found


def target_region_violations(location: str, regions: Any) -> list[Violation]:
    """Target regions: known, of the source region's cloud, no repeats, source region among them."""
    if regions is None:
        return []
    found: list[Violation] = []
    seen: set[str] = set()
    for index, region in enumerate(regions):
        target = f"properties.publishingProfile.targetRegions[{index}]"
        name = region.get("name") if isinstance(region, dict) else None
        if (problems := location_violations(name, f"{target}.name")) or not isinstance(name, str):
            found += problems
            continue
        key = normalize_region(name)
        if cloud_of(key) != cloud_of(location):
            found.append((f"{target}.name", f"'{name}' is in {cloud_of(key).value} but the source region "
                          f"'{location}' is in {cloud_of(location).value}: images cannot replicate across clouds"))
        if key in seen:
            found.append((f"{target}.name", f"'{name}' is listed more than once"))
        seen.add(key)
        found += _replica_violations(region.get("regionalReplicaCount"), f"{target}.regionalReplicaCount")
        found += _storage_type_violations(region.get("storageAccountType"), f"{target}.storageAccountType")
    if not found and normalize_region(location) not in seen:
        found.append(("properties.publishingProfile.targetRegions",
                      f"the source region '{location}' must be one of the target regions"))
    return found


def _replica_violations(count: Any, target: str) -> list[Violation]:
    if count is None or not isinstance(count, int):
        return []
    if not 1 <= count <= MAX_REPLICAS_PER_REGION:
        return [(target, f"replica count must be between 1 and {MAX_REPLICAS_PER_REGION} per region, got {count}")]
    return []


def _storage_type_violations(value: Any, target: str) -> list[Violation]:
    if value is None or value in VERSION_STORAGE_ACCOUNT_TYPES:
        return []
    return [(target, f"'{value}' is not allowed for image versions: use one of "
                     f"{', '.join(VERSION_STORAGE_ACCOUNT_TYPES)}")]
