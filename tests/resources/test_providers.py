"""check and diff of the dynamic providers, straight from the mutability table (no backend)."""
from __future__ import annotations

import base64
import os
from typing import Any

import dill
import pulumi
import pytest
from pulumi.dynamic.dynamic import serialize_provider

from pulumi_sig.resources.gallery import GalleryProvider
from pulumi_sig.resources.image_definition import ImageDefinitionProvider
from pulumi_sig.resources.image_version import ImageVersionProvider

VERSION = {"resource_group_name": "rg", "gallery_name": "g", "image_name": "i", "version_name": "1.0.0",
           "location": "westeurope", "source_id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/x",
           "target_regions": [{"name": "West Europe", "regional_replica_count": 2}, {"name": "northeurope"}]}
DEFINITION = {"resource_group_name": "rg", "gallery_name": "g", "image_name": "i", "location": "westeurope",
              "os_type": "linux", "os_state": "Generalized", "publisher": "p", "offer": "o", "sku": "s"}


def checked(provider: Any, inputs: dict[str, Any], olds: dict[str, Any] | None = None) -> dict[str, Any]:
    result = provider.check(olds or {}, inputs)
    assert result.failures == [], [(f.property, f.reason) for f in result.failures]
    return result.inputs


def test_region_forms_and_server_defaults_never_diff() -> None:
    provider = ImageVersionProvider()
    a = checked(provider, VERSION)
    b = checked(provider, {**VERSION, "location": "West Europe",
                           "target_regions": [{"name": "westeurope", "regional_replica_count": 2},
                                              {"name": "North Europe", "regional_replica_count": 1,
                                               "storage_account_type": "standard_lrs"}]})
    assert provider.diff("id", a, b).changes is False
    assert a["target_regions"][1] == {"name": "northeurope", "regional_replica_count": 1,
                                      "storage_account_type": "Standard_LRS", "exclude_from_latest": False}


@pytest.mark.parametrize(("change", "prop"), [
    ({"target_regions": [{"name": "westeurope", "regional_replica_count": 3}]}, "target_regions"),
    ({"exclude_from_latest": True}, "exclude_from_latest"),
    ({"end_of_life_date": "2099-01-01"}, "end_of_life_date"),
    ({"replica_count": 2}, "replica_count"),
    ({"tags": {"a": "b"}}, "tags"),
])
def test_version_mutable_fields_update_in_place(change: dict[str, Any], prop: str) -> None:
    provider = ImageVersionProvider()
    olds, news = checked(provider, VERSION), checked(provider, {**VERSION, **change})
    diff = provider.diff("id", olds, news)
    assert diff.changes and diff.replaces == []


def test_end_of_life_removal_is_in_place() -> None:
    provider = ImageVersionProvider()
    with_eol = checked(provider, {**VERSION, "end_of_life_date": "2099-01-01T00:00:00Z"})
    diff = provider.diff("id", with_eol, checked(provider, VERSION, olds=with_eol))
    assert diff.changes and diff.replaces == []


@pytest.mark.parametrize("change", [{"source_id": "/other"}, {"storage_account_type": "Premium_LRS"},
                                    {"location": "northeurope"}])
def test_version_immutable_fields_replace_deleting_first(change: dict[str, Any]) -> None:
    provider = ImageVersionProvider()
    olds = checked(provider, VERSION)
    diff = provider.diff("id", olds, {**olds, **change})
    assert diff.replaces == [next(iter(change))]
    assert diff.delete_before_replace is True  # same version name: the replacement collides


def test_definition_replace_collides_on_publisher_offer_sku() -> None:
    provider = ImageDefinitionProvider()
    olds = checked(provider, DEFINITION)
    assert olds["hyper_v_generation"] == "V1" and olds["os_type"] == "Linux"
    renamed = provider.diff("id", olds, {**olds, "image_name": "other"})
    assert renamed.replaces == ["image_name"] and renamed.delete_before_replace is True
    new_triple = provider.diff("id", olds, {**olds, "image_name": "other", "sku": "s2"})
    assert set(new_triple.replaces) == {"image_name", "sku"} and new_triple.delete_before_replace is False
    described = provider.diff("id", olds, {**olds, "description": "d", "recommended_vcpus_max": 8})
    assert described.changes and described.replaces == []


def test_check_reports_one_failure_per_bad_property() -> None:
    bad = {**VERSION, "version_name": "1.0", "location": "China East 2",
           "target_regions": [{"name": "China East 2", "regional_replica_count": 0}, {"name": "West US"}],
           "end_of_life_date": "yesterday"}
    failures = {f.property for f in ImageVersionProvider().check({}, bad).failures}
    assert failures == {"version_name", "target_regions", "end_of_life_date"}
    missing = ImageDefinitionProvider().check({}, {**DEFINITION, "os_state": None}).failures
    assert [(f.property, "required" in f.reason) for f in missing] == [("os_state", True)]


