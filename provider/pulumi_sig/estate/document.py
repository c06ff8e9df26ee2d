"""The estate document: one pydantic model of a whole image estate (its JSON Schema is generated from it)."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from pulumi_sig.models.base import HYPER_V_GENERATIONS, OS_STATES, OS_TYPES, STORAGE_ACCOUNT_TYPES
from pulumi_sig.models.limits import REPLICAS_PER_REGION
from pulumi_sig.models.names import name_violation
from pulumi_sig.models.regions import normalize_region


def _region(value: str) -> str:
    return normalize_region(value)  # UnknownRegion is a ValueError: pydantic reports it at the value


def _named(kind: str) -> Any:
    def check(value: str) -> str:
        problem = name_violation(kind, value)
        if problem:
            raise ValueError(problem)
        return value
    return AfterValidator(check)


Region = Annotated[str, AfterValidator(_region), Field(description="an Azure region, 'westeurope' or 'West Europe'")]
VersionName = Annotated[str, _named("galleryImageVersionName"), Field(description="MAJOR.MINOR.PATCH")]
ReplicaCount = Annotated[int, Field(ge=1, le=REPLICAS_PER_REGION)]
Tags = dict[str, str]
_ARM_NAME = "ARM name (default: the key)"


class Strict(BaseModel):
    """Unknown fields are errors: a typo must fail at preview, not be ignored."""

    model_config = ConfigDict(extra="forbid")


class RegionLoad(Strict):
    """Load declared for one region; turned into replicas by the seed's rule."""

    concurrent_vms: int = Field(default=0, ge=0, description="VMs created at once from this image (one replica per 20)")
    scale_sets: int = Field(default=0, ge=0, description="scale-set deployments at once (at least one replica each)")
    scale_set_instances: int = Field(default=600, ge=1, le=1000, description="instances per scale-set deployment "
                                     "(one replica per 600 started)")


class Tier(Strict):
    """The next `newest` versions by rank: where they are replicated and with how many replicas."""

    newest: int = Field(ge=1, description="how many versions (by rank, newest first) this tier holds")
    regions: Literal["all", "home"] = Field(default="all",
                                            description="all of the definition's regions, or its home only")
    replicas: ReplicaCount | Literal["load"] = Field(default=
        "load", description="replicas per region, or 'load': the seed's rule for the declared load")


class RestTier(Strict):
    """Versions ranked below every tier (and expired versions that are kept)."""

    regions: Literal["all", "home"] = "home"
    replicas: ReplicaCount = 1


class ReplicationPolicy(Strict):
    """Target regions and replica counts by rank: e.g. newest 2 everywhere, next 3 at home, the rest at one."""

    tiers: list[Tier] = Field(default_factory=lambda: [Tier(newest=2, regions="all", replicas="load"),
                                                             Tier(newest=3, regions="home", replicas=1)])
    rest: RestTier = Field(default_factory=RestTier)
    min_replicas: ReplicaCount = Field(default=1,
                                       description="replicas of a 'load' tier in a region with no declared load")
    overprovision: int = Field(default=1, ge=0, le=REPLICAS_PER_REGION, description=(
        "replicas added to the load rule's count (the seed advises overprovisioning)"))


class Retention(Strict):
    """Which versions the estate removes. Counts and ages consider only versions whose replication succeeded."""

    keep_newest: int | None = Field(default=None, ge=1,
                                    description="keep the newest N successfully replicated versions")
    max_age_days: int | None = Field(default=None, ge=1,
                                     description="remove successfully replicated versions older than this")
    remove_expired: bool = Field(default=False,
                                 description="remove versions (and definitions) past their end of life")


class RegionPrices(Strict):
    snapshot_gb_month: float | None = Field(default=None, ge=0)
    egress_gb: float | None = Field(default=None, ge=0)


class Prices(Strict):
    """Prices for the cost outputs. The defaults are placeholders: put your agreement's prices here."""

    currency: str = "USD"
    snapshot_gb_month: float = Field(default=0.05, ge=0, description="snapshot storage per GB-month")
    egress_gb: float = Field(default=0.087, ge=0, description="egress per GB out of a source region")
    regions: dict[Region, RegionPrices] = Field(default_factory=dict)

    def snapshot_price(self, region: str) -> float:
        override = self.regions.get(region)
        return self.snapshot_gb_month if override is None or override.snapshot_gb_month is None \
            else override.snapshot_gb_month

    def egress_price(self, region: str) -> float:
        override = self.regions.get(region)
        return self.egress_gb if override is None or override.egress_gb is None else override.egress_gb


