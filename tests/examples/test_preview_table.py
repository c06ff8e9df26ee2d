"""pulumi_sig.preview_table: update vs replace per property from `preview --json`."""
from __future__ import annotations

from pulumi_sig import preview_table

URN = "urn:pulumi:dev::sig::pulumi-python:dynamic/sig:ImageVersion::"
PREVIEW = {
    "steps": [
        {"op": "same", "urn": URN + "rg"},
        {"op": "update", "urn": URN + "gallery",
         "detailedDiff": {"description": {"kind": "update", "inputDiff": False}}},
        {"op": "replace", "urn": URN + "definition", "replaceReasons": ["offer"],
         "detailedDiff": {"offer": {"kind": "update-replace"}, "description": {"kind": "add"}}},
        {"op": "delete-replaced", "urn": URN + "definition"},
        {"op": "create", "urn": URN + "version"},
    ],
    "changeSummary": {"same": 1, "update": 1, "replace": 1, "create": 1},
}


def test_rows_tell_update_from_replace_per_property() -> None:
    rows = {name: (op, props) for name, _, op, props in preview_table.rows(PREVIEW)}
    assert rows == {"gallery": ("update", "description (update)"),
                    "definition": ("replace", "offer (replace), description (update)"),
                    "version": ("create", "")}


def test_falls_back_to_diff_and_replace_reasons() -> None:
    step = {"op": "replace", "urn": URN + "v", "diffReasons": ["source_id", "tags", "__provider"],
            "replaceReasons": ["source_id"]}
    assert preview_table.property_changes(step) == {"source_id": "replace", "tags": "update"}


def test_render_has_a_summary() -> None:
    text = preview_table.render(PREVIEW)
    assert "| `definition` |" in text and "Summary: 1 create, 1 replace, 1 same, 1 update" in text
    assert preview_table.render({"steps": [], "changeSummary": {}}).endswith("Summary: no changes")


def test_the_type_is_read_from_the_step_not_guessed() -> None:
    step = {"op": "update", "urn": "urn:pulumi:dev::p::pulumi-python:dynamic/sig:Gallery::images",
            "newState": {"type": "pulumi-python:dynamic/sig:Gallery"}}
    assert preview_table.resource_type(step) == "Gallery"
    legacy = {"op": "update", "urn": "urn:pulumi:dev::p::pulumi-python:dynamic:Resource::images"}
    assert preview_table.resource_type(legacy) == "Resource"
    nested = {"op": "create", "urn": "urn:pulumi:dev::p::my:Component$pulumi-python:dynamic/sig:ImageVersion::v"}
    assert preview_table.resource_type(nested) == "ImageVersion"
