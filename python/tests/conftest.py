"""Shared fixtures: the repository's datasets and the `claimscore` binary to compare with."""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def cli() -> str:
    """The CLI: $CLAIMSCORE_BIN (CI sets it; an error when it does not exist), else a
    built target/{release,debug}/claimscore, else `claimscore` on PATH; skipped without."""
    env = os.environ.get("CLAIMSCORE_BIN")
    if env:
        assert Path(env).is_file(), f"CLAIMSCORE_BIN={env} does not exist"
        return env
    for build in ("release", "debug"):
        p = ROOT / "target" / build / "claimscore"
        if p.is_file():
            return str(p)
    found = shutil.which("claimscore")
    if found:
        return found
    pytest.skip("no claimscore binary: run `cargo build --release` or set CLAIMSCORE_BIN")
