"""resources/_host.py drives the SDK's own dynamic-provider servicer directly (no CLI): import
reads with no serialized provider, property-level diffs, one-line refusals, many calls at once,
and an SDK outside the supported range left unchanged with one warning."""
from __future__ import annotations

import ast
import asyncio
import importlib.util
import types
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
