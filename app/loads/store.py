"""The signature library in the store: every saved version kept, the newest in force.

`save` takes the library the caller edited (its version one above the newest stored) and stores it
as the next version; when somebody else saved in between, it refuses rather than overwrite their
change. An imported file becomes the next version whole. Each save writes an audit record and
stages "policies_changed" (the meters' slots follow the library) and "library_changed".
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import audit, events
from app.access import Actor, require
from app.errors import InvalidInput
from app.loads import library as library_file
from app.loads.features import FeatureError
from app.loads.library import Library, LibraryError
from db.base import utcnow
from db.engine import Store
from db.models_loads import SignatureLibraryVersion
from db.models_ops import Operator


def current(s: Session) -> Library | None:
    """The library in force (None: no library was ever saved; the meters' slots are not managed)."""
    row = s.scalars(select(SignatureLibraryVersion).order_by(SignatureLibraryVersion.version.desc()).limit(1)).first()
    return None if row is None else Library.from_json(row.doc, f"library version {row.version}")


def newest_version(s: Session) -> int:
    return s.scalar(select(func.coalesce(func.max(SignatureLibraryVersion.version), 0))) or 0


def save(store: Store, actor: Actor, library: Library, note: str = "") -> int:
    """Store ``library`` as the next version (its own version must be the newest + 1); returns it."""
    require(actor, "signature.manage")
    with store.write() as s:
        newest = newest_version(s)
        if library.version != newest + 1:
            raise InvalidInput(f"The library was changed elsewhere (now version {newest}); reopen it and make "
                               "your change again.")
        s.add(SignatureLibraryVersion(version=library.version, doc=library.to_json(), saved_at=utcnow(),
                                      saved_by=actor.id, note=note[:255]))
        audit.record(s, actor, "loads.library", "signature_library", library.version, {"version": newest},
                     {"version": library.version, "appliances": len(library.appliances), "note": note[:255]})
        events.stage(s, "policies_changed", ids=(library.version,), source="library")
        return library.version


def import_library(store: Store, actor: Actor, incoming: Library, note: str = "imported") -> int:
    """Make an imported library (a file from another campus) the next version, whole."""
    with store.read() as s:
        newest = newest_version(s)
    return save(store, actor, Library(newest + 1, incoming.appliances), note)


# ----- what the administration page shows, and the library as a file -----------------------------------

@dataclass(frozen=True)
class VersionInfo:
    """One saved version: when, by whom (display name; "" for the system) and why."""

    version: int
    saved_at: datetime
    saved_by: str
    note: str
    appliances: int


def current_info(s: Session) -> tuple[Library | None, VersionInfo | None]:
    """The library in force and how it came to be (both None: no library was ever saved)."""
    row = s.execute(select(SignatureLibraryVersion, Operator.display_name, Operator.login)
                    .outerjoin(Operator, Operator.id == SignatureLibraryVersion.saved_by)
                    .order_by(SignatureLibraryVersion.version.desc()).limit(1)).first()
    if row is None:
        return None, None
    v, display, login = row
    library = Library.from_json(v.doc, f"library version {v.version}")
    return library, VersionInfo(v.version, v.saved_at, display or login or "", v.note or "", len(library.appliances))


def read_file(path: str | os.PathLike) -> Library:
    """The library in the file ``path`` exactly as named (a missing file is an error, not an empty
    library); LibraryError saying why for a file that is unreadable, not a library, or written by a
    newer DormWatt. Nothing is stored."""
    p = Path(path)
    if not p.is_file():
        raise LibraryError(f"There is no library file {p}.")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LibraryError(f"{p.name}: cannot be read as a library ({exc})") from None
    try:
        return Library.from_json(data, p.name)
    except FeatureError as exc:
        raise LibraryError(str(exc)) from None


def export_file(store: Store, path: str | os.PathLike) -> Library:
    """Write the library in force to ``path`` whole (a .json name; written beside, then renamed);
    returns what was written. InvalidInput when no library was ever saved."""
    with store.read() as s:
        library = current(s)
    if library is None:
        raise InvalidInput("No signature library has been saved yet: there is nothing to export.")
    p = Path(path)
    library_file.save(library, p if p.suffix else p.with_suffix(".json"))
    return library
