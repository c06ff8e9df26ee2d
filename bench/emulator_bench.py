"""Benchmark of the emulator on loopback: GET/s, PUT/s, latencies, latest-of-10,000 and server memory.

Run: .venv/bin/python bench/emulator_bench.py [--client raw|requests|both] [--clients 8] [--processes N]
The server runs as its own process (python -m pulumi_sig.emulator); the load generator spreads its
clients over separate processes (one per client by default) so neither side's GIL is in the measurement.
The 10,000 versions are seeded straight into the store in one transaction. Results: bench/results/emulator_bench.json.
"""
from __future__ import annotations

import argparse
import copy
import http.client
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlencode, urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "provider"))

from pulumi_sig.emulator.ids import key_of  # noqa: E402
from pulumi_sig.emulator.server import DB_FILE  # noqa: E402
from pulumi_sig.emulator.store import Record, SqliteStore  # noqa: E402

SUB = "00000000-0000-0000-0000-0000000bench"
API = {"api-version": "2025-03-03"}
RG_PATH = f"/subscriptions/{SUB}/resourceGroups/bench"
GALLERY = f"{RG_PATH}/providers/Microsoft.Compute/galleries/benchGallery"
SOURCE = f"{RG_PATH}/providers/Microsoft.Compute/images/benchSource"


