"""Replication of image versions, computed from stored timestamps when read: no background work.

A version's state keeps, per target region, when replication of that region started, how long it
takes, and (manual mode) the progress an admin call set or the reason it failed.
"""
from __future__ import annotations

from typing import Any, Literal

ReplicationMode = Literal["immediate", "time", "manual"]
MODES: tuple[str, ...] = ("immediate", "time", "manual")

# Nominal service speeds, before --time-scale: every region needs a fixed setup, then each replica
# is a deep copy of the occupied size; regions replicating at once share the source's bandwidth.
REGION_SETUP_SECONDS = 20.0
SECONDS_PER_GB_PER_REPLICA = 2.0
BANDWIDTH_SHARE_PER_EXTRA_REGION = 0.25


def region_duration(*, occupied_gb: float, region_count: int, replicas: int, time_scale: float) -> float:
    """Seconds one region takes to hold `replicas` deep copies of an image of `occupied_gb`."""
    nominal = REGION_SETUP_SECONDS + SECONDS_PER_GB_PER_REPLICA * occupied_gb * replicas
    contention = 1.0 + BANDWIDTH_SHARE_PER_EXTRA_REGION * max(region_count - 1, 0)
    return nominal * contention / max(time_scale, 1e-9)


def plan_regions(previous: dict[str, Any], targets: dict[str, int], *, now: float, occupied_gb: float,
                 time_scale: float) -> dict[str, Any]:
    """Per-region state after (re)setting the targets: only new or re-counted regions restart.

    Unchanged regions keep their state (completed stays completed); removed regions disappear.
    """
    planned: dict[str, Any] = {}
    for region, replicas in targets.items():
        old = previous.get(region)
        if old is not None and old.get("replicas") == replicas:
            planned[region] = old
            continue
        planned[region] = {
            "replicas": replicas, "started_at": now, "progress": 0, "failed": None,
            "duration": region_duration(occupied_gb=occupied_gb, region_count=len(targets),
                                        replicas=replicas, time_scale=time_scale),
        }
    return planned


def region_state_at(entry: dict[str, Any], *, now: float, mode: str) -> tuple[str, int]:
    """(state, progress percent) of one region: Replicating, Completed or Failed."""
    if entry.get("failed"):
        return "Failed", int(entry.get("progress") or 0)
    if mode == "immediate":
        return "Completed", 100
    if mode == "manual":
        progress = int(entry.get("progress") or 0)
        return ("Completed", 100) if progress >= 100 else ("Replicating", progress)
    duration = float(entry.get("duration") or 0.0)
    started = entry.get("started_at")
    elapsed = now - float(now if started is None else started)
    if duration <= 0 or elapsed >= duration:
        return "Completed", 100
    return "Replicating", min(99, int(100 * elapsed / duration))


def replication_status_at(regions: dict[str, Any], *, now: float, mode: str,
                          display: Any = str) -> dict[str, Any]:
    """ARM's replicationStatus: aggregatedState plus one summary entry per target region."""
    summary = []
    for region, entry in regions.items():
        state, progress = region_state_at(entry, now=now, mode=mode)
        details = entry.get("failed") or ""
        summary.append({"region": display(region), "state": state, "details": details,
                        "progress": progress})
    states = {item["state"] for item in summary}
    aggregated = "Failed" if "Failed" in states else ("InProgress" if "Replicating" in states else "Completed")
    return {"aggregatedState": aggregated, "summary": summary}


def completion_time(regions: dict[str, Any], *, mode: str) -> float | None:
    """When replication completes (time mode), for an operation's endTime; None when unknown."""
    if mode != "time" or not regions:
        return None
    return max(float(e.get("started_at") or 0) + float(e.get("duration") or 0) for e in regions.values())


def advance_region(entry: dict[str, Any], *, progress: int | None = None, complete: bool = False,
                   fail: str | None = None) -> dict[str, Any]:
    """A region's state after an admin call (manual mode): set progress, complete, or fail it."""
    updated = dict(entry)
    if fail:
        updated["failed"] = fail
    elif complete:
        updated.update(progress=100, failed=None)
    elif progress is not None:
        updated.update(progress=max(0, min(100, progress)), failed=None)
    return updated
