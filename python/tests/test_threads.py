"""`extract_many`: every core, the same result on any number of threads, and the GIL released meanwhile."""

from __future__ import annotations

import threading

import pandas as pd
import pytest
import sitrep
from conftest import SAMPLE_DAYS, SAMPLES


def sample_texts() -> list[str]:
    return [(SAMPLES / name).read_text(encoding="utf-8") for name in sorted(SAMPLE_DAYS)]


def test_any_number_of_threads_gives_the_same_entries():
    texts = sample_texts() * 4
    expected = [sitrep.extract(t, published="2019-08-08") for t in texts]
    for threads in (None, 1, 2, 3):
        assert sitrep.extract_many(texts, published="2019-08-08", threads=threads) == expected, threads


def test_a_series_of_texts_is_read_as_a_list():
    texts = sample_texts()
    assert sitrep.extract_many(pd.Series(texts)) == sitrep.extract_many(texts)
    assert sitrep.extract_many(iter(texts), threads=1) == sitrep.extract_many(texts)


def test_no_texts_no_lists():
    assert sitrep.extract_many([]) == []


def test_zero_threads_is_refused():
    with pytest.raises(ValueError, match="threads"):
        sitrep.extract_many(sample_texts(), threads=0)


def test_python_runs_while_texts_are_extracted():
    texts = sample_texts() * 200
    done = threading.Event()

    def work():
        sitrep.extract_many(texts, threads=1)
        done.set()

    worker = threading.Thread(target=work)
    worker.start()
    turns = 0
    while not done.is_set():
        turns += 1
        done.wait(0.001)
    worker.join()
    # Holding the GIL throughout, the extraction would leave this thread a turn or two at most.
    assert turns > 20
