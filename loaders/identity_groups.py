"""Author mentions cut into groups that identity resolution can take one at a time, so that
`graphsvc upgrade --identity` (the graph's name blocks: `block_batches`) and a first load into
an empty graph (its mentions: `mention_batches`) need not hold every mention's evidence at once.

Resolving a group on its own gives what resolving everything together gives when nothing the
resolver compares crosses groups. So a group holds, with each author's block:
- the blocks of every name its mentions are written with, and of that name's other spellings
  (compound surnames joined or split, umlauts written "ue" or folded: `loaders.identity.compound`,
  `loaders.identity.umlauts`);
- every block of the same surname (whether a surname is rare is judged from all its first names);
- the blocks of authors sharing an ORCID or a source id (strong links cross blocks);
- the blocks of every author of a paper whose run-on name is cut (its author list is rewritten
  as a whole), and of the cut's parts;
- the blocks a curator's overrides name (one group for all of them).
Run-on names are decided once with every name of the graph, as a whole-graph pass decides them,
and every group is resolved with the whole input's `resolver.Corpus` (the spellings of every
name, institution keys learned from every affiliation). Groups are then packed into batches of
about `max_mentions` mentions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from graphsvc.store import GraphStore
from loaders.identity import Mention, Overrides
from loaders.identity.compound import joined_block, split_block
from loaders.identity.features import parse_name
from loaders.identity.resolver import Corpus, orcid_key
from loaders.identity.umlauts import digraph_block, folded_block
from loaders.names import block_key
from loaders.packed_rows import PACKING, items, packed_records
from loaders.run_on import Cut, decide_cuts, may_be_run_on_name

BATCH_MENTIONS = 50_000  # about this many mentions per batch: 200,000 generated papers' 405,157
# mentions took 617 MB at 100,000 a batch, 479 MB at 50,000, 415 MB at 25,000, in about as long


@dataclass
class BlockBatches:
    """Batches of name blocks to resolve one after another, and what they share."""

    batches: list[list[str]]  # blocks per batch, each batch a union of whole groups
    mentions: list[int]  # mentions per batch
    cuts: dict[str, Cut]  # run-on names to cut, decided with every name of the graph
    corpus: Corpus  # every name's (after the cuts) and every affiliation's (`resolver.Corpus`)
    author_ids: set[str]  # every author with a mention (ids a fresh author may not reuse)
    overrides_batch: int | None  # the batch the overrides' blocks are in


class _Groups:
    """Union-find over string keys: blocks, surnames ("s:" as parsed, "b:" of a block) and
    ORCIDs and source ids ("orcid:", "id:")."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        root = parent.setdefault(x, x)
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, keys: Iterable[str | None]) -> None:
        roots = {self.find(k) for k in keys if k}
        if len(roots) > 1:
            first, *rest = sorted(roots)
            for r in rest:
                self.parent[r] = first


def _name_keys(name: str) -> set[str]:
    """The keys a name ties its author's block to: its own block, its other spellings' blocks,
    the surnames of those blocks and its surname as the resolver parses it."""
    blocks = {b for b in (block_key(name), joined_block(name), split_block(name),
                          digraph_block(name), folded_block(name)) if b}  # fmt: skip
    surname = parse_name(name).surname
    return blocks | {_block_surname(b) for b in blocks} | ({f"s:{surname}"} if surname else set())


def _block_surname(block: str) -> str:
    return "b:" + block.rsplit(" ", 1)[0]


def _strong_keys(orcids: Iterable[str | None], source_ids: Iterable[str | None]) -> list[str]:
    """ORCIDs and source ids as the resolver links them (`resolver._strong_links`)."""
    return [f"orcid:{orcid_key(v)}" for v in orcids if v] + [f"id:{v}" for v in source_ids if v]


def block_batches(
    store: GraphStore,
    overrides: Overrides | None = None,
    max_mentions: int = BATCH_MENTIONS,
    batch_size: int = 500,
) -> BlockBatches:
    """Read every author's names (not their mentions) and cut the blocks into batches of
    whole groups; see the module docstring."""
    blocks = sorted({r["block"] for r in store.run("identity_all_blocks").rows if r["block"]})
    groups = _Groups()
    per_block: dict[str, int] = defaultdict(int)
    strong: dict[str, str] = {}  # ORCID or source id -> the first block seen with it
    names: set[str] = set()
    kept_whole: set[str] = set()  # names some mention with an id has (never cut there)
    suspects: dict[str, list[str]] = defaultdict(list)  # run-on suspect -> its authors
    author_ids: set[str] = set()
    for i in range(0, len(blocks), batch_size):
        for r in _author_names(store, blocks[i : i + batch_size]):
            block, name = r["block"], r["name"]
            author_ids.add(r["author"])
            per_block[block] += r["mentions"]
            names.add(name)
            if r["mentions"] > r["bare"]:
                kept_whole.add(name)
            groups.union({block, *_name_keys(name)})
            for value in _strong_keys(r["orcids"] or (), r["source_ids"] or ()):
                groups.union((block, strong.setdefault(value, block)))
            if r["bare"] and may_be_run_on_name(name):
                suspects[name].append(r["author"])
    for block in list(per_block):
        groups.union((block, _block_surname(block)))

    cuts = decide_cuts(suspects, names) if suspects else {}
    names -= set(cuts) - kept_whole
    names |= {part for parts in cuts.values() for part in parts}
    affiliations = [r["affiliation"] for r in store.run("identity_affiliations").rows]
    corpus = Corpus.of(names, affiliations)
    del names, affiliations
    cut_rows = [{"author": a, "name": n} for n in sorted(cuts) for a in suspects[n]]
    papers = [r["paper"] for r in _rows(store, "identity_papers_written_so", "rows", cut_rows)]
    for r in _rows(store, "identity_paper_blocks", "papers", papers):
        groups.union(r["blocks"])
    for name, parts in cuts.items():
        groups.union({block_key(name), *(k for p in parts for k in _name_keys(p))})

    override_keys = _override_keys(store, overrides)
    groups.union(override_keys)

    override_root = groups.find(min(override_keys)) if override_keys else None
    packed = _pack(groups, per_block, max_mentions, override_root)
    return BlockBatches(packed.batches, packed.sizes, cuts, corpus, author_ids,
                        packed.marked if overrides is not None else None)  # fmt: skip