class ImageSourceSpec(Strict):
    """An image source the emulator needs to exist (on Azure, sources come from the image build)."""

    resource_group: str = Field(description="a key of resource_groups")
    name: Annotated[str, _named("sourceName")] | None = Field(default=None, description=_ARM_NAME)
    source_type: Literal["images", "snapshots", "disks", "virtualMachines"] = "images"
    location: Region | None = None
    os_type: Literal[OS_TYPES]  # type: ignore[valid-type]
    os_state: Literal[OS_STATES] = "Generalized"  # type: ignore[valid-type]
    hyper_v_generation: Literal[HYPER_V_GENERATIONS] = "V1"  # type: ignore[valid-type]
    disk_size_gb: int = Field(default=30, ge=1, le=1024)
    data_disk_sizes_gb: list[Annotated[int, Field(ge=1, le=1024)]] = Field(default_factory=list)


class SourceRef(Strict):
    """Where a version comes from: exactly one of an estate image source, an ARM id, or another version."""

    image_source: str | None = Field(default=None, description="a key of image_sources")
    id: str | None = Field(default=None, description="an ARM id of an image, snapshot, disk, VM or version")
    version: str | None = Field(default=None, description="'1.0.0' (same definition) or 'gallery/definition/1.0.0'")

    @model_validator(mode="after")
    def _exactly_one(self) -> "SourceRef":
        if sum(value is not None for value in (self.image_source, self.id, self.version)) != 1:
            raise ValueError("give exactly one of image_source, id or version")
        return self


class VersionSpec(Strict):
    """An image version; its rank among the definition's versions decides its regions and replicas."""

    name: VersionName
    source: SourceRef
    occupied_size_gb: float | None = Field(default=None, gt=0, description="billed size (default: the definition's, "
                                           "else the source's disk sizes)")
    end_of_life_date: date | None = None
    exclude_from_latest: bool = False
    keep: bool = Field(default=False, description="never removed by retention (a tag keep=true does the same)")
    replicas: dict[Region, ReplicaCount] | None = Field(default=
        None, description="pinned replicas per region (the policy is not applied to this version)")
    published: date | None = Field(default=None, description="publish date for age rules when the backend has none")
    storage_account_type: Literal[STORAGE_ACCOUNT_TYPES] | None = None  # type: ignore[valid-type]
    tags: Tags = Field(default_factory=dict)


class DefinitionSpec(Strict):
    """An image definition and its versions."""

    name: Annotated[str, _named("galleryImageName")] | None = Field(default=None, description=_ARM_NAME)
    os_type: Literal[OS_TYPES]  # type: ignore[valid-type]
    os_state: Literal[OS_STATES] = "Generalized"  # type: ignore[valid-type]
    hyper_v_generation: Literal[HYPER_V_GENERATIONS] = "V1"  # type: ignore[valid-type]
    publisher: str
    offer: str
    sku: str
    description: str | None = None
    end_of_life_date: date | None = None
    regions: list[Region] | None = Field(default=None, description="where versions may be replicated (default: the "
                                         "gallery's regions); the home region is always one")
    home_region: Region | None = Field(default=None,
                                       description="source region of new versions (default: the gallery's)")
    load: dict[Region, RegionLoad] = Field(default_factory=dict)
    replication: ReplicationPolicy | None = Field(default=None, description="default: the estate's policy")
    retention: Retention | None = Field(default=None, description="default: the estate's retention")
    occupied_size_gb: float | None = Field(default=None, gt=0)
    tags: Tags = Field(default_factory=dict)
    versions: list[VersionSpec] = Field(default_factory=list)


class GallerySpec(Strict):
    """A gallery and its definitions."""

    name: Annotated[str, _named("galleryName")] | None = Field(default=None, description=_ARM_NAME)
    resource_group: str = Field(description="a key of resource_groups")
    location: Region | None = Field(default=None, description="default: the resource group's")
    description: str | None = None
    regions: list[Region] | None = Field(default=None, description="default regions of its definitions")
    tags: Tags = Field(default_factory=dict)
    definitions: dict[str, DefinitionSpec] = Field(default_factory=dict)


class ResourceGroupSpec(Strict):
    name: Annotated[str, _named("resourceGroupName")] | None = Field(default=None, description=_ARM_NAME)
    location: Region
    tags: Tags = Field(default_factory=dict)


class Estate(Strict):
    """A whole image estate. Overlays (per stack) are merged into it before it is checked."""

    model_config = ConfigDict(extra="forbid", title="pulumi-sig estate")

    schema_ref: str | None = Field(default=None, alias="$schema")
    prices: Prices = Field(default_factory=Prices)
    replication: ReplicationPolicy = Field(default_factory=ReplicationPolicy)
    retention: Retention = Field(default_factory=Retention)
    image_sources: dict[str, ImageSourceSpec] = Field(default_factory=dict)
    resource_groups: dict[str, ResourceGroupSpec] = Field(default_factory=dict)
    galleries: dict[str, GallerySpec] = Field(default_factory=dict)
    overlays: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="per stack name: a partial estate merged over this one "
        "(mappings merge, versions merge by name, null removes a key)")


def json_schema() -> dict[str, Any]:
    """The estate's JSON Schema, for editors (yaml-language-server) and reviewers."""
    schema = Estate.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
