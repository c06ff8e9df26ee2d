"""`pulumi up` of 1 gallery + 10 definitions + 100 versions against the same calls made directly
through the client with as many threads as the engine runs, side by side in one run on one emulator,
with the dynamic host at the SDK's 4 calls at once and at pulumi-sig's default; plus the backend calls
and time of a no-change preview. Prints a table and writes bench/results/provider_bench.json."""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.process_cpu import ProcessCpu  # noqa: E402
from pulumi_sig.client import ArmClient, ClientConfig  # noqa: E402
from pulumi_sig.emulator.server import EmulatorServer  # noqa: E402
from pulumi_sig.models import Gallery, GalleryImage, GalleryImageVersion, ImageSource, ImageSourceType, ResourceGroup  # noqa: E402
from pulumi_sig.resources._settings import DEFAULT_MAX_CONCURRENCY  # noqa: E402
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


def reset(url: str) -> None:
    """Empty the emulator (admin writes need a JSON body since the emulator's admin hardening)."""
    requests.post(f"{url}/_emulator/reset", json={}, timeout=30).raise_for_status()


def stats(url: str) -> dict[str, int]:
    return requests.get(f"{url}/_emulator/stats", timeout=10).json()["requests"]


def fixed_overhead(env: dict[str, str], work: Path) -> float:
    """`pulumi up` of the same stack with no definitions: engine, program and plugin start-up."""
    with EmulatorServer(work / "emulator-empty", port=0, retry_after=0) as server:
        project = PulumiProject.copy_of(ROOT / "bench" / "projects" / "scale", work / "empty", env)
        project.config("sig:endpoint", server.url)
        project.config("definitions", "0")
        return timed(project.up)


def pulumi_up(server_url: str, env: dict[str, str], work: Path, *, definitions: int, versions: int,
              concurrency: int, parallel: int) -> tuple[PulumiProject, float, dict[str, float]]:
    """A fresh stack of the scale project, `pulumi up --parallel P` with the host serving `concurrency`
    calls: the project, the seconds it took and the CPU seconds of each process meanwhile."""
    project = PulumiProject.copy_of(ROOT / "bench" / "projects" / "scale", work / f"host-{concurrency}",
                                    {**env, "SIG_MAX_CONCURRENCY": str(concurrency)})
    for key, value in (("sig:endpoint", server_url), ("definitions", str(definitions)),
                       ("versions", str(versions))):
        project.config(key, value)
    with ProcessCpu() as cpu:
        seconds = timed(lambda: project.up("--parallel", str(parallel)))
    return project, seconds, cpu.seconds


def run(definitions: int, versions: int, parallel: int) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="sig-bench-"))
    env = pulumi_environment(engine_bin_dir(), work / "state")
    resources = 3 + definitions * (1 + versions)
    # Retry-After 0: the run measures our overhead, not the emulator's advice to wait a second.
    with EmulatorServer(work / "emulator", port=0, retry_after=0) as server:
        client = ArmClient(ClientConfig(endpoint=server.url, cloud="emulator", connection_pool_size=parallel))
        direct = {}
        # 4 = the calls the SDK's dynamic host serves at once; `parallel` = the engine's --parallel.
        for workers in sorted({1, 4, parallel}):
            direct[workers] = timed(lambda: direct_calls(client, definitions, versions, workers=workers))
            reset(server.url)
        ups, cpu = {}, {}
        for concurrency in (4, DEFAULT_MAX_CONCURRENCY):
            project, ups[concurrency], cpu[concurrency] = pulumi_up(server.url, env, work, definitions=definitions, versions=versions,
                                                  concurrency=concurrency, parallel=parallel)
            if concurrency != DEFAULT_MAX_CONCURRENCY:
                reset(server.url)
        before = stats(server.url)
        started = time.perf_counter()
        noop = changes(project.preview_json())
        preview_seconds = time.perf_counter() - started
        after = stats(server.url)
    delta = {method: after.get(method, 0) - before.get(method, 0) for method in set(after) | set(before)}
    writes = sum(n for method, n in delta.items() if method in ("PUT", "PATCH", "DELETE", "POST"))
    up = ups[DEFAULT_MAX_CONCURRENCY]
    fixed = fixed_overhead(env, work)
    return {"resources": resources, "engine_parallel": parallel,
            "direct_sequential_seconds": round(direct[1], 2), "direct_4_threads_seconds": round(direct[4], 2),
            f"direct_{parallel}_threads_seconds": round(direct[parallel], 2),
            "pulumi_up_host_4_seconds": round(ups[4], 2),
            f"pulumi_up_host_{DEFAULT_MAX_CONCURRENCY}_seconds": round(up, 2),
            f"ratio_host_4_to_{parallel}_threads": round(ups[4] / direct[parallel], 2),
            f"ratio_host_{DEFAULT_MAX_CONCURRENCY}_to_{parallel}_threads": round(up / direct[parallel], 2),
            "ratio_host_4_to_sequential": round(ups[4] / direct[1], 2),
            f"ratio_host_{DEFAULT_MAX_CONCURRENCY}_to_sequential": round(up / direct[1], 2),
            "pulumi_fixed_overhead_seconds": round(fixed, 2),
            f"marginal_ratio_host_{DEFAULT_MAX_CONCURRENCY}_to_{parallel}_threads": round((up - fixed) / direct[parallel], 2),
            "noop_preview_changes": noop, "noop_preview_requests": delta, "noop_preview_writes": writes,
            "noop_preview_reads_per_resource": round(delta.get("GET", 0) / resources, 2),
            "noop_preview_seconds": round(preview_seconds, 2),
            "noop_preview_to_up": round(preview_seconds / up, 2),
            f"cpu_seconds_up_host_{DEFAULT_MAX_CONCURRENCY}": cpu[DEFAULT_MAX_CONCURRENCY],
            "cpu_seconds_up_host_4": cpu[4], "state_bytes": state_bytes(project),
            "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()]}


def state_bytes(project: PulumiProject) -> int:
    """The size of the stack's checkpoint file (the engine rewrites it after every step)."""
    backend = Path(project.env["PULUMI_BACKEND_URL"].removeprefix("file://"))
    return sum(path.stat().st_size for path in backend.rglob(f"{project.stack}.json"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--definitions", type=int, default=10)
    parser.add_argument("--versions", type=int, default=10, help="versions per definition")
    parser.add_argument("--parallel", type=int, default=4 * (os.cpu_count() or 1),
                        help="pulumi up --parallel, and the direct baseline's threads (default: the CLI's, 4 x CPUs)")
    args = parser.parse_args()
    result = run(args.definitions, args.versions, args.parallel)
    for key, value in result.items():
        print(f"{key:36} {value}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "provider_bench.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
