"""Name formats ARM enforces for resource groups, galleries, image definitions, versions and sources (ASCII only)."""
from __future__ import annotations

import re

INT32_MAX = 2**31 - 1

# Every class is spelled out in ASCII: Python's \w and \d match any Unicode letter or digit, so '名前'
# would pass as a gallery name and '١.٠.٠' (Arabic-Indic digits) as a version, which Azure refuses.
# Gallery: letters, digits, '_' and '.', starting and ending with a letter or digit, no '-'. The spec's
# pattern (^[^_\W][\w-._]{0,79}(?<![-.])$) is looser than the service: Azure answers "Gallery name is
# invalid" for a dash (hashicorp/terraform-provider-azurerm#2081, MicrosoftDocs/azure-docs#128302).
RESOURCE_GROUP_NAME = re.compile(r"^[-A-Za-z0-9_.()]{1,90}(?<!\.)$", re.ASCII)
GALLERY_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9_.]{0,78}[A-Za-z0-9])?$", re.ASCII)
IMAGE_DEFINITION_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]{0,78}[A-Za-z0-9])?$", re.ASCII)
# Managed images, snapshots, disks: 1-80 characters, letters, digits, '_', '.' and '-'; they start with a
# letter or digit and end with a letter, digit or '_' (Azure's resource name rules for Microsoft.Compute).
SOURCE_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$", re.ASCII)
VERSION_NAME = re.compile(r"^([0-9]+)\.([0-9]+)\.([0-9]+)$", re.ASCII)
IDENTIFIER_PART = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]{0,126}[A-Za-z0-9])?$", re.ASCII)

NAME_RULES: dict[str, tuple[re.Pattern[str], str]] = {
    "resourceGroupName": (RESOURCE_GROUP_NAME,
                          "1-90 characters: ASCII letters, digits, '_', '-', '.', '(' and ')'; not ending in '.'"),
    "galleryName": (GALLERY_NAME,
                    "1-80 characters: ASCII letters, digits, '_' and '.' (no '-'); starting and ending with a "
                    "letter or digit"),
    "galleryImageName": (IMAGE_DEFINITION_NAME,
                         "1-80 characters: ASCII letters, digits, '_', '-' and '.'; starting and ending with a "
                         "letter or digit"),
    "sourceName": (SOURCE_NAME,
                   "1-80 characters: ASCII letters, digits, '_', '-' and '.'; starting with a letter or digit "
                   "and ending with a letter, digit or '_'"),
}


def name_violation(kind: str, name: str) -> str | None:
    """Why `name` is not a valid `kind` name ("galleryName", ...), or None when it is valid."""
    if kind == "galleryImageVersionName":
        return version_name_violation(name)
    pattern, rule = NAME_RULES[kind]
    return None if pattern.fullmatch(name) else f"The {kind} '{name}' is invalid: {rule}."


def parse_version_name(name: str) -> tuple[int, int, int]:
    """MAJOR.MINOR.PATCH as three ints; ValueError when the name breaks the rule."""
    match = VERSION_NAME.fullmatch(name)
    if not match:
        raise ValueError(f"The galleryImageVersionName '{name}' is invalid: it must be "
                         "MAJOR.MINOR.PATCH, three non-negative 32-bit integers written with the digits 0-9.")
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
    if IDENTIFIER_PART.fullmatch(value):
        return None
    return (f"The {field} '{value}' is invalid: 1-128 characters: letters, digits, '.', '_' and '-',"
            " starting and ending with a letter or digit.")


# Characters that would change which resource a URL path addresses, or that no ARM name allows:
# separators, query/fragment marks, an escape that survived decoding, and control characters.
_PATH_BREAKING = frozenset("/\\?#%") | frozenset(map(chr, range(0x20))) | {"\x7f"}


def path_segment_violation(value: str, *, label: str = "name") -> str | None:
    """Why `value` cannot be one ARM URL path segment ('/', '\\', '?', '#', '%', control characters,
    empty, '.' or '..'), or None. Checked by the client before sending and by the emulator on decoded paths."""
    if value in ("", ".", ".."):
        return f"The {label} '{value}' is invalid: a name may not be empty, '.' or '..'."
    bad = sorted({char for char in value if char in _PATH_BREAKING})
    if bad:
        shown = ", ".join(repr(char) for char in bad)
        return f"The {label} {value!r} is invalid: it may not contain {shown}."
    return None
