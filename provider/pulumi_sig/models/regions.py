"""Azure regions per cloud, and the one place region names are normalised."""
from __future__ import annotations

import re
from enum import Enum


class Cloud(str, Enum):
    """The Azure clouds this project serves."""

    PUBLIC = "AzurePublicCloud"
    CHINA = "AzureChinaCloud"


# Display names by cloud. The China list is the seed's: Compute Gallery source regions on
# Azure China 21Vianet are China East 2 and China North 2.
_DISPLAY_NAMES: dict[Cloud, tuple[str, ...]] = {
    Cloud.PUBLIC: (
        "East US", "East US 2", "West US", "West US 2", "West US 3", "Central US",
        "North Central US", "South Central US", "West Central US", "Canada Central", "Canada East",
        "Brazil South", "North Europe", "West Europe", "UK South", "UK West", "France Central",
        "Germany West Central", "Norway East", "Sweden Central", "Switzerland North",
        "Poland Central", "Italy North", "Spain Central", "East Asia", "Southeast Asia",
        "Japan East", "Japan West", "Korea Central", "Korea South", "Australia East",
        "Australia Southeast", "Australia Central", "Central India", "South India", "West India",
        "UAE North", "South Africa North", "Qatar Central", "Israel Central", "Mexico Central",
    ),
    Cloud.CHINA: ("China East 2", "China North 2"),
}


def _key(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name).lower()


REGIONS: dict[str, tuple[str, Cloud]] = {
    _key(display): (display, cloud) for cloud, names in _DISPLAY_NAMES.items() for display in names
}


class UnknownRegion(ValueError):
    """A region name that no served cloud knows."""


def normalize_region(name: str) -> str:
    """The canonical short form of a region ("China East 2" -> "chinaeast2")."""
    key = _key(name)
    if key not in REGIONS:
        raise UnknownRegion(f"'{name}' is not a known Azure region")
    return key


def is_known_region(name: str) -> bool:
    """Whether any served cloud knows this region name, in either form."""
    return _key(name) in REGIONS


def region_display_name(name: str) -> str:
    """The display form of a region ("chinaeast2" -> "China East 2")."""
    return REGIONS[normalize_region(name)][0]


def cloud_of(name: str) -> Cloud:
    """The cloud a region belongs to."""
    return REGIONS[normalize_region(name)][1]


def same_region(a: str, b: str) -> bool:
    """Whether two region names, in any form, name the same region."""
    return _key(a) == _key(b)
