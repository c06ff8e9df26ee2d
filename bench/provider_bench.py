"""`pulumi up` of 1 gallery + 10 definitions + 100 versions against the same calls made directly
through the client, side by side in one run on one emulator; plus the backend calls a no-change
preview makes. Prints a table and writes bench/results/provider_bench.json."""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pulumi_sig.client import ArmClient, ClientConfig  # noqa: E402
from pulumi_sig.emulator.server import EmulatorServer  # noqa: E402
from pulumi_sig.models import Gallery, GalleryImage, GalleryImageVersion, ImageSource, ImageSourceType, ResourceGroup  # noqa: E402
from tests.e2e.pulumi_cli import PulumiProject, changes, engine_bin_dir, pulumi_environment  # noqa: E402

LOCATION = "westeurope"


def direct_calls(client: ArmClient, definitions: int, versions: int, *, workers: int) -> None:
    """The calls the stack makes, through the client, each waited for; `workers` at a time
    where the stack's dependencies allow it (definitions after the gallery, versions after them)."""
    client.resource_groups.create_or_update("bench-rg", ResourceGroup(location=LOCATION))
    client.galleries.create_or_update("bench-rg", "benchGallery", Gallery(location=LOCATION))
    source = client.image_sources.create_or_update(ImageSourceType.MANAGED_IMAGE, "bench-rg", "bench-image",
                                                   ImageSource.model_validate({"location": LOCATION, "properties": {"osType": "Linux"}}))

    def definition(d: int) -> None:
        client.image_definitions.create_or_update("bench-rg", "benchGallery", f"def{d}", GalleryImage.model_validate({
            "location": LOCATION, "properties": {"osType": "Linux", "osState": "Generalized",
                                                 "identifier": {"publisher": "Bench", "offer": "Offer", "sku": f"sku{d}"}}}))

    def version(dv: tuple[int, int]) -> None:
        client.image_versions.create_or_update("bench-rg", "benchGallery", f"def{dv[0]}", f"1.0.{dv[1]}",
                                               GalleryImageVersion.model_validate({
                                                   "location": LOCATION, "properties": {
                                                       "storageProfile": {"source": {"id": source.id}}}}))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(definition, range(definitions)))
        list(pool.map(version, [(d, v) for d in range(definitions) for v in range(versions)]))


def timed(fn: Any) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def stats(url: str) -> dict[str, int]:
    return requests.get(f"{url}/_emulator/stats", timeout=10).json()["requests"]


def fixed_overhead(env: dict[str, str], work: Path) -> float:
    """`pulumi up` of the same stack with no definitions: engine, program and plugin start-up."""
    with EmulatorServer(work / "emulator-empty", port=0, retry_after=0) as server:
        project = PulumiProject.copy_of(ROOT / "bench" / "projects" / "scale", work / "empty", env)
        project.config("sig:endpoint", server.url)
        project.config("definitions", "0")
        return timed(project.up)


def run(definitions: int, versions: int) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="sig-bench-"))
    env = pulumi_environment(engine_bin_dir(), work / "state")
    # Retry-After 0: the run measures our overhead, not the emulator's advice to wait a second.
    with EmulatorServer(work / "emulator", port=0, retry_after=0) as server:
        client = ArmClient(ClientConfig(endpoint=server.url, cloud="emulator"))
        direct = {}
        # 4 = the most calls Pulumi's Python dynamic-provider host serves at once (its gRPC pool).
        for workers in (1, 4, 8):
            direct[workers] = timed(lambda: direct_calls(client, definitions, versions, workers=workers))
            requests.post(f"{server.url}/_emulator/reset", timeout=30)

        project = PulumiProject.copy_of(ROOT / "bench" / "projects" / "scale", work, env)
        for key, value in (("sig:endpoint", server.url), ("definitions", str(definitions)),
                           ("versions", str(versions))):
            project.config(key, value)
        pulumi_seconds = timed(project.up)
        before = stats(server.url)
        noop = changes(project.preview_json())
        after = stats(server.url)
    delta = {method: after.get(method, 0) - before.get(method, 0) for method in set(after) | set(before)}
    writes = sum(n for method, n in delta.items() if method in ("PUT", "PATCH", "DELETE", "POST"))
    best = min(direct.values())
    fixed = fixed_overhead(env, work)
    return {"resources": 3 + definitions * (1 + versions),
            "direct_sequential_seconds": round(direct[1], 2), "direct_4_threads_seconds": round(direct[4], 2),
            "direct_8_threads_seconds": round(direct[8], 2),
            "ratio_to_sequential": round(pulumi_seconds / direct[1], 2),
            "ratio_to_4_threads": round(pulumi_seconds / direct[4], 2),
            "pulumi_up_seconds": round(pulumi_seconds, 2), "ratio_to_fastest_direct": round(pulumi_seconds / best, 2),
            "pulumi_fixed_overhead_seconds": round(fixed, 2),
            "marginal_ratio_to_4_threads": round((pulumi_seconds - fixed) / direct[4], 2),
            "noop_preview_changes": noop, "noop_preview_requests": delta, "noop_preview_writes": writes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--definitions", type=int, default=10)
    parser.add_argument("--versions", type=int, default=10, help="versions per definition")
    args = parser.parse_args()
    result = run(args.definitions, args.versions)
    for key, value in result.items():
        print(f"{key:24} {value}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "provider_bench.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
