"""Smoke stack: one dynamic resource that keeps a note in a file, so refresh can see drift."""
import json
import os
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, DiffResult, ReadResult, Resource, ResourceProvider, UpdateResult


class NoteProvider(ResourceProvider):
    """Stores {"text": ...} in <directory>/<name>.json."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        path = os.path.join(props["directory"], props["name"] + ".json")
        with open(path, "w") as handle:
            json.dump({"text": props["text"]}, handle)
        return CreateResult(id_=path, outs=dict(props))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = [key for key in ("text", "name", "directory") if olds.get(key) != news.get(key)]
        return DiffResult(changes=bool(changed), replaces=[k for k in changed if k != "text"])

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        with open(_id, "w") as handle:
            json.dump({"text": news["text"]}, handle)
        return UpdateResult(outs=dict(news))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        with open(id_) as handle:
            return ReadResult(id_=id_, outs={**props, "text": json.load(handle)["text"]})

    def delete(self, id_: str, _props: dict[str, Any]) -> None:
        os.remove(id_)


class Note(Resource):
    text: pulumi.Output[str]

    def __init__(self, name: str, text: str, directory: str) -> None:
        super().__init__(NoteProvider(), name, {"text": text, "name": name, "directory": directory})


config = pulumi.Config()
note = Note("hello", config.get("text") or "hello", config.require("dir"))
pulumi.export("text", note.text)
