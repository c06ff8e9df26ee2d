"""A gallery's sharingStatus and its share operation, computed from stored timestamps when read.

POST .../share is a long-running operation in the spec: the update is stored at once (what consumers see
follows it), and its propagation to the gallery's region takes time like a replication does: immediately
(`--replication immediate`), SHARING_SECONDS scaled by `--time-scale` (`time`), or when an admin call completes
or fails it (`manual`, POST /_emulator/replication/advance with galleryId). The gallery's
properties.sharingStatus (SharingState: Succeeded / InProgress / Failed / Unknown) and the operation's status
are both read from that one stored entry, so they always agree.
"""
from __future__ import annotations

from typing import Any

from pulumi_sig.models.regions import region_display_name
from pulumi_sig.emulator.replication import advance_region, region_state_at
from pulumi_sig.emulator.service_common import Context
from pulumi_sig.emulator.store import Record

SHARING_SECONDS = 10.0  # nominal time a share update takes to reach the gallery's region
SHARING_KIND = "gallerySharing"  # the kind of a share operation (operations resolve it with SharingPresenter)
_STATES = {"Completed": "Succeeded", "Replicating": "InProgress", "Failed": "Failed"}
SHARED_PERMISSIONS = ("Groups", "Community")


def start_sharing(record: Record, update: dict[str, Any], *, now: float, time_scale: float) -> None:
    """Store a share update as the gallery's sharing operation, just started."""
    record.state["sharing"] = {"update": update, "started_at": now, "progress": 0, "failed": None,
                               "duration": SHARING_SECONDS / max(time_scale, 1e-9)}


def sharing_state(record: Record, *, now: float, mode: str) -> str:
    """The SharingState of the gallery's last share update (Succeeded when it has had none)."""
    entry = (record.state or {}).get("sharing")
    if not entry:
        return "Succeeded"
    state, _ = region_state_at(entry, now=now, mode=mode)
    return _STATES[state]


def sharing_status(record: Record, *, now: float, mode: str) -> dict[str, Any] | None:
    """properties.sharingStatus of a gallery that is or was shared; None for one that never was."""
    profile = (record.body.get("properties") or {}).get("sharingProfile") or {}
    entry = (record.state or {}).get("sharing")
    if not entry and profile.get("permissions") not in SHARED_PERMISSIONS:
        return None
    state = sharing_state(record, now=now, mode=mode)
    regional: dict[str, Any] = {"region": region_display_name(record.location or ""), "state": state}
    if state == "Failed":
        regional["details"] = str((entry or {}).get("failed"))
    return {"aggregatedState": state, "summary": [regional]}


def advance_sharing(record: Record, *, complete: bool, fail: str | None) -> None:
    """Admin (manual mode): complete or fail the gallery's pending share update."""
    entry = record.state.get("sharing")
    if entry:
        record.state["sharing"] = {**advance_region(entry, complete=complete, fail=fail),
                                   "update": entry.get("update")}


class SharingPresenter:
    """How operations read a share operation: its status from the gallery's sharing state, its final result
    (the Location answer) the SharingUpdate that was applied."""

    def __init__(self, context: Context) -> None:
        self.ctx = context

    def state_of(self, record: Record) -> str:
        return sharing_state(record, now=self.ctx.clock(), mode=self.ctx.settings.replication)

    def present(self, record: Record, *, provisioning_state: str | None = None,
                expand: str | None = None) -> dict[str, Any]:
        return dict((record.state.get("sharing") or {}).get("update") or {})

    def failure(self, record: Record) -> dict[str, str]:
        """The operation's error when the share update failed."""
        reason = (record.state.get("sharing") or {}).get("failed") or "unknown reason"
        return {"code": "GallerySharingFailed",
                "message": f"Sharing gallery '{record.body.get('name')}' failed: {reason}"}
