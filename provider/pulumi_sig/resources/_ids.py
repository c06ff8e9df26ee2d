"""ARM resource ids: parse the name segments out of an id."""
from __future__ import annotations


def parse_arm_id(arm_id: str) -> dict[str, str]:
    """Segment type (lower case) -> name, e.g. {"subscriptions": ..., "resourcegroups": ...}.

    Types are keyed in lower case because ARM ids are case-insensitive; names keep their case.
    """
    parts = [part for part in arm_id.split("/") if part]
    pairs: dict[str, str] = {}
    index = 0
    while index + 1 < len(parts):
        key = parts[index].lower()
        if key == "providers":
            pairs["provider"] = parts[index + 1]
        else:
            pairs[key] = parts[index + 1]
        index += 2
    return pairs
