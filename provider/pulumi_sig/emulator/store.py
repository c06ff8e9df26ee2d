"""The emulator's store: a narrow interface and its SQLite implementation (WAL, committed before reply)."""
from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Protocol

SCHEMA = """
CREATE TABLE IF NOT EXISTS resources(
  key TEXT PRIMARY KEY, kind TEXT NOT NULL, parent TEXT, subscription TEXT NOT NULL,
  location TEXT, body TEXT NOT NULL, state TEXT NOT NULL,
  created_at REAL NOT NULL, updated_at REAL NOT NULL,
  publisher TEXT, offer TEXT, sku TEXT,
  major INTEGER, minor INTEGER, patch INTEGER, exclude_from_latest INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS resources_by_parent ON resources(parent, kind, key);
CREATE INDEX IF NOT EXISTS resources_by_subscription ON resources(subscription, kind, key);
CREATE UNIQUE INDEX IF NOT EXISTS definitions_by_identifier
  ON resources(parent, publisher, offer, sku) WHERE kind = 'image';
CREATE INDEX IF NOT EXISTS versions_by_order
  ON resources(parent, exclude_from_latest, major, minor, patch) WHERE kind = 'version';
CREATE TABLE IF NOT EXISTS operations(id TEXT PRIMARY KEY, body TEXT NOT NULL);
"""

# Quotas are per subscription, kind and region: a counter row kept by triggers in the writing transaction,
# so the check reads one row instead of counting up to 10,000 index entries on every create (the index
# that count walked is dropped: it only cost writes).
COUNTERS_VERSION = 1
COUNTERS = """
DROP INDEX IF EXISTS resources_by_region;
CREATE TABLE IF NOT EXISTS region_counts(
  subscription TEXT NOT NULL, kind TEXT NOT NULL, location TEXT NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY(subscription, kind, location)) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS region_count_insert AFTER INSERT ON resources WHEN NEW.location IS NOT NULL BEGIN
  INSERT INTO region_counts VALUES (NEW.subscription, NEW.kind, NEW.location, 1)
    ON CONFLICT DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER IF NOT EXISTS region_count_delete AFTER DELETE ON resources WHEN OLD.location IS NOT NULL BEGIN
  UPDATE region_counts SET count = count - 1
    WHERE subscription = OLD.subscription AND kind = OLD.kind AND location = OLD.location;
END;
CREATE TRIGGER IF NOT EXISTS region_count_update AFTER UPDATE OF subscription, kind, location ON resources
  WHEN OLD.subscription IS NOT NEW.subscription OR OLD.kind IS NOT NEW.kind OR OLD.location IS NOT NEW.location
BEGIN
  UPDATE region_counts SET count = count - 1
    WHERE subscription = OLD.subscription AND kind = OLD.kind AND location = OLD.location;
  INSERT INTO region_counts SELECT NEW.subscription, NEW.kind, NEW.location, 1 WHERE NEW.location IS NOT NULL
    ON CONFLICT DO UPDATE SET count = count + 1;
END;
"""

COLUMNS = ("key, kind, parent, subscription, location, body, state, created_at, updated_at, "
           "publisher, offer, sku, major, minor, patch, exclude_from_latest")
# An upsert, not INSERT OR REPLACE: REPLACE would silently delete another row that clashes on a unique
# index (a definition's identifier) and would skip the counters' delete trigger.
UPSERT = (f"INSERT INTO resources({COLUMNS}) VALUES ({', '.join('?' * 16)}) ON CONFLICT(key) DO UPDATE SET "
          + ", ".join(f"{column} = excluded.{column}" for column in COLUMNS.split(", ")[1:]))


@dataclass
class Record:
    """One stored resource: its wire body (caller's casing) plus the columns it is queried by."""

    key: str
    kind: str
    parent: str | None
    subscription: str
    location: str | None
    body: dict[str, Any]
    created_at: float
    updated_at: float
    state: dict[str, Any] = field(default_factory=dict)
    identifier: tuple[str, str, str] | None = None  # lower-cased publisher, offer, sku
    version: tuple[int, int, int] | None = None
    exclude_from_latest: bool = False


class IdentifierTaken(Exception):
    """Another definition of the gallery already has this publisher/offer/sku."""


