"""Emulator-only admin routes: health, reset, stats and manual replication control."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from pulumi_sig.emulator.http_support import Service, arm_json, read_json

router = APIRouter()


@router.get("/_emulator/health")
async def health(service: Service) -> Response:
    return arm_json(service.health())


@router.post("/_emulator/reset")
async def reset(request: Request, service: Service) -> Response:
    await run_in_threadpool(service.reset)
    request.app.state.stats.reset()
    return arm_json({"status": "reset"})


@router.get("/_emulator/stats")
async def stats(request: Request) -> Response:
    return arm_json(request.app.state.stats.snapshot())


@router.post("/_emulator/replication/advance")
async def advance_replication(request: Request, service: Service) -> Response:
    body = await read_json(request)
    return arm_json(await run_in_threadpool(service.advance_replication, body))
