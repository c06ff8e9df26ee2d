"""resources/_host.py drives the SDK's own dynamic-provider servicer directly (no CLI): import
reads with no serialized provider, property-level diffs, one-line refusals, many calls at once
(the host's gRPC pool widened past its 4 workers, bounded by sig:maxConcurrency), and an SDK or a
grpc.server call outside what is known left unchanged with one warning."""
from __future__ import annotations

import ast
import asyncio
import importlib.util
import threading
import types
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from pulumi_sig.resources import _host
from pulumi_sig.resources._registry import is_refusal, reader_for_id


class Aborted(Exception):
    def __init__(self, code: Any, details: str) -> None:
        super().__init__(details)
        self.code, self.details = code, details


class Context:
    """The bits of grpc.ServicerContext the host uses."""

    def abort(self, code: Any, details: str) -> None:
        raise Aborted(code, details)

    def set_code(self, code: Any) -> None:
        pass

    def set_details(self, details: str) -> None:
        pass


def load_host() -> types.ModuleType:
    """pulumi/dynamic/__main__.py as a module, without its final main() (which serves forever)."""
    spec = importlib.util.find_spec("pulumi.dynamic.__main__")
    assert spec is not None and spec.origin is not None
    tree = ast.parse(open(spec.origin).read())
    last = tree.body[-1]
    assert isinstance(last, ast.Expr) and isinstance(last.value, ast.Call) and last.value.func.id == "main"
    tree.body.pop()
    module = types.ModuleType("dynamic_host_under_test")
    exec(compile(tree, spec.origin, "exec"), module.__dict__)  # noqa: S102 - the SDK's own file
    return module


@pytest.fixture
def host(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    module = load_host()
    monkeypatch.setitem(_host._STATE, "installed", False)
    monkeypatch.setitem(_host._STATE, "warned", False)
    assert _host.install(_host.Hooks(reader_for_id=reader_for_id, is_refusal=is_refusal), host=module)
    return module


def _struct(values: dict[str, Any]) -> Any:
    from pulumi.runtime import rpc

    return asyncio.new_event_loop().run_until_complete(rpc.serialize_properties(values, {}))


@pytest.fixture
def gallery_id(arm: Any) -> str:
    from pulumi_sig.models import Gallery, ResourceGroup

    arm.resource_groups.create_or_update("host-rg", ResourceGroup.model_validate({"location": "westeurope"}))
    made = arm.galleries.create_or_update("host-rg", "hostGallery", Gallery.model_validate(
        {"location": "westeurope", "properties": {"description": "made by hand"}}))
    return str(made.id)


def test_import_read_without_a_serialized_provider(host: types.ModuleType, emulator_url: str,
                                                   gallery_id: str) -> None:
    from pulumi.runtime import rpc
    from pulumi.runtime.proto import provider_pb2

    servicer = host.DynamicResourceProviderServicer()
    servicer._config = {"sig:endpoint": emulator_url}
    response = servicer.Read(provider_pb2.ReadRequest(id=gallery_id), Context())
    outputs = rpc.deserialize_properties(response.properties)
    assert response.id.lower() == gallery_id.lower()
    assert outputs["gallery_name"] == "hostGallery" and outputs["description"] == "made by hand"
    assert outputs[_host.PROVIDER_KEY]  # the serialized provider travels on with the state
    inputs = rpc.deserialize_properties(response.inputs)
    assert inputs["resource_group_name"] == "host-rg"


def test_many_reads_at_once(host: types.ModuleType, emulator_url: str, gallery_id: str) -> None:
    from pulumi.runtime.proto import provider_pb2

    servicer = host.DynamicResourceProviderServicer()
    servicer._config = {"sig:endpoint": emulator_url}
    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(lambda _: servicer.Read(provider_pb2.ReadRequest(id=gallery_id), Context()).id,
                                range(32)))
    assert {answer.lower() for answer in answers} == {gallery_id.lower()}


