"""Routes of Microsoft.Compute/galleries/images/versions, plus the emulator-only .../versions/latest."""
from __future__ import annotations

from pulumi_sig.models.api_versions import IMAGE_VERSION_TYPE
from pulumi_sig.emulator.http_support import (ArmRequest, ArmResponse, arm_json, outcome_response, page_response,
                                              paging_args, read_json, resource_path, run_blocking)
from pulumi_sig.emulator.http_authorization import authorize_linked
from pulumi_sig.emulator.router import RouteTable
from pulumi_sig.emulator.version_sources import linked_source_ids

routes = RouteTable()
VERSIONS = ("/subscriptions/{subscription}/resourcegroups/{resource_group}/providers/microsoft.compute/galleries/"
            "{gallery}/images/{image}/versions")
VERSION = VERSIONS + "/{version}"



@routes.put(VERSION, api=IMAGE_VERSION_TYPE)
async def put_version(request: ArmRequest) -> ArmResponse:
    body = await read_json(request)
    authorize_linked(request, linked_source_ids(body))
    path = resource_path(request, "gallery", "image", "version")
    return outcome_response(request, await run_blocking(request.service.versions.put, path, body))


@routes.patch(VERSION, api=IMAGE_VERSION_TYPE)
async def patch_version(request: ArmRequest) -> ArmResponse:
    body = await read_json(request)
    path = resource_path(request, "gallery", "image", "version")
    return outcome_response(request, await run_blocking(request.service.versions.patch, path, body))


@routes.get(VERSION, api=IMAGE_VERSION_TYPE)
async def get_version(request: ArmRequest) -> ArmResponse:
    # GET .../versions/latest is emulator-only: the seed's latest version (highest MAJOR.MINOR.PATCH not
    # excluded from latest), found by one indexed query. Private galleries in Azure have no such route.
    path = resource_path(request, "gallery", "image", "version")
    return arm_json(request.service.versions.get(path, expand=request.query.get("$expand")))


@routes.delete(VERSION, api=IMAGE_VERSION_TYPE)
async def delete_version(request: ArmRequest) -> ArmResponse:
    path = resource_path(request, "gallery", "image", "version")
    return outcome_response(request, await run_blocking(request.service.versions.delete, path))


@routes.get(VERSIONS, api=IMAGE_VERSION_TYPE)
async def list_versions(request: ArmRequest) -> ArmResponse:
    after, top = paging_args(request)
    page = request.service.versions.list(resource_path(request, "gallery", "image"), after=after, top=top)
    return page_response(request, page)
