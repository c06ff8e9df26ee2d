"""Read an estate: YAML with line numbers, per-stack overlays merged, errors as `file:line: path: message`."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from pydantic import ValidationError

from pulumi_sig.estate.document import Estate

PathPart = str | int


@dataclass
class Located:
    """A YAML value and where it was written (dicts and lists hold Located values)."""

    value: Any
    file: str
    line: int


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path}: {self.message}" if self.path \
            else f"{self.file}:{self.line}: {self.message}"


@dataclass
class EstateError(ValueError):
    """A document that can't be deployed; one line per problem, each naming file, line and path."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def dotted(path: tuple[PathPart, ...]) -> str:
    """('galleries', 'platform', 'versions', 3, 'name') -> 'galleries.platform.versions[3].name'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_yaml(path: Path) -> Located:
    """The file's one document as Located values (an empty file is an empty mapping)."""
    return parse_yaml(path.read_text(encoding="utf-8"), label=path.name)


def parse_yaml(text: str, *, label: str) -> Located:
    """One YAML document as Located values; `label` names it in errors."""
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            return _located(loader, node, label) if node is not None else Located({}, label, 1)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise EstateError([Problem(label, line, "", f"not valid YAML: {error.problem or error}")]) from None


def _located(loader: yaml.SafeLoader, node: yaml.Node, label: str) -> Located:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        items: dict[str, Located] = {}
        for key_node, value_node in node.value:
            key = str(loader.construct_object(key_node))
            if key in items:
                raise EstateError([Problem(label, key_node.start_mark.line + 1, key, "this key is given twice")])
            items[key] = _located(loader, value_node, label)
        return Located(items, label, line)
    if isinstance(node, yaml.SequenceNode):
        return Located([_located(loader, item, label) for item in node.value], label, line)
    return Located(loader.construct_object(node), label, line)


def plain(node: Located) -> Any:
    """The Python value of a Located tree."""
    if isinstance(node.value, dict):
        return {key: plain(value) for key, value in node.value.items()}
    if isinstance(node.value, list):
        return [plain(item) for item in node.value]
    return node.value


def merge(base: Located, overlay: Located) -> Located:
    """The overlay over the base: mappings merge key by key (null removes the key), lists of
    mappings with a `name` merge by name, anything else is replaced. Lines follow the overlay."""
    if isinstance(base.value, dict) and isinstance(overlay.value, dict):
        merged = dict(base.value)
        for key, value in overlay.value.items():
            if value.value is None:
                merged.pop(key, None)
            else:
                merged[key] = merge(merged[key], value) if key in merged else value
        return Located(merged, base.file, base.line)
    if _named_list(base) and _named_list(overlay):
        by_name = {item.value["name"].value: index for index, item in enumerate(base.value)}
        items = list(base.value)
        for item in overlay.value:
            index = by_name.get(item.value["name"].value)
            if index is None:
                items.append(item)
            else:
                items[index] = merge(items[index], item)
        return Located(items, base.file, base.line)
    return overlay


def _named_list(node: Located) -> bool:
    return isinstance(node.value, list) and all(
        isinstance(item.value, dict) and "name" in item.value for item in node.value)


def locate(tree: Located, path: tuple[PathPart, ...]) -> tuple[Located, tuple[PathPart, ...]]:
    """The deepest node on `path` and the part of the path that exists."""
    node, found = tree, cast(tuple[PathPart, ...], ())
    for part in path:
        children = node.value
        if isinstance(children, dict) and isinstance(part, str) and part in children:
            node = children[part]
        elif isinstance(children, list) and isinstance(part, int) and 0 <= part < len(children):
            node = children[part]
        else:
            break
        found += (part,)
    return node, found


