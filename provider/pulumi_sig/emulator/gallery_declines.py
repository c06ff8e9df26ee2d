"""Which consumers declined a directly shared gallery (the consumer's reject, undone by accept), kept in the
gallery record's state so it is written in the same transaction as the gallery and goes with it.

A decline belongs to one consumer, a subscription (group type Subscriptions) or a tenant (AADTenants), and
lasts as long as the publisher's share with that consumer: when the publisher removes the consumer (share
Remove) or resets sharing, the decline is forgotten, so adding the consumer again is a new invitation that
shows until the consumer rejects it again. A deleted gallery takes its declines with it.
"""
from __future__ import annotations

from typing import Any

from pulumi_sig.emulator.store import Record

DECLINED = "declined"  # the record.state key: {"Subscriptions": [id, ...], "AADTenants": [id, ...]}, lower-cased
SUBSCRIPTIONS, TENANTS = "Subscriptions", "AADTenants"


def declined_by(record: Record, kind: str, consumer: str) -> bool:
    """Whether this consumer (a subscription or a tenant id, per `kind`) declined the gallery."""
    return consumer.lower() in ((record.state or {}).get(DECLINED) or {}).get(kind, [])


def set_declined(record: Record, kind: str, consumer: str, *, declined: bool) -> None:
    """Record a reject (declined=True) or an accept (False; harmless when there was no reject)."""
    entries = dict(record.state.get(DECLINED) or {})
    ids = [i for i in entries.get(kind, []) if i != consumer.lower()]
    if declined:
        ids.append(consumer.lower())
    entries[kind] = ids
    record.state[DECLINED] = {k: v for k, v in entries.items() if v}
    if not record.state[DECLINED]:
        del record.state[DECLINED]


def forget_declines(record: Record, operation: str, groups: list[dict[str, Any]]) -> None:
    """A share Remove forgets the declines of the consumers it removes; a Reset forgets them all."""
    if operation == "Reset":
        record.state.pop(DECLINED, None)
    elif operation == "Remove":
        for group in groups:
            for consumer in group.get("ids") or []:
                set_declined(record, str(group.get("type")), consumer, declined=False)
