"""The SQLite store on its own: quota counters kept in step with the rows, upserts, serialised writers."""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from pulumi_sig.emulator.store import IdentifierTaken, Record, SqliteStore

SUB = "00000000-0000-0000-0000-00000000aaaa"


def _record(name: str, *, kind: str = "gallery", location: str | None = "westus", sub: str = SUB,
            identifier: tuple[str, str, str] | None = None) -> Record:
    return Record(key=f"/subscriptions/{sub}/{kind}/{name}".lower(), kind=kind, parent="parent", subscription=sub,
                  location=location, body={"name": name}, created_at=1.0, updated_at=1.0, identifier=identifier)


def _counted(path: Path) -> dict[tuple[str, str, str], int]:
    """What a full COUNT(*) says, to compare the maintained counters against."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT subscription, kind, location, COUNT(*) FROM resources "
                            "WHERE location IS NOT NULL GROUP BY 1, 2, 3").fetchall()
    return {(s, k, loc): n for s, k, loc, n in rows}


def _counters(path: Path) -> dict[tuple[str, str, str], int]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT subscription, kind, location, count FROM region_counts WHERE count > 0")
        return {(s, k, loc): n for s, k, loc, n in rows.fetchall()}


def test_counters_follow_creates_replaces_moves_and_deletes(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "e.db")
    with store.transaction() as tx:
        for index in range(5):
            tx.put(_record(f"g{index}"))
        tx.put(_record("east", location="eastus"))
        tx.put(_record("nowhere", location=None))
    with store.transaction() as tx:
        tx.put(_record("g0"))                      # replace in place: still one
        tx.put(_record("g1", location="eastus"))   # moved region: one out of westus, one into eastus
        tx.delete(_record("g2").key)
    assert store.count_in_region(SUB, "gallery", "westus") == 3
    assert store.count_in_region(SUB, "gallery", "eastus") == 2
    assert store.count_in_region(SUB, "image", "westus") == 0
    assert _counters(tmp_path / "e.db") == _counted(tmp_path / "e.db")
    store.reset()
    assert store.count_in_region(SUB, "gallery", "westus") == 0
    store.close()


def test_a_rolled_back_write_leaves_the_counters_alone(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "e.db")
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.put(_record("g0"))
            raise RuntimeError("refused after the insert")
    assert store.count_in_region(SUB, "gallery", "westus") == 0
    store.close()


def test_a_file_from_before_the_counters_is_counted_on_open(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    store = SqliteStore(path)
    with store.transaction() as tx:
        for index in range(4):
            tx.put(_record(f"g{index}"))
    store.close()
    with sqlite3.connect(path) as conn:  # what an older emulator left: no counters, user_version 0
        conn.executescript("DROP TRIGGER region_count_insert; DROP TRIGGER region_count_delete; "
                           "DROP TRIGGER region_count_update; DROP TABLE region_counts; PRAGMA user_version = 0;")
        conn.execute("INSERT INTO resources(key, kind, parent, subscription, location, body, state, created_at, "
                     "updated_at) VALUES ('late', 'gallery', 'parent', ?, 'westus', '{}', '{}', 1, 1)", (SUB,))
    reopened = SqliteStore(path)
    assert reopened.count_in_region(SUB, "gallery", "westus") == 5
    with reopened.transaction() as tx:
        tx.put(_record("g9"))
    assert reopened.count_in_region(SUB, "gallery", "westus") == 6
    reopened.close()


def test_an_identifier_clash_is_refused_and_keeps_the_other_definition(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "e.db")
    with store.transaction() as tx:
        tx.put(_record("a", kind="image", identifier=("p", "o", "s")))
    with pytest.raises(IdentifierTaken):
        with store.transaction() as tx:
            tx.put(_record("b", kind="image", identifier=("p", "o", "s")))
    assert store.get(_record("a", kind="image").key) is not None
    assert store.count_in_region(SUB, "image", "westus") == 1
    store.close()


def test_writers_on_many_threads_all_commit(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "e.db")
    errors: list[BaseException] = []

    def write(thread: int) -> None:
        try:
            for index in range(25):
                with store.transaction() as tx:
                    if tx.count_in_region(SUB, "gallery", "westus") < 10_000:
                        tx.put(_record(f"t{thread}-{index}"))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert store.count_in_region(SUB, "gallery", "westus") == 200
    store.close()
