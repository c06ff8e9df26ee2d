"""End of life and retention: only replicated versions count; keep, sources and the latest stay."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from pulumi_sig.estate.document import Retention, SourceRef, VersionSpec
from pulumi_sig.estate.retention import LiveVersion, expired_versions, latest_of, plan_retention

NOW = datetime(2027, 1, 1, tzinfo=timezone.utc)


def version(name: str, **extra: object) -> VersionSpec:
    return VersionSpec(name=name, source=SourceRef(image_source="build"), **extra)  # type: ignore[arg-type]


def live(name: str, state: str = "Completed", days_old: int = 1) -> LiveVersion:
    return LiveVersion(name=name, replication=state, published=NOW - timedelta(days=days_old),
                       regions={"westeurope": 1})


def test_end_of_life_of_the_version_or_its_definition() -> None:
    versions = [version("1.0.0", end_of_life_date=date(2026, 12, 31)), version("1.1.0"),
                version("1.2.0", end_of_life_date=date(2027, 1, 1))]  # takes effect at midnight UTC
    assert expired_versions(versions, definition_end_of_life=None, now=NOW) == {"1.0.0", "1.2.0"}
    assert expired_versions(versions, definition_end_of_life=date(2026, 6, 1), now=NOW) == {"1.0.0", "1.1.0", "1.2.0"}


def test_expired_versions_are_excluded_from_latest() -> None:
    versions = [version("1.0.0"), version("1.1.0", exclude_from_latest=True), version("1.2.0")]
    assert latest_of(versions, set()) == "1.2.0"
    assert latest_of(versions, {"1.2.0"}) == "1.0.0"


def test_expired_versions_are_removed_only_when_asked() -> None:
    versions = [version("1.0.0", end_of_life_date=date(2026, 1, 1)), version("1.1.0")]
    found = {name: live(name) for name in ("1.0.0", "1.1.0")}
    kept = plan_retention(versions, live=found, retention=Retention(), definition_end_of_life=None, now=NOW,
                          sources_in_use={})
    assert kept.expired == {"1.0.0"} and kept.removed == {}
    removed = plan_retention(versions, live=found, retention=Retention(remove_expired=True),
                             definition_end_of_life=None, now=NOW, sources_in_use={})
    assert removed.removed == {"1.0.0": "its end of life has passed (retention.remove_expired)"}


def test_keep_newest_counts_only_versions_whose_replication_succeeded() -> None:
    versions = [version(f"1.0.{patch}") for patch in range(6)]
    # The three newest are still replicating or failed: "keep the last 3" must not delete the good ones.
    found = {"1.0.5": live("1.0.5", "InProgress"), "1.0.4": live("1.0.4", "Failed"), "1.0.3": live("1.0.3", "Failed"),
             **{f"1.0.{p}": live(f"1.0.{p}") for p in range(3)}}
    plan = plan_retention(versions, live=found, retention=Retention(keep_newest=2), definition_end_of_life=None,
                          now=NOW, sources_in_use={})
    assert plan.removed == {"1.0.0": "older than the newest 2 successfully replicated versions "
                                     "(retention.keep_newest)"}
    assert plan.kept["1.0.4"] == "not counted by retention: replication Failed"
    assert plan.kept["1.0.5"] == "not counted by retention: replication InProgress"


def test_versions_not_made_yet_are_not_counted() -> None:
    versions = [version("1.0.0"), version("1.1.0"), version("1.2.0")]
    plan = plan_retention(versions, live={"1.0.0": live("1.0.0"), "1.1.0": live("1.1.0")},
                          retention=Retention(keep_newest=2), definition_end_of_life=None, now=NOW, sources_in_use={})
    assert plan.removed == {}


def test_age_counts_replicated_versions_and_nothing_protected_goes() -> None:
    versions = [version("1.0.0", keep=True), version("1.1.0"), version("1.2.0", tags={"keep": "true"}),
                version("1.3.0"), version("1.4.0")]
    found = {v.name: live(v.name, days_old=400) for v in versions}
    plan = plan_retention(versions, live=found, retention=Retention(max_age_days=90), definition_end_of_life=None,
                          now=NOW, sources_in_use={"1.3.0": "platform/ubuntu/1.4.0"})
    why = "published 400 days ago, more than 90 (retention.max_age_days)"
    assert plan.removed == {"1.1.0": why}
    assert plan.kept == {"1.0.0": f"{why}, but it is tagged keep", "1.2.0": f"{why}, but it is tagged keep",
                         "1.3.0": f"{why}, but it is the source of platform/ubuntu/1.4.0",
                         "1.4.0": f"{why}, but it is the latest"}


def test_the_documents_publish_date_is_used_when_the_backend_has_none() -> None:
    versions = [version("1.0.0", published=date(2026, 1, 1)), version("1.1.0")]
    found = {"1.0.0": LiveVersion("1.0.0", "Completed"), "1.1.0": LiveVersion("1.1.0", "Completed")}
    plan = plan_retention(versions, live=found, retention=Retention(max_age_days=300), definition_end_of_life=None,
                          now=NOW, sources_in_use={})
    assert list(plan.removed) == ["1.0.0"]
