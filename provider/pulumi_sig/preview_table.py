"""`python -m pulumi_sig.preview_table preview.json`: `pulumi preview --json` as a short Markdown
table: resource, its type, operation, and for each changed property whether it updates in place
or forces a replacement. Used by the pull-request workflow in examples/pr-preview."""
from __future__ import annotations

import json
import sys
from typing import Any

_SHOWN = {"create", "update", "replace", "create-replacement", "delete-replaced", "delete", "import"}


def rows(preview: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(resource, type, operation, properties) for every step that changes something."""
    table = []
    for step in preview.get("steps", []):
        op = step.get("op", "")
        if op not in _SHOWN or op == "delete-replaced":
            continue
        name = step["urn"].rsplit("::", 1)[-1]
        kind = resource_type(step)
        props = ", ".join(f"{key} ({how})" for key, how in property_changes(step).items())
        table.append((name, kind, "replace" if op in ("replace", "create-replacement") else op, props))
    return table


def resource_type(step: dict[str, Any]) -> str:
    """The short type of a step's resource: "Gallery" for pulumi-python:dynamic/sig:Gallery."""
    token = (step.get("newState") or step.get("oldState") or {}).get("type") or step["urn"].split("::")[-2]
    return str(token).rsplit("$", 1)[-1].rsplit(":", 1)[-1]


def property_changes(step: dict[str, Any]) -> dict[str, str]:
    """Changed property -> "update" or "replace", from detailedDiff (else diff/replace reasons)."""
    detailed = step.get("detailedDiff") or {}
    if detailed:
        return {key: "replace" if diff.get("kind", "").endswith("-replace") else "update"
                for key, diff in detailed.items()}
    replace = set(step.get("replaceReasons") or [])
    return {key: "replace" if key in replace else "update"
            for key in step.get("diffReasons") or [] if key != "__provider"}


def render(preview: dict[str, Any]) -> str:
    """The Markdown table and the change summary."""
    lines = ["| resource | type | operation | properties |", "|---|---|---|---|"]
    lines += [f"| `{n}` | {k} | **{op}** | {p} |" for n, k, op, p in rows(preview)]
    summary = ", ".join(f"{n} {op}" for op, n in sorted(preview.get("changeSummary", {}).items()))
    return "\n".join(lines + ["", f"Summary: {summary or 'no changes'}"])


def main() -> None:
    with open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin as handle:
        print(render(json.load(handle)))


if __name__ == "__main__":
    main()
