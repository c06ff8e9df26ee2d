"""Routes of Microsoft.Resources/resourceGroups."""
from __future__ import annotations

from pulumi_sig.models.api_versions import GENERIC_RESOURCE_TYPE, RESOURCE_GROUP_TYPE
from pulumi_sig.emulator.http_support import (ArmRequest, ArmResponse, arm_json, outcome_response, page_response,
                                              paging_args, read_json, run_blocking)
from pulumi_sig.emulator.router import RouteTable

routes = RouteTable()
GROUPS = "/subscriptions/{subscription}/resourcegroups"
GROUP = GROUPS + "/{resource_group}"


def _group(request: ArmRequest) -> tuple[str, str]:
    return request.params["subscription"], request.params["resource_group"]


@routes.put(GROUP, api=RESOURCE_GROUP_TYPE)
async def put_resource_group(request: ArmRequest) -> ArmResponse:
    body = await read_json(request)
    return outcome_response(request, await run_blocking(request.service.resource_groups.put, *_group(request),
                                                        body))


@routes.patch(GROUP, api=RESOURCE_GROUP_TYPE)
async def patch_resource_group(request: ArmRequest) -> ArmResponse:
    body = await read_json(request)
    return outcome_response(request, await run_blocking(request.service.resource_groups.patch, *_group(request),
                                                        body))


@routes.get(GROUP, api=RESOURCE_GROUP_TYPE)
async def get_resource_group(request: ArmRequest) -> ArmResponse:
    return arm_json(request.service.resource_groups.get(*_group(request)))


@routes.head(GROUP, api=RESOURCE_GROUP_TYPE)
async def head_resource_group(request: ArmRequest) -> ArmResponse:
    return ArmResponse(204 if request.service.resource_groups.exists(*_group(request)) else 404)


@routes.delete(GROUP, api=RESOURCE_GROUP_TYPE)
async def delete_resource_group(request: ArmRequest) -> ArmResponse:
    return outcome_response(request, await run_blocking(request.service.resource_groups.delete, *_group(request)))


@routes.get(GROUPS, api=RESOURCE_GROUP_TYPE)
async def list_resource_groups(request: ArmRequest) -> ArmResponse:
    after, top = paging_args(request)
    page = request.service.resource_groups.list(request.params["subscription"], after=after, top=top)
    return page_response(request, page)


@routes.get(GROUP + "/resources", api=GENERIC_RESOURCE_TYPE)
async def list_resources_in_group(request: ArmRequest) -> ArmResponse:
    after, top = paging_args(request)
    return page_response(request, request.service.resource_groups.resources(*_group(request), after=after, top=top))
