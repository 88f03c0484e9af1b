"""Neo4j's own Cypher parser (ci/cypher-lint) over the repo's Neo4j-dialect Cypher files.

Needs `node` and ci/cypher-lint/node_modules (bash ci/install-cypher-lint.sh). Without
them the tests skip, except under CI=true, where they fail: CI installs the linter.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINT_DIR = REPO / "ci" / "cypher-lint"
LINT = LINT_DIR / "lint.mjs"
PACKAGE = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"
CYPHER = REPO / "cypher"


@pytest.fixture(scope="module")
def node() -> str:
    """Path of `node` when the linter can run; skips (or fails under CI=true) otherwise."""
    node_bin = shutil.which("node")
    missing = None
    if node_bin is None:
        missing = "`node` is not on PATH"
    elif not PACKAGE.is_dir():
        missing = f"{PACKAGE.relative_to(REPO)} is missing (run: bash ci/install-cypher-lint.sh)"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Cypher linter cannot run under CI: {missing}")
        pytest.skip(f"Cypher linter not installed: {missing}")
    return node_bin


def run_lint(node: str, *args: str | Path) -> tuple[int, dict]:
    """Run lint.mjs --json with args; return (exit code, parsed report)."""
    proc = subprocess.run(
        [node, str(LINT), "--json", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode in (0, 1), f"lint.mjs failed to run: {proc.stderr}"
    return proc.returncode, json.loads(proc.stdout)


def neo4j_dialect_files() -> list[str]:
    """Shared cypher/*.cypher plus cypher/neo4j/**/*.cypher, never cypher/falkordb/."""
    shared = sorted(CYPHER.glob("*.cypher"))
    neo4j = sorted((CYPHER / "neo4j").rglob("*.cypher"))
    return [str(p.relative_to(REPO)) for p in shared + neo4j]


@pytest.fixture(scope="module")
def repo_report(node: str) -> tuple[int, dict, set[str], set[str]]:
    """One linter run over the default selection, with the expected files before and after."""
    before = set(neo4j_dialect_files())
    code, report = run_lint(node)
    return code, report, before, set(neo4j_dialect_files())


def test_default_selection_is_shared_and_neo4j_files(repo_report: tuple) -> None:
    _, report, before, after = repo_report
    # Files may be added while the linter runs; everything present throughout is linted.
    assert before <= set(report["paths"]) <= after
    assert not any(p.startswith("cypher/falkordb/") for p in report["paths"])


def test_repo_cypher_parses_as_neo4j_5(repo_report: tuple) -> None:
    code, report, _, _ = repo_report
    if report["files"] == 0:
        pytest.skip("no shared or Neo4j .cypher files in cypher/ yet")
    for w in report["warnings"]:
        print(f"{w['file']}:{w['line']}: warning: {w['message']}")
    errors = [f"{e['file']}:{e['line']}: {e['message']}" for e in report["errors"]]
    assert errors == [] and code == 0, "\n".join(errors)


GOOD = """\
// Load a batch of authors.
UNWIND $rows AS row
MERGE (a:Author {id: row.id})
SET a.name = row.name;

MATCH (a:Author {id: $id})-[:AUTHORED]->(p:Paper)
RETURN p.id AS id, p.title AS title
ORDER BY title
SKIP $skip LIMIT $limit;
"""


def test_good_file_with_parameters_passes(node: str, tmp_path: Path) -> None:
    (tmp_path / "good.cypher").write_text(GOOD)
    code, report = run_lint(node, tmp_path)
    assert (code, report["errors"]) == (0, [])
    assert report["statements"] == 2


BROKEN = {
    "misspelt_keyword": "MATCH (a:Author {id: $id})\nRETRN a",
    "unclosed_parenthesis": "MATCH (a:Author {id: $id}\nRETURN a",
    "undefined_variable": "MATCH (a:Author {id: $id})\nRETURN b",
    "old_index_syntax": "CREATE INDEX ON :Author(id)",
}


@pytest.fixture(scope="module")
def broken_report(node: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, dict]:
    """One linter run over one file per BROKEN statement, each after two good ones."""
    folder = tmp_path_factory.mktemp("broken")
    for name, statement in BROKEN.items():
        (folder / f"{name}.cypher").write_text(GOOD + "\n" + statement + ";\n")
    code, report = run_lint(node, folder)
    return folder, code, report


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_statement_is_reported_at_its_line(
    broken_report: tuple[Path, int, dict], name: str
) -> None:
    folder, code, report = broken_report
    assert code == 1
    path = str(folder / f"{name}.cypher")
    first_line = GOOD.count("\n") + 2
    last_line = first_line + BROKEN[name].count("\n")
    errors = [e for e in report["errors"] if e["file"] == path]
    assert errors, f"{name} was not reported"
    for error in errors:
        assert first_line <= error["line"] <= last_line, error


def test_missing_path_is_a_usage_error(node: str, tmp_path: Path) -> None:
    proc = subprocess.run(
        [node, str(LINT), str(tmp_path / "absent.cypher")], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "absent.cypher" in proc.stderr