def load_estate(path: str | Path, *, stack: str | None = None) -> Estate:
    """The estate of `path` with the stack's overlays merged: its `overlays.<stack>` section,
    then `estate.<stack>.yaml` beside it. Raises EstateError naming file, line and path."""
    path = Path(path)
    if not path.is_file():
        raise EstateError([Problem(path.name, 1, "", f"no estate file at {path}")])
    return estate_of(with_overlays(_mapping(read_yaml(path)), stack, overlay_file=path.with_name(
        f"{path.stem}.{stack}{path.suffix}") if stack else None))


def load_estate_text(text: str, *, label: str, stack: str | None = None) -> Estate:
    """The estate of a YAML text (e.g. the stack config value `estate:document`) with its
    `overlays.<stack>` section merged; errors name `label`."""
    return estate_of(with_overlays(_mapping(parse_yaml(text, label=label)), stack, overlay_file=None))


def _mapping(tree: Located) -> Located:
    if not isinstance(tree.value, dict):
        raise EstateError([Problem(tree.file, tree.line, "",
                                   "an estate is a mapping (resource_groups, galleries, ...)")])
    return tree


def estate_of(tree: Located) -> Estate:
    """The validated estate of a merged tree, or EstateError locating every problem."""
    from pulumi_sig.estate.checks import reference_problems

    try:
        estate = Estate.model_validate(plain(tree))
    except ValidationError as error:
        raise EstateError(validation_problems(tree, error)) from None
    problems = [problem_at(tree, where, message) for where, message in reference_problems(estate)]
    if problems:
        raise EstateError(problems)
    return estate


def with_overlays(tree: Located, stack: str | None, *, overlay_file: Path | None) -> Located:
    """The stack's `overlays.<stack>` section, then its overlay file, merged over the base."""
    if stack is None:
        return tree
    sections = tree.value.get("overlays")
    if sections is not None and isinstance(sections.value, dict) and stack in sections.value:
        section = sections.value[stack]
        if not isinstance(section.value, dict):
            raise EstateError([problem_at(tree, ("overlays", stack), "an overlay is a mapping")])
        tree = merge(tree, section)
    if overlay_file is not None and overlay_file.is_file():
        overlay = read_yaml(overlay_file)
        if not isinstance(overlay.value, dict):
            raise EstateError([Problem(overlay.file, overlay.line, "", "an overlay is a mapping")])
        overlay.value.pop("$schema", None)
        tree = merge(tree, overlay)
    return tree


def problem_at(tree: Located, path: tuple[PathPart, ...], message: str) -> Problem:
    node, _ = locate(tree, path)
    return Problem(node.file, node.line, dotted(path), message)


def validation_problems(tree: Located, error: ValidationError) -> list[Problem]:
    """One problem per bad value; a union's alternatives become one line."""
    merged: dict[tuple[str, int, str], list[str]] = {}
    for item in error.errors():
        node, found = locate(tree, tuple(item["loc"]))
        path = found + ((item["loc"][len(found)],) if item["type"] == "missing" else ())
        message = _message(item, node)
        key = (node.file, node.line, dotted(path))
        if message not in merged.setdefault(key, []):
            merged[key].append(message)
    return [Problem(file, line, path, " or ".join(messages)) for (file, line, path), messages in merged.items()]


def _message(item: Any, node: Located) -> str:
    if item["type"] == "extra_forbidden":
        field_name = str(item["loc"][-1])
        known = _known_fields(item)
        close = difflib.get_close_matches(field_name, known, n=1)
        return f"unknown field '{field_name}'" + (f" (did you mean '{close[0]}'?)" if close else "")
    message = str(item["msg"]).removeprefix("Value error, ")
    if item["type"] == "string_type" and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        # YAML reads 1.4 as a number: the usual slip in a version name.
        return f"{message}; YAML read {node.value!r} as a number: quote it"
    return message


def _known_fields(item: Any) -> list[str]:
    from pulumi_sig.estate import document

    names: set[str] = set()
    for model in vars(document).values():
        if isinstance(model, type) and issubclass(model, document.Strict):
            names.update(model.model_fields)
    return sorted(names)
