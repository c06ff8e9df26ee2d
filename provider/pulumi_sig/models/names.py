"""Name formats ARM enforces for resource groups, galleries, image definitions and versions."""
from __future__ import annotations

import re

INT32_MAX = 2**31 - 1

# ARM's patterns: the gallery pattern is the spec's (GalleryRP.json, galleryName parameter).
RESOURCE_GROUP_NAME = re.compile(r"^[-\w._()]{1,90}(?<!\.)$")
GALLERY_NAME = re.compile(r"^[^_\W][\w\-._]{0,79}(?<![-.])$")
IMAGE_DEFINITION_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]{0,78}[A-Za-z0-9])?$")
VERSION_NAME = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
IDENTIFIER_PART = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]{0,126}[A-Za-z0-9])?$")

NAME_RULES: dict[str, tuple[re.Pattern[str], str]] = {
    "resourceGroupName": (RESOURCE_GROUP_NAME,
                          "1-90 characters: letters, digits, '_', '-', '.', '(' and ')'; not ending in '.'"),
    "galleryName": (GALLERY_NAME,
                    "1-80 characters: letters, digits, '_', '-' and '.'; starting with a letter or digit "
                    "and not ending in '-' or '.'"),
    "galleryImageName": (IMAGE_DEFINITION_NAME,
                         "1-80 characters: letters, digits, '_', '-' and '.'; starting and ending with a "
                         "letter or digit"),
}


def name_violation(kind: str, name: str) -> str | None:
    """Why `name` is not a valid `kind` name ("galleryName", ...), or None when it is valid."""
    if kind == "galleryImageVersionName":
        return version_name_violation(name)
    pattern, rule = NAME_RULES[kind]
    return None if pattern.match(name) else f"The {kind} '{name}' is invalid: {rule}."


def parse_version_name(name: str) -> tuple[int, int, int]:
    """MAJOR.MINOR.PATCH as three ints; ValueError when the name breaks the rule."""
    match = VERSION_NAME.match(name)
    if not match:
        raise ValueError(f"The galleryImageVersionName '{name}' is invalid: it must be "
                         "MAJOR.MINOR.PATCH, three non-negative 32-bit integers.")
    parts = tuple(int(part) for part in match.groups())
    if any(part > INT32_MAX for part in parts):
        raise ValueError(f"The galleryImageVersionName '{name}' is invalid: each part of "
                         f"MAJOR.MINOR.PATCH must be between 0 and {INT32_MAX}.")
    return parts  # type: ignore[return-value]


def version_name_violation(name: str) -> str | None:
    """Why `name` is not a valid version name, or None."""
    try:
        parse_version_name(name)
    except ValueError as error:
        return str(error)
    return None


def identifier_violation(field: str, value: str) -> str | None:
    """Why a publisher/offer/sku value is invalid, or None."""
    if IDENTIFIER_PART.match(value):
        return None
    return (f"The {field} '{value}' is invalid: 1-128 characters: letters, digits, '.', '_' and '-',"
            " starting and ending with a letter or digit.")
