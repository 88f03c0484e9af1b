"""Incremental hub refresh (queries/hub_refresh.py): after every load, the stored hub data of
every node equals what a full refresh_hubs stores, while hubs the load did not touch are left
alone. Real embedded FalkorDB; a small world with a low hub threshold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphsvc.settings import Settings
from graphsvc.store import GraphStore
from loaders.model import AuthorRef, Work
from loaders.pipeline import load_records
from loaders.writer import LoadReport
from queries.hub_refresh import hub_state
from queries.slice import REC, SEP, refresh_hubs

MIN = 6  # hub threshold of these tests (the service uses 300)
ANN, MIT = "author:hub-ann", "inst:mit"
WORDS = ["holography", "monopole", "anomaly", "instanton", "supergravity"]  # Ann's papers
HUB_DATA = (
    "MATCH (m) WHERE m.slice_top IS NOT NULL OR m.slice_degree IS NOT NULL "
    "OR m.slice_edges IS NOT NULL OR m.profile_counts IS NOT NULL "
    "RETURN m.id AS id, m.slice_top AS top, m.slice_degree AS degree, m.slice_edges AS edges, "
    "m.profile_counts AS profile"
)


def stored(store: GraphStore) -> dict[str, tuple]:
    """Every node's stored hub data."""
    return {r["id"]: (r["top"], r["degree"], r["edges"], r["profile"])
            for r in store.read(HUB_DATA).rows}  # fmt: skip


def assert_same_as_full(store: GraphStore) -> dict[str, tuple]:
    """The stored hub data equals, node by node, what a full refresh stores; returns it."""
    incremental = stored(store)
    refresh_hubs(store, min_degree=MIN)
    full = stored(store)
    assert sorted(incremental) == sorted(full), "hubs differ"
    for node, data in full.items():
        assert incremental[node] == data, f"stale hub data on {node}"
    return full


def author_id(store: GraphStore, name: str) -> str:
    rows = store.read("MATCH (a:Author {name: $name}) RETURN a.id AS id", {"name": name}).rows
    return rows[0]["id"]


def flags(data: tuple) -> dict[str, str]:
    """Neighbour id -> hub flag in a stored top list."""
    return {r.split(SEP)[0]: r.split(SEP)[5] for r in data[0].split(REC)} if data[0] else {}


def paper(wid: str, year: int, authors: list[str], topics: tuple[str, ...] = ("hep-th",),
          title: str | None = None, affiliation: str | None = None) -> Work:  # fmt: skip
    refs = [AuthorRef(name=a, affiliations=[affiliation] if affiliation else []) for a in authors]
    return Work(id=f"t:{wid}", title=title or f"Strings and branes {wid}", year=year,
                abstract=f"branes strings duality {wid} " + " ".join(authors),
                topics=list(topics), authors=refs)  # fmt: skip


def base_world() -> list[Work]:
    """Ann Hub (a hub) with many co-authors; Cy Near, a co-author of Ann just under the
    threshold; Dee Far, a hub that shares nothing with the later loads but a co-author of Cy."""
    works = [paper(f"a{i}", 2000 + i, ["Ann Hub", f"Co Author{i}"], affiliation="MIT")
             .model_copy(update={"abstract": f"{word} {WORDS[(i + 1) % len(WORDS)]}"})
             for i, word in enumerate(WORDS)]  # fmt: skip
    works.append(paper("c0", 2001, ["Ann Hub", "Cy Near"], topics=("gr-qc", "hep-th")))
    works.append(paper("s1", 2002, ["Ann Hub"], topics=("hep-ex",)))
    works.append(paper("b2", 2002, ["Co Author2"], topics=("hep-ex",)))
    works.append(paper("m1", 2003, ["Mo Extra"], topics=("hep-ex",), affiliation="MIT"))
    # two hubs at the threshold: Sol with 6 solo papers, Tess with 3 papers and 3 co-authors
    works += [paper(f"sol{i}", 2000 + i, ["Sol Edge"], ("quant-ph",)) for i in range(6)]
    works += [paper(f"tess{i}", 2000 + i, ["Tess Edge", f"Tess Friend{i}"], ("quant-ph",))
              for i in range(3)]  # fmt: skip
    works += [paper(f"d{i}", 1990 + i, ["Dee Far", f"Dee Friend{i}"], topics=("math-ph",))
              for i in range(5)]  # fmt: skip
    works.append(paper("d9", 1999, ["Dee Far", "Cy Near"], topics=("math-ph",)))
    # unrelated papers, so that the loads below stay small next to the graph (a load of 20% of
    # the papers or more recomputes every SIMILAR_TO edge, and then every hub)
    works += [paper(f"f{i}", 1980, [f"Solo Filler{i}"], topics=("astro-ph",)).model_copy(
                  update={"abstract": f"galaxy cluster survey redshift {i}"})
              for i in range(60)]  # fmt: skip
    return works


