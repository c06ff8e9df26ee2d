"""Routes of the image sources: managed images, snapshots, disks, VMs, and registered VHD blobs."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from pulumi_sig.emulator.http_support import Compute, Service, arm_json, outcome_response, read_json

router = APIRouter()
SOURCE = ("/subscriptions/{subscription}/resourcegroups/{resource_group}/providers/microsoft.compute/"
          "{source_type}/{name}")


@router.put(SOURCE)
async def put_source(request: Request, call: Compute, subscription: str,
                     resource_group: str, source_type: str, name: str) -> Response:
    body = await read_json(request)
    outcome = await run_in_threadpool(call.service.sources.put, subscription, resource_group, source_type, name,
                                      body)
    return outcome_response(request, outcome, call.api_version)


@router.get(SOURCE)
async def get_source(call: Compute, subscription: str, resource_group: str,
                     source_type: str, name: str) -> Response:
    return arm_json(call.service.sources.get(subscription, resource_group, source_type, name))


@router.delete(SOURCE)
async def delete_source(request: Request, call: Compute, subscription: str,
                        resource_group: str, source_type: str, name: str) -> Response:
    outcome = await run_in_threadpool(call.service.sources.delete, subscription, resource_group, source_type,
                                      name)
    return outcome_response(request, outcome, call.api_version)


@router.put("/_emulator/vhds")
async def put_vhd(request: Request, service: Service) -> Response:
    body = await read_json(request)
    outcome = await run_in_threadpool(service.sources.put_vhd, body)
    return outcome_response(request, outcome, "")


@router.get("/_emulator/vhds")
async def list_vhds(service: Service) -> Response:
    return arm_json({"value": service.sources.list_vhds()})
