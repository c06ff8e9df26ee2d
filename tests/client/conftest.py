"""Fixtures: a fake ARM server per test and clients with fast polling and no backoff."""
from __future__ import annotations

from typing import Any, Callable, Iterator

import pytest

from pulumi_sig.client import ArmClient, ClientConfig
from tests.client.fake_arm import FakeArm

FAST = dict(poll_interval=0.0, poll_min_delay=0.0, poll_max_delay=0.0, retry_backoff_factor=0.0,
            request_timeout=10.0, operation_deadline=20.0)


def fast_config(endpoint: str, **overrides: Any) -> ClientConfig:
    """A config for tests: no waiting between polls or retries."""
    return ClientConfig(**{"endpoint": endpoint, **FAST, **overrides})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every client test gets a 60 s timeout: a hung poll or retry fails instead of blocking CI."""
    for item in items:
        if "tests/client/" in str(item.fspath).replace("\\", "/") and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(60))


@pytest.fixture
def make_fake() -> Iterator[Callable[..., FakeArm]]:
    started: list[FakeArm] = []

    def make(**kwargs: Any) -> FakeArm:
        fake = FakeArm(**kwargs).__enter__()
        started.append(fake)
        return fake

    yield make
    for fake in started:
        fake.__exit__(None, None, None)


@pytest.fixture
def fake(make_fake: Callable[..., FakeArm]) -> FakeArm:
    return make_fake()


@pytest.fixture
def client(fake: FakeArm) -> Iterator[ArmClient]:
    with ArmClient(fast_config(fake.url)) as arm:
        yield arm
