"""A bounded, seeded fuzzer over the spec's gallery paths: mutated example bodies and hostile names; 0 x 5xx.

schemathesis is not installed here (no lock change without the lead), so this walks the bundled spec itself:
each round picks an operation the emulator serves, binds path parameters to live fixtures or hostile names,
and sends the spec example's body mutated (wrong types, deep nesting, control characters, unknown fields).
Every answer must be < 500, and every 4xx must be ARM's {"error": {"code", "message"}} envelope.
Budget: SIG_FUZZ_SECONDS (default 15 s); seed: SIG_FUZZ_SEED (default fixed, so CI failures reproduce).
"""
from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests

from tests.emulator.conftest import AZURE_SPEC, COMPUTE, SUB, Arm

SPEC = AZURE_SPEC / (
    "specification/compute/resource-manager/Microsoft.Compute/GalleryRP/stable/2025-03-03/GalleryRP.json")
SERVED = ("/galleries", "/galleries/{galleryName}", "/galleries/{galleryName}/share",
          "/galleries/{galleryName}/images", "/galleries/{galleryName}/images/{galleryImageName}",
          "/galleries/{galleryName}/images/{galleryImageName}/versions",
          "/galleries/{galleryName}/images/{galleryImageName}/versions/{galleryImageVersionName}")
LIVE = {"subscriptionId": SUB, "resourceGroupName": "rg1", "galleryName": "gal", "galleryImageName": "img",
        "galleryImageVersionName": "1.0.0"}
HOSTILE_NAMES = ["a/b", "..", "%2F", "名前", "١.٠.٠", "x" * 300, "a b", "a\u0000b", "CON", "-", "1.0.0.0",
                 "99999999999.0.0", "g%2Fimages%2Fimg", "'; DROP TABLE", "a\\b", ""]
HOSTILE_VALUES: list[Any] = [None, True, 0, -1, 2**70, 1.5e308, "", "x" * 10_000, "\u0000\u202e\ud7ff",
                             [], [1, "a", None], {}, {"a": {"b": {"c": []}}}, "westus", "Generalized"]


def _operations() -> list[tuple[str, str, Any]]:
    """(method, path template, example body or None) for every served operation of the spec."""
    spec = json.loads(SPEC.read_text())
    found = []
    for template, operations in spec["paths"].items():
        if not template.startswith("/subscriptions/{subscriptionId}/") or \
                not any(template.endswith(tail) for tail in SERVED):
            continue
        for method, operation in operations.items():
            found.append((method.upper(), template, _example_body(operation)))
    return found


def _example_body(operation: dict[str, Any]) -> Any:
    for reference in (operation.get("x-ms-examples") or {}).values():
        file = SPEC.parent / reference["$ref"]
        if not file.exists():  # the bundled spec carries some of the examples only
            continue
        example = json.loads(file.read_text())
        for value in example.get("parameters", {}).values():
            if isinstance(value, dict) and ("location" in value or "properties" in value or "operationType" in value):
                return value
    return None


def _mutate(value: Any, rng: random.Random, depth: int = 0) -> Any:
    """One random change somewhere in a JSON value."""
    if isinstance(value, dict) and value and depth < 6 and rng.random() < 0.7:
        key = rng.choice(list(value))
        changed = dict(value)
        roll = rng.random()
        if roll < 0.15:
            del changed[key]
        elif roll < 0.25:
            changed[rng.choice(["type", "id", "name", "zzUnknown", "provisioningState"])] = rng.choice(HOSTILE_VALUES)
        else:
            changed[key] = _mutate(value[key], rng, depth + 1)
        return changed
    if isinstance(value, list) and value and depth < 6 and rng.random() < 0.7:
        index = rng.randrange(len(value))
        return value[:index] + [_mutate(value[index], rng, depth + 1)] + value[index + 1:]
    if rng.random() < 0.05:
        nested: Any = "deep"
        for _ in range(rng.choice([10, 70, 600])):
            nested = [nested]
        return nested
    return rng.choice(HOSTILE_VALUES)


def _path(template: str, rng: random.Random) -> str:
    def bind(name: str) -> str:
        value = LIVE.get(name, "x") if rng.random() < 0.75 else rng.choice(HOSTILE_NAMES)
        return quote(value, safe="") if rng.random() < 0.8 else value.replace("/", "%2F")
    parts = template.split("/")
    return "/".join(bind(p[1:-1]) if p.startswith("{") else p for p in parts)


def _check(response: requests.Response, what: str) -> None:
    assert response.status_code < 500, f"{what} -> {response.status_code}: {response.text[:300]}"
    if response.status_code >= 400 and response.content:
        error = response.json()["error"]
        assert error["code"] and error["message"], what


@pytest.mark.timeout(120)
def test_fuzz_the_served_spec_operations_never_gives_a_5xx(arm: Arm) -> None:
    arm.stack()
    arm.version()
    rng = random.Random(int(os.environ.get("SIG_FUZZ_SEED", "20261129")))
    operations = _operations()
    assert len(operations) >= 12, operations
    ends_at = time.monotonic() + float(os.environ.get("SIG_FUZZ_SECONDS", "15"))
    session, sent, statuses = requests.Session(), 0, dict[int, int]()
    while time.monotonic() < ends_at:
        method, template, example = rng.choice(operations)
        url = f"{arm.url}{_path(template, rng)}?api-version={rng.choice([COMPUTE, COMPUTE, '2019-01-01', ''])}"
        body = None
        if method in ("PUT", "PATCH", "POST"):
            body = json.dumps(_mutate(example or {"location": "westus"}, rng), allow_nan=True).encode()
        headers = {"Content-Type": "application/json"} if body is not None else {}
        response = session.request(method, url, data=body, headers=headers, timeout=30)
        _check(response, f"{method} {url} {body[:300] if body else b''!r}")
        sent += 1
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    print(f"fuzz: {sent} requests, statuses {dict(sorted(statuses.items()))}")
    assert sent > 50
    assert arm.get(arm.gallery_path()).status_code in (200, 404)
