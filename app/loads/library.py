"""The signature library and whitelist: named appliances with their captures, a verdict (block or
allow), a scope (campus, a building, a room) and a version; kept as one JSON file so campuses can
share it.

A ``Library`` is an immutable value: every change gives a new library with the version raised by
one. ``save`` writes a temporary file and renames it over the old one, so a library on disk is
always whole. A file written by a newer DormWatt (a higher format number) is refused with a message
that says so, never half-read.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from app.loads.features import FeatureError, Features, from_mapping

FORMAT = "dormwatt-load-library"
FORMAT_VERSION = 1
FILE_NAME = "library.json"
MAX_SIGNATURE_ID = 0xFFFF // 8     # slot +7 holds appliance id × 8 + cluster (U16)


class LibraryError(ValueError):
    """A library file or change that cannot be taken; the message says why."""


class Verdict(StrEnum):
    BLOCK = "block"       # a malignant appliance: trip it
    ALLOW = "allow"       # whitelisted: let it run even where the resistive rule would trip it


class ScopeLevel(StrEnum):
    CAMPUS = "campus"
    BUILDING = "building"
    ROOM = "room"


@dataclass(frozen=True)
class Scope:
    """Where an entry applies: the whole campus, one building (by code) or one room (by code)."""

    level: ScopeLevel = ScopeLevel.CAMPUS
    ref: str = ""

    def covers(self, building: str, room: str) -> bool:
        if self.level is ScopeLevel.CAMPUS:
            return True
        return self.ref == (building if self.level is ScopeLevel.BUILDING else room)

    def label(self) -> str:
        return self.level.value if self.level is ScopeLevel.CAMPUS else f"{self.level.value} {self.ref}"


CAMPUS = Scope()


@dataclass(frozen=True)
class Capture:
    """One switch-on of one appliance: its features, where they came from, which physical device
    (captures of one device are not independent: the reject threshold is learned leaving each
    device out) and, for a waveform capture, the three §14 cycles."""

    features: Features
    source: str = "features"          # "waveform" | "event" | "features"
    device: str = ""
    wave: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]] | None = None

    def to_json(self) -> dict:
        d: dict = {"source": self.source, "features": self.features.as_dict()}
        if self.device:
            d["device"] = self.device
        if self.wave is not None:
            d["v"], d["i_after"], d["i_before"] = (list(c) for c in self.wave)
        return d

    @classmethod
    def from_json(cls, d: Mapping, where: str) -> Capture:
        wave = None
        if "v" in d:
            wave = (tuple(d["v"]), tuple(d["i_after"]), tuple(d["i_before"]))
        return cls(from_mapping(d.get("features") or {}, where=where), str(d.get("source", "features")),
                   str(d.get("device", "")), wave)


@dataclass(frozen=True)
class Appliance:
    """A named appliance of the library."""

    ident: int
    name: str
    verdict: Verdict
    category: str = ""
    brand_model: str = ""
    notes: str = ""
    scope: Scope = CAMPUS
    priority: int = 0                  # higher goes to the meters' slots first within its scope
    captures: tuple[Capture, ...] = ()

    def to_json(self) -> dict:
        return {"id": self.ident, "name": self.name, "verdict": self.verdict.value, "category": self.category,
                "brand_model": self.brand_model, "notes": self.notes,
                "scope": {"level": self.scope.level.value, "ref": self.scope.ref}, "priority": self.priority,
                "captures": [c.to_json() for c in self.captures]}

    @classmethod
    def from_json(cls, d: Mapping, where: str) -> Appliance:
        try:
            scope = d.get("scope") or {}
            return cls(int(d["id"]), str(d["name"]), Verdict(d["verdict"]), str(d.get("category", "")),
                       str(d.get("brand_model", "")), str(d.get("notes", "")),
                       Scope(ScopeLevel(scope.get("level", "campus")), str(scope.get("ref", ""))),
                       int(d.get("priority", 0)),
                       tuple(Capture.from_json(c, f"{where}, capture {n + 1}")
                             for n, c in enumerate(d.get("captures") or ())))
        except FeatureError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise LibraryError(f"{where}: not a valid appliance entry ({exc})") from None


@dataclass(frozen=True)
class Library:
    """Appliances by id; version counts the changes made to it."""

    version: int = 0
    appliances: tuple[Appliance, ...] = field(default_factory=tuple)

    def by_name(self, name: str) -> Appliance | None:
        key = name.strip().casefold()
        return next((a for a in self.appliances if a.name.casefold() == key), None)

    def get(self, ident: int) -> Appliance | None:
        return next((a for a in self.appliances if a.ident == ident), None)

    def in_scope(self, building: str = "", room: str = "") -> tuple[Appliance, ...]:
        return tuple(a for a in self.appliances if a.scope.covers(building, room))

    # -- changes: each gives a new library, version + 1 ------------------------------------------

    def with_appliance(self, name: str, verdict: Verdict | str, **details) -> tuple[Library, Appliance]:
        """Add a new named appliance (refused when the name is taken)."""
        name = name.strip()
        if not name:
            raise LibraryError("an appliance needs a name")
        if self.by_name(name) is not None:
            raise LibraryError(f"the library already has an appliance named {name!r}")
        ident = max((a.ident for a in self.appliances), default=0) + 1
        if ident > MAX_SIGNATURE_ID:
            raise LibraryError(f"the library holds its maximum of {MAX_SIGNATURE_ID} appliances")
        app = Appliance(ident, name, Verdict(verdict), **details)
        return Library(self.version + 1, (*self.appliances, app)), app

    def with_captures(self, ident: int, captures: Iterable[Capture]) -> Library:
        app = self._need(ident)
        new = replace(app, captures=app.captures + tuple(captures))
        return self._put(new)

    def with_details(self, ident: int, **details) -> Library:
        app = self._need(ident)
        if "verdict" in details:
            details["verdict"] = Verdict(details["verdict"])
        if "name" in details:
            other = self.by_name(details["name"])
            if other is not None and other.ident != ident:
                raise LibraryError(f"the library already has an appliance named {details['name']!r}")
        return self._put(replace(app, **details))

    def without(self, ident: int) -> Library:
        self._need(ident)
        return Library(self.version + 1, tuple(a for a in self.appliances if a.ident != ident))

    def _need(self, ident: int) -> Appliance:
        app = self.get(ident)
        if app is None:
            raise LibraryError(f"no appliance {ident} in the library")
        return app

    def _put(self, app: Appliance) -> Library:
        return Library(self.version + 1, tuple(app if a.ident == app.ident else a for a in self.appliances))

    # -- files -----------------------------------------------------------------------------------

    def to_json(self) -> dict:
        return {"format": FORMAT, "format_version": FORMAT_VERSION, "library_version": self.version,
                "appliances": [a.to_json() for a in self.appliances]}

    @classmethod
    def from_json(cls, d: object, where: str = "library") -> Library:
        if not isinstance(d, dict) or d.get("format") != FORMAT:
            raise LibraryError(f"{where}: not a DormWatt load library")
        fv = d.get("format_version")
        if not isinstance(fv, int) or fv < 1:
            raise LibraryError(f"{where}: the file has no valid format version")
        if fv > FORMAT_VERSION:
            raise LibraryError(f"{where}: written by a newer DormWatt (library format {fv}; this version reads "
                               f"up to {FORMAT_VERSION}); update DormWatt to read it")
        apps = tuple(Appliance.from_json(a, f"{where}, appliance {n + 1}")
                     for n, a in enumerate(d.get("appliances") or ()))
        names = [a.name.casefold() for a in apps]
        if len(set(names)) != len(names) or len({a.ident for a in apps}) != len(apps):
            raise LibraryError(f"{where}: two appliances share a name or an id")
        return cls(int(d.get("library_version", 0)), apps)


def library_path(where: str | os.PathLike) -> Path:
    """A library directory's file, or the file itself when given one."""
    p = Path(where)
    return p / FILE_NAME if p.is_dir() or not p.suffix else p


def load(where: str | os.PathLike) -> Library:
    """The library in a directory (or file); an empty library when the directory has none yet."""
    path = library_path(where)
    if not path.exists():
        return Library()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LibraryError(f"{path}: cannot be read as a library ({exc})") from None
    try:
        return Library.from_json(data, str(path))
    except FeatureError as exc:
        raise LibraryError(str(exc)) from None


def save(library: Library, where: str | os.PathLike) -> Path:
    """Write the library whole: a temporary file beside it, then a rename (never half-written)."""
    path = library_path(where)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".library-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(library.to_json(), fh, ensure_ascii=False, separators=(",", ":"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