def settings_for(tmp_path: Path, **kw) -> Settings:
    return Settings(data_dir=tmp_path, _env_file=None, similar_k=2, **kw)


def load(store: GraphStore, settings: Settings, works: list[Work]) -> LoadReport:
    return load_records(store, settings, works, hub_min_degree=MIN)


@pytest.fixture
def world(empty_store: GraphStore, tmp_path: Path) -> tuple[GraphStore, Settings]:
    settings = settings_for(tmp_path)
    first = load(empty_store, settings, base_world())
    assert first.hubs_full_refresh  # a first load refreshes every hub
    data = assert_same_as_full(empty_store)
    assert {"author:hub-ann", "author:far-dee", "topic:hep-th"} <= data.keys()
    assert "author:near-cy" not in data
    return empty_store, settings


def test_a_hub_gets_new_edges(world) -> None:
    store, settings = world
    before = stored(store)
    report = load(store, settings, [paper("a9", 2010, ["Ann Hub", "New Person"], ("hep-th",))])
    assert not report.hubs_full_refresh
    assert report.hubs_refreshed < len(before)  # Dee Far's data was left alone
    after = assert_same_as_full(store)
    assert after["author:hub-ann"] != before["author:hub-ann"]
    assert after["author:far-dee"] == before["author:far-dee"]


def test_a_non_hub_becomes_a_hub_and_its_untouched_hub_neighbour_sees_it(world) -> None:
    """Cy crosses the threshold with papers that do not involve Dee: Dee's list (untouched by
    the load) must flag Cy as a hub; Ann's too."""
    store, settings = world
    before = stored(store)
    assert flags(before["author:far-dee"])["author:near-cy"] == "0"
    new = [paper(f"c{i}", 2012, ["Cy Near", f"Cy Friend{i}"], topics=("nucl-th",))
           for i in range(1, 5)]  # fmt: skip
    report = load(store, settings, new)
    assert not report.hubs_full_refresh
    after = assert_same_as_full(store)
    assert "author:near-cy" in after
    assert flags(after["author:far-dee"])["author:near-cy"] == "1"
    assert flags(after["author:hub-ann"])["author:near-cy"] == "1"


def test_a_hub_stops_being_one_on_a_reload(world) -> None:
    """A reload of changed records drops Dee from them: Dee stops being a hub, and the hubs
    around lose the flag."""
    store, settings = world
    changed = [paper(f"d{i}", 1990 + i, [f"Dee Friend{i}", "Eve Other"], topics=("math-ph",))
               for i in range(5)]  # fmt: skip
    report = load(store, settings, changed)
    assert not report.hubs_full_refresh
    after = assert_same_as_full(store)
    assert "author:far-dee" not in after


def test_a_hub_loses_a_paper_on_a_reload(world) -> None:
    """Ann's solo paper is reloaded with another author: only the removed AUTHORED edge
    leads to Ann."""
    store, settings = world
    report = load(store, settings, [paper("s1", 2002, ["Zoe Other"], topics=("hep-ex",))])
    assert not report.hubs_full_refresh
    after = assert_same_as_full(store)
    assert "paper:t:s1" not in flags(after[ANN])


