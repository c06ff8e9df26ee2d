"""Routes of Microsoft.Compute/galleries/images (image definitions)."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from pulumi_sig.emulator.http_support import (Compute, arm_json, outcome_response,
                                              page_response, paging_args, read_json)
from pulumi_sig.emulator.service_base import ResourcePath

router = APIRouter()
IMAGES = ("/subscriptions/{subscription}/resourcegroups/{resource_group}/providers/microsoft.compute/galleries/"
          "{gallery}/images")
IMAGE = IMAGES + "/{image}"


def _path(subscription: str, resource_group: str, *names: str) -> ResourcePath:
    return ResourcePath(subscription, resource_group, names)


@router.put(IMAGE)
async def put_image(request: Request, call: Compute, subscription: str,
                    resource_group: str, gallery: str, image: str) -> Response:
    body = await read_json(request)
    path = _path(subscription, resource_group, gallery, image)
    outcome = await run_in_threadpool(call.service.images.put, path, body)
    return outcome_response(request, outcome, call.api_version)


@router.patch(IMAGE)
async def patch_image(request: Request, call: Compute, subscription: str,
                      resource_group: str, gallery: str, image: str) -> Response:
    body = await read_json(request)
    outcome = await run_in_threadpool(call.service.images.patch, _path(subscription, resource_group, gallery, image),
                                      body)
    return outcome_response(request, outcome, call.api_version)


@router.get(IMAGE)
async def get_image(call: Compute, subscription: str, resource_group: str,
                    gallery: str, image: str) -> Response:
    return arm_json(call.service.images.get(_path(subscription, resource_group, gallery, image)))


@router.delete(IMAGE)
async def delete_image(request: Request, call: Compute, subscription: str,
                       resource_group: str, gallery: str, image: str) -> Response:
    outcome = await run_in_threadpool(call.service.images.delete, _path(subscription, resource_group, gallery, image))
    return outcome_response(request, outcome, call.api_version)


@router.get(IMAGES)
async def list_images(request: Request, call: Compute, subscription: str,
                      resource_group: str, gallery: str) -> Response:
    after, top = paging_args(request)
    page = call.service.images.list(_path(subscription, resource_group, gallery), after=after, top=top)
    return page_response(request, page)
