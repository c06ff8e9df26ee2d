"""Provider settings from stack config (namespace `sig`) with SIG_* environment fallbacks."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable

# config key -> environment variable
_KEYS = {
    "endpoint": "SIG_ENDPOINT",
    "cloud": "SIG_CLOUD",
    "subscriptionId": "SIG_SUBSCRIPTION_ID",
    "location": "SIG_LOCATION",
    "dataDir": "SIG_DATA_DIR",
    "token": "SIG_TOKEN",
    "caBundle": "SIG_CA_BUNDLE",
    "allowCascadingReplace": "SIG_ALLOW_CASCADING_REPLACE",
    "maxConcurrency": "SIG_MAX_CONCURRENCY",
}
CLOUDS = ("emulator", "public", "china")
DEFAULT_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
# Provider calls (create/update/delete/read) one provider process runs at once. Pulumi's Python host
# serves 4; the engine sends up to `--parallel` (default 4 x CPUs), and a version create mostly
# sleeps while it waits for replication, so threads are cheap and the engine should be the limit.
DEFAULT_MAX_CONCURRENCY = 64
MAX_CONCURRENCY_LIMIT = 1024


@dataclass(frozen=True)
class Settings:
    """Where the backend is and how to reach it; read at run time, never serialised."""

    endpoint: str | None = None
    cloud: str = "emulator"
    subscription_id: str = DEFAULT_SUBSCRIPTION
    location: str | None = None
    data_dir: str | None = None
    ca_bundle: str | None = None
    token: str | None = field(default=None, repr=False)
    # False in protected stacks: a replace that would take children with it is refused at preview.
    allow_cascading_replace: bool = True
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY


class SettingsError(ValueError):
    """A `sig:*` config value that can't be used, told as `sig:key: problem`."""


def settings_from(lookup: Callable[[str], Any]) -> Settings:
    """Settings from a config lookup (key without namespace), then the environment."""
    values: dict[str, Any] = {}
    for key, env in _KEYS.items():
        value = lookup(key)
        values[key] = value if value not in (None, "") else os.environ.get(env) or None
    cloud = str(values["cloud"] or "emulator")
    if cloud not in CLOUDS:
        raise SettingsError(f"sig:cloud: '{cloud}' is not a cloud pulumi-sig knows; use one of {', '.join(CLOUDS)}")
    return Settings(endpoint=values["endpoint"], cloud=cloud,
                    subscription_id=values["subscriptionId"] or DEFAULT_SUBSCRIPTION,
                    location=values["location"], data_dir=values["dataDir"],
                    ca_bundle=values["caBundle"], token=values["token"],
                    allow_cascading_replace=_flag("allowCascadingReplace", values["allowCascadingReplace"]),
                    max_concurrency=_concurrency("maxConcurrency", values["maxConcurrency"]))


def _flag(key: str, value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return value is not False
    text = str(value).strip().lower()
    if text not in ("true", "false"):
        raise SettingsError(f"sig:{key}: '{value}' is not true or false")
    return text == "true"


def _concurrency(key: str, value: Any) -> int:
    if value is None:
        return DEFAULT_MAX_CONCURRENCY
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_CONCURRENCY_LIMIT:
        raise SettingsError(f"sig:{key}: '{value}' is not a whole number from 1 to {MAX_CONCURRENCY_LIMIT}")
    return int(text)


def host_concurrency() -> int:
    """Calls the dynamic host serves at once, from SIG_MAX_CONCURRENCY: read when the host starts,
    before any stack config arrives (stack config `sig:maxConcurrency` can only lower it)."""
    return _concurrency("maxConcurrency", os.environ.get(_KEYS["maxConcurrency"]) or None)


def program_settings() -> Settings:
    """Settings as the Pulumi program sees them (stack config `sig:*`)."""
    import pulumi

    config = pulumi.Config("sig")
    return settings_from(config.get)