def test_a_co_author_weight_change_reaches_the_institution_hub(world) -> None:
    """Ann and Co Author1 write again, without affiliations: MIT (both are affiliated) gets no
    edge, but the CO_AUTHOR weight between two of its neighbours is in its stored edges."""
    store, settings = world
    report = load(store, settings, [paper("w1", 2014, ["Ann Hub", "Co Author1"], ("hep-ex",))])
    assert MIT not in report.touched.endpoints()
    assert_same_as_full(store)


def test_a_removed_co_authorship_reaches_the_institution_hub(world) -> None:
    """A reload replaces Co Author2 (who keeps another paper) on Ann's paper by a newcomer: the
    CO_AUTHOR edge between two of MIT's neighbours goes, and nothing else leads to MIT."""
    store, settings = world
    coa2 = author_id(store, "Co Author2")
    load(store, settings, [paper("a2", 2002, ["Ann Hub", "Ned New"])])
    after = assert_same_as_full(store)
    assert coa2 in flags(after[MIT]) and coa2 not in flags(after[ANN])


def test_an_orphaned_author_leaves_the_hub_lists(world) -> None:
    """A reload drops Co Author4 from its only paper: the author is deleted, and MIT (which
    listed it) must forget it."""
    store, settings = world
    coa4 = author_id(store, "Co Author4")
    assert coa4 in flags(stored(store)[MIT])
    load(store, settings, [paper("a4", 2004, ["Ann Hub"])])
    after = assert_same_as_full(store)
    assert coa4 not in flags(after[MIT])
    load(store, settings, [paper("a3", 2003, ["Ann Hub"])])  # MIT: 5 affiliated authors left
    assert MIT not in assert_same_as_full(store)


def test_hubs_at_the_threshold_drop_out(world) -> None:
    """Sol loses a paper (an AUTHORED edge), Tess a co-author (a CO_AUTHOR edge, the co-author
    losing the AUTHORED one): both fall under the threshold."""
    store, settings = world
    sol, tess = author_id(store, "Sol Edge"), author_id(store, "Tess Edge")
    assert {sol, tess} <= stored(store).keys()
    load(store, settings, [paper("sol0", 2000, ["Someone Else"], ("quant-ph",)),
                           paper("tess0", 2000, ["Tess Edge"], ("quant-ph",))])  # fmt: skip
    after = assert_same_as_full(store)
    assert sol not in after and tess not in after


def test_a_reloaded_record_with_a_new_title_year_and_topic(world) -> None:
    """Title (a label in hub lists), year (order) and topic (profile counters) of a paper
    change; its hub author's data must follow."""
    store, settings = world
    before = stored(store)
    again = paper("a2", 2020, ["Ann Hub", "Co Author2"], topics=("hep-th", "hep-ph"),
                  title="A renamed paper", affiliation="MIT")  # fmt: skip
    report = load(store, settings, [again])
    assert not report.hubs_full_refresh
    after = assert_same_as_full(store)
    assert after["author:hub-ann"] != before["author:hub-ann"]
    assert "A renamed paper" in after["author:hub-ann"][0]
    assert "hep-ph" in after["author:hub-ann"][3]


def test_a_co_authors_rename_reaches_the_hub(world) -> None:
    """A new paper without Ann spells Co Author3's name differently (same author): Ann gets no
    edge, yet her list shows the new name."""
    store, settings = world
    report = load(store, settings, [paper("r1", 2013, ["CO AUTHOR3", "Rae New"])])
    assert "author:hub-ann" not in report.touched.endpoints()
    after = assert_same_as_full(store)
    assert "CO AUTHOR3" in after["author:hub-ann"][0]


def test_a_co_authors_new_topic_reaches_the_hub(world) -> None:
    """A paper without Ann puts Co Author3 in a new topic: their tie's topic_overlap (which
    orders Ann's collaborators) changes, so the load reports the tie and Ann is refreshed."""
    store, settings = world
    report = load(store, settings, [paper("r1", 2013, ["Co Author3", "Rae New"], ("nucl-th",))])
    co3 = author_id(store, "Co Author3")
    assert {("author:hub-ann", co3), (co3, "author:hub-ann")} & report.touched.pairs
    assert_same_as_full(store)


