"""Long-running operations: status and result computed from the resource's state when polled."""
from __future__ import annotations

from typing import Any, Protocol

from pulumi_sig.models.errors import NotFound
from pulumi_sig.emulator.replication import completion_time
from pulumi_sig.emulator.service_common import Context, iso
from pulumi_sig.emulator.store import Record


class Presenter(Protocol):
    """A service that can present its stored records and tell their provisioning state."""

    def present(self, record: Record, *, provisioning_state: str | None = None,
                expand: str | None = None) -> dict[str, Any]: ...

    def state_of(self, record: Record) -> str: ...


TERMINAL = {"Succeeded": "Succeeded", "Failed": "Failed"}


class OperationService:
    """GET .../locations/{loc}/operations/{id} and .../operationResults/{id}."""

    def __init__(self, context: Context, presenters: dict[str, Presenter]) -> None:
        self.ctx = context
        self.presenters = presenters

    def _operation(self, subscription: str, operation_id: str) -> dict[str, Any]:
        operation = self.ctx.store.get_operation(operation_id)
        if operation is None or operation["subscription"].lower() != subscription.lower():
            raise NotFound(f"The operation '{operation_id}' was not found.", target="operationId")
        return operation

    def _resolve(self, operation: dict[str, Any]) -> tuple[str, Record | None]:
        """(status, resource record) of an operation, now."""
        if operation["action"] == "delete":
            return "Succeeded", None
        record = self.ctx.store.get(operation["resourceKey"])
        if record is None:
            return "Canceled", None  # the resource was deleted before its operation finished
        state = self.presenters[operation["kind"]].state_of(record)
        return TERMINAL.get(state, "InProgress"), record

    def status(self, subscription: str, operation_id: str) -> dict[str, Any]:
        """The Azure-AsyncOperation body: name, status, startTime, endTime and error."""
        operation = self._operation(subscription, operation_id)
        status, record = self._resolve(operation)
        body: dict[str, Any] = {"name": operation["name"], "status": status,
                                "startTime": iso(operation["startTime"])}
        if status != "InProgress":
            regions = (record.state or {}).get("regions", {}) if record else {}
            end = completion_time(regions, mode=self.ctx.settings.replication) or operation["startTime"]
            body["endTime"] = iso(min(max(end, operation["startTime"]), self.ctx.clock()))
        if status == "Failed" and record is not None:
            failure = getattr(self.presenters[operation["kind"]], "failure", None)
            body["error"] = failure(record) if failure else {"code": "ReplicationFailed",
                                                             "message": _failure_message(record)}
        elif status == "Canceled":
            body["error"] = {"code": "OperationCanceled",
                             "message": "The resource was deleted before the operation completed."}
        return body

    def result(self, subscription: str, operation_id: str) -> tuple[int, dict[str, Any] | None]:
        """The Location answer: 202 while running, then 200 with the resource (204 after a delete)."""
        operation = self._operation(subscription, operation_id)
        status, record = self._resolve(operation)
        if status == "InProgress":
            return 202, None
        if record is None:
            return 204, None
        if "answer" in operation:
            return 200, operation["answer"]
        return 200, self.presenters[operation["kind"]].present(record)


def _failure_message(record: Record) -> str:
    regions = (record.state or {}).get("regions", {})
    failed = [f"{region}: {entry['failed']}" for region, entry in regions.items() if entry.get("failed")]
    return "Replication failed in " + "; ".join(failed) if failed else "Replication failed."
