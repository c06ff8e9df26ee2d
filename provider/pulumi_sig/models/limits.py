"""The seed's per-subscription, per-region limits of Compute Gallery, declared once."""
from __future__ import annotations

from pulumi_sig.models.rules import MAX_REPLICAS_PER_REGION

GALLERIES_PER_REGION = 100
DEFINITIONS_PER_REGION = 1_000
VERSIONS_PER_REGION = 10_000
# "10 image version replicas, per subscription, per region": ARM applies it as the most replicas
# one version may have in one region (regionalReplicaCount 1..10).
REPLICAS_PER_REGION = MAX_REPLICAS_PER_REGION

__all__ = ["DEFINITIONS_PER_REGION", "GALLERIES_PER_REGION", "REPLICAS_PER_REGION", "VERSIONS_PER_REGION"]
