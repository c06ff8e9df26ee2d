"""EmulatorServer (in-process, background thread) and the `sig-emulator` console script."""
from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any, Sequence

import uvicorn
from platformdirs import user_data_dir

from pulumi_sig.emulator.app import create_app
from pulumi_sig.emulator.http_authorization import MODES as AUTHORIZATION_MODES
from pulumi_sig.emulator.http_security import is_loopback
from pulumi_sig.emulator.http_limits import KEEP_ALIVE_SECONDS, MAX_CONCURRENCY, MAX_HEAD_BYTES
from pulumi_sig.emulator.replication import MODES
from pulumi_sig.emulator.service import EmulatorService
from pulumi_sig.emulator.service_common import Limits, Settings
from pulumi_sig.emulator.service_login import load_signing_key
from pulumi_sig.emulator.store import SqliteStore

DB_FILE = "emulator.db"


def _event_loop() -> str:
    """uvloop when installed (faster accept/read/write), else asyncio."""
    return "uvloop" if _importable("uvloop") else "asyncio"


def _http_parser() -> Any:
    """httptools (a C parser) behind the emulator's front-end limits when installed, else uvicorn's h11."""
    if not _importable("httptools"):
        return "h11"
    from pulumi_sig.emulator.http_guard import GuardedHttpToolsProtocol

    return GuardedHttpToolsProtocol


