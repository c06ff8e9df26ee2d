"""ARM resource ids: parsed by models/ids (the one home of the id format), re-exported for the providers."""
from __future__ import annotations

from pulumi_sig.models.ids import parse_arm_id

__all__ = ["parse_arm_id"]
