"""`pulumi up` of N image versions that each take T seconds to replicate, on an emulator with
time-based replication: wall-clock / T, with the dynamic host limited to its SDK's 4 calls at once
(SIG_MAX_CONCURRENCY=4) and with pulumi-sig's default, side by side in one run.
Prints a table and writes bench/results/replication_bench.json."""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pulumi_sig.client import ArmClient, ClientConfig  # noqa: E402
from pulumi_sig.emulator.server import EmulatorServer  # noqa: E402
from pulumi_sig.models import (Gallery, GalleryImage, GalleryImageVersion, ImageSource,  # noqa: E402
                               ImageSourceType, ResourceGroup)
from pulumi_sig.resources._settings import DEFAULT_MAX_CONCURRENCY  # noqa: E402
from tests.e2e.pulumi_cli import PulumiProject, engine_bin_dir, pulumi_environment  # noqa: E402

LOCATION = "westeurope"
SCALE_PROJECT = ROOT / "bench" / "projects" / "scale"


def replication_seconds(work: Path, time_scale: float) -> float:
    """T: one version of the bench's source, alone, from its PUT until Completed (polled every 0.1 s)."""
    with EmulatorServer(work / "emulator-t", port=0, replication="time", time_scale=time_scale) as server:
        client = ArmClient(ClientConfig(endpoint=server.url, cloud="emulator"))
        client.resource_groups.create_or_update("rg", ResourceGroup(location=LOCATION))
        client.galleries.create_or_update("rg", "g", Gallery(location=LOCATION))
        source = client.image_sources.create_or_update(ImageSourceType.MANAGED_IMAGE, "rg", "bench-image",
                                                       ImageSource.model_validate(
                                                           {"location": LOCATION, "properties": {"osType": "Linux"}}))
        client.image_definitions.create_or_update("rg", "g", "d", GalleryImage.model_validate({
            "location": LOCATION, "properties": {"osType": "Linux", "osState": "Generalized",
                                                 "identifier": {"publisher": "p", "offer": "o", "sku": "s"}}}))
        started = time.monotonic()
        client.image_versions.begin_create_or_update("rg", "g", "d", "1.0.0", GalleryImageVersion.model_validate(
            {"location": LOCATION, "properties": {"storageProfile": {"source": {"id": source.id}}}}))
        while client.image_versions.replication_status("rg", "g", "d", "1.0.0").aggregated_state != "Completed":
            time.sleep(0.1)
        return time.monotonic() - started


def pulumi_up(work: Path, env: dict[str, str], *, versions: int, concurrency: int, time_scale: float,
              parallel: int) -> dict[str, Any]:
    """`pulumi up` of 1 group, gallery, source and definition and `versions` versions, on a fresh emulator."""
    name = f"n{versions}-c{concurrency}"
    with EmulatorServer(work / f"emulator-{name}", port=0, replication="time", time_scale=time_scale) as server:
        project = PulumiProject.copy_of(SCALE_PROJECT, work / name, {**env, "SIG_MAX_CONCURRENCY": str(concurrency)})
        for key, value in (("sig:endpoint", server.url), ("definitions", "1"), ("versions", str(versions))):
            project.config(key, value)
        started = time.monotonic()
        result = project.up("--parallel", str(parallel))
        seconds = time.monotonic() - started
    # The CLI shows each provider line twice (as it comes, and under Diagnostics): count distinct ones.
    lines = {line.split("replicating ", 1)[1] for line in (result.stdout + result.stderr).splitlines()
             if "replicating " in line}
    return {"seconds": round(seconds, 1), "progress_lines_per_version": round(len(lines) / max(versions, 1), 1)}


def run(sizes: list[int], time_scale: float, parallel: int) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="sig-replication-bench-"))
    env = pulumi_environment(engine_bin_dir(), work / "state")
    t = replication_seconds(work, time_scale)
    # The same stack without versions: engine, program and plugin start-up plus the group ->
    # gallery/source -> definition chain, which every run pays before its first version starts.
    fixed = pulumi_up(work, env, versions=0, concurrency=DEFAULT_MAX_CONCURRENCY, time_scale=time_scale,
                      parallel=parallel)["seconds"]
    rows: dict[str, Any] = {}
    for n in sizes:
        for concurrency in (4, DEFAULT_MAX_CONCURRENCY):
            up = pulumi_up(work, env, versions=n, concurrency=concurrency, time_scale=time_scale, parallel=parallel)
            rows[f"N={n} host={concurrency}"] = {
                **up, "ratio_to_T": round(up["seconds"] / t, 2),
                "ratio_to_T_without_fixed": round((up["seconds"] - fixed) / t, 2)}
    return {"time_scale": time_scale, "engine_parallel": parallel, "T_seconds": round(t, 1),
            "fixed_seconds": fixed, "runs": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[16, 64], help="versions per run")
    parser.add_argument("--time-scale", type=float, default=8.0, help="emulator replication speed-up (8: T ~ 10 s)")
    parser.add_argument("--parallel", type=int, default=64, help="pulumi up --parallel")
    args = parser.parse_args()
    result = run(args.sizes, args.time_scale, args.parallel)
    print(f"T = {result['T_seconds']} s (time scale {result['time_scale']}), engine --parallel "
          f"{result['engine_parallel']}, fixed part {result['fixed_seconds']} s")
    print(f"{'run':22} {'seconds':>8} {'/ T':>6} {'(-fixed) / T':>13} {'lines per version':>18}")
    for name, row in result["runs"].items():
        print(f"{name:22} {row['seconds']:8} {row['ratio_to_T']:6} {row['ratio_to_T_without_fixed']:13} "
              f"{row['progress_lines_per_version']:18}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "replication_bench.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