def test_identity_moves(world, tmp_path: Path) -> None:
    """An override splits Ann's first mention off: the earlier paper's AUTHORED edge moves to
    another author (an identity move), changing Ann's edges and CO_AUTHOR weights."""
    store, _ = world
    overrides = tmp_path / "overrides.json"
    overrides.write_text(json.dumps({"must_split": [["t:a0#1", "t:a1#1"]]}))
    settings = settings_for(tmp_path, identity_overrides=overrides)
    report = load(store, settings, [paper("a8", 2011, ["Ann Hub", "Co Author1"])])
    assert report.identity_moves >= 1 and not report.hubs_full_refresh
    assert_same_as_full(store)


def test_similar_edges_change_hub_edge_lists(world) -> None:
    """A new paper close in text to one of Ann's papers enters its SIMILAR_TO top k and pushes
    out an edge to another of Ann's papers: the edges among Ann's first neighbours change
    although Ann gets no edge."""
    store, settings = world
    before = stored(store)
    text = paper("z1", 2015, ["Zed Alone"], topics=("cond-mat",))
    text = text.model_copy(update={"title": "Monopole", "abstract": "monopole anomaly"})
    report = load(store, settings, [text])
    assert report.similar_edges > 0 and not report.hubs_full_refresh
    assert "author:hub-ann" not in report.touched.endpoints()
    after = assert_same_as_full(store)
    assert after["author:hub-ann"] != before["author:hub-ann"]


def test_a_load_after_an_unrefreshed_write_refreshes_every_hub(world) -> None:
    """A load killed after writing and before its hub refresh leaves the hub data stale: the
    next load cannot rely on what it touched alone."""
    from loaders.names import name_key
    from loaders.writer import GraphWriter, name_key_assigner

    store, settings = world
    GraphWriter(store, name_key_assigner(name_key)).load(
        [paper(f"k{i}", 2016, ["Dee Far", f"Kay{i}"], ("math-ph",)) for i in range(3)]
    )  # written, never refreshed (as if killed)
    assert not hub_state(store).current
    report = load(store, settings, [paper("a7", 2017, ["Ann Hub", "Co Author4"])])
    assert report.hubs_full_refresh
    assert_same_as_full(store)
    assert hub_state(store).current


def test_other_hub_parameters_mean_a_full_refresh(world) -> None:
    store, settings = world
    report = load_records(store, settings, [paper("a6", 2018, ["Ann Hub"])], hub_min_degree=4)
    assert report.hubs_full_refresh
    assert load(store, settings, [paper("a5", 2019, ["Ann Hub"])]).hubs_full_refresh
    assert not load(store, settings, [paper("a15", 2019, ["Ann Hub"])]).hubs_full_refresh
    assert_same_as_full(store)


def test_followers_between_loads_count_like_the_full_refresh(world) -> None:
    """Followers (edges no load writes) lift Cy over the threshold between loads, as the full
    refresh counts them: the next load, which does not touch Cy, makes Cy a hub. An unfollow
    may end a hub: the next load refreshes every hub."""
    from queries.profiles import follow, unfollow

    store, settings = world
    for user in ("user:1", "user:2"):
        follow(store, "author:near-cy", user)
    report = load(store, settings, [paper("f99", 1981, ["Solo Filler99"], ("astro-ph",))])
    assert "author:near-cy" not in report.touched.endpoints()
    after = assert_same_as_full(store)
    assert "author:near-cy" in after
    assert flags(after["author:far-dee"])["author:near-cy"] == "1"
    unfollow(store, "author:near-cy", "user:1")  # back under the threshold
    assert load(store, settings, [paper("f98", 1981, ["Solo Filler98"])]).hubs_full_refresh
    assert "author:near-cy" not in assert_same_as_full(store)


def test_a_reload_of_the_same_records_changes_nothing(world) -> None:
    store, settings = world
    before = stored(store)
    report = load(store, settings, base_world()[:3])
    assert not report.hubs_full_refresh
    assert assert_same_as_full(store) == before
