"""Long-running operations through each polling path: Azure-AsyncOperation, Location, provisioningState."""
from __future__ import annotations

from typing import Any

import pytest

from pulumi_sig.client import ArmClient, OperationDeadlineExceeded, OperationFailedError
from pulumi_sig.client.lro import AsyncOperationStrategy, LocationStrategy, ProvisioningStateStrategy
from pulumi_sig.models import Gallery
from tests.client.conftest import fast_config
from tests.client.fake_arm import FakeArm

GALLERY = {"location": "eastus", "properties": {"description": "d"}}
STRATEGIES = {"async": AsyncOperationStrategy, "location": LocationStrategy, "state": ProvisioningStateStrategy}


@pytest.mark.parametrize("style", ["async", "location", "state"])
def test_put_and_delete_through_each_path(make_fake: Any, style: str) -> None:
    fake = make_fake(lro=style, polls=2)
    with ArmClient(fast_config(fake.url)) as client:
        poller = client.galleries.begin_create_or_update("rg", "g", GALLERY)
        assert isinstance(poller.strategy, STRATEGIES[style])
        assert not poller.done() and poller.status() == "InProgress"
        gallery = poller.result()
        assert isinstance(gallery, Gallery) and gallery.properties.provisioning_state == "Succeeded"
        assert poller.done() and poller.status() == "Succeeded"
        assert fake.calls("GET")[-1].path.endswith("/galleries/g")  # final GET on the resource
        deleting = client.galleries.begin_delete("rg", "g")
        assert isinstance(deleting.strategy, STRATEGIES[style]) and not deleting.done()
        assert deleting.result() is None
        assert "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/" \
               "microsoft.compute/galleries/g" not in fake.resources


@pytest.mark.parametrize("style", ["async", "location"])
def test_failed_operation_raises_with_arm_code_and_message(make_fake: Any, style: str) -> None:
    fake = make_fake(lro=style)
    fake.fail_next = {"code": "ReplicationSourceNotFound", "message": "source image is gone"}
    with ArmClient(fast_config(fake.url)) as client, pytest.raises(OperationFailedError) as caught:
        client.galleries.create_or_update("rg", "g", GALLERY)
    assert caught.value.code == "ReplicationSourceNotFound"
    assert caught.value.message == "source image is gone"


def test_failed_provisioning_state_raises(make_fake: Any) -> None:
    fake = make_fake(lro="state")
    fake.fail_next = {"code": "x", "message": "y"}
    with ArmClient(fast_config(fake.url)) as client, pytest.raises(OperationFailedError) as caught:
        client.galleries.create_or_update("rg", "g", GALLERY)
    assert caught.value.code == "OperationFailed"


def test_canceled_status_any_case_raises(make_fake: Any) -> None:
    fake = make_fake(lro="async", polls=0)
    with ArmClient(fast_config(fake.url)) as client:
        fake.script("GET", "/_ops/", 200, {"status": "CANCELED"})
        with pytest.raises(OperationFailedError) as caught:
            client.galleries.create_or_update("rg", "g", GALLERY)
    assert caught.value.code == "OperationCanceled"


def test_deadline_expires_cleanly(make_fake: Any) -> None:
    fake = make_fake(lro="async", polls=10_000)
    with ArmClient(fast_config(fake.url, poll_min_delay=0.01, poll_interval=0.01)) as client:
        poller = client.galleries.begin_create_or_update("rg", "g", GALLERY)
        with pytest.raises(OperationDeadlineExceeded) as caught:
            poller.result(deadline=0.2)
        assert not poller.done() and "still InProgress" in caught.value.message
        with pytest.raises(OperationDeadlineExceeded):  # the config's deadline applies too
            ArmClient(fast_config(fake.url, operation_deadline=0.1, poll_min_delay=0.01)).galleries.create_or_update(
                "rg", "g2", GALLERY)


def test_wait_false_returns_the_accepted_resource(make_fake: Any) -> None:
    fake = make_fake(lro="location", polls=3)
    with ArmClient(fast_config(fake.url)) as client:
        gallery = client.galleries.create_or_update("rg", "g", GALLERY, wait=False)
    assert gallery.name == "g" and len(fake.calls("GET")) == 1  # no polling, one read of the resource


def test_on_progress_called_per_poll(make_fake: Any) -> None:
    fake = make_fake(lro="async", polls=3)
    seen: list[Any] = []
    with ArmClient(fast_config(fake.url)) as client:
        client.galleries.begin_create_or_update("rg", "g", GALLERY).result(on_progress=seen.append)
    assert seen == ["InProgress", "InProgress", "InProgress", "Succeeded"]


def test_retry_after_floor_and_cap() -> None:
    from requests import Response

    from pulumi_sig.client.lro import PollingSettings

    response = Response()
    response.headers["Retry-After"] = "100"
    assert PollingSettings(interval=1, min_delay=0.5, max_delay=10).delay_after(response) == 10
    response.headers["Retry-After"] = "0"
    assert PollingSettings(interval=1, min_delay=0.5, max_delay=10).delay_after(response) == 0.5
    assert PollingSettings(interval=3, min_delay=0.5, max_delay=10).delay_after(None) == 3


def test_without_retry_after_polls_wait_longer_each_time_up_to_the_cap() -> None:
    from requests import Response

    from pulumi_sig.client.lro import PollingSettings

    settings = PollingSettings(interval=2, min_delay=0.05, max_delay=30)
    assert [settings.delay_after(None, polls) for polls in range(4)] == [2, 3, 4.5, 6.75]
    assert settings.delay_after(None, 10) == settings.delay_after(None, 10_000) == 30
    response = Response()
    response.headers["Retry-After"] = "1"
    assert settings.delay_after(response, 10) == 1  # the service's advice wins, however many polls
