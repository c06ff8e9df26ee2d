"""End of life and retention: which versions are expired, which go and why, and what protects the rest."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

from pulumi_sig.estate.document import Retention, VersionSpec
from pulumi_sig.models.versions import select_latest, version_key

_REPLICATED = ("completed", "succeeded")


@dataclass(frozen=True)
class LiveVersion:
    """What the backend says of a version that exists (read at program time)."""

    name: str
    replication: str | None = None  # aggregated state: Completed, InProgress, Failed, ...
    published: datetime | None = None
    regions: dict[str, int] = field(default_factory=dict)

    @property
    def replicated(self) -> bool:
        """Replication finished everywhere: the only versions retention counts."""
        return (self.replication or "").lower() in _REPLICATED


@dataclass
class RetentionPlan:
    """The outcome for one definition's versions."""

    expired: set[str] = field(default_factory=set)
    removed: dict[str, str] = field(default_factory=dict)  # name -> why it goes
    kept: dict[str, str] = field(default_factory=dict)  # name -> why a candidate for removal stays
    latest: str | None = None


@dataclass
class _Candidate:
    name: str
    exclude_from_latest: bool
    end_of_life: datetime | None = None


def as_instant(day: date | None) -> datetime | None:
    """An end-of-life date as the instant it takes effect (midnight UTC)."""
    return None if day is None else datetime.combine(day, time(), tzinfo=timezone.utc)


def expired_versions(versions: list[VersionSpec], *, definition_end_of_life: date | None, now: datetime) -> set[str]:
    """Versions past their own end of life, or their definition's."""
    found = set()
    for version in versions:
        instants = [as_instant(day) for day in (version.end_of_life_date, definition_end_of_life) if day]
        if any(instant is not None and instant <= now for instant in instants):
            found.add(version.name)
    return found


def latest_of(versions: list[VersionSpec], expired: set[str]) -> str | None:
    """The seed's latest once expired versions are excluded from it."""
    chosen = select_latest([_Candidate(v.name, v.exclude_from_latest or v.name in expired) for v in versions])
    return chosen.name if chosen else None


def is_kept(version: VersionSpec) -> bool:
    return version.keep or version.tags.get("keep", "").lower() in ("true", "yes", "1")


def plan_retention(versions: list[VersionSpec], *, live: dict[str, LiveVersion], retention: Retention,
                   definition_end_of_life: date | None, now: datetime,
                   sources_in_use: dict[str, str]) -> RetentionPlan:
    """Expired versions, and which versions go (with why) under the retention rules.

    Counts and ages consider only unexpired versions whose replication succeeded; nothing tagged keep, used
    as another version's source, or the latest is removed."""
    plan = RetentionPlan(expired=expired_versions(versions, definition_end_of_life=definition_end_of_life, now=now))
    plan.latest = latest_of(versions, plan.expired)
    candidates = _candidates(versions, live=live, retention=retention, now=now, expired=plan.expired)
    by_name = {version.name: version for version in versions}
    for name, why in candidates.items():
        protection = _protection(by_name[name], latest=plan.latest, sources_in_use=sources_in_use)
        if protection:
            plan.kept[name] = f"{why}, but {protection}"
        else:
            plan.removed[name] = why
    if retention.keep_newest or retention.max_age_days:
        for name, state in sorted((v.name, v.replication) for v in live.values() if not v.replicated):
            if name in by_name and name not in plan.removed:
                plan.kept.setdefault(name, f"not counted by retention: replication {state or 'unknown'}")
    return plan


def _candidates(versions: list[VersionSpec], *, live: dict[str, LiveVersion], retention: Retention,
                now: datetime, expired: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    if retention.remove_expired:
        for version in versions:
            if version.name in expired:
                found[version.name] = "its end of life has passed (retention.remove_expired)"
    # Good images only: replicated everywhere and still usable (an expired version creates no VM).
    replicated = sorted((v for v in versions if v.name in live and live[v.name].replicated and v.name not in expired),
                        key=lambda v: version_key(v.name), reverse=True)
    if retention.keep_newest:
        for version in replicated[retention.keep_newest:]:
            found.setdefault(version.name, f"older than the newest {retention.keep_newest} successfully "
                                           f"replicated versions (retention.keep_newest)")
    if retention.max_age_days:
        for version in replicated:
            age = _age_days(version, live[version.name], now)
            if age is not None and age > retention.max_age_days:
                found.setdefault(version.name, f"published {age} days ago, more than {retention.max_age_days} "
                                               f"(retention.max_age_days)")
    return found


def _age_days(version: VersionSpec, live: LiveVersion, now: datetime) -> int | None:
    published = live.published or as_instant(version.published)
    return None if published is None else (now - published).days


def _protection(version: VersionSpec, *, latest: str | None, sources_in_use: dict[str, str]) -> str | None:
    if is_kept(version):
        return "it is tagged keep"
    if version.name in sources_in_use:
        return f"it is the source of {sources_in_use[version.name]}"
    if version.name == latest:
        return "it is the latest"
    return None
