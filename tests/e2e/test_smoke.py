"""The engine, language host, dynamic-provider launcher and venv wiring, proven on a tiny resource."""
from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.pulumi_cli import PulumiProject, changes, steps_by_name

PROJECT = Path(__file__).parent / "projects" / "smoke"


def test_preview_up_noop_refresh_destroy(tmp_path: Path, pulumi_env: dict[str, str]) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    project = PulumiProject.copy_of(PROJECT, tmp_path, pulumi_env)
    project.config("dir", str(notes))

    preview = project.preview_json()
    assert steps_by_name(preview)["hello"]["op"] == "create"
    assert not (notes / "hello.json").exists(), "preview must not create anything"

    project.up()
    assert json.loads((notes / "hello.json").read_text()) == {"text": "hello"}
    assert project.outputs()["text"] == "hello"

    assert changes(project.preview_json()) == {}

    (notes / "hello.json").write_text(json.dumps({"text": "changed outside"}))
    project.refresh()
    state = {r["urn"].rsplit("::", 1)[-1]: r for r in project.resources()}
    assert state["hello"]["outputs"]["text"] == "changed outside"
    assert steps_by_name(project.preview_json())["hello"]["op"] == "update", "drift shows as a diff"

    project.config("text", "updated")
    step = steps_by_name(project.preview_json())["hello"]
    assert step["op"] == "update"
    project.up()
    assert json.loads((notes / "hello.json").read_text()) == {"text": "updated"}

    project.destroy()
    assert not (notes / "hello.json").exists()
    assert [r for r in project.resources() if r["type"] != "pulumi:pulumi:Stack"] == []
