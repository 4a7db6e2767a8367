"""`extract` gives the CLI's JSONL entries, line for line."""

from __future__ import annotations

import pytest
import sitrep
from conftest import SAMPLE_DAYS, SAMPLES, SHARED, development_documents, line


@pytest.mark.parametrize("name", sorted(SAMPLE_DAYS))
def test_bundled_samples_equal_the_cli(name, cli_lines):
    text = (SAMPLES / name).read_text(encoding="utf-8")
    published = SAMPLE_DAYS[name]
    entries = sitrep.extract(text, published=published)
    assert entries, f"{name}: no entries"
    assert [line(e) for e in entries] == cli_lines(text, published)


def test_development_documents_equal_the_cli(cli_lines):
    documents = development_documents()
    if not documents:
        pytest.skip(f"no development documents at {SHARED} (seeds/, dev/)")
    texts = [p.read_text(encoding="utf-8") for p in documents]
    # Each text once by itself, then all at once on every core: the same lines.
    many = sitrep.extract_many(texts)
    assert sum(map(len, many)) > 0
    for path, text, entries in zip(documents, texts, many):
        expected = cli_lines(text)
        assert [line(e) for e in sitrep.extract(text)] == expected, path.name
        assert [line(e) for e in entries] == expected, path.name


def test_entries_have_every_key_of_the_contract():
    text = (SAMPLES / "report_en.txt").read_text(encoding="utf-8")
    entry = sitrep.extract(text, published="2019-08-08")[0]
    evidence = entry["evidence"]
    assert text.encode()[evidence["start"] : evidence["end"]].decode() == evidence["text"]
    assert entry["document"] == "-" and entry["language"] == "en"
    for key in ("id", "kind", "claimant", "killed", "date", "spans", "lat", "lon", "geo_precision"):
        assert key in entry, key


def test_language_given_is_kept():
    text = (SAMPLES / "report_en.txt").read_text(encoding="utf-8")
    assert {e["language"] for e in sitrep.extract(text, lang="en")} == {"en"}
