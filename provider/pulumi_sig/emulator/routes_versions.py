"""Routes of Microsoft.Compute/galleries/images/versions, plus the emulator-only .../versions/latest."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from pulumi_sig.emulator.http_support import (Compute, arm_json, outcome_response,
                                              page_response, paging_args, read_json)
from pulumi_sig.emulator.service_base import ResourcePath

router = APIRouter()
VERSIONS = ("/subscriptions/{subscription}/resourcegroups/{resource_group}/providers/microsoft.compute/galleries/"
            "{gallery}/images/{image}/versions")
VERSION = VERSIONS + "/{version}"


def _path(subscription: str, resource_group: str, *names: str) -> ResourcePath:
    return ResourcePath(subscription, resource_group, names)


@router.put(VERSION)
async def put_version(request: Request, call: Compute, subscription: str,
                      resource_group: str, gallery: str, image: str, version: str) -> Response:
    body = await read_json(request)
    path = _path(subscription, resource_group, gallery, image, version)
    outcome = await run_in_threadpool(call.service.versions.put, path, body)
    return outcome_response(request, outcome, call.api_version)


@router.patch(VERSION)
async def patch_version(request: Request, call: Compute, subscription: str,
                        resource_group: str, gallery: str, image: str, version: str) -> Response:
    body = await read_json(request)
    path = _path(subscription, resource_group, gallery, image, version)
    outcome = await run_in_threadpool(call.service.versions.patch, path, body)
    return outcome_response(request, outcome, call.api_version)


@router.get(VERSION)
async def get_version(request: Request, call: Compute, subscription: str,
                      resource_group: str, gallery: str, image: str, version: str) -> Response:
    # GET .../versions/latest is emulator-only: the seed's latest version (highest MAJOR.MINOR.PATCH not
    # excluded from latest), found by one indexed query. Private galleries in Azure have no such route.
    path = _path(subscription, resource_group, gallery, image, version)
    return arm_json(call.service.versions.get(path, expand=request.query_params.get("$expand")))


@router.delete(VERSION)
async def delete_version(request: Request, call: Compute, subscription: str,
                         resource_group: str, gallery: str, image: str, version: str) -> Response:
    path = _path(subscription, resource_group, gallery, image, version)
    outcome = await run_in_threadpool(call.service.versions.delete, path)
    return outcome_response(request, outcome, call.api_version)


@router.get(VERSIONS)
async def list_versions(request: Request, call: Compute, subscription: str,
                        resource_group: str, gallery: str, image: str) -> Response:
    after, top = paging_args(request)
    page = call.service.versions.list(_path(subscription, resource_group, gallery, image), after=after, top=top)
    return page_response(request, page)
