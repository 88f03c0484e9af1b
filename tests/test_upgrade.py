"""`graphsvc upgrade` (loaders/upgrade.py): a graph written by an earlier graphsvc (no
Author.topics, no CO_AUTHOR.topic_overlap) ends up equal to a fresh load of the same records,
hub data included. Real embedded FalkorDB (and Neo4j when configured)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.api.app import _warn_if_outdated
from graphsvc.store import GraphStore
from loaders.model import Work
from loaders.upgrade import needs_upgrade, upgrade_graph
from queries.authors import collaborators
from tests.test_hub_refresh import (
    MIN,
    assert_same_as_full,
    base_world,
    load,
    paper,
    settings_for,
    stored,
)

TOPICS = "MATCH (a:Author) RETURN a.id AS id, a.topics AS topics ORDER BY id"
OVERLAPS = (
    "MATCH (x:Author)-[c:CO_AUTHOR]->(y:Author) "
    "RETURN x.id AS x, y.id AS y, c.weight AS w, c.topic_overlap AS o ORDER BY x, y"
)
VERSION = "MATCH (m:Meta {id: 'graph'}) RETURN m.version AS v"


def world() -> list[Work]:
    """The hub world, plus two close collaborators of Ann Hub with equal strength (2 joint
    papers in 2004): Lee Lattice shares two of Ann's topics, Pat Gauge one, so Lee comes first
    by topic_overlap, Pat first by id alone (as in a graph without overlaps)."""
    lee = [paper(f"lee{i}", 2004, ["Ann Hub", "Lee Lattice"], ("gr-qc", "hep-th")) for i in (1, 2)]
    pat = [paper(f"pat{i}", 2004, ["Ann Hub", "Pat Gauge"], ("hep-lat",)) for i in (1, 2)]
    return base_world() + lee + pat


def drop_topic_data(store: GraphStore) -> None:
    """Remove what a graphsvc from before Author.topics did not write."""
    store.write("MATCH (a:Author) SET a.topics = null")
    store.write("MATCH ()-[c:CO_AUTHOR]->() SET c.topic_overlap = null")


def strip_to_earlier_model(store: GraphStore) -> None:
    """What a graphsvc from before Author.topics left: the same graph without the two
    properties, its hub data refreshed without them."""
    drop_topic_data(store)
    from queries.slice import refresh_hubs

    refresh_hubs(store, min_degree=MIN)


def test_upgrade_gives_what_a_fresh_load_gives(
    empty_store: GraphStore, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = empty_store
    load(store, settings_for(tmp_path), world())
    fresh = (store.read(TOPICS).rows, store.read(OVERLAPS).rows, stored(store))
    ann = "author:hub-ann"
    fresh_ties = collaborators(store, ann, 0, 50)
    assert [t["id"] for t in fresh_ties[1][:2]] == ["author:lattice-lee", "author:gauge-pat"]
    assert not needs_upgrade(store)
    assert any(r["o"] for r in fresh[1]) and any(r["topics"] for r in fresh[0])

    _warn_if_outdated(store)
    assert "graphsvc upgrade" not in caplog.text
    strip_to_earlier_model(store)
    assert needs_upgrade(store)
    _warn_if_outdated(store)  # what the API logs when it starts on such a graph
    assert "run `graphsvc upgrade`" in caplog.text
    old_ties = collaborators(store, ann, 0, 50)[1]
    assert all(not t["shared_topics"] for t in old_ties)
    assert [t["id"] for t in old_ties[:2]] == ["author:gauge-pat", "author:lattice-lee"]
    assert stored(store) != fresh[2]  # the old hub data orders and counts without overlaps
    version = store.read(VERSION).rows[0]["v"]

    report = upgrade_graph(store, batch_size=8, hub_min_degree=MIN)  # several batches
    assert report.authors == len(fresh[0]) and report.ties_changed == len(fresh[1])
    assert store.read(TOPICS).rows == fresh[0]
    assert store.read(OVERLAPS).rows == fresh[1]
    assert collaborators(store, ann, 0, 50) == fresh_ties
    assert stored(store) == fresh[2]
    assert_same_as_full(store)
    assert store.read(VERSION).rows[0]["v"] == version + 1  # caches built on the graph rebuild
    assert not needs_upgrade(store)

    again = upgrade_graph(store, hub_min_degree=MIN)
    assert (again.authors, again.ties_changed, again.hubs_refreshed) == (0, 0, 0)
    assert store.read(VERSION).rows[0]["v"] == version + 1


def test_upgrade_only_touches_authors_that_lack_the_data(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """A graph partly written by the current loaders (a later load touched some authors):
    only the others are upgraded; an author without papers is left as it is, not deleted."""
    store = empty_store
    load(store, settings_for(tmp_path), base_world())
    fresh = store.read(OVERLAPS).rows
    store.write("MATCH (a:Author) WHERE a.id STARTS WITH 'author:filler' SET a.topics = null")
    store.write("CREATE (:Author {id: 'author:no-papers', name: 'No Papers'})")
    lacking = store.read(
        "MATCH (a:Author) WHERE a.topics IS NULL AND (a)-[:AUTHORED]->() RETURN count(a) AS n"
    ).rows[0]["n"]
    assert lacking == 60

    report = upgrade_graph(store, hub_min_degree=MIN)
    assert report.authors == 60 and report.ties_changed == 0  # solo fillers: no ties
    assert store.read(OVERLAPS).rows == fresh
    assert store.read("MATCH (a:Author {id: 'author:no-papers'}) RETURN a.topics AS t").rows == [
        {"t": None}
    ]
    assert not needs_upgrade(store)


class Stop(Exception):
    """Stands for a kill between the upgrade's two passes."""


def test_an_upgrade_stopped_between_its_passes_is_reported_and_finished_by_the_next(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    store = empty_store
    load(store, settings_for(tmp_path), world())
    fresh = (store.read(TOPICS).rows, store.read(OVERLAPS).rows, stored(store))
    strip_to_earlier_model(store)

    def stop_after_topics(done: int, total: int) -> None:
        if done == total // 2:  # every author has topics now, no tie has an overlap yet
            raise Stop

    with pytest.raises(Stop):
        upgrade_graph(store, batch_size=8, on_progress=stop_after_topics, hub_min_degree=MIN)
    assert store.read(TOPICS).rows == fresh[0]  # so the authors no longer look outdated...
    assert needs_upgrade(store)  # ...but the graph does

    report = upgrade_graph(store, hub_min_degree=MIN)
    assert report.ties_changed == len(fresh[1])
    assert store.read(OVERLAPS).rows == fresh[1]
    assert stored(store) == fresh[2]
    assert not needs_upgrade(store)
