"""Where the tests find the CLI binary (the reference of the output contract) and the documents."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "data" / "samples"
# The development documents, beside the repository (../shared), where they are present.
SHARED = REPO.parent / "shared"

# The bundled samples and the publication day `sitrep demo` gives each (crates/sitrep-cli/src/main.rs).
SAMPLE_DAYS = {
    "bulletin_ar.txt": "2019-08-08",
    "report_en.txt": "2019-08-08",
    "compilation_en.txt": "2024-08-08",
}


def line(entry: dict) -> str:
    """An entry as the CLI writes its JSONL line."""
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def find_cli() -> Path | None:
    named = os.environ.get("SITREP_BIN")
    if named:
        return Path(named)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    for profile in ("release", "fast"):
        if (target / profile / "sitrep").is_file():
            return target / profile / "sitrep"
    found = shutil.which("sitrep")
    return Path(found) if found else None


@pytest.fixture(scope="session")
def cli_lines():
    """`sitrep extract --format jsonl [--published P] - < text`: the lines of the CLI for one text."""
    binary = find_cli()
    if binary is None:
        pytest.skip("no sitrep binary: build it (cargo build --release -p sitrep-cli) or name it in $SITREP_BIN")

    def run(text: str, published: str | None = None) -> list[str]:
        args = [str(binary), "extract", "--format", "jsonl", "-"]
        if published:
            args[4:4] = ["--published", published]
        out = subprocess.run(args, input=text.encode(), capture_output=True, check=True)
        return out.stdout.decode().splitlines()

    return run


def development_documents() -> list[Path]:
    return sorted(p for folder in ("seeds", "dev") for p in (SHARED / folder).glob("*.txt"))