class StoreReader(Protocol):
    """Queries the service needs; every one is served by an index."""

    def get(self, key: str) -> Record | None: ...
    def list_children(self, parent: str, kind: str, *, after: str | None, limit: int) -> list[Record]: ...
    def list_by_subscription(self, subscription: str, kind: str, *, after: str | None,
                             limit: int) -> list[Record]: ...
    def count_children(self, parent: str) -> int: ...
    def list_under(self, prefix: str, *, after: str | None, limit: int) -> list[Record]: ...
    def subscriptions(self) -> list[str]: ...
    def count_in_region(self, subscription: str, kind: str, location: str) -> int: ...
    def find_identifier(self, parent: str, identifier: tuple[str, str, str]) -> Record | None: ...
    def latest_version(self, parent: str) -> Record | None: ...
    def get_operation(self, operation_id: str) -> dict[str, Any] | None: ...


class StoreWriter(StoreReader, Protocol):
    """Writes, only inside a transaction."""

    def put(self, record: Record) -> None: ...
    def delete(self, key: str) -> None: ...
    def put_operation(self, operation: dict[str, Any]) -> None: ...


class Store(StoreReader, Protocol):
    """A store: reads at any time, writes in serialised transactions committed on exit."""

    def transaction(self) -> Any: ...
    def reset(self) -> None: ...
    def close(self) -> None: ...


def _record(row: sqlite3.Row | tuple[Any, ...]) -> Record:
    (key, kind, parent, subscription, location, body, state, created, updated,
     publisher, offer, sku, major, minor, patch, excluded) = row
    return Record(key=key, kind=kind, parent=parent, subscription=subscription, location=location,
                  body=json.loads(body), state=json.loads(state), created_at=created, updated_at=updated,
                  identifier=(publisher, offer, sku) if publisher is not None else None,
                  version=(major, minor, patch) if major is not None else None,
                  exclude_from_latest=bool(excluded))


class _Queries:
    """SQL of the reads, shared by the store and its transactions."""

    def _connection(self) -> sqlite3.Connection:
        raise NotImplementedError

    def _one(self, sql: str, *args: Any) -> Record | None:
        row = self._connection().execute(sql, args).fetchone()
        return _record(row) if row else None

    def _many(self, sql: str, *args: Any) -> list[Record]:
        return [_record(row) for row in self._connection().execute(sql, args)]

    def get(self, key: str) -> Record | None:
        return self._one(f"SELECT {COLUMNS} FROM resources WHERE key = ?", key)

    def list_children(self, parent: str, kind: str, *, after: str | None, limit: int) -> list[Record]:
        return self._many(f"SELECT {COLUMNS} FROM resources WHERE parent = ? AND kind = ? AND key > ? "
                          "ORDER BY key LIMIT ?", parent, kind, after or "", limit)

    def list_by_subscription(self, subscription: str, kind: str, *, after: str | None,
                             limit: int) -> list[Record]:
        return self._many(f"SELECT {COLUMNS} FROM resources WHERE subscription = ? AND kind = ? "
                          "AND key > ? ORDER BY key LIMIT ?", subscription, kind, after or "", limit)

    def count_children(self, parent: str) -> int:
        row = self._connection().execute("SELECT COUNT(*) FROM resources WHERE parent = ?", (parent,))
        return int(row.fetchone()[0])

    def list_under(self, prefix: str, *, after: str | None, limit: int) -> list[Record]:
        # Every key below an id (a group's whole content): one range of the primary key, '/' < '0'.
        return self._many(f"SELECT {COLUMNS} FROM resources WHERE key > ? AND key < ? ORDER BY key LIMIT ?",
                          max(after or "", prefix + "/"), prefix + "0", limit)

    def subscriptions(self) -> list[str]:
        rows = self._connection().execute("SELECT DISTINCT subscription FROM resources WHERE kind = "
                                          "'resourceGroup' ORDER BY subscription")
        return [str(row[0]) for row in rows]

    def count_in_region(self, subscription: str, kind: str, location: str) -> int:
        row = self._connection().execute(
            "SELECT count FROM region_counts WHERE subscription = ? AND kind = ? AND location = ?",
            (subscription, kind, location)).fetchone()
        return int(row[0]) if row else 0

    def find_identifier(self, parent: str, identifier: tuple[str, str, str]) -> Record | None:
        return self._one(f"SELECT {COLUMNS} FROM resources WHERE kind = 'image' AND parent = ? AND "
                         "publisher = ? AND offer = ? AND sku = ?", parent, *identifier)

    def latest_version(self, parent: str) -> Record | None:
        # One walk down the versions_by_order index: the seed's rule is highest MAJOR, then MINOR,
        # then PATCH among versions not excluded from latest.
        return self._one(f"SELECT {COLUMNS} FROM resources WHERE kind = 'version' AND parent = ? AND "
                         "exclude_from_latest = 0 ORDER BY major DESC, minor DESC, patch DESC, key DESC LIMIT 1",
                         parent)

    def get_operation(self, operation_id: str) -> dict[str, Any] | None:
        row = self._connection().execute("SELECT body FROM operations WHERE id = ?",
                                         (operation_id.lower(),)).fetchone()
        return json.loads(row[0]) if row else None


