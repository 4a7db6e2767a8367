"""The store's events, incidents and tallies as DataFrames with proper dtypes."""

from __future__ import annotations

import pandas as pd
import pytest
import sitrep
from conftest import SAMPLE_DAYS, SAMPLES
from pandas.api.types import is_datetime64_any_dtype


@pytest.fixture()
def store(tmp_path):
    store = sitrep.Store(tmp_path / "sitrep.db")
    for name, day in SAMPLE_DAYS.items():
        store.ingest([(SAMPLES / name).read_text(encoding="utf-8")], source="samples", published=day)
    return store


def test_events_have_typed_columns(store):
    events = store.events()
    assert len(events) > 5
    for column in ("killed_low", "killed_best", "killed_high", "wounded_best", "entry_id", "geo_precision"):
        assert events[column].dtype == "Int64", column
    for column in ("date_start", "date_end"):
        assert is_datetime64_any_dtype(events[column]), column
    assert events["lat"].dtype == "float64"
    assert events["killed_best"].sum() > 0
    # A figure unknown stays missing, not 0.
    assert events["killed_high"].isna().any() or events["killed_best"].isna().any()


def test_events_are_filtered(store):
    events = store.events()
    province = events["province"].dropna().iloc[0]
    some = store.events(province=province)
    assert 0 < len(some) <= len(events)
    assert set(some["province"]) == {province}
    assert len(store.events(limit=2)) == 2
    assert store.events(since="2100-01-01").empty


def test_events_equal_the_entries_extracted(store):
    text = (SAMPLES / "report_en.txt").read_text(encoding="utf-8")
    extracted = sitrep.extract(text, published="2019-08-08")
    events = store.events()
    stored = events[events["evidence_text"].isin([e["evidence"]["text"] for e in extracted])]
    assert sorted(stored["id"]) == sorted(e["id"] for e in extracted)


def test_no_events_still_have_columns(tmp_path):
    events = sitrep.Store(tmp_path / "empty.db").events()
    assert events.empty
    assert events["killed_best"].dtype == "Int64"
    assert is_datetime64_any_dtype(events["date_start"])


def test_tallies_count_incidents(store):
    tally = store.tally(by="claimant")
    assert list(tally.columns[:2]) == ["claimant", "incidents"]
    assert tally["incidents"].dtype == "Int64" and tally["killed_best"].dtype == "Int64"
    assert tally["incidents"].sum() == store.incidents()["incident_id"].nunique()
    weekly = store.tally(by="week", basis="corroborated")
    assert is_datetime64_any_dtype(weekly["week"])


def test_incidents_have_their_entries(store):
    incidents = store.incidents()
    assert incidents["incident_id"].dtype == "Int64"
    assert set(incidents["entry_id"]) <= set(store.events()["entry_id"])


def test_ingest_reads_folders_and_counts_once(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in SAMPLE_DAYS:
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    store = sitrep.Store(tmp_path / "folder.db")
    first = store.ingest(folder, published="2019-08-08")
    assert first["documents"] == 3 and first["revisions_added"] == 3 and first["entries_added"] > 0
    again = store.ingest([folder])
    assert again["duplicates"] == 3 and again["entries_added"] == 0
    assert len(store.events()) == first["entries_added"]


def test_events_geo(store):
    geopandas = pytest.importorskip("geopandas")
    geo = store.events_geo()
    assert isinstance(geo, geopandas.GeoDataFrame)
    assert geo.crs.to_epsg() == 4326
    located = geo[geo["lon"].notna()]
    assert (located.geometry.x == located["lon"]).all()


def test_places_search():
    found = sitrep.places.search("Lashkar Gah")
    assert found and found[0]["province"] == "Helmand"
    assert isinstance(found[0]["lat"], float)
    assert sitrep.places.search("لشکرگاه", limit=1)[0]["name"] == found[0]["name"]
    assert pd.DataFrame(found).shape[0] == len(found)


def test_extracted_entries_as_a_frame():
    text = (SAMPLES / "report_en.txt").read_text(encoding="utf-8")
    entries = sitrep.extract(text, published="2019-08-08")
    frame = sitrep.entries_frame(entries)
    assert list(frame["id"]) == [e["id"] for e in entries]
    assert frame["killed_best"].dtype == "Int64" and is_datetime64_any_dtype(frame["date_start"])
    assert list(frame["killed_best"]) == [(e["killed"] or {}).get("best", pd.NA) for e in entries]
    empty = sitrep.entries_frame([])
    assert empty.empty and empty["wounded_high"].dtype == "Int64"
