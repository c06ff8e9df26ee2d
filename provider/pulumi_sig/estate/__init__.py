"""Declarative image estates: a whole gallery estate in one reviewed YAML file.

`from pulumi_sig.estate import deploy; deploy("estate.yaml")` is a whole Pulumi program. The
document model, loader, policy, retention and cost rules import no Pulumi; `deploy` loads lazily.
"""
from __future__ import annotations

from typing import Any

from pulumi_sig.estate.document import Estate, Prices, ReplicationPolicy, Retention, json_schema
from pulumi_sig.estate.loader import EstateError, Problem, load_estate

_LAZY = {"deploy", "EstateResources"}
__all__ = sorted({"Estate", "EstateError", "Prices", "Problem", "ReplicationPolicy", "Retention", "json_schema",
                  "load_estate", *_LAZY})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module = importlib.import_module("pulumi_sig.estate.program")

        return getattr(module, name)
    raise AttributeError(f"module 'pulumi_sig.estate' has no attribute {name!r}")
