"""Routes of Microsoft.Compute/galleries."""
from __future__ import annotations

from pulumi_sig.models.api_versions import GALLERY_TYPE
from pulumi_sig.emulator.http_support import (ArmRequest, ArmResponse, arm_json, outcome_response, page_response,
                                              paging_args, read_json, resource_path, run_blocking)
from pulumi_sig.emulator.router import RouteTable
from pulumi_sig.emulator.service_base import ResourcePath

routes = RouteTable()
IN_GROUP = "/subscriptions/{subscription}/resourcegroups/{resource_group}/providers/microsoft.compute/galleries"
GALLERY = IN_GROUP + "/{gallery}"


def _gallery(request: ArmRequest) -> ResourcePath:
    return resource_path(request, "gallery")


@routes.put(GALLERY, api=GALLERY_TYPE)
async def put_gallery(request: ArmRequest) -> ArmResponse:
    body = await read_json(request)
    return outcome_response(request, await run_blocking(request.service.galleries.put, _gallery(request), body))


@routes.patch(GALLERY, api=GALLERY_TYPE)
async def patch_gallery(request: ArmRequest) -> ArmResponse:
    body = await read_json(request)
    return outcome_response(request, await run_blocking(request.service.galleries.patch, _gallery(request), body))


@routes.get(GALLERY, api=GALLERY_TYPE)
async def get_gallery(request: ArmRequest) -> ArmResponse:
    return arm_json(request.service.galleries.get_with(_gallery(request), expand=request.query.get("$expand"),
                                                       select=request.query.get("$select")))


@routes.delete(GALLERY, api=GALLERY_TYPE)
async def delete_gallery(request: ArmRequest) -> ArmResponse:
    return outcome_response(request, await run_blocking(request.service.galleries.delete, _gallery(request)))


@routes.post(GALLERY + "/share", api=GALLERY_TYPE)
async def share_gallery(request: ArmRequest) -> ArmResponse:
    body = await read_json(request)
    return outcome_response(request, await run_blocking(request.service.galleries.share, _gallery(request), body))


@routes.get(IN_GROUP, api=GALLERY_TYPE)
async def list_galleries_by_resource_group(request: ArmRequest) -> ArmResponse:
    after, top = paging_args(request)
    path = resource_path(request)
    return page_response(request, request.service.galleries.list(path, after=after, top=top))


@routes.get("/subscriptions/{subscription}/providers/microsoft.compute/galleries", api=GALLERY_TYPE)
async def list_galleries_by_subscription(request: ArmRequest) -> ArmResponse:
    after, top = paging_args(request)
    page = request.service.galleries.list_by_subscription(request.params["subscription"], after=after, top=top)
    return page_response(request, page)
