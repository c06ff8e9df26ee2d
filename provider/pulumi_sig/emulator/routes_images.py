"""Routes of Microsoft.Compute/galleries/images (image definitions)."""
from __future__ import annotations

from pulumi_sig.models.api_versions import IMAGE_DEFINITION_TYPE
from pulumi_sig.emulator.http_support import (ArmRequest, ArmResponse, arm_json, outcome_response, page_response,
                                              paging_args, read_json, resource_path, run_blocking)
from pulumi_sig.emulator.router import RouteTable

routes = RouteTable()
IMAGES = ("/subscriptions/{subscription}/resourcegroups/{resource_group}/providers/microsoft.compute/galleries/"
          "{gallery}/images")
IMAGE = IMAGES + "/{image}"



@routes.put(IMAGE, api=IMAGE_DEFINITION_TYPE)
async def put_image(request: ArmRequest) -> ArmResponse:
    body = await read_json(request)
    path = resource_path(request, "gallery", "image")
    return outcome_response(request, await run_blocking(request.service.images.put, path, body))


@routes.patch(IMAGE, api=IMAGE_DEFINITION_TYPE)
async def patch_image(request: ArmRequest) -> ArmResponse:
    body = await read_json(request)
    path = resource_path(request, "gallery", "image")
    return outcome_response(request, await run_blocking(request.service.images.patch, path, body))


@routes.get(IMAGE, api=IMAGE_DEFINITION_TYPE)
async def get_image(request: ArmRequest) -> ArmResponse:
    return arm_json(request.service.images.get(resource_path(request, "gallery", "image")))


@routes.delete(IMAGE, api=IMAGE_DEFINITION_TYPE)
async def delete_image(request: ArmRequest) -> ArmResponse:
    path = resource_path(request, "gallery", "image")
    return outcome_response(request, await run_blocking(request.service.images.delete, path))


@routes.get(IMAGES, api=IMAGE_DEFINITION_TYPE)
async def list_images(request: ArmRequest) -> ArmResponse:
    after, top = paging_args(request)
    page = request.service.images.list(resource_path(request, "gallery"), after=after, top=top)
    return page_response(request, page)
