"""The signature library in the store: every saved version kept, the newest in force.

`save` takes the library the caller edited (its version one above the newest stored) and stores it
as the next version; when somebody else saved in between, it refuses rather than overwrite their
change. An imported file becomes the next version whole. Each save writes an audit record and
stages "policies_changed" (the meters' slots follow the library) and "library_changed".
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import audit, events
from app.access import Actor, require
from app.errors import InvalidInput
from app.loads.library import Library
from db.base import utcnow
from db.engine import Store
from db.models_loads import SignatureLibraryVersion


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
