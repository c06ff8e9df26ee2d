"""Image version ordering and the seed's "latest" rule."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable, Protocol

from pulumi_sig.models.names import parse_version_name


class VersionLike(Protocol):
    """What the latest rule needs to know of a version."""

    name: str

    @property
    def exclude_from_latest(self) -> bool: ...

    @property
    def end_of_life(self) -> datetime | None: ...


def version_key(name: str) -> tuple[int, int, int]:
    """Numeric sort key: 1.0.12 sorts after 1.0.9."""
    return parse_version_name(name)


def is_candidate_for_latest(version: VersionLike, *, now: datetime | None = None,
                            skip_end_of_life: bool = False) -> bool:
    """Whether a version may be chosen as latest."""
    if version.exclude_from_latest:
        return False
    if skip_end_of_life and version.end_of_life is not None:
        return version.end_of_life > (now or datetime.now(timezone.utc))
    return True


def select_latest(versions: Iterable[VersionLike], *, now: datetime | None = None,
                  skip_end_of_life: bool = False) -> VersionLike | None:
    """The highest MAJOR, then MINOR, then PATCH among versions not excluded from latest.

    Numerically equal names (01.0.0 beside 1.0.0) are told apart by the name itself, the one that
    sorts last winning (1.0.0), so every reader picks the same one; the emulator's store orders the
    same way. No published Azure rule for such a pair was found: this is ours, and deterministic.
    """
    candidates = [v for v in versions
                  if is_candidate_for_latest(v, now=now, skip_end_of_life=skip_end_of_life)]
    return max(candidates, key=lambda v: (version_key(v.name), v.name.lower()), default=None)
