"""Store keys of ARM ids and the canonical casing of request paths (ids themselves: models/ids.py)."""
from __future__ import annotations


def key_of(resource_id: str) -> str:
    """The store key of a resource: its id, lower-cased, without a trailing slash."""
    return resource_id.rstrip("/").lower()


def vhd_key(uri: str) -> str:
    """The store key of a registered VHD blob."""
    return "vhd:" + uri.strip().lower()


def canonical_path(path: str) -> str:
    """Lower-case the literal segments of an ARM path so routing ignores their casing.

    ARM paths alternate literal type segments and names; after 'providers' comes the namespace
    and then type/name pairs again. Names keep the caller's casing.
    """
    parts = path.split("/")
    if len(parts) > 1 and parts[1].lower() == "_emulator":
        return path.lower()
    literal_at = 1
    index = 1
    while index < len(parts):
        if index == literal_at:
            parts[index] = parts[index].lower()
            if parts[index] == "providers" and index + 1 < len(parts):
                parts[index + 1] = parts[index + 1].lower()
                literal_at = index + 2
                index += 2
                continue
            literal_at = index + 2
        index += 1
    return "/".join(parts)
