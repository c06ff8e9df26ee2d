"""`sig-emulator`: serve an emulator, or look after the embedded one that stacks start by themselves.

    sig-emulator [serve] [--port 8443 ...]   serve in the foreground (the options of `serve --help`)
    sig-emulator status [--data-dir DIR]     is the embedded emulator running? where is its state?
    sig-emulator start  [--data-dir DIR]     start the embedded emulator (detached) and print its URL
    sig-emulator stop   [--data-dir DIR]     stop the embedded emulator; its state stays on disk
    sig-emulator env    [--port 8443 ...]    print the exports that point az / azurerm at `serve --tls`
"""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

EMBEDDED_COMMANDS = ("status", "start", "stop")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in EMBEDDED_COMMANDS:
        return _embedded(args[0], args[1:])
    if args and args[0] == "env":
        from pulumi_sig.emulator.tool_env import main as print_env

        return print_env(args[1:])
    from pulumi_sig.emulator.server import main as serve

    serve(args[1:] if args and args[0] == "serve" else args)
    return 0


def _embedded(command: str, argv: list[str]) -> int:
    from pulumi_sig.client.embedded import embedded_status, ensure_embedded, resolve_data_dir, stop_embedded

    parser = argparse.ArgumentParser(prog=f"sig-emulator {command}")
    parser.add_argument("--data-dir", help="the embedded emulator's state directory "
                                           "(default: $SIG_DATA_DIR, else the per-user data directory)")
    directory = resolve_data_dir(parser.parse_args(argv).data_dir)
    if command == "start":
        started = ensure_embedded(directory)
        print(f"running at {started.url} (pid {started.pid}); state in {directory}")
        return 0
    if command == "stop":
        stopped = stop_embedded(directory)
        print(f"{'stopped' if stopped else 'not running'}; state kept in {directory}")
        return 0
    running = embedded_status(directory)
    if running is None:
        print(f"not running; state in {directory} (stacks start it on their next run)")
        return 3
    print(f"running at {running.url} (pid {running.pid}); state in {directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
