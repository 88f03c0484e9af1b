"""The `graphsvc` command as a user runs it: demo, load, stats, cypher; no server left behind."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from graphsvc.settings import Settings
from graphsvc.store import GraphStore, open_store
from tests.conftest import SAMPLE
from tests.test_upgrade import drop_topic_data

GRAPHSVC = [sys.executable, "-m", "graphsvc.cli"]
PAPERS = 3425  # every .abs file of the 1992-93 sample


def env_for(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHSVC_")}
    env.update({"GRAPHSVC_DATA_DIR": str(data_dir), "COLUMNS": "200", **extra})
    return env


def run(data_dir: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*GRAPHSVC, *args], env=env_for(data_dir, **extra), text=True,
                          capture_output=True, timeout=300)  # fmt: skip


def redis_pids_for(data_dir: Path) -> list[int]:
    """redis-server processes whose working directory is this data dir's store folder."""
    folder = (data_dir / "falkordb").resolve()
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if b"redis-server" in (proc / "cmdline").read_bytes() and (
                (proc / "cwd").resolve() == folder
            ):
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids


def wait_gone(data_dir: Path, seconds: float = 15) -> list[int]:
    deadline = time.monotonic() + seconds
    while (pids := redis_pids_for(data_dir)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return pids


@pytest.fixture(scope="module")
def loaded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("cli-data")
    bad = tmp_path_factory.mktemp("bad") / "9999001.abs"
    bad.write_text("Paper: hep-th/9999001\nTitle: A paper with no authors line\n\\\\\n")
    result = run(data_dir, "load", "hepth", str(SAMPLE), str(bad), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["papers_written"] == PAPERS and report["rejected"] == 1
    assert "9999001.abs" in report["rejections"][0] and "Authors" in report["rejections"][0]
    assert Path(report["rejects_file"]).read_text().count("9999001.abs") == 1
    assert report["names_cut"] == ["arxiv:hep-th/9305116 authors: 'John Ellis N. E. Mavromatos' "
                                   "read as 'John Ellis' and 'N. E. Mavromatos'"]  # fmt: skip
    return data_dir


def stats(data_dir: Path) -> dict:
    result = run(data_dir, "stats", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_load_is_idempotent_and_persists(loaded_dir: Path) -> None:
    before = stats(loaded_dir)
    assert before["nodes"]["Paper"] == PAPERS and before["relationships"]["CO_AUTHOR"] > 2000
    again = json.loads(run(loaded_dir, "load", "hepth", str(SAMPLE), "--json").stdout)
    assert again["new_papers"] == 0
    assert stats(loaded_dir) == before  # each CLI call stopped and restarted the store
    assert wait_gone(loaded_dir) == []


def test_load_says_which_author_lists_it_cut(tmp_path: Path) -> None:
    works = tmp_path / "works.jsonl"
    lines = [{"id": f"t:{k}", "title": f"paper {k}", "year": 1993,
              "authors": [{"name": n} for n in names]}
             for k, names in enumerate([["John Ellis"], ["N. E. Mavromatos"],
                                        ["John Ellis N. E. Mavromatos", "D. V. Nanopoulos"]])]
    works.write_text("".join(json.dumps(line) + "\n" for line in lines))  # fmt: skip
    load = run(tmp_path / "d", "load", "works-jsonl", str(works))
    assert load.returncode == 0, load.stderr
    assert ("author list cut: t:2 authors: 'John Ellis N. E. Mavromatos' read as 'John Ellis' "
            "and 'N. E. Mavromatos'") in load.stdout, load.stdout  # fmt: skip
    assert wait_gone(tmp_path / "d") == []


def test_output_shows_bracketed_data_as_it_is(tmp_path: Path) -> None:
    """Record ids in brackets ("file:2 [bad-1]"), values like "[hep-th]" and error messages are
    printed as they are, not read as rich markup (which dropped them)."""
    works = tmp_path / "arxiv.jsonl"
    good = {"id": "0704.0001", "title": "Strings [hep-th] and [bold]",
            "authors_parsed": [["Example", "Ann", ""]]}  # fmt: skip
    works.write_text(json.dumps(good) + "\n" + '{"id": "bad-1", "title": 5}\n')
    load = run(tmp_path / "d", "load", "arxiv-jsonl", str(works))
    assert load.returncode == 0, load.stderr
    assert "wrote 1 papers" in load.stdout
    assert "arxiv.jsonl:2 [bad-1]: field 'title'" in load.stdout, load.stdout
    table = run(tmp_path / "d", "cypher", "MATCH (p:Paper) RETURN p.title AS t")
    assert "Strings [hep-th] and [bold]" in table.stdout, table.stdout
    bad = run(tmp_path / "d", "cypher", "RETURN $x", "--param", "[x]=1")
    assert bad.returncode == 2 and "'[x]' is not a valid parameter name" in bad.stderr, bad.stderr
    assert wait_gone(tmp_path / "d") == []


def test_cypher_reads_and_refuses_writes(loaded_dir: Path) -> None:
    ok = run(loaded_dir, "cypher", "MATCH (a:Author) RETURN count(a) AS n", "--json")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    n = json.loads(ok.stdout)["rows"][0]["n"]
    assert n > 2000
    bad = run(loaded_dir, "cypher", "CREATE (n:X)")
    assert bad.returncode != 0
    assert "read-only" in bad.stderr and "Traceback" not in bad.stderr
    again = run(loaded_dir, "cypher", "MATCH (a:Author) RETURN count(a) AS n", "--json")
    assert json.loads(again.stdout)["rows"][0]["n"] == n
    assert run(loaded_dir, "cypher", "MATCH (x:X) RETURN count(x) AS n", "--json").returncode == 0


@contextmanager
def store_in(data_dir: Path) -> Iterator[GraphStore]:
    """The embedded store of `data_dir`, opened in this process (the CLI calls attach to it)."""
    store = open_store(Settings(data_dir=data_dir, neo4j_uri=None, _env_file=None))
    try:
        yield store
    finally:
        store.close()


def test_upgrade_brings_a_graph_of_an_earlier_graphsvc_up_to_date(loaded_dir: Path) -> None:
    current = run(loaded_dir, "upgrade")
    assert current.returncode == 0 and "nothing to upgrade" in current.stdout, current.stderr
    overlaps = "MATCH ()-[c:CO_AUTHOR]->() RETURN sum(c.topic_overlap) AS s, count(c) AS n"
    with store_in(loaded_dir) as store:
        before = store.read(overlaps).rows[0]
        drop_topic_data(store)  # as an earlier graphsvc left it
        authors = store.read("MATCH (a:Author) RETURN count(a) AS n").rows[0]["n"]
    result = run(loaded_dir, "upgrade", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["authors"] == authors and report["ties_changed"] == before["n"]
    check = json.loads(run(loaded_dir, "cypher", overlaps, "--json").stdout)["rows"][0]
    assert check["n"] == before["n"] and check["s"] == pytest.approx(before["s"], rel=1e-12)
    assert "nothing to upgrade" in run(loaded_dir, "upgrade").stdout
    assert wait_gone(loaded_dir) == []


def test_upgrade_identity_on_a_current_graph_moves_nobody(loaded_dir: Path) -> None:
    with store_in(loaded_dir) as store:
        authors = store.read("MATCH (a:Author) RETURN count(a) AS n").rows[0]["n"]
        mentions = store.read("MATCH ()-[r:AUTHORED]->() RETURN count(r) AS n").rows[0]["n"]
    result = run(loaded_dir, "upgrade", "--identity", "--json")
    assert result.returncode == 0, result.stderr
    again = json.loads(result.stdout)["identity"]
    assert again["mentions"] == mentions
    assert again["authors_before"] == again["authors_after"] == authors
    assert (again["mentions_moved"], again["authors_renamed"], again["names_cut"]) == (0, 0, [])
    text = run(loaded_dir, "upgrade", "--identity")
    assert f"identity resolved again over {mentions} mentions" in text.stdout, text.stderr
    assert wait_gone(loaded_dir) == []


def test_cli_errors_are_clear(tmp_path: Path) -> None:
    missing = run(tmp_path, "load", "hepth", str(tmp_path / "nope.tar.gz"))
    assert missing.returncode != 0 and "no such file" in missing.stderr
    unknown = run(tmp_path, "load", "bibtex", str(SAMPLE))
    assert unknown.returncode != 0 and "unknown format" in unknown.stderr
    no_binary = run(tmp_path, "stats", GRAPHSVC_FALKORDB_SERVER_BIN="/nonexistent/redis-server")
    assert no_binary.returncode != 0 and "not found" in no_binary.stderr
    assert "Traceback" not in no_binary.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_demo(data_dir: Path, **extra: str) -> tuple[subprocess.Popen, str]:
    """`graphsvc demo` on a free port, once it answers /health: (process, base URL)."""
    port = free_port()
    proc = subprocess.Popen([*GRAPHSVC, "demo", "--port", str(port)],
                            env=env_for(data_dir, **extra), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            raise AssertionError(proc.stderr.read() if proc.stderr else "demo exited")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("demo did not answer /health within 60 s")
        time.sleep(0.3)


def test_demo_serves_the_sample_and_leaves_no_server(tmp_path: Path) -> None:
    proc, base = start_demo(tmp_path, COLUMNS="80")  # a narrow terminal
    try:
        hits = httpx.get(f"{base}/search", params={"q": "G. W. Gibbons", "type": "author"}).json()
        author = hits["results"][0]["id"]
        body = httpx.get(f"{base}/graph/slice", params={"center": author, "depth": 2}).json()
        assert len(body["nodes"]) > 10
        assert redis_pids_for(tmp_path)
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    slice_lines = [ln.strip() for ln in err.splitlines() if "/graph/slice?center=" in ln]
    assert len(slice_lines) == 1 and slice_lines[0].startswith(f"{base}/graph/slice?center=")
    assert slice_lines[0].endswith("&depth=2&limit=50")  # whole: not wrapped at 80 columns
    assert wait_gone(tmp_path) == []


def test_demo_upgrades_a_graph_of_an_earlier_graphsvc(loaded_dir: Path) -> None:
    with store_in(loaded_dir) as store:
        drop_topic_data(store)  # as an earlier graphsvc left it, with no identity rules marker
        store.write("MATCH (m:Meta {id: 'graph'}) REMOVE m.identity_rules")
        author = store.read("MATCH (a:Author {name: 'Gary W. Gibbons'}) RETURN a.id AS id").rows
    proc, base = start_demo(loaded_dir)
    try:
        url = f"{base}/authors/{author[0]['id']}/collaborators"
        ties = httpx.get(url).json()["results"]
        assert ties and all(t["shared_topics"] for t in ties)
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert "upgrading it" in err and "Upgraded" in err
    assert "resolving again" in err and "Identity resolved again" in err
    assert wait_gone(loaded_dir) == []
    assert "nothing to upgrade" in run(loaded_dir, "upgrade").stdout


def test_serve_killed_with_sigkill_leaves_no_server(loaded_dir: Path) -> None:
    port = free_port()
    proc = subprocess.Popen([*GRAPHSVC, "serve", "--port", str(port)], env=env_for(loaded_dir),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    while not redis_pids_for(loaded_dir) or not _answers(port):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.2)
    proc.kill()
    proc.wait(10)
    assert wait_gone(loaded_dir) == []
    assert stats(loaded_dir)["nodes"]["Paper"] == PAPERS  # the data survived the kill


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/ready", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
