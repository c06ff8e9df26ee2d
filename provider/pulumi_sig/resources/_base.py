"""The shared base of the dynamic providers: config, client, check, diff, and error reporting."""
from __future__ import annotations

import sys
import threading
from contextlib import AbstractContextManager
from typing import Any, ClassVar

from pulumi.dynamic import (CheckFailure, CheckResult, ConfigureRequest, CreateResult,
                            ReadResult, ResourceProvider, UpdateResult)
from pydantic import BaseModel

from pulumi_sig.models.ids import classify_managed_id
from pulumi_sig.models.mutability import ResourceKind, is_mutable, item_changes
from pulumi_sig.models.rules import Violation, name_violations, schema_violations
from pulumi_sig.resources._client_cache import client_for
from pulumi_sig.resources._host import DetailedDiffResult
from pulumi_sig.resources._registry import TYPE_PACKAGE, install_host_patches
from pulumi_sig.resources._fields import (Field, field_for_target, integral, is_unknown,
                                          strip_provider, to_wire)
from pulumi_sig.resources._settings import Settings, SettingsError, settings_from


class SigProviderError(Exception):
    """A backend refusal, told in one line: ARM's code, message and target."""


class ArmProvider(ResourceProvider):
    """Check/diff/create/read/update/delete driven by a resource's field table.

    The instance is pickled into the state at program time, so it holds no data at all; the
    settings arrive in configure() in the provider process and the client is built from them.
    """

    kind: ClassVar[ResourceKind]
    fields: ClassVar[tuple[Field, ...]]
    model: ClassVar[type[BaseModel]]
    name_kinds: ClassVar[dict[str, str]] = {}  # input -> ARM name rule ("galleryName", ...)
    outputs: ClassVar[tuple[str, ...]] = ("provisioning_state",)
    # The pickle is a reference to this class and an empty dict (__getstate__), so it holds nothing
    # to hide. The SDK's default (True) makes it a secret anyway: two ciphertexts per resource in the
    # state, which the engine rewrites after every step. A secret captured while pickling still makes
    # it one (the SDK checks), so turning this off can't leak one.
    serialize_as_secret_always = False

    def __getstate__(self) -> dict[str, Any]:
        # Whatever configure() learned (endpoint, token) stays out of every pickle of the provider.
        return {}

    def configure(self, req: ConfigureRequest) -> None:
        install_host_patches()
        try:
            self._settings = settings_from(lambda key: req.config.get(f"sig:{key}"))
        except SettingsError as error:
            raise SigProviderError(str(error)) from None

    @property
    def settings(self) -> Settings:
        return getattr(self, "_settings", None) or settings_from(lambda _key: None)

    def client(self) -> Any:
        return client_for(self.settings)

    # ----- hooks a resource overrides -----
    def normalize(self, inputs: dict[str, Any]) -> dict[str, Any]:
        """Canonical inputs: region forms, dates, server defaults filled in."""
        return inputs

    def rule_violations(self, body: dict[str, Any], inputs: dict[str, Any],
                        olds: dict[str, Any]) -> list[Violation]:
        """Rules of the wire body beyond its schema (olds is empty on create)."""
        return []

    def apply(self, inputs: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        """Create or replace the resource; returns ARM's final body."""
        raise NotImplementedError

    def fetch(self, inputs: dict[str, Any]) -> dict[str, Any] | None:
        """ARM's body of the resource, or None when it does not exist."""
        raise NotImplementedError

    def remove(self, inputs: dict[str, Any]) -> None:
        raise NotImplementedError

    def identity_from_id(self, arm_id: str) -> dict[str, Any]:
        """The name inputs encoded in an ARM id of this kind of resource in this provider's subscription.

        Refused (one line) when the id is not exactly one of this kind, or names another subscription than
        the provider's: the read would otherwise reach the same names in the configured subscription."""
        managed = classify_managed_id(arm_id)
        if managed is None or managed.kind != self.kind.value:
            raise SigProviderError(f"InvalidImportId: '{arm_id}' is not the ARM id of a {self.kind.value}"
                                   + ("" if managed is None else f" (it names a {managed.kind})"))
        configured = self.settings.subscription_id
        # A role assignment's scope is its address (any subscription); the others are read by name.
        if "scope" not in managed.identity and (managed.subscription or "").lower() != configured.lower():
            raise SigProviderError(f"InvalidImportId: '{arm_id}' is in subscription {managed.subscription}, but "
                                   f"this stack's provider works in subscription {configured} (sig:subscriptionId); "
                                   "nothing was read")
        return dict(managed.identity)

    def children(self, inputs: dict[str, Any]) -> list[str]:
        """What a replace of this resource takes with it (ARM refuses to delete a parent with
        children, so replacing the parent replaces them all): their names, empty for a leaf."""
        return []

    def stack_violations(self, inputs: dict[str, Any]) -> list[Violation]:
        """Rules across the resources of one deployment, or against the backend, judged at preview."""
        return []

    def from_body(self, body: dict[str, Any]) -> dict[str, Any]:
        """Inputs and outputs as ARM's body states them."""
        raise NotImplementedError

    def _canonical(self, inputs: dict[str, Any]) -> dict[str, Any]:
        # No tags and empty tags are the same thing to ARM (some services answer {} for none).
        if "tags" in inputs and not inputs["tags"]:
            inputs = {**inputs, "tags": None}
        return self.normalize(inputs)

    # ----- the dynamic provider protocol -----
    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = self._canonical(integral(dict(news)))
        failures = [CheckFailure(prop, message) for prop, message in self.violations(inputs, olds)]
        return CheckResult(inputs, failures)

    def violations(self, inputs: dict[str, Any], olds: dict[str, Any]) -> list[tuple[str, str]]:
        """One (property, message) per bad input; unknown (preview) values are not judged."""
        found: list[tuple[str, str]] = []
        for prop, rule in self.name_kinds.items():
            value = inputs.get(prop)
            if value is None:
                found.append((prop, f"{prop} is required"))
            elif isinstance(value, str) and not is_unknown(value):
                found += [(prop, message) for _, message in name_violations(rule, value)]
        body = to_wire(self.fields, inputs)
        wire_problems = [] if self._has_unknown_parts(inputs) else schema_violations(self.model, body)
        wire_problems += self.rule_violations(body, inputs, olds or {})
        wire_problems += self._cloud_violations(inputs)
        if not wire_problems and not self._has_unknown_parts(inputs):
            wire_problems += self._call(self.stack_violations, inputs)
        for target, message in wire_problems:
            prop = field_for_target(self.fields, target)
            found.append((prop, f"{prop} ({target}): {message}"))
        return found

    def _cloud_violations(self, inputs: dict[str, Any]) -> list[Violation]:
        """A resource on a real cloud must be in one of that cloud's regions (sig:cloud)."""
        from pulumi_sig.models.regions import Cloud, cloud_of, is_known_region

        location, cloud = inputs.get("location"), self.settings.cloud
        if cloud == "emulator" or not isinstance(location, str) or not is_known_region(location):
            return []
        region_cloud = "china" if cloud_of(location) == Cloud.CHINA else "public"
        if region_cloud != cloud:
            return [("location", f"'{location}' is a region of the {region_cloud} cloud, but sig:cloud is "
                                 f"'{cloud}': a stack's resources live in the cloud it is configured for")]
        return []

    def _has_unknown_parts(self, inputs: dict[str, Any]) -> bool:
        return any(is_unknown(inputs.get(f.name)) for f in self.fields if f.wire)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DetailedDiffResult:
        changed = [f for f in self.fields
                   if (f.wire or f.names_resource) and olds.get(f.name) != news.get(f.name)]
        replaces = [f.name for f in changed if f.names_resource or not self._changes_in_place(f, olds, news)]
        if replaces:
            self._check_cascade(olds, replaces)
        return DetailedDiffResult(changed={f.name: _change(olds.get(f.name), news.get(f.name)) for f in changed},
                                  replaces=replaces,
                                  delete_before_replace=bool(replaces) and self.collides(olds, news))

    def _changes_in_place(self, field: Field, olds: dict[str, Any], news: dict[str, Any]) -> bool:
        """The mutability table's answer for this field, down to fixed fields of list items
        (an existing target region's storage type)."""
        wire = field.wire or ""
        if not is_mutable(self.kind, wire):
            return False
        old, new = olds.get(field.name), news.get(field.name)
        if not isinstance(old, list) or not isinstance(new, list) or is_unknown(new):
            return True
        return not item_changes(self.kind, wire, field.to_wire(old), field.to_wire(new))

    def _check_cascade(self, olds: dict[str, Any], replaces: list[str]) -> None:
        """A replace that takes children with it is said at preview, and refused where the stack forbids it."""
        gone = self._call(self.children, strip_provider(olds))
        if not gone:
            return
        label = f"{self.kind.value} {'/'.join(str(olds.get(f.name)) for f in self.fields if f.names_resource)}"
        message = cascade_message(label, replaces, gone)
        if not self.settings.allow_cascading_replace:
            raise SigProviderError(f"CascadingReplaceNotAllowed: {message} sig:allowCascadingReplace is false "
                                   "in this stack; revert the change to "
                                   f"{', '.join(replaces)} or allow it explicitly.")
        progress(f"warning: {message}")

    def collides(self, olds: dict[str, Any], news: dict[str, Any]) -> bool:
        """Whether the replacement would take the old resource's place (same ARM name)."""
        return all(olds.get(f.name) == news.get(f.name) for f in self.fields if f.names_resource)

    def create(self, props: dict[str, Any]) -> CreateResult:
        with self._slot():
            return self._create(strip_provider(props))

    def _create(self, inputs: dict[str, Any]) -> CreateResult:
        existing = self._call(self.fetch, inputs)
        if existing is not None:
            raise SigProviderError(already_exists_message(type(self).__name__.removesuffix("Provider"),
                                                          existing.get("id", "")))
        body = self._call(self.apply, inputs, to_wire(self.fields, inputs))
        return CreateResult(id_=body["id"], outs=self._outs(inputs, body))

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        inputs = strip_provider(news)
        with self._slot():
            body = self._call(self.apply, inputs, to_wire(self.fields, inputs))
        return UpdateResult(outs=self._outs(inputs, body))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        inputs = {**strip_provider(props), **self.identity_from_id(id_)}
        with self._slot():
            body = self._call(self.fetch, inputs)
        if body is None:
            return ReadResult(id_=None, outs={})  # gone: the engine drops it from the state
        keep = {f.name: inputs.get(f.name) for f in self.fields if not f.wire and not f.names_resource}
        outs = self._canonical({**inputs, **self.from_body(body), **keep})
        # Inputs as the backend states them: what import compares with the program, and what
        # later diffs start from after a refresh that found drift.
        read_inputs = {f.name: outs.get(f.name) for f in self.fields}
        return ReadResult(id_=body.get("id", id_), outs=outs, inputs=read_inputs)

    def delete(self, _id: str, props: dict[str, Any]) -> None:
        with self._slot():
            self._call(self.remove, strip_provider(props))

    def _slot(self) -> AbstractContextManager[Any]:
        """One of the sig:maxConcurrency calls to the backend this process may run at once."""
        return call_slots(self.settings.max_concurrency)

    def _outs(self, inputs: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        return {**inputs, **{k: v for k, v in self.from_body(body).items() if k in self.outputs}}

    @staticmethod
    def _call(operation: Any, *args: Any) -> Any:
        from pulumi_sig.client.errors import ArmHttpError

        try:
            return operation(*args)
        except ArmHttpError as error:
            raise SigProviderError(str(error)) from None


# Nominal time one version takes to replicate again after a replace (per version, versions in parallel):
# Azure's is typically 30-60 minutes; the emulator's is seconds, scaled by its --time-scale.
AZURE_REPLICATION_MINUTES = (30, 60)


def cascade_message(label: str, replaces: list[str], children: list[str]) -> str:
    """What a cascading replace deletes and re-creates, and roughly how long that takes."""
    shown = ", ".join(children[:10]) + (f" and {len(children) - 10} more" if len(children) > 10 else "")
    low, high = AZURE_REPLICATION_MINUTES
    return (f"replacing {label} (because of {', '.join(replaces)}) deletes and re-creates the "
            f"{len(children)} resource(s) under it: {shown}. Every image version under it is replicated "
            f"again: about {low}-{high} minutes per version on Azure, during which VMs and scale sets that "
            f"reference them cannot be created.")


def already_exists_message(type_name: str, arm_id: str) -> str:
    """ARM's Conflict, with how to bring the existing resource under this stack."""
    return (f"Conflict: a resource with the ID '{arm_id}' already exists; to be managed by this stack it "
            f"must be imported: add opts=pulumi.ResourceOptions(import_='{arm_id}') to the resource, or run "
            f"`pulumi import {TYPE_PACKAGE}:{type_name} <name> {arm_id}`. Nothing was written.")


def _change(old: Any, new: Any) -> str:
    return "add" if old is None else "delete" if new is None else "update"


def fetch_or_none(get: Any) -> dict[str, Any] | None:
    """The wire body of a GET, or None when ARM says the resource does not exist."""
    from pulumi_sig.client.errors import ResourceNotFoundError

    try:
        return get().to_wire()
    except ResourceNotFoundError:
        return None


class ReadOnce:
    """Backend bodies that preview-time rules read, kept for this provider process (one pulumi
    command), so a hundred versions of one definition read it once, even when checked all at once.
    Only found bodies are kept: a parent the same run creates later is read again."""

    def __init__(self) -> None:
        self._bodies: dict[Any, dict[str, Any]] = {}
        self._locks: dict[Any, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: Any, fetch: Any) -> dict[str, Any] | None:
        """The body kept under `key`, or fetch()'s answer (one fetch at a time per key)."""
        with self._lock:
            key_lock = self._locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._bodies:
                    return self._bodies[key]
            body: dict[str, Any] | None = fetch()
            if body is not None:
                with self._lock:
                    self._bodies[key] = body
            return body


_SLOTS: dict[int, threading.BoundedSemaphore] = {}
_SLOTS_LOCK = threading.Lock()
_PROGRESS_LOCK = threading.Lock()


def call_slots(limit: int) -> threading.BoundedSemaphore:
    """The process-wide semaphore bounding provider calls to `limit` at once (one per limit value:
    every provider of a stack is configured alike)."""
    with _SLOTS_LOCK:
        return _SLOTS.setdefault(limit, threading.BoundedSemaphore(limit))


def progress(message: str) -> None:
    """A progress line; the engine shows a provider's stderr in the update's diagnostics.
    Written whole under a lock: print() writes the text and its newline separately, so lines of
    calls running at once could interleave."""
    with _PROGRESS_LOCK:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
