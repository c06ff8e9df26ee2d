"""Routes of the image sources: managed images, snapshots, disks, VMs, and registered VHD blobs."""
from __future__ import annotations

from pulumi_sig.emulator.http_support import (ArmRequest, ArmResponse, arm_json, outcome_response, read_json,
                                              run_blocking)
from pulumi_sig.emulator.router import ADMIN, SOURCE as SOURCE_TYPE, RouteTable

routes = RouteTable()
SOURCE = ("/subscriptions/{subscription}/resourcegroups/{resource_group}/providers/microsoft.compute/"
          "{source_type}/{name}")


def _source(request: ArmRequest) -> tuple[str, str, str, str]:
    params = request.params
    return params["subscription"], params["resource_group"], params["source_type"], params["name"]


@routes.put(SOURCE, api=SOURCE_TYPE)
async def put_source(request: ArmRequest) -> ArmResponse:
    body = await read_json(request)
    return outcome_response(request, await run_blocking(request.service.sources.put, *_source(request), body))


@routes.get(SOURCE, api=SOURCE_TYPE)
async def get_source(request: ArmRequest) -> ArmResponse:
    return arm_json(request.service.sources.get(*_source(request)))


@routes.delete(SOURCE, api=SOURCE_TYPE)
async def delete_source(request: ArmRequest) -> ArmResponse:
    return outcome_response(request, await run_blocking(request.service.sources.delete, *_source(request)))


@routes.put("/_emulator/vhds", api=ADMIN)
async def put_vhd(request: ArmRequest) -> ArmResponse:
    body = await read_json(request)
    return outcome_response(request, await run_blocking(request.service.sources.put_vhd, body))


@routes.get("/_emulator/vhds", api=ADMIN)
async def list_vhds(request: ArmRequest) -> ArmResponse:
    return arm_json({"value": request.service.sources.list_vhds()})