def test_a_refusal_is_one_line_not_a_traceback(host: types.ModuleType) -> None:
    from pulumi.runtime.proto import provider_pb2

    servicer = host.DynamicResourceProviderServicer()
    with pytest.raises(Aborted) as refused:
        servicer.Read(provider_pb2.ReadRequest(
            id="/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v"), Context())
    assert refused.value.details.startswith("InvalidImportId:") and "Traceback" not in refused.value.details
    with pytest.raises(Aborted) as crashed:  # anything else keeps the host's full traceback
        servicer.Read(provider_pb2.ReadRequest(id="x", properties=_struct({"__provider": "bm90IGRpbGw="})),
                      Context())
    assert "Traceback" in crashed.value.details


def test_diff_carries_per_property_update_and_replace(host: types.ModuleType, emulator_url: str) -> None:
    from pulumi.dynamic.dynamic import serialize_provider
    from pulumi.runtime.proto import provider_pb2

    from pulumi_sig.resources.image_definition import ImageDefinitionProvider

    provider = serialize_provider(ImageDefinitionProvider())
    olds = {"__provider": provider, "resource_group_name": "rg", "gallery_name": "g", "image_name": "i",
            "offer": "o", "description": "a", "location": "westeurope"}
    news = {**olds, "offer": "o2", "description": "b"}
    servicer = host.DynamicResourceProviderServicer()
    servicer._config = {"sig:endpoint": emulator_url}  # a replace lists what it takes with it: nothing here
    response = servicer.Diff(provider_pb2.DiffRequest(id="id", olds=_struct(olds), news=_struct(news)), Context())
    assert response.hasDetailedDiff and set(response.diffs) == {"offer", "description"}
    assert response.detailedDiff["offer"].kind == provider_pb2.PropertyDiff.UPDATE_REPLACE
    assert response.detailedDiff["description"].kind == provider_pb2.PropertyDiff.UPDATE
    assert list(response.replaces) == ["offer"]


def test_an_unsupported_sdk_is_left_unchanged_with_one_warning(monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    module = load_host()
    original = module.get_provider
    monkeypatch.setitem(_host._STATE, "installed", False)
    monkeypatch.setitem(_host._STATE, "warned", False)
    monkeypatch.setattr(_host, "sdk_version", lambda: (3, 999))
    hooks = _host.Hooks(reader_for_id=reader_for_id, is_refusal=is_refusal)
    assert _host.install(hooks, host=module) is False
    assert _host.install(hooks, host=module) is False
    assert module.get_provider is original
    warnings = capsys.readouterr().err
    assert warnings.count("outside the range pulumi-sig supports (3.272..3.272)") == 1


def test_a_host_missing_an_internal_is_left_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    module = load_host()
    del module.get_provider
    monkeypatch.setitem(_host._STATE, "installed", False)
    monkeypatch.setitem(_host._STATE, "warned", False)
    assert _host.unsupported_reason(module) == "the pulumi SDK's dynamic host lacks get_provider"
    assert _host.install(_host.Hooks(reader_for_id=reader_for_id, is_refusal=is_refusal), host=module) is False


# ----- many calls at once: the host's thread pool widened (SIG_MAX_CONCURRENCY), sig:maxConcurrency -----

class InFlight:
    """Counts provider calls running at once. Each call holds until `enough` run together (or one
    gave up waiting), so the answer is decided by how many the host lets in, not by timing."""

    def __init__(self, enough: int, *, patience: float = 5.0) -> None:
        self.enough, self.patience, self.now, self.most = enough, patience, 0, 0
        self._lock = threading.Lock()
        self._together = threading.Event()

    def around(self, call: Any) -> Any:
        def counted(*args: Any) -> Any:
            with self._lock:
                self.now += 1
                self.most = max(self.most, self.now)
                if self.now >= self.enough:
                    self._together.set()
            try:
                if not self._together.wait(timeout=self.patience):
                    self._together.set()  # the host holds fewer: let the rest through at once
                return call(*args)
            finally:
                with self._lock:
                    self.now -= 1
        return counted


def _serve(host: types.ModuleType, config: dict[str, str], *, workers: int) -> tuple[Any, Any]:
    """The host's own main() up to start(), with grpc.server wrapped as _boot does; returns (server, stub)."""
    import grpc
    from pulumi.runtime.proto import provider_pb2_grpc

    wrapped = types.SimpleNamespace(server=grpc.server)
    assert _host.widen_server_pool(wrapped, workers)
    server = wrapped.server(futures.ThreadPoolExecutor(max_workers=4), options=host._GRPC_CHANNEL_OPTIONS)
    servicer = host.DynamicResourceProviderServicer()
    servicer._config = config
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
    port = server.add_insecure_port(address="127.0.0.1:0")
    server.start()
    return server, provider_pb2_grpc.ResourceProviderStub(grpc.insecure_channel(f"127.0.0.1:{port}"))


def _create_galleries(stub: Any, count: int) -> list[str]:
    from pulumi.dynamic.dynamic import serialize_provider
    from pulumi.runtime.proto import provider_pb2

    from pulumi_sig.resources.gallery import GalleryProvider

    provider = serialize_provider(GalleryProvider())

    def create(n: int) -> str:
        props = {"__provider": provider, "resource_group_name": "wide-rg", "gallery_name": f"wide{n}",
                 "location": "westeurope"}
        return str(stub.Create(provider_pb2.CreateRequest(urn=f"urn:{n}", properties=_struct(props)), timeout=120).id)

    with futures.ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(create, range(count)))


