"""Routes of long-running operations: Azure-AsyncOperation status and Location results."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from pulumi_sig.emulator.http_support import Compute, arm_json, get_http_settings

router = APIRouter()
LOCATION = "/subscriptions/{subscription}/providers/microsoft.compute/locations/{location}"


@router.get(LOCATION + "/operations/{operation_id}")
async def operation_status(call: Compute, subscription: str, location: str,
                           operation_id: str) -> Response:
    return arm_json(call.service.operations.status(subscription, operation_id))


@router.get(LOCATION + "/operationresults/{operation_id}")
async def operation_result(request: Request, call: Compute,
                           subscription: str, location: str, operation_id: str) -> Response:
    status, body = call.service.operations.result(subscription, operation_id)
    if status == 202:
        # Still running: poll this same URL again after Retry-After seconds.
        headers = {"Location": str(request.url), "Retry-After": str(get_http_settings(request).retry_after)}
        return Response(status_code=202, headers=headers)
    return Response(status_code=status) if body is None else arm_json(body, status)
