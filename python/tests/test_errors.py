"""Errors are exceptions of the package that name the document and the reason."""

from __future__ import annotations

import pytest
import sitrep


def test_empty_and_binary_texts_are_named():
    with pytest.raises(sitrep.InputError, match=r"^-: empty document"):
        sitrep.extract("  \n")
    with pytest.raises(sitrep.InputError, match=r"texts\[1\]: looks binary \(NUL byte at offset 1\)"):
        sitrep.extract_many(["Two soldiers were killed in Helmand.", "a\0b"])


def test_arguments_that_cannot_be_read():
    with pytest.raises(sitrep.InputError, match='published "2019-13-45": expected YYYY-MM-DD'):
        sitrep.extract("text", published="2019-13-45")
    with pytest.raises(sitrep.InputError, match='lang "xx"'):
        sitrep.extract("text", lang="xx")


def test_exceptions_are_of_the_package():
    assert issubclass(sitrep.InputError, sitrep.Error)
    assert issubclass(sitrep.StoreError, sitrep.Error)
    assert issubclass(sitrep.Error, Exception)


def test_a_missing_store_is_named(tmp_path):
    missing = tmp_path / "missing.db"
    with pytest.raises(sitrep.StoreError, match="missing.db"):
        sitrep.Store(missing, create=False)
    assert not missing.exists()


def test_an_unreachable_server_is_named_without_its_password():
    with pytest.raises(sitrep.StoreError) as raised:
        sitrep.Store("postgres://analyst:secret@127.0.0.1:1/sitrep")
    assert "127.0.0.1:1" in str(raised.value)
    assert "secret" not in str(raised.value)


def test_unreadable_documents_are_named_after_the_others_are_stored(tmp_path):
    store = sitrep.Store(tmp_path / "s.db")
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(sitrep.InputError, match=r"empty\.txt: empty document") as raised:
        store.ingest(["Two soldiers were killed in Helmand on Monday, officials said.", tmp_path / "empty.txt"])
    assert raised.value.summary["failed"] == 1
    assert raised.value.summary["revisions_added"] == 1


def test_filters_that_cannot_be_read(tmp_path):
    store = sitrep.Store(tmp_path / "s.db")
    with pytest.raises(sitrep.InputError, match='since "last week"'):
        store.events(since="last week")
    with pytest.raises(sitrep.InputError, match='kind "claim"'):
        store.events(kind="claim")
    with pytest.raises(sitrep.InputError, match='by "country": expected one of claimant'):
        store.tally(by="country")
    with pytest.raises(sitrep.InputError, match=r"items\[0\]: expected a str"):
        store.ingest([42])
    with pytest.raises(TypeError):
        store.events(colour="red")