def test_gallery_name_rule_and_unknown_region() -> None:
    failures = GalleryProvider().check({}, {"resource_group_name": "rg", "gallery_name": "-bad",
                                            "location": "atlantis"}).failures
    assert {f.property for f in failures} == {"gallery_name", "location"}


def test_serialized_provider_carries_no_settings_or_token(monkeypatch: pytest.MonkeyPatch) -> None:
    provider = GalleryProvider()
    provider.configure(pulumi.dynamic.ConfigureRequest(
        pulumi.dynamic.config.Config({"sig:token": "s3cret-token", "sig:endpoint": "http://x"}, "p")))
    assert provider.settings.token == "s3cret-token"
    assert b"s3cret-token" not in dill.dumps(provider)


class _Mocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.inputs: list[dict[str, Any]] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.inputs.append({**args.inputs, "(type)": args.typ})
        return f"{args.name}-id", args.inputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[Any] | None]:
        return {}, None


@pulumi.runtime.test
def test_resource_state_holds_no_token(monkeypatch: pytest.MonkeyPatch) -> Any:
    os.environ["SIG_TOKEN"] = "env-s3cret"
    from pulumi_sig import Gallery

    gallery = Gallery("g", resource_group_name="rg", location="westus", description="d")

    def check(_: Any) -> None:
        serialized = [_plain_secret(i["__provider"]) for i in MOCKS.inputs if "__provider" in i]
        assert serialized, MOCKS.inputs
        assert all(b"env-s3cret" not in base64.b64decode(s) for s in serialized)
        assert all("env-s3cret" not in repr(i) for i in MOCKS.inputs)

    return gallery.id.apply(check)


@pulumi.runtime.test
def test_serialized_provider_is_a_small_plain_class_reference() -> Any:
    # Plain, not a secret: it holds nothing to hide, and a secret costs two ciphertexts per resource
    # in a state the engine rewrites after every step.
    from pulumi_sig import ImageDefinition

    definition = ImageDefinition("plain-provider", **{k: v for k, v in DEFINITION.items() if k != "image_name"})

    def check(_: Any) -> None:
        serialized = [i["__provider"] for i in MOCKS.inputs if i.get("publisher") == "p"]
        assert serialized and all(isinstance(s, str) for s in serialized), serialized
        pickled = base64.b64decode(serialized[0])
        assert len(pickled) < 120 and b"ImageDefinitionProvider" in pickled
        assert isinstance(dill.loads(pickled), ImageDefinitionProvider)
        # what pulumi.dynamic.Resource would register (SigResource serializes once per class instead)
        assert serialized[0] == serialize_provider(ImageDefinitionProvider())
        assert [i["(type)"] for i in MOCKS.inputs if i.get("publisher") == "p"] == [
            "pulumi-python:dynamic/sig:ImageDefinition"]

    return definition.id.apply(check)



@pulumi.runtime.test
def test_a_program_of_a_thousand_resources_registers_them_all() -> Any:
    # The SDK's serialize_provider wraps pickle's _batch_setitems again on every call and never
    # unwraps it: through pulumi.dynamic.Resource, each resource pickled through one more wrapper
    # (quadratic) and the ~950th failed with RecursionError. SigResource serializes once per class.
    from pulumi_sig import ImageVersion

    source = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/x"
    versions = [ImageVersion(f"many-1.0.{n}", resource_group_name="rg", gallery_name="g", image_name="many",
                             location="westeurope", source_id=source) for n in range(1000)]

    def check(last_id: Any) -> None:
        assert last_id == "many-1.0.999-id"

    return versions[-1].id.apply(check)

def _plain_secret(value: Any) -> Any:
    """The serialized provider may arrive wrapped as a secret value."""
    return value.get("value", value) if isinstance(value, dict) else value


MOCKS = _Mocks()
pulumi.runtime.set_mocks(MOCKS, preview=False)


def test_an_existing_regions_storage_type_replaces_a_new_regions_does_not() -> None:
    provider = ImageVersionProvider()
    olds = checked(provider, VERSION)
    changed = [{"name": "westeurope", "regional_replica_count": 2, "storage_account_type": "Premium_LRS"},
               {"name": "northeurope"}]
    diff = provider.diff("id", olds, checked(provider, {**VERSION, "target_regions": changed}))
    assert diff.replaces == ["target_regions"]
    added = [*VERSION["target_regions"], {"name": "eastus", "storage_account_type": "Premium_LRS"}]
    diff = provider.diff("id", olds, checked(provider, {**VERSION, "target_regions": added}))
    assert diff.changes and diff.replaces == []


def test_a_zero_replica_count_is_refused_not_raised_to_one() -> None:
    provider = ImageVersionProvider()
    for change in ({"replica_count": 0}, {"target_regions": [{"name": "westeurope", "regional_replica_count": 0}]}):
        failures = provider.check({}, {**VERSION, **change}).failures
        assert any("replica" in f.reason for f in failures), change
