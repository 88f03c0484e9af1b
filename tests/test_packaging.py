"""The package as users install it: a wheel carries the Cypher files and the sample."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from graphsvc.settings import Settings
from tests.conftest import REPO


def test_wheel_contains_cypher_and_sample(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(tmp_path), str(REPO)], check=True, timeout=300)  # fmt: skip
    wheel = next(tmp_path.glob("graphsvc-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    repo_cypher = {str(p.relative_to(REPO)) for p in (REPO / "cypher").rglob("*.cypher")}
    assert repo_cypher and repo_cypher <= names
    assert "graphsvc/sample/hepth-1992-1993.tar.gz" in names
    assert {"graphsvc/cli.py", "loaders/hepth.py", "queries/slice.py"} <= names


def test_readme_documents_every_setting() -> None:
    readme = (REPO / "README.md").read_text()
    missing = [f"GRAPHSVC_{name.upper()}" for name in Settings.model_fields
               if f"`GRAPHSVC_{name.upper()}`" not in readme]  # fmt: skip
    assert missing == []


def test_readme_quick_start_has_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text()
    assert "pip install -e . && graphsvc demo" in readme
    assert 'pip install -e ".[test]" && pytest' in readme
    assert 'pip install -q -e ".[test]" && pytest' in (REPO / ".ci" / "run").read_text()
