"""ClientConfig: defaults, SIG_* environment variables, clouds and scopes, and a hidden token."""
from __future__ import annotations

import pytest

from pulumi_sig.client import ArmClient, ClientConfig
from pulumi_sig.client.config import DEFAULT_SUBSCRIPTION_ID


def test_from_env_reads_every_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {"SIG_ENDPOINT": "http://127.0.0.1:9/", "SIG_CLOUD": "china", "SIG_SUBSCRIPTION_ID": "sub",
                        "SIG_TOKEN": "t0k3n", "SIG_DATA_DIR": "/tmp/sig", "SIG_CA_BUNDLE": "/tmp/ca.pem"}.items():
        monkeypatch.setenv(name, value)
    config = ClientConfig.from_env()
    assert (config.endpoint, config.cloud, config.subscription_id, config.token, config.data_dir, config.verify) == \
        ("http://127.0.0.1:9/", "china", "sub", "t0k3n", "/tmp/sig", "/tmp/ca.pem")
    assert config.resolved_endpoint() == "http://127.0.0.1:9"
    assert config.scope == "https://management.chinacloudapi.cn/.default"
    assert not config.wants_azure_identity  # a static token was given
    assert "t0k3n" not in repr(config)
    assert ClientConfig.from_env(cloud="public").cloud == "public"


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SIG_ENDPOINT", "SIG_CLOUD", "SIG_SUBSCRIPTION_ID", "SIG_TOKEN", "SIG_DATA_DIR", "SIG_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    config = ClientConfig.from_env()
    assert config.cloud == "emulator" and config.subscription_id == DEFAULT_SUBSCRIPTION_ID
    assert config.resolved_endpoint() is None and config.scope is None and config.verify is True
    assert ClientConfig(cloud="public").resolved_endpoint() == "https://management.azure.com"
    assert ClientConfig(cloud="public").wants_azure_identity


def test_unknown_cloud_is_refused() -> None:
    with pytest.raises(ValueError):
        ClientConfig(cloud="germany")  # type: ignore[arg-type]


def test_resource_ids() -> None:
    client = ArmClient(ClientConfig(endpoint="http://127.0.0.1:9", subscription_id="s"))
    assert client.resource_id("rg") == "/subscriptions/s/resourceGroups/rg"
    assert client.resource_id("rg", "g", "i", "1.0.0") == \
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i/versions/1.0.0"
    assert client.image_source_id("snapshot", "rg", "snap") == \
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/snapshots/snap"
    assert "s3cret" not in repr(ArmClient(ClientConfig(endpoint="http://127.0.0.1:9", token="s3cret")))
