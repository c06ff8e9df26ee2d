"""The estate plan: stable under reordering, demotion, retirement said with why, quota headroom."""
from __future__ import annotations

import textwrap
from datetime import datetime, timezone
from pathlib import Path

from pulumi_sig.estate import load_estate
from pulumi_sig.estate.plan import plan_estate
from pulumi_sig.estate.retention import LiveVersion
from pulumi_sig.models.limits import VERSIONS_PER_REGION

NOW = datetime(2027, 1, 1, tzinfo=timezone.utc)
DOC = """\
resource_groups:
  images: {location: westeurope}
image_sources:
  build: {resource_group: images, os_type: Linux, disk_size_gb: 30}
retention: {keep_newest: 3, remove_expired: true}
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
        occupied_size_gb: 10
        load: {westeurope: {concurrent_vms: 50}}
        versions:
VERSIONS
"""


def estate(tmp_path: Path, *lines: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "estate.yaml"
    path.write_text(DOC.replace("VERSIONS\n", textwrap.indent("\n".join(lines) + "\n", " " * 10)))
    return load_estate(path)


def row(name: str, extra: str = "") -> str:
    return f"- {{name: {name}, source: {{image_source: build}}{extra}}}"


def nothing(*names: str) -> dict[str, LiveVersion]:
    return {}


def test_reordering_versions_changes_nothing_in_the_plan(tmp_path: Path) -> None:
    one = plan_estate(estate(tmp_path, row("1.0.0"), row("1.1.0"), row("1.2.0")), live=nothing, now=NOW)
    other = plan_estate(estate(tmp_path, row("1.2.0"), row("1.0.0"), row("1.1.0")), live=nothing, now=NOW)
    assert {v.label: v.placement for v in one.versions()} == {v.label: v.placement for v in other.versions()}


def test_placements_costs_and_notes(tmp_path: Path) -> None:
    plan = plan_estate(estate(tmp_path, row("1.0.0"), row("1.1.0"), row("1.2.0")), live=nothing, now=NOW)
    placed = {v.label: v.placement.replicas for v in plan.versions()}
    # load 50 VMs -> 3 replicas, +1 overprovision; no load in northeurope -> min 1
    assert placed == {"platform/ubuntu/1.0.0": {"westeurope": 1}, "platform/ubuntu/1.1.0": {"westeurope": 4,
                      "northeurope": 1}, "platform/ubuntu/1.2.0": {"westeurope": 4, "northeurope": 1}}
    assert plan.after["snapshots"] == 11 and plan.after["storage_gb"] == 110 and plan.change_egress_gb == 20
    assert "platform/ubuntu/1.0.0: tier 2 (rank 3): westeurope=1" in plan.notes
    assert plan.advice == []
    assert plan.quota["westeurope"] == {"versions": 3, "limit": VERSIONS_PER_REGION,
                                        "headroom": VERSIONS_PER_REGION - 3}


def test_retired_versions_are_listed_with_why_and_not_planned(tmp_path: Path) -> None:
    doc = estate(tmp_path, row("1.0.0", ", end_of_life_date: 2026-06-01"), row("1.1.0"), row("1.2.0"),
                 row("1.3.0"), row("1.4.0"), row("1.5.0", ", keep: true"))

    def live(group: str, gallery: str, image: str) -> dict[str, LiveVersion]:
        assert (group, gallery, image) == ("images", "platform", "ubuntu")
        states = {"1.0.0": "Completed", "1.1.0": "Completed", "1.2.0": "Completed", "1.3.0": "Completed",
                  "1.4.0": "Failed"}
        return {name: LiveVersion(name, state, regions={"westeurope": 1}) for name, state in states.items()}

    doc.retention.keep_newest = 2  # of the unexpired, replicated ones: 1.3.0 and 1.2.0
    plan = plan_estate(doc, live=live, now=NOW)
    assert [v.spec.name for v in plan.versions()] == ["1.2.0", "1.3.0", "1.4.0", "1.5.0"]
    assert "removing platform/ubuntu/1.0.0: its end of life has passed (retention.remove_expired)" in plan.warnings
    assert ("removing platform/ubuntu/1.1.0: older than the newest 2 successfully replicated versions "
            "(retention.keep_newest)") in plan.warnings
    assert "keeping platform/ubuntu/1.4.0: not counted by retention: replication Failed" in plan.notes
    assert plan.quota["westeurope"]["versions"] == 4


def test_an_expired_version_not_yet_made_is_not_created(tmp_path: Path) -> None:
    doc = estate(tmp_path, row("1.0.0", ", end_of_life_date: 2026-06-01"), row("1.1.0"))
    doc.retention.remove_expired = False
    plan = plan_estate(doc, live=nothing, now=NOW)
    assert [v.spec.name for v in plan.versions()] == ["1.1.0"]
    assert "keeping platform/ubuntu/1.0.0: not created: its end of life has passed" in plan.notes


def test_an_expired_definition_is_retired_whole(tmp_path: Path) -> None:
    doc = estate(tmp_path, row("1.0.0"), row("1.1.0"))
    doc.galleries["platform"].definitions["ubuntu"].end_of_life_date = datetime(2026, 1, 1).date()
    plan = plan_estate(doc, live=nothing, now=NOW)
    assert plan.versions() == [] and plan.definitions[0].retired
    assert plan.warnings[0].startswith("retiring definition platform/ubuntu and its versions: its end of life")
    doc.galleries["platform"].definitions["ubuntu"].end_of_life_date = datetime(2028, 1, 1).date()
    for version in doc.galleries["platform"].definitions["ubuntu"].versions:  # every version expired, not it
        version.end_of_life_date = datetime(2026, 1, 1).date()
    plan = plan_estate(doc, live=nothing, now=NOW)
    assert plan.definitions[0].retired is None and plan.versions() == []


def test_under_provisioned_latest_is_advised(tmp_path: Path) -> None:
    doc = estate(tmp_path, row("1.0.0"), row("1.1.0", ", replicas: {westeurope: 1}"))
    plan = plan_estate(doc, live=nothing, now=NOW)
    assert len(plan.advice) == 1 and "platform/ubuntu/1.1.0: westeurope: 1 replica(s) is under" in plan.advice[0]


def test_low_quota_headroom_warns(tmp_path: Path) -> None:
    doc = estate(tmp_path, row("1.0.0"))

    def crowded(*names: str) -> dict[str, LiveVersion]:
        return {f"0.0.{n}": LiveVersion(f"0.0.{n}", "Completed", regions={"westeurope": 1}) for n in range(9_500)}

    doc.retention.keep_newest = None
    plan = plan_estate(doc, live=crowded, now=NOW)
    assert plan.quota["westeurope"]["headroom"] == VERSIONS_PER_REGION - 9_501
    assert any(w.startswith("quota: 9501 versions in westeurope, 499 left") for w in plan.warnings)
