"""The Afghanistan gazetteer: ``search(name)`` gives candidates for a name in any script or spelling."""

from __future__ import annotations

from ._sitrep import search_places as _search


def search(name: str, *, limit: int = 10) -> list:
    """Candidates for ``name``, best first (as ``sitrep places search`` lists them): ``name``, ``level``,
    ``district``, ``province``, ``pcode``, ``lat``, ``lon``, ``matched`` (the folded name that matched) and
    ``score`` (0 for an exact match; larger is worse)."""
    return _search(name, limit=limit)
