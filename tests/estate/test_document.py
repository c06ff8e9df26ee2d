"""The estate document: errors name file, line and dotted path; overlays merge; the schema is the model's."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from pulumi_sig.estate import EstateError, json_schema, load_estate
from pulumi_sig.estate.__main__ import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "estate"

BASE = """\
resource_groups:
  images: {location: westeurope}
image_sources:
  build: {resource_group: images, os_type: Linux}
galleries:
  platform:
    resource_group: images
    regions: [westeurope, northeurope]
    definitions:
      ubuntu:
        os_type: Linux
        publisher: Contoso
        offer: Ubuntu
        sku: "22_04"
        versions:
          - {name: 1.0.0, source: {image_source: build}}
          - {name: 1.1.0, source: {image_source: build}}
          - {name: 1.2.0, source: {image_source: build}}
          - name: 1.3.x
            source: {image_source: build}
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text))
    return path


def problems(path: Path, stack: str | None = None) -> list[str]:
    with pytest.raises(EstateError) as caught:
        load_estate(path, stack=stack)
    return str(caught.value).splitlines()


def test_a_bad_version_name_names_file_line_and_path(tmp_path: Path) -> None:
    lines = problems(write(tmp_path, "estate.yaml", BASE))
    assert len(lines) == 1
    assert lines[0].startswith("estate.yaml:19: galleries.platform.definitions.ubuntu.versions[3].name: ")
    assert "MAJOR.MINOR.PATCH" in lines[0]


def test_a_version_yaml_reads_as_a_number_is_told_to_be_quoted(tmp_path: Path) -> None:
    text = BASE.replace("- name: 1.3.x", "- name: 1.3")
    assert problems(write(tmp_path, "estate.yaml", text)) == [
        "estate.yaml:19: galleries.platform.definitions.ubuntu.versions[3].name: Input should be a valid string; "
        "YAML read 1.3 as a number: quote it"]


def test_unknown_fields_missing_fields_and_bad_regions_each_get_a_line(tmp_path: Path) -> None:
    text = BASE.replace("- name: 1.3.x", "- name: 1.3.0").replace("        offer: Ubuntu\n", "").replace(
        "regions: [westeurope, northeurope]", "regions: [westeurope, atlantis]\n    descripton: x")
    lines = problems(write(tmp_path, "estate.yaml", text))
    assert "estate.yaml:8: galleries.platform.regions[1]: 'atlantis' is not a known Azure region" in lines
    assert ("estate.yaml:9: galleries.platform.descripton: unknown field 'descripton' (did you mean "
            "'description'?)") in lines
    assert "estate.yaml:12: galleries.platform.definitions.ubuntu.offer: Field required" in lines


def test_references_to_undeclared_things_are_refused_at_their_line(tmp_path: Path) -> None:
    text = BASE.replace("- name: 1.3.x", "- name: 1.2.0").replace(
        "- {name: 1.1.0, source: {image_source: build}}", "- {name: 1.1.0, source: {image_source: bulid}}")
    lines = problems(write(tmp_path, "estate.yaml", text))
    assert ("estate.yaml:17: galleries.platform.definitions.ubuntu.versions[1].source.image_source: "
            "no image source 'bulid' in this estate (declared: build)") in lines
    assert ("estate.yaml:19: galleries.platform.definitions.ubuntu.versions[3].name: version 1.2.0 is already "
            "declared at versions[2]") in lines


def test_a_source_must_be_exactly_one_thing(tmp_path: Path) -> None:
    text = BASE.replace("- name: 1.3.x\n            source: {image_source: build}",
                        "- name: 1.3.0\n            source: {image_source: build, version: 1.0.0}")
    assert problems(write(tmp_path, "estate.yaml", text)) == [
        "estate.yaml:20: galleries.platform.definitions.ubuntu.versions[3].source: "
        "give exactly one of image_source, id or version"]


def test_a_problem_in_an_overlay_file_names_the_overlay_file(tmp_path: Path) -> None:
    base = write(tmp_path, "estate.yaml", BASE.replace("1.3.x", "1.3.0"))
    write(tmp_path, "estate.prod.yaml", """\
        galleries:
          platform:
            definitions:
              ubuntu:
                load:
                  westeurope: {concurrent_vms: -5}
        """)
    assert load_estate(base, stack="dev") is not None  # other stacks are not affected
    assert problems(base, stack="prod") == [
        "estate.prod.yaml:6: galleries.platform.definitions.ubuntu.load.westeurope.concurrent_vms: "
        "Input should be greater than or equal to 0"]


def test_invalid_yaml_and_duplicate_keys_have_lines(tmp_path: Path) -> None:
    assert problems(write(tmp_path, "estate.yaml", "galleries: [\n")) [0].startswith("estate.yaml:2: not valid YAML")
    assert problems(write(tmp_path, "estate.yaml", "galleries: {}\ngalleries: {}\n")) == [
        "estate.yaml:2: galleries: this key is given twice"]


def test_overlays_merge_mappings_versions_by_name_and_null_removes(tmp_path: Path) -> None:
    text = BASE.replace("1.3.x", "1.3.0") + textwrap.dedent("""\
        overlays:
          dev:
            galleries:
              platform:
                regions: [westeurope]
                definitions:
                  ubuntu:
                    description: dev only
                    versions:
                      - {name: 1.1.0, keep: true}
                      - {name: 1.4.0, source: {image_source: build}}
        """)
    base = write(tmp_path, "estate.yaml", text)
    write(tmp_path, "estate.dev.yaml", "galleries:\n  platform:\n    regions: null\n")
    plain = load_estate(base).galleries["platform"]
    dev = load_estate(base, stack="dev").galleries["platform"]
    assert plain.regions == ["westeurope", "northeurope"] and dev.regions is None  # the file comes last
    ubuntu = dev.definitions["ubuntu"]
    assert [v.name for v in ubuntu.versions] == ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0"]
    assert ubuntu.versions[1].keep and ubuntu.versions[1].source.image_source == "build"
    assert ubuntu.description == "dev only" and plain.definitions["ubuntu"].description is None


def test_the_committed_schema_is_the_models_and_the_example_points_at_it() -> None:
    committed = json.loads((EXAMPLE / "estate.schema.json").read_text())
    assert committed == json.loads(json.dumps(json_schema())), \
        "regenerate: python -m pulumi_sig.estate schema examples/estate/estate.schema.json"
    assert (EXAMPLE / "estate.yaml").read_text().startswith("# yaml-language-server: $schema=./estate.schema.json")
    assert "versions" in committed["$defs"]["DefinitionSpec"]["properties"]


def test_the_example_is_valid_for_every_stack(capsys: pytest.CaptureFixture[str]) -> None:
    for stack in (None, "dev", "prod"):
        assert main(["check", str(EXAMPLE / "estate.yaml"), *(["--stack", stack] if stack else [])]) == 0
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out.split("ok (stack prod)\n", 1)[1])["title"] == "pulumi-sig estate"


def test_a_document_from_a_stack_config_value_merges_its_own_overlay_section() -> None:
    from pulumi_sig.estate.loader import load_estate_text

    overlay = "overlays:\n  dev:\n    galleries:\n      platform: {regions: [westeurope]}\n"
    text = BASE.replace("1.3.x", "1.3.0") + overlay
    assert load_estate_text(text, label="estate:document", stack="dev").galleries["platform"].regions == ["westeurope"]
    with pytest.raises(EstateError) as caught:
        load_estate_text(BASE, label="estate:document")
    assert str(caught.value).startswith("estate:document:19: galleries.platform.definitions.ubuntu.versions[3].name")
