"""`python -m pulumi_sig.estate schema [FILE]`: the JSON Schema; `check FILE [--stack S]`: validate a document."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pulumi_sig.estate.document import json_schema
from pulumi_sig.estate.loader import EstateError, load_estate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pulumi_sig.estate", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    schema = commands.add_parser("schema", help="print (or write) the estate's JSON Schema")
    schema.add_argument("output", nargs="?", help="file to write (default: standard output)")
    check = commands.add_parser("check", help="validate an estate document (with a stack's overlays)")
    check.add_argument("file")
    check.add_argument("--stack", default=None)
    args = parser.parse_args(argv)
    if args.command == "schema":
        text = json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0
    try:
        load_estate(args.file, stack=args.stack)
    except EstateError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{args.file}: ok" + (f" (stack {args.stack})" if args.stack else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
