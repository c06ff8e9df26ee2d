"""Routes of long-running operations: Azure-AsyncOperation status and Location results."""
from __future__ import annotations

from pulumi_sig.models.api_versions import OPERATION_TYPE
from pulumi_sig.emulator.http_support import ArmRequest, ArmResponse, arm_json
from pulumi_sig.emulator.router import RouteTable

routes = RouteTable()
LOCATION = "/subscriptions/{subscription}/providers/microsoft.compute/locations/{location}"


TENANT_LOCATION = "/providers/microsoft.compute/locations/{location}"  # tenant-level operations (no subscription)


@routes.get(LOCATION + "/operations/{operation_id}", api=OPERATION_TYPE)
@routes.get(TENANT_LOCATION + "/operations/{operation_id}", api=OPERATION_TYPE)
async def operation_status(request: ArmRequest) -> ArmResponse:
    params = request.params
    return arm_json(request.service.operations.status(params.get("subscription", ""), params["operation_id"]))


@routes.get(LOCATION + "/operationresults/{operation_id}", api=OPERATION_TYPE)
@routes.get(TENANT_LOCATION + "/operationresults/{operation_id}", api=OPERATION_TYPE)
async def operation_result(request: ArmRequest) -> ArmResponse:
    params = request.params
    status, body = request.service.operations.result(params.get("subscription", ""), params["operation_id"])
    if status == 202:
        # Still running: poll this same URL again after Retry-After seconds.
        headers = {"Location": request.url_with(request.query),
                   "Retry-After": str(request.state.settings.retry_after)}
        return ArmResponse(202, headers=headers)
    return ArmResponse(status) if body is None else arm_json(body, status)
