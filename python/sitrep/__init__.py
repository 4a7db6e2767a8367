"""sitrep for Python and pandas: conflict events from Arabic, English, Dari and Pashto bulletins and news.

``extract`` and ``extract_many`` give each entry as the dict of a line of ``sitrep extract --format jsonl``
(the output contract, ``docs/output-contract.md``); ``Store`` reads and writes a sitrep store (a SQLite file or
a PostgreSQL URL) and gives its events, incidents and tallies as pandas DataFrames; ``places.search`` looks a
name up in the gazetteer.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from . import places
from ._sitrep import FIGURE_COLUMNS, Error, InputError, StoreError, __version__, extract
from ._sitrep import Store as _NativeStore
from ._sitrep import extract_many as _extract_many

# For type checkers only: `typing` and pandas would take most of the time of `import sitrep`.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    import pandas as pd

__all__ = [
    "Error",
    "InputError",
    "Store",
    "StoreError",
    "__version__",
    "entries_frame",
    "extract",
    "extract_many",
    "places",
]

# An entry's objects, one column each of their parts in the frames (`killed_best`, `date_start`); a null object
# leaves its columns null. Columns of the figures are nullable integers, of the days datetime64.
_OBJECTS = {
    "killed": ("low", "best", "high"),
    "wounded": ("low", "best", "high"),
    "captured": ("low", "best", "high"),
    "date": ("start", "end", "precision", "basis"),
    "evidence": ("start", "end", "text"),
}
_DAYS = ("date_start", "date_end")
_INTEGERS = ("entry_id", "document_id", "incident_id", "geo_precision", "attacks", "evidence_start", "evidence_end")


def _flat(row: dict) -> dict:
    out = {}
    for key, value in row.items():
        parts = _OBJECTS.get(key)
        if parts is None:
            out[key] = value
            continue
        for part in parts:
            out[f"{key}_{part}"] = None if value is None else value.get(part)
    return out


def _typed(frame: pd.DataFrame, integers: tuple = _INTEGERS) -> pd.DataFrame:
    import pandas as pd

    for column in frame.columns:
        if column in _DAYS:
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
        elif column in integers or column.endswith(("_low", "_best", "_high")):
            frame[column] = frame[column].astype("Int64")
        elif column in ("lat", "lon"):
            frame[column] = frame[column].astype("float64")
    return frame


def _entries_frame(rows: list, first: tuple = ()) -> pd.DataFrame:
    import pandas as pd  # imported when a frame is asked for: `import sitrep` stays quick for extraction

    flat = [_flat(r) for r in rows]
    frame = pd.DataFrame(flat)
    if frame.empty and not len(frame.columns):
        # No rows: the columns still, from an empty entry of each object.
        columns = list(first) + [f"{k}_{p}" for k, parts in _OBJECTS.items() for p in parts]
        frame = pd.DataFrame(columns=columns)
    return _typed(frame)


def extract_many(
    texts: Iterable[str],
    *,
    published: str | None = None,
    lang: str = "auto",
    threads: int | None = None,
) -> list:
    """The entries of each text (a list, a pandas Series, any iterable of str), in their order: one list of
    dicts per text, each dict as ``extract`` gives it. Extracted on ``threads`` cores (all when None) without
    the GIL. Raises ``InputError`` naming the first text that cannot be read (``texts[3]``)."""
    texts = texts if isinstance(texts, list) else list(texts)
    return _extract_many(texts, published=published, lang=lang, threads=threads)


def entries_frame(entries: Iterable[dict]) -> pd.DataFrame:
    """Entries (of ``extract``, ``extract_many``) as a DataFrame, one row each, typed as ``Store.events``: the
    objects flattened (``killed_best``, ``date_start``, ``evidence_text``), figures nullable integers, days
    datetime64; the columns of the objects are there even when no entry has one."""
    return _entries_frame(list(entries))


class Store:
    """A sitrep store: a SQLite file (created unless ``create=False``) or a PostgreSQL URL
    (``postgres://user@host:port/db``), as ``sitrep --db`` names it."""

    def __init__(self, path_or_url: str | os.PathLike, *, create: bool = True) -> None:
        self._store = _NativeStore(os.fspath(path_or_url), create=create)

    @property
    def name(self) -> str:
        """The store as it is shown (a URL without its password)."""
        return self._store.name

    def __repr__(self) -> str:
        return f"sitrep.Store({self.name!r})"

    def ingest(
        self,
        paths_or_texts: Iterable[str | os.PathLike],
        *,
        source: str | None = None,
        published: str | None = None,
    ) -> dict:
        """Stores documents and their entries, and links incidents.

        A ``str`` is a document's text; a path (``pathlib.Path``, any ``os.PathLike``) a file or folder read as
        ``sitrep ingest`` reads it (.txt, .md, .html, .htm, .jsonl; folders recursively). A single str or path
        is one item. Returns the summary (documents, entries added, ...); raises ``InputError`` naming each
        document that could not be read, with ``.summary``, once the others are stored.
        """
        if isinstance(paths_or_texts, (str, os.PathLike)):
            paths_or_texts = [paths_or_texts]
        return self._store.ingest(list(paths_or_texts), source=source, published=published)

    def events(self, **filters: Any) -> pd.DataFrame:
        """Current entries, one row each, filtered as ``sitrep events`` filters them: ``since``, ``until``
        (``YYYY-MM-DD``), ``province``, ``district``, ``actor``, ``claimant``, ``event_type``, ``kind``, ``limit``,
        ``offset``. Figures are nullable integers (``killed_low``, ``killed_best``, ``killed_high``, ...), days
        datetime64 (``date_start``, ``date_end``)."""
        return _entries_frame(self._store.event_rows(**filters), ("entry_id", "document_id"))

    def events_geo(self, **filters: Any) -> Any:
        """``events`` as a geopandas GeoDataFrame of points (EPSG:4326); entries without coordinates have an
        empty geometry. Needs geopandas (``pip install './python[geo]'``)."""
        try:
            import geopandas
        except ImportError as e:
            raise ImportError("Store.events_geo needs geopandas: pip install geopandas") from e
        frame = self.events(**filters)
        geometry = geopandas.points_from_xy(frame["lon"], frame["lat"])
        return geopandas.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")

    def incidents(self) -> pd.DataFrame:
        """Incidents (linking what is new first): one row per entry of each, ``incident_id`` first, then the
        columns of ``events``."""
        return _entries_frame(self._store.incident_rows(), ("incident_id", "entry_id", "document_id"))

    def tally(
        self,
        by: str = "claimant",
        basis: str = "claimed",
        *,
        since: str | None = None,
        until: str | None = None,
    ) -> pd.DataFrame:
        """Incidents counted once each, grouped ``by`` claimant, perpetrator, target, province, district, week
        or month, as ``sitrep tally`` counts them (``basis`` claimed or corroborated). One row per group: the
        key, ``incidents``, the figures (nullable integers: a high figure is null when some incident's is
        unknown) and ``provinces``."""
        import pandas as pd

        rows = self._store.tally_rows(by=by, basis=basis, since=since, until=until)
        frame = pd.DataFrame(rows, columns=[by, "incidents", *FIGURE_COLUMNS, "provinces"])
        if by in ("week", "month"):
            frame[by] = pd.to_datetime(frame[by], format="%Y-%m-%d" if by == "week" else "%Y-%m")
        return _typed(frame, integers=("incidents", "provinces"))
