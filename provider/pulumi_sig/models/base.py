"""Shared pydantic plumbing: camelCase wire aliases, strict scalars, case-insensitive enums."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict
from pydantic.alias_generators import to_camel

StrictInt = Annotated[int, Strict()]
StrictBool = Annotated[bool, Strict()]
StrictStr = Annotated[str, Strict()]
Int32 = Annotated[int, Strict(), Field(ge=-(2**31), le=2**31 - 1)]


def _parse_datetime(value: Any) -> Any:
    if isinstance(value, str) and value.endswith("Z"):
        return value[:-1] + "+00:00"
    return value


DateTime = Annotated[datetime, BeforeValidator(_parse_datetime)]


def case_insensitive_enum(*values: str) -> Any:
    """A str field that accepts any casing of `values` and stores the canonical casing."""
    canonical = {value.lower(): value for value in values}

    def validate(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(f"must be a string, one of {', '.join(values)}")
        try:
            return canonical[value.lower()]
        except KeyError:
            raise ValueError(f"'{value}' is not one of {', '.join(values)}") from None

    return Annotated[str, BeforeValidator(validate)]


# The enum values, declared once: the wire models validate with them, the provider normalises with them.
OS_TYPES = ("Windows", "Linux")
OS_STATES = ("Generalized", "Specialized")
HYPER_V_GENERATIONS = ("V1", "V2")
ARCHITECTURES = ("x64", "Arm64")
STORAGE_ACCOUNT_TYPES = ("Standard_LRS", "Standard_ZRS", "Premium_LRS", "PremiumV2_LRS")

OsType = case_insensitive_enum(*OS_TYPES)
OsState = case_insensitive_enum(*OS_STATES)
HyperVGeneration = case_insensitive_enum(*HYPER_V_GENERATIONS)
Architecture = case_insensitive_enum(*ARCHITECTURES)
StorageAccountType = case_insensitive_enum(*STORAGE_ACCOUNT_TYPES)
HostCaching = case_insensitive_enum("None", "ReadOnly", "ReadWrite")
ReplicationMode = case_insensitive_enum("Full", "Shallow")
ProvisioningState = str  # Creating, Updating, Failed, Succeeded, Deleting, Migrating; read-only


class ArmModel(BaseModel):
    """Base of every wire model: snake_case in Python, camelCase on the wire, unknown keys kept."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")

    def to_wire(self) -> dict[str, Any]:
        """The ARM JSON body of this model."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")


class TrackedResource(ArmModel):
    """Fields every ARM tracked resource has."""

    id: str | None = None
    name: str | None = None
    type: str | None = None
    location: str
    tags: dict[str, Annotated[str, Strict()]] | None = None