@pytest.fixture
def wide_group(arm: Any) -> None:
    from pulumi_sig.models import ResourceGroup

    arm.resource_groups.create_or_update("wide-rg", ResourceGroup.model_validate({"location": "westeurope"}))


def test_the_sdk_main_hands_its_pool_to_the_wrap(host: types.ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """The SDK's real main() calls grpc.server in the shape the wrap expects: its pool is replaced."""
    seen: list[Any] = []

    class Stop(Exception):
        pass

    def server(pool: Any, **kwargs: Any) -> Any:
        seen.append(pool)
        raise Stop

    fake_grpc = types.SimpleNamespace(server=server)
    monkeypatch.setattr(host, "grpc", fake_grpc)
    monkeypatch.setitem(_host._STATE, "pool_warned", False)
    assert _host.widen_server_pool(fake_grpc, 32)
    with pytest.raises(Stop):
        host.main()
    assert [pool._max_workers for pool in seen] == [32] and not _host._STATE["pool_warned"]


def test_thirty_two_creates_run_at_once_through_the_widened_server(
        host: types.ModuleType, emulator_url: str, wide_group: None, arm: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from pulumi_sig.resources.gallery import GalleryProvider

    in_flight = InFlight(enough=5)
    monkeypatch.setattr(GalleryProvider, "apply", in_flight.around(GalleryProvider.apply))
    server, stub = _serve(host, {"sig:endpoint": emulator_url}, workers=32)
    try:
        ids = _create_galleries(stub, 32)
    finally:
        server.stop(0)
    assert in_flight.most > 4  # the SDK's own pool never runs more than 4
    assert len(set(ids)) == 32 and len(arm.galleries.list_by_resource_group("wide-rg")) == 32


def test_sig_max_concurrency_bounds_provider_calls(host: types.ModuleType, emulator_url: str, wide_group: None,
                                                   arm: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from pulumi_sig.resources.gallery import GalleryProvider

    in_flight = InFlight(enough=3, patience=0.5)  # 3 never run together here
    monkeypatch.setattr(GalleryProvider, "apply", in_flight.around(GalleryProvider.apply))
    server, stub = _serve(host, {"sig:endpoint": emulator_url, "sig:maxConcurrency": "2"}, workers=32)
    try:
        ids = _create_galleries(stub, 6)
    finally:
        server.stop(0)
    assert in_flight.most == 2
    assert len(set(ids)) == 6


@pytest.mark.parametrize(("args", "kwargs", "problem"), [
    ((), {"thread_pool": None}, "not called with one positional thread pool"),
    (("not a pool",), {}, "handed a str, not a ThreadPoolExecutor"),
    ((futures.ThreadPoolExecutor(max_workers=4),), {"unheard_of": 1}, "unknown arguments (unheard_of)"),
])
def test_an_unknown_server_call_shape_passes_through_with_one_warning(
        args: tuple[Any, ...], kwargs: dict[str, Any], problem: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[tuple[Any, ...]] = []
    fake_grpc = types.SimpleNamespace(server=lambda *a, **k: calls.append((a, k)))
    monkeypatch.setitem(_host._STATE, "pool_warned", False)
    assert _host.widen_server_pool(fake_grpc, 64)
    fake_grpc.server(*args, **kwargs)
    fake_grpc.server(*args, **kwargs)
    assert calls == [(args, kwargs)] * 2  # handed on exactly as called
    warnings = capsys.readouterr().err
    assert warnings.count("the dynamic host keeps its own thread pool") == 1 and problem in warnings


def test_a_running_pool_or_a_large_enough_one_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    fake_grpc = types.SimpleNamespace(server=lambda pool, **_: calls.append(pool))
    monkeypatch.setitem(_host._STATE, "pool_warned", False)
    _host.widen_server_pool(fake_grpc, 16)
    _host.widen_server_pool(fake_grpc, 16)  # once only: the wrap is not wrapped again
    large, running = futures.ThreadPoolExecutor(max_workers=64), futures.ThreadPoolExecutor(max_workers=2)
    running.submit(lambda: None).result()
    fake_grpc.server(large)
    fake_grpc.server(running)
    assert calls == [large, running] and _host._STATE["pool_warned"]  # the running one was told about
    running.shutdown()


@pytest.mark.parametrize("value", ["0", "-3", "lots", "4.5", "1025", "٣"])
def test_a_bad_max_concurrency_is_refused_naming_the_key(value: str) -> None:
    from pulumi_sig.resources._settings import SettingsError, settings_from

    with pytest.raises(SettingsError, match=r"^sig:maxConcurrency: .* is not a whole number from 1 to 1024$"):
        settings_from(lambda key: value if key == "maxConcurrency" else None)


def test_max_concurrency_defaults_well_above_the_sdk_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    from pulumi_sig.resources._settings import host_concurrency, settings_from

    monkeypatch.delenv("SIG_MAX_CONCURRENCY", raising=False)
    assert settings_from(lambda _key: None).max_concurrency == host_concurrency() == 64
    monkeypatch.setenv("SIG_MAX_CONCURRENCY", "8")
    assert settings_from(lambda _key: None).max_concurrency == host_concurrency() == 8
    assert settings_from(lambda key: "3" if key == "maxConcurrency" else None).max_concurrency == 3


def test_replication_progress_is_one_line_per_state_change(capsys: pytest.CaptureFixture[str]) -> None:
    from pulumi_sig.models.image_version import ReplicationStatus
    from pulumi_sig.resources.image_version import _report

    def status(aggregate: str, state: str, percent: int) -> ReplicationStatus:
        return ReplicationStatus.model_validate({"aggregatedState": aggregate, "summary": [
            {"region": "westeurope", "state": state, "progress": percent}]})

    report = _report(("rg", "g", "i", "1.0.0"))
    for percent in (0, 10, 40, 70):
        report(status("InProgress", "Replicating", percent))
    report(status("Completed", "Completed", 100))
    report(status("Completed", "Completed", 100))
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["replicating g/i/1.0.0: InProgress (westeurope: Replicating 0%)",
                     "replicating g/i/1.0.0: Completed (westeurope: Completed 100%)"]


def test_preview_rules_read_a_parent_once_for_many_versions_checked_at_once() -> None:
    from pulumi_sig.resources._base import ReadOnce

    fetched: list[str] = []
    started = threading.Barrier(16)

    def fetch(key: str) -> Any:
        fetched.append(key)
        return None if key == "missing" else {"id": key}

    def check(n: int) -> Any:
        started.wait(timeout=10)  # all sixteen ask at once
        return bodies.get("definition", lambda: fetch("definition")), bodies.get("missing", lambda: fetch("missing"))

    bodies = ReadOnce()
    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(check, range(16)))
    assert answers == [({"id": "definition"}, None)] * 16
    assert fetched.count("definition") == 1 and fetched.count("missing") == 16  # not found: asked again


def test_boot_widens_grpc_server_from_the_environment_and_says_so_when_it_is_bad(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import grpc
    from pulumi.runtime.proto import provider_pb2_grpc

    seen: list[int] = []
    monkeypatch.setattr(grpc, "server", lambda pool, **_: seen.append(pool._max_workers))
    registration = provider_pb2_grpc.add_ResourceProviderServicer_to_server
    monkeypatch.setattr(provider_pb2_grpc, "add_ResourceProviderServicer_to_server", registration)  # restored after
    monkeypatch.setenv("SIG_MAX_CONCURRENCY", "lots")
    from pulumi_sig.resources import _boot

    _boot._widen_server_pool()
    grpc.server(futures.ThreadPoolExecutor(max_workers=4), options=[])
    assert seen == [64]
    assert "pulumi-sig: SIG_MAX_CONCURRENCY: 'lots' is not a whole number from 1 to 1024; serving 64 calls at once" \
        in capsys.readouterr().err


def _import_read(host: types.ModuleType, emulator_url: str, arm_id: str, type_token: str) -> Any:
    from pulumi.runtime.proto import provider_pb2

    servicer = host.DynamicResourceProviderServicer()
    servicer._config = {"sig:endpoint": emulator_url}
    urn = f"urn:pulumi:dev::proj::{type_token}::imported"
    return servicer.Read(provider_pb2.ReadRequest(id=arm_id, urn=urn), Context())


def test_an_import_reads_as_the_type_being_imported(host: types.ModuleType, emulator_url: str,
                                                    gallery_id: str) -> None:
    from pulumi.runtime import rpc

    response = _import_read(host, emulator_url, gallery_id, "pulumi-python:dynamic/sig:Gallery")
    assert rpc.deserialize_properties(response.properties)["gallery_name"] == "hostGallery"
    for wrong in ("ImageDefinition", "ImageVersion", "GallerySharing", "ResourceGroup", "RoleAssignment"):
        with pytest.raises(Aborted) as refused:
            _import_read(host, emulator_url, gallery_id, f"pulumi-python:dynamic/sig:{wrong}")
        assert refused.value.details.startswith("InvalidImportId:"), refused.value.details
        assert f"not of a {wrong}" in refused.value.details and "Traceback" not in refused.value.details
    # stacks from before each class had its own type import by id alone
    legacy = _import_read(host, emulator_url, gallery_id, "pulumi-python:dynamic:Resource")
    assert legacy.id.lower() == gallery_id.lower()


@pytest.mark.parametrize("suffix", ["/images", "/bogus/x", "/", "/images/x/versions"])
def test_an_id_of_no_managed_shape_is_refused_not_read_as_its_prefix(host: types.ModuleType, emulator_url: str,
                                                                     gallery_id: str, suffix: str) -> None:
    with pytest.raises(Aborted) as refused:
        _import_read(host, emulator_url, gallery_id + suffix, "pulumi-python:dynamic/sig:Gallery")
    assert refused.value.details.startswith("InvalidImportId:") and "Traceback" not in refused.value.details


def test_an_id_in_another_subscription_is_refused_not_read_in_ours(host: types.ModuleType, emulator_url: str,
                                                                   gallery_id: str) -> None:
    other = gallery_id.replace("00000000-0000-0000-0000-000000000000", "11111111-2222-3333-4444-555555555555")
    with pytest.raises(Aborted) as refused:
        _import_read(host, emulator_url, other, "pulumi-python:dynamic/sig:Gallery")
    assert "is in subscription 11111111-2222-3333-4444-555555555555" in refused.value.details
    assert "sig:subscriptionId" in refused.value.details


def test_a_gallery_sharing_imports_from_its_share_id(host: types.ModuleType, emulator_url: str, arm: Any) -> None:
    from pulumi.runtime import rpc

    from pulumi_sig.models import Gallery, ResourceGroup

    consumer = "22222222-3333-4444-5555-666666666666"
    arm.resource_groups.create_or_update("share-rg", ResourceGroup.model_validate({"location": "westeurope"}))
    made = arm.galleries.create_or_update("share-rg", "sharedGallery", Gallery.model_validate(
        {"location": "westeurope", "properties": {"sharingProfile": {"permissions": "Groups"}}}))
    arm.galleries.share("share-rg", "sharedGallery", "Add", [{"type": "Subscriptions", "ids": [consumer]}])
    response = _import_read(host, emulator_url, f"{made.id}/share", "pulumi-python:dynamic/sig:GallerySharing")
    outputs = rpc.deserialize_properties(response.properties)
    assert outputs["gallery_name"] == "sharedGallery" and outputs["subscription_ids"] == [consumer]
    assert response.id.lower() == f"{made.id}/share".lower()