def start_server(data_dir: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen([sys.executable, "-m", "pulumi_sig.emulator", "--data-dir", str(data_dir),
                                "--port", "0", "--retry-after", "0"], stdout=subprocess.PIPE, text=True,
                               cwd=ROOT)
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def ok(response: requests.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201, 202), response.text
    return response.json() if response.content else {}


def setup(url: str) -> None:
    http = requests.Session()
    ok(http.put(url + RG_PATH, json={"location": "westus"}, params={"api-version": "2021-04-01"}))
    ok(http.put(url + GALLERY, json={"location": "westus"}, params=API))
    for image in ("seeded", "http"):
        ok(http.put(f"{url}{GALLERY}/images/{image}", params=API, json={"location": "westus", "properties": {
            "osType": "Linux", "osState": "Generalized",
            "identifier": {"publisher": "bench", "offer": "bench", "sku": image}}}))
    ok(http.put(url + SOURCE, params=API, json={"location": "westus",
                                                "properties": {"osType": "Linux", "diskSizeGB": 30}}))


class RawResponse:
    """The little of requests.Response the benchmark reads."""

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code, self.content = status_code, content
        self.text = content.decode(errors="replace")


class RawSession:
    """A keep-alive http.client connection with requests' get/put shape: far less client CPU per call."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port)

    def _send(self, method: str, url: str, body: Any = None, params: dict[str, str] | None = None) -> RawResponse:
        parts = urlsplit(url)
        target = parts.path + "?" + urlencode(params or {})
        payload = json.dumps(body).encode() if body is not None else None
        headers = {"content-type": "application/json"} if payload is not None else {}
        self.connection.request(method, target, body=payload, headers=headers)
        response = self.connection.getresponse()
        return RawResponse(response.status, response.read())

    def get(self, url: str, params: dict[str, str] | None = None) -> RawResponse:
        return self._send("GET", url, params=params)

    def put(self, url: str, json: Any = None, params: dict[str, str] | None = None) -> RawResponse:
        return self._send("PUT", url, json, params)


def server_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _client_process(indices: list[int], count: int, clients: int, request: Callable[[Any, int], Any],
                    session_factory: Callable[[], Any], start: Any, out: Any) -> None:
    """One load-generator process: a thread (own keep-alive session) per client index; reports latencies."""
    sessions = {index: session_factory() for index in indices}
    latencies: list[float] = []
    lock = threading.Lock()

    def worker(index: int) -> None:
        session, mine = sessions[index], []
        for number in range(index, count, clients):
            began = time.perf_counter()
            response = request(session, number)
            mine.append(time.perf_counter() - began)
            assert response.status_code < 300, response.text
        with lock:
            latencies.extend(mine)

    start.wait()
    cpu = time.process_time()
    threads = [threading.Thread(target=worker, args=(index,)) for index in indices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.send((latencies, time.process_time() - cpu))
    out.close()


def load(clients: int, count: int, request: Callable[[Any, int], Any], *, url: str, raw: bool, pid: int,
         processes: int) -> dict[str, Any]:
    """`count` requests from `clients` keep-alive sessions spread over `processes` load processes.

    Separate processes keep the load generator's GIL out of the measurement: 8 client threads in one
    process spend most of their time waiting for each other's GIL, not for the server.
    """
    context = multiprocessing.get_context("fork")
    start = context.Barrier(processes + 1)
    factory: Callable[[], Any] = (lambda: RawSession(url)) if raw else requests.Session
    pipes, workers = [], []
    for slot in range(processes):
        receiver, sender = context.Pipe(duplex=False)
        worker = context.Process(target=_client_process, args=(list(range(slot, clients, processes)), count,
                                                              clients, request, factory, start, sender))
        worker.start()
        pipes.append(receiver)
        workers.append(worker)
    cpu_before = server_cpu_seconds(pid)
    start.wait()
    began = time.perf_counter()
    reports = [pipe.recv() for pipe in pipes]
    elapsed = time.perf_counter() - began
    server_cpu = server_cpu_seconds(pid) - cpu_before
    for worker in workers:
        worker.join()
        assert worker.exitcode == 0, "a load process failed"
    ordered = sorted(latency for latencies, _ in reports for latency in latencies)
    assert len(ordered) == count
    return {"requests": count, "seconds": round(elapsed, 3), "per_second": round(count / elapsed, 1),
            "server_cpu_ms_per_request": round(1000 * server_cpu / count, 3),
            "client_cpu_ms_per_request": round(1000 * sum(cpu for _, cpu in reports) / count, 3),
            "p50_ms": round(1000 * ordered[len(ordered) // 2], 2),
            "p99_ms": round(1000 * ordered[int(len(ordered) * 0.99)], 2)}


def version_body(name: str) -> dict[str, Any]:
    return {"location": "westus", "properties": {"publishingProfile": {"targetRegions": [{"name": "westus"}]},
                                                 "storageProfile": {"source": {"id": SOURCE}}}}


def seed_versions(store: SqliteStore, template: Record, start: int, stop: int) -> float:
    """Insert versions start..stop-1 of the 'seeded' definition in one transaction; seconds taken."""
    began = time.perf_counter()
    with store.transaction() as tx:
        for number in range(start, stop):
            name = f"{number // 10000}.{number // 100 % 100}.{number % 100}"
            body = copy.deepcopy(template.body)
            body["id"] = template.body["id"].rsplit("/", 1)[0] + "/" + name
            body["name"] = name
            record = copy.copy(template)
            record.key, record.body = key_of(body["id"]), body
            record.version = (number // 10000, number // 100 % 100, number % 100)
            record.exclude_from_latest = number % 7 == 0  # some excluded, so the index has work to do
            tx.put(record)
    return time.perf_counter() - began


def time_latest(session: Any, url: str, store: SqliteStore, parent: str, rounds: int = 300) -> dict[str, Any]:
    latest = f"{url}{GALLERY}/images/seeded/versions/latest"
    session.get(latest, params=API)
    over_http = []
    for _ in range(rounds):
        began = time.perf_counter()
        name = json.loads(session.get(latest, params=API).content)["name"]
        over_http.append(time.perf_counter() - began)
    in_store = []
    for _ in range(rounds * 10):
        began = time.perf_counter()
        store.latest_version(parent)
        in_store.append(time.perf_counter() - began)
    return {"latest": name, "http_p50_ms": round(1000 * statistics.median(over_http), 3),
            "http_p99_ms": round(1000 * sorted(over_http)[int(rounds * 0.99)], 3),
            "store_p50_ms": round(1000 * statistics.median(in_store), 4),
            "store_p99_ms": round(1000 * sorted(in_store)[int(rounds * 9.9)], 4)}


def churn(url: str, rounds: int = 2000) -> None:
    """Reads that touch many rows, so memory growth would show: list pages and latest lookups."""
    http = requests.Session()
    link: str | None = f"{url}{GALLERY}/images/seeded/versions?api-version=2025-03-03"
    while link:
        link = ok(http.get(link)).get("nextLink")
    for _ in range(rounds):
        http.get(f"{url}{GALLERY}/images/seeded/versions/latest", params=API)


def measure_load(args: argparse.Namespace, client: str, url: str, pid: int) -> dict[str, Any]:
    """PUT versions, then GET the gallery and GET versions, each under `args.clients` concurrent clients."""
    gallery_url = url + GALLERY
    how = {"url": url, "raw": client == "raw", "pid": pid, "processes": args.processes or args.clients}
    return {
        "put_version": load(args.clients, args.puts, lambda s, n: s.put(
            f"{gallery_url}/images/http/versions/1.{n // 1000}.{n % 1000}", json=version_body(""), params=API),
            **how),
        "get_gallery": load(args.clients, args.gets, lambda s, n: s.get(gallery_url, params=API), **how),
        "get_version": load(args.clients, args.gets // 2, lambda s, n: s.get(
            f"{gallery_url}/images/http/versions/1.{n % args.puts // 1000}.{n % args.puts % 1000}", params=API),
            **how)}


def measure_versions(client: str, url: str, data_dir: Path, pid: int) -> dict[str, Any]:
    """Server RSS as the store grows to 1k, 5k and 10k versions; latest of the 10,000."""
    store = SqliteStore(data_dir / DB_FILE)
    parent = key_of(f"{GALLERY}/images/seeded")
    ok(requests.put(f"{url}{GALLERY}/images/seeded/versions/0.0.0", json=version_body(""), params=API))
    template = store.get(parent + "/versions/0.0.0")
    assert template is not None
    memory, seeded = [], 1
    for target in (1000, 5000, 10000):
        seconds = seed_versions(store, template, seeded, target)
        seeded = target
        churn(url)
        memory.append({"versions": target, "rss_mb": round(rss_mb(pid), 1), "seed_seconds": round(seconds, 3)})
    session = RawSession(url) if client == "raw" else requests.Session()
    latest = time_latest(session, url, store, parent)
    store.close()
    return {"memory": memory, "latest_of_10000": latest}


def run(args: argparse.Namespace, client: str) -> dict[str, Any]:
    """One benchmark run against a fresh server and data dir."""
    data_dir = Path(tempfile.mkdtemp(prefix="sig-emulator-bench-"))
    process, url = start_server(data_dir)
    try:
        setup(url)
        results: dict[str, Any] = {"url": url, "client": client, "clients": args.clients,
                                   "load_processes": args.processes or args.clients}
        results.update(measure_load(args, client, url, process.pid))
        results.update(measure_versions(client, url, data_dir, process.pid))
        return results
    finally:
        process.terminate()
        process.wait(timeout=10)


def report(results: dict[str, Any]) -> None:
    print(f"\nemulator benchmark: {results['clients']} concurrent {results['client']} keep-alive clients in "
          f"{results['load_processes']} load process(es), loopback, {os.cpu_count()} CPUs shared by server and "
          "load")
    print(f"{'load':<14}{'requests':>10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'server CPU ms/req':>19}"
          f"{'client CPU ms/req':>19}")
    for key in ("put_version", "get_gallery", "get_version"):
        row = results[key]
        print(f"{key:<14}{row['requests']:>10}{row['per_second']:>10}{row['p50_ms']:>10}{row['p99_ms']:>10}"
              f"{row['server_cpu_ms_per_request']:>19}{row['client_cpu_ms_per_request']:>19}")
    latest = results["latest_of_10000"]
    print(f"latest of 10,000 versions -> {latest['latest']}: GET .../versions/latest p50 {latest['http_p50_ms']} ms "
          f"(p99 {latest['http_p99_ms']} ms); store query p50 {latest['store_p50_ms']} ms "
          f"(p99 {latest['store_p99_ms']} ms)")
    print("server RSS: " + ", ".join(f"{m['versions']:,} versions {m['rss_mb']} MB" for m in results["memory"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--processes", type=int, default=0,
                        help="load-generator processes the clients are spread over (default: one per client; "
                             "1 = all client threads in one process, GIL-bound)")
    parser.add_argument("--gets", type=int, default=20000)
    parser.add_argument("--puts", type=int, default=3000)
    parser.add_argument("--client", choices=("raw", "requests", "both"), default="raw",
                        help="raw http.client keep-alive connections (default: least client CPU, measures the "
                             "server), requests.Session (what real callers use), or both")
    args = parser.parse_args()
    runs = []
    for client in (("raw", "requests") if args.client == "both" else (args.client,)):
        results = run(args, client)
        results["when"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        report(results)
        runs.append(results)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / "emulator_bench.json"
    path.write_text(json.dumps({"cpus": os.cpu_count(), "runs": runs}, indent=2))
    print(f"\nresults: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