@dataclass
class MentionBatches:
    """The mentions of a load into an empty graph in batches of whole groups."""

    batches: list[list[Mention]]
    corpus: Corpus  # of every mention (`resolver.Corpus`)
    overrides_batch: int | None  # the batch the overrides' references are in


def mention_batches(
    mentions: list[Mention],
    overrides: Overrides | None = None,
    max_mentions: int = BATCH_MENTIONS,
) -> MentionBatches:
    """`mentions` (of a load into an empty graph, run-on names cut already) cut into batches of
    whole groups, joined as `block_batches` joins a graph's blocks."""
    groups = _Groups()
    per_block: dict[str, int] = defaultdict(int)
    strong: dict[str, str] = {}
    block_of_name: dict[str, str] = {}  # each distinct name's keys are joined once
    for m in mentions:
        block = block_of_name.get(m.name)
        if block is None:
            block = block_of_name[m.name] = block_key(m.name)
            groups.union({block, *_name_keys(m.name)})
        per_block[block] += 1
        if m.orcid or m.source_id:
            for value in _strong_keys((m.orcid,), (m.source_id,)):
                groups.union((block, strong.setdefault(value, block)))
    override_keys: set[str] = set()
    if overrides is not None:
        block_of = {m.id: block_of_name[m.name] for m in mentions}
        for side in override_references(overrides):
            override_keys |= {block_of[side]} if side in block_of else _name_keys(side)
        groups.union(override_keys)
    override_root = groups.find(min(override_keys)) if override_keys else None
    packed = _pack(groups, per_block, max_mentions, override_root)
    batch_of = {block: n for n, blocks in enumerate(packed.batches) for block in blocks}
    corpus = Corpus.of(block_of_name, (a for m in mentions for a in m.affiliations))
    out = MentionBatches([[] for _ in packed.batches], corpus, packed.marked)
    for m in mentions:
        out.batches[batch_of[block_of_name[m.name]]].append(m)
    return out


@dataclass
class _Packed:
    batches: list[list[str]]  # blocks
    sizes: list[int]  # mentions
    marked: int | None  # the batch holding the group `mark` names


def _pack(groups: _Groups, per_block: dict[str, int], max_mentions: int, mark: str | None
          ) -> _Packed:  # fmt: skip
    """Whole groups of `per_block`'s blocks (mentions each) into batches of about
    `max_mentions`, in order of each group's first block."""
    members: dict[str, list[str]] = defaultdict(list)
    for block in per_block:
        members[groups.find(block)].append(block)
    out = _Packed([], [], None)
    for root, group in sorted(members.items(), key=lambda kv: min(kv[1])):
        size = sum(per_block[b] for b in group)
        if not out.batches or out.sizes[-1] + size > max_mentions:
            out.batches.append([])
            out.sizes.append(0)
        out.batches[-1] += sorted(group)
        out.sizes[-1] += size
        if root == mark:
            out.marked = len(out.batches) - 1
    if mark is not None and out.marked is None and out.batches:
        out.marked = 0  # no block of theirs here: they match nothing
    return out


def _author_names(store: GraphStore, blocks: list[str]) -> list[dict]:
    """Rows of identity_author_names; FalkorDB's variant comes packed in one string
    (`loaders.packed_rows`), decoded here into the same rows."""
    rows = store.run("identity_author_names", {"blocks": blocks, **PACKING}).rows
    if not rows or "packed" not in rows[0]:
        return rows
    return [{"author": author, "block": block, "name": name, "mentions": int(mentions),
             "orcids": items(orcids), "source_ids": items(source_ids), "bare": int(bare)}
            for author, block, name, mentions, orcids, source_ids, bare
            in packed_records(rows)]  # fmt: skip


def _override_keys(store: GraphStore, overrides: Overrides | None) -> set[str]:
    """The blocks an override's references lie in: a name's own block (and its other
    spellings'), a mention id's paper's authors' blocks."""
    if overrides is None:
        return set()
    sides = override_references(overrides)
    keys: set[str] = set()
    for side in sides:
        if "#" not in side:
            keys |= {k for k in _name_keys(side) if k}
    papers = sorted({"paper:" + side.rpartition("#")[0] for side in sides if "#" in side})
    for r in _rows(store, "identity_paper_blocks", "papers", papers):
        keys |= set(r["blocks"])
    return keys


def override_references(overrides: Overrides) -> list[str]:
    """Every reference (name or mention id) the overrides' pairs hold."""
    return [side for pair in [*overrides.must_merge, *overrides.must_split] for side in pair]


def _rows(store: GraphStore, query: str, param: str, values: list, step: int = 500) -> list:
    out: list = []
    for i in range(0, len(values), step):
        out += store.run(query, {param: values[i : i + step]}).rows
    return out