class SqliteTransaction(_Queries):
    """Reads and writes inside one BEGIN IMMEDIATE transaction."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection

    def _connection(self) -> sqlite3.Connection:
        return self._conn

    def put(self, record: Record) -> None:
        publisher, offer, sku = record.identifier or (None, None, None)
        major, minor, patch = record.version or (None, None, None)
        try:
            self._conn.execute(
                UPSERT,
                (record.key, record.kind, record.parent, record.subscription, record.location,
                 json.dumps(record.body), json.dumps(record.state), record.created_at, record.updated_at,
                 publisher, offer, sku, major, minor, patch, int(record.exclude_from_latest)))
        except sqlite3.IntegrityError as error:
            raise IdentifierTaken(str(error)) from error

    def delete(self, key: str) -> None:
        self._conn.execute("DELETE FROM resources WHERE key = ?", (key,))

    def put_operation(self, operation: dict[str, Any]) -> None:
        self._conn.execute("INSERT OR REPLACE INTO operations(id, body) VALUES (?, ?)",
                           (operation["name"].lower(), json.dumps(operation)))


class SqliteStore(_Queries):
    """SQLite file in the data dir: WAL, synchronous=FULL; a reader connection per thread, one writer.

    Writes take the writer connection under a lock: in-process writers queue on the lock instead of on
    SQLite's busy handler, which sleeps (up to 100 ms a try) while another BEGIN IMMEDIATE holds the file.
    busy_timeout still covers other processes writing the same file.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._writer = self._open()
        self._writer.executescript(SCHEMA)
        self._add_counters()

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=30, cached_statements=256,
                               check_same_thread=False)  # used by one thread at a time; closed by any
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=30000")
        with self._lock:
            self._all.append(conn)
        return conn

    def _add_counters(self) -> None:
        """Create the quota counters, counted from the rows already there when the file predates them."""
        conn = self._writer
        if conn.execute("PRAGMA user_version").fetchone()[0] >= COUNTERS_VERSION:
            return
        # One exclusive transaction; a second process doing the same at once recounts to the same rows.
        try:
            conn.executescript(f"""BEGIN IMMEDIATE; {COUNTERS}
                DELETE FROM region_counts;
                INSERT INTO region_counts SELECT subscription, kind, location, COUNT(*) FROM resources
                  WHERE location IS NOT NULL GROUP BY subscription, kind, location;
                PRAGMA user_version = {COUNTERS_VERSION};
                COMMIT;""")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._open()
        return conn

    @contextmanager
    def transaction(self) -> Iterator[SqliteTransaction]:
        """A write transaction; committed (durably, synchronous=FULL) when the block exits."""
        with self._write_lock:
            conn = self._writer
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield SqliteTransaction(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def reset(self) -> None:
        """Delete every resource and operation."""
        with self.transaction() as tx:
            tx._conn.execute("DELETE FROM resources")
            tx._conn.execute("DELETE FROM operations")
            tx._conn.execute("DELETE FROM region_counts")

    def close(self) -> None:
        """Close every connection this store opened."""
        with self._lock:
            for conn in self._all:
                try:
                    conn.close()
                except sqlite3.ProgrammingError:
                    pass  # opened by another thread that is gone; its handle closes with it
            self._all.clear()
        self._local = threading.local()
