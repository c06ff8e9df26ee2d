"""Routes of Microsoft.Compute/galleries."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from pulumi_sig.emulator.http_support import (Compute, arm_json, outcome_response,
                                              page_response, paging_args, read_json)
from pulumi_sig.emulator.service_base import ResourcePath

router = APIRouter()
IN_GROUP = "/subscriptions/{subscription}/resourcegroups/{resource_group}/providers/microsoft.compute/galleries"
GALLERY = IN_GROUP + "/{gallery}"


def _path(subscription: str, resource_group: str, gallery: str) -> ResourcePath:
    return ResourcePath(subscription, resource_group, (gallery,))


@router.put(GALLERY)
async def put_gallery(request: Request, call: Compute, subscription: str,
                      resource_group: str, gallery: str) -> Response:
    body = await read_json(request)
    outcome = await run_in_threadpool(call.service.galleries.put, _path(subscription, resource_group, gallery), body)
    return outcome_response(request, outcome, call.api_version)


@router.patch(GALLERY)
async def patch_gallery(request: Request, call: Compute, subscription: str,
                        resource_group: str, gallery: str) -> Response:
    body = await read_json(request)
    outcome = await run_in_threadpool(call.service.galleries.patch, _path(subscription, resource_group, gallery), body)
    return outcome_response(request, outcome, call.api_version)


@router.get(GALLERY)
async def get_gallery(call: Compute, subscription: str,
                      resource_group: str, gallery: str) -> Response:
    return arm_json(call.service.galleries.get(_path(subscription, resource_group, gallery)))


@router.delete(GALLERY)
async def delete_gallery(request: Request, call: Compute, subscription: str,
                         resource_group: str, gallery: str) -> Response:
    outcome = await run_in_threadpool(call.service.galleries.delete, _path(subscription, resource_group, gallery))
    return outcome_response(request, outcome, call.api_version)


@router.post(GALLERY + "/share")
async def share_gallery(request: Request, call: Compute, subscription: str,
                        resource_group: str, gallery: str) -> Response:
    body = await read_json(request)
    result = await run_in_threadpool(call.service.galleries.share, _path(subscription, resource_group, gallery), body)
    return arm_json(result)


@router.get(IN_GROUP)
async def list_galleries_by_resource_group(request: Request, call: Compute,
                                           subscription: str, resource_group: str) -> Response:
    after, top = paging_args(request)
    path = ResourcePath(subscription, resource_group, ())
    return page_response(request, call.service.galleries.list(path, after=after, top=top))


@router.get("/subscriptions/{subscription}/providers/microsoft.compute/galleries")
async def list_galleries_by_subscription(request: Request, call: Compute,
                                         subscription: str) -> Response:
    after, top = paging_args(request)
    return page_response(request, call.service.galleries.list_by_subscription(subscription, after=after, top=top))