def _importable(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def default_data_dir() -> Path:
    """The per-user data dir of the emulator."""
    return Path(user_data_dir("pulumi-sig")) / "emulator"


class EmulatorServer:
    """The emulator on a real socket: `start()` returns its base URL, `stop()` shuts it down."""

    def __init__(self, data_dir: Path | str, *, host: str = "127.0.0.1", port: int = 0,
                 replication: str = "immediate", time_scale: float = 1.0, tls_cert: str | Path | None = None,
                 tls_key: str | Path | None = None, loose_api_version: bool = False, retry_after: int = 1,
                 limits: Limits | None = None, page_size: int = 100, auth_token: str | None = None,
                 authorization: str = "off") -> None:
        if replication not in MODES:
            raise ValueError(f"replication must be one of {', '.join(MODES)}")
        if (tls_cert is None) != (tls_key is None):
            raise ValueError("tls_cert and tls_key go together")
        self.data_dir = Path(data_dir)
        self.host, self.port = host, port
        self.settings = Settings(replication=replication, time_scale=time_scale, limits=limits or Limits(),
                                 page_size=page_size)
        self.tls_cert, self.tls_key = tls_cert, tls_key
        self.loose_api_version, self.retry_after = loose_api_version, retry_after
        self.auth_token = auth_token or None
        if authorization not in AUTHORIZATION_MODES:
            raise ValueError(f"authorization must be one of {', '.join(AUTHORIZATION_MODES)}")
        self.authorization = authorization
        self.url: str | None = None
        self.store: SqliteStore | None = None
        self._server: uvicorn.Server | None = None
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None

    def _prepare(self) -> uvicorn.Server:
        self.store = SqliteStore(self.data_dir / DB_FILE)
        app = create_app(EmulatorService(self.store, self.settings), retry_after=self.retry_after,
                         loose_api_version=self.loose_api_version, auth_token=self.auth_token,
                         authorization=self.authorization,
                         token_key=load_signing_key(self.data_dir))
        if self.auth_token is None and not is_loopback(self.host):
            warn_open_binding(self.host)
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # proto must say TCP: asyncio sets TCP_NODELAY on accepted sockets only then, and without it
        # Nagle + delayed ACK add 40 ms to every reply on a kept-alive connection.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        sock.listen(1024)  # connections queue from now on, before uvicorn's loop accepts them
        self._socket = sock
        port = sock.getsockname()[1]
        scheme = "https" if self.tls_cert else "http"
        host = f"[{self.host}]" if family == socket.AF_INET6 else self.host
        self.url = f"{scheme}://{host}:{port}"
        config = uvicorn.Config(app, log_config=None, access_log=False, http=_http_parser(), loop=_event_loop(),
                                lifespan="off", timeout_graceful_shutdown=2, backlog=1024,
                                limit_concurrency=MAX_CONCURRENCY, timeout_keep_alive=KEEP_ALIVE_SECONDS,
                                h11_max_incomplete_event_size=MAX_HEAD_BYTES,
                                ssl_certfile=str(self.tls_cert) if self.tls_cert else None,
                                ssl_keyfile=str(self.tls_key) if self.tls_key else None)
        self._server = uvicorn.Server(config)
        return self._server

    def start(self, timeout: float = 15.0) -> str:
        """Serve in a background thread; return the base URL once it accepts requests."""
        server = self._prepare()
        self._thread = threading.Thread(target=server.run, kwargs={"sockets": [self._socket]},
                                        name="sig-emulator", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the emulator did not start")
            time.sleep(0.01)
        assert self.url is not None
        return self.url

    def stop(self) -> None:
        """Stop serving and close the store."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self._close()

    def _close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self.store is not None:
            self.store.close()
            self.store = None

    def __enter__(self) -> "EmulatorServer":
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()


def warn_open_binding(host: str) -> None:
    """A loud stderr warning: anyone who can reach `host` may read, change or wipe this emulator."""
    line = "!" * 78
    print(f"{line}\nWARNING: sig-emulator listens on {host} WITHOUT authentication: anyone who can reach "
          f"it can read,\nchange or wipe its state. Use --auth-token-file (or SIG_EMULATOR_AUTH_TOKEN), or "
          f"--host 127.0.0.1.\n{line}", file=sys.stderr, flush=True)


def read_auth_token(args: argparse.Namespace) -> str | None:
    """The token from --auth-token-file, --auth-token or $SIG_EMULATOR_AUTH_TOKEN (first one set)."""
    if args.auth_token_file:
        token = Path(args.auth_token_file).read_text(encoding="utf-8").strip()
        if not token:
            raise SystemExit(f"sig-emulator: {args.auth_token_file} is empty")
        return token
    return args.auth_token or os.environ.get("SIG_EMULATOR_AUTH_TOKEN") or None


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="sig-emulator", description="Local Azure Compute Gallery ARM emulator.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 = any free port")
    parser.add_argument("--data-dir", type=Path, default=default_data_dir())
    parser.add_argument("--replication", choices=MODES, default="immediate")
    parser.add_argument("--time-scale", type=float, default=1.0, help="replication speed-up in time mode")
    parser.add_argument("--tls", action="store_true",
                        help="serve HTTPS with a local CA and certificate kept in DATA_DIR/tls (created once; "
                             "`sig-emulator env` prints how to trust it)")
    parser.add_argument("--tls-cert", help="serve HTTPS with this certificate (PEM) ...")
    parser.add_argument("--tls-key", help="... and this key")
    parser.add_argument("--loose-api-version", action="store_true",
                        help="also accept any well-formed api-version later than the newest known")
    parser.add_argument("--retry-after", type=int, default=1, help="Retry-After seconds on operations")
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--log-level", default="warning")
    parser.add_argument("--auth-token-file", help="require 'Authorization: Bearer <the token in this file>'")
    parser.add_argument("--auth-token", help="the same with the token inline (other local users can see it "
                        "in the process list: prefer the file or $SIG_EMULATOR_AUTH_TOKEN)")
    parser.add_argument("--authorization", choices=AUTHORIZATION_MODES, default="off",
                        help="enforce: authorize every ARM call against role assignments (callers present tokens "
                        "from POST /_emulator/principals); off: everyone may do everything")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Console script: print the base URL as the first stdout line, log to stderr, stop on SIGTERM/SIGINT.

    The server runs in a thread so this thread owns the signals and exits 0 after a clean stop.
    """
    args = parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=args.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.tls and not args.tls_cert:
        from pulumi_sig.emulator.local_tls import certificate_hosts, ensure_local_tls

        files = ensure_local_tls(args.data_dir, certificate_hosts(args.host))
        args.tls_cert, args.tls_key = str(files.cert), str(files.key)
        print(f"sig-emulator: HTTPS with the local CA {files.ca_cert}; trust it with "
              f"REQUESTS_CA_BUNDLE / SSL_CERT_FILE (see `sig-emulator env`)", file=sys.stderr, flush=True)
    server = EmulatorServer(args.data_dir, host=args.host, port=args.port, replication=args.replication,
                            time_scale=args.time_scale, tls_cert=args.tls_cert, tls_key=args.tls_key,
                            loose_api_version=args.loose_api_version, retry_after=args.retry_after,
                            page_size=args.page_size, auth_token=read_auth_token(args),
                            authorization=args.authorization)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    print(server.start(), flush=True)
    stop.wait()
    logging.getLogger("pulumi_sig.emulator").info("shutting down")
    server.stop()


if __name__ == "__main__":
    main()
