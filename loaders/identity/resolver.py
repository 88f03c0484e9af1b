"""Author identity resolution: cluster author mentions into people (one Author per person).

`resolve(mentions, overrides=None, weights=None, known_names=None) -> Resolution`.

1. Mentions with a bad name are reported in `Resolution.problems` and skipped.
2. Strong links are applied first: overrides' must-merge, then same ORCID, then same
   source author id (unless a must-split forbids it). Different ORCIDs never merge.
3. Mentions are blocked by `names.block_key` (surname + first initial); blocks joined by
   a strong link are handled together. A spaced compound surname is first written in the
   compound form the input also spells ("A. González Ruiz" -> "A. González-Ruiz",
   `compound.CompoundSurnames`), so both spellings share a block; `Author.variants` keeps
   the names as written.
4. Inside a block, a first pass scores only mentions of one exact name that share a
   co-author or an affiliation (found through an index) and merges those scoring at least
   `Weights.strong`; then clusters are merged greedily, best pair first, while the pair's
   score (`scoring.pair_score`: name agreement, co-authors, affiliations, topics, years,
   source ids, a shared e-mail address) reaches `Weights.threshold` and no hard constraint
   forbids it (names in conflict, same paper, different ORCIDs, must-split). Every merge
   is recorded with its score and reasons (`Merge`); homonyms left apart are listed in
   `Resolution.kept_apart`.
   Whether a surname is rare (softer affiliation penalty) is judged from the distinct full
   first names it has among the mentions and, where a block has different affiliations and
   the mentions alone say rare, among the names `known_names` returns for it (an incremental
   load looks them up in the graph, so it judges as one load of everything would).
   Groups are resolved one at a time: a group's clusters of single mentions are made when
   its turn comes, and a finished cluster keeps only what the result needs, so memory
   follows the largest group and the result rather than every mention's evidence at once.
5. Each cluster gets an id from its canonical name (`ids.assign_ids`), e.g.
   "author:odintsov-sergei-d"; homonyms get "-2", "-3" in order of their smallest
   mention id.

The result depends only on the set of mentions (they are sorted by id first), so reruns
on the same input give the same clusters and ids. New input can change an author's
canonical name and so its id; keep ids stable across loads with overrides or by
mapping old ids (not done here).
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from graphsvc.gcpause import paused_gc
from loaders.identity.compound import CompoundSurnames
from loaders.identity.features import AffiliationKeyer, ParsedName, close_first_names, parse_name
from loaders.identity.ids import assign_ids, canonical_name
from loaders.identity.overrides import OverrideError, Overrides
from loaders.identity.scoring import (
    Cluster,
    NameContext,
    Weights,
    conflicting_pairs,
    pair_score,
)
from loaders.names import block_key as _block_key
from loaders.names import name_key as _name_key

block_key = lru_cache(maxsize=500_000)(_block_key)
name_key = lru_cache(maxsize=500_000)(_name_key)


@dataclass(frozen=True, slots=True)
class Mention:
    """One author mention: a name on one paper, with the evidence around it."""

    id: str  # unique, e.g. "arxiv:hep-th/9501001#2" (paper id + '#' + position)
    name: str
    paper_id: str
    position: int | None = None
    year: int | None = None
    coauthors: tuple[str, ...] = ()  # the other authors' names on the paper
    affiliations: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    source_id: str | None = None  # an author id given by the source (e.g. "s2:12345")
    orcid: str | None = None
    email_key: str | None = None  # digest of the author's e-mail address (`email_key`)


KnownNames = Callable[[set[str]], Iterable[str]]  # surnames -> other names with them


@dataclass(frozen=True, slots=True)
class Merge:
    """One decision to join two groups of mentions: who, how sure, and why."""

    left: str  # a name variant and mention id of each side, e.g. "S.D. Odintsov [m1]"
    right: str
    score: float  # math.inf for links that are not scored (ORCID, source id, override)
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Author:
    """One resolved person."""

    id: str  # e.g. "author:odintsov-sergei-d"
    name: str  # canonical display name
    variants: tuple[str, ...]  # distinct raw name strings, sorted
    mention_ids: tuple[str, ...]  # sorted
    merges: tuple[Merge, ...]
    orcid: str | None = None

    @property
    def min_merge_score(self) -> float | None:
        """The weakest scored merge that built this author (None when nothing was scored)."""
        scored = [m.score for m in self.merges if math.isfinite(m.score)]
        return min(scored) if scored else None


@dataclass(frozen=True, slots=True)
class KeptApart:
    """Two authors with compatible names that the evidence kept apart (likely homonyms)."""

    left: str  # author ids
    right: str
    score: float | None  # best pair score (None: a hard constraint forbade the merge)
    reasons: tuple[str, ...]


@dataclass
class Resolution:
    """The outcome: authors, the author of each mention, homonyms kept apart, problems."""

    authors: list[Author]
    author_of: dict[str, str]  # mention id -> author id
    kept_apart: list[KeptApart] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def by_id(self) -> dict[str, Author]:
        return {a.id: a for a in self.authors}


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def resolve(
    mentions: Iterable[Mention],
    overrides: Overrides | None = None,
    weights: Weights | None = None,
    known_names: KnownNames | None = None,
    corpus: Corpus | None = None,
) -> Resolution:
    """Cluster `mentions` into authors. See the module docstring for the steps;
    `known_names(surnames)` returns other names with those surnames (block-key form, e.g.
    "vannieuwenhuizen"), counted only towards how common each surname is. `corpus`: that of a
    larger input these mentions are a part of (resolved a part at a time:
    `loaders.identity_groups`), else that of `mentions`."""
    with paused_gc():  # many small long-lived objects: the cyclic GC would double the run time
        return _resolve(mentions, overrides, weights, known_names, corpus)


def _resolve(
    mentions: Iterable[Mention],
    overrides: Overrides | None,
    weights: Weights | None,
    known_names: KnownNames | None,
    corpus: Corpus | None,
) -> Resolution:
    w = weights or Weights()
    problems: list[str] = []
    ms = _valid_mentions(mentions, problems)
    written = {m.id: m.name for m in ms}
    corpus = corpus or Corpus.of((m.name for m in ms), (a for m in ms for a in m.affiliations))
    compound = corpus.spellings
    ms = _compound_forms(ms, compound)
    n = len(ms)
    keyer = corpus.keyer
    affiliations = [frozenset(k for a in m.affiliations for k in keyer.keys(a)) for m in ms]
    links, forbidden = _strong_links(ms, overrides or Overrides(), problems)

    uf = _UnionFind(n)  # a group: blocks joined by strong links, resolved on its own
    by_block: dict[str, int] = {}
    for i, m in enumerate(ms):
        uf.union(by_block.setdefault(block_key(m.name), i), i)
    for a, b, _ in links:
        uf.union(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[uf.find(i)].append(i)
    group_links: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for link in links:
        group_links[uf.find(link[0])].append(link)
    del uf, by_block
    shared = _SharedEvidence()

    def seeded(root: int, notes: list[str]) -> list[Cluster]:
        """The group's mentions as clusters, strong links applied; made when needed, so
        only one group's clusters of single mentions exist at a time."""
        clusters = [_singleton(i, ms[i], affiliations[i], forbidden.get(i), shared)
                    for i in groups[root]]  # fmt: skip
        return _seed(clusters, group_links.get(root, []), ms, notes)

    first_names = _first_names_by_surname(m.name for m in ms)
    if known_names is not None:
        asked = _surnames_to_ask(groups, ms, affiliations, group_links, seeded, first_names, w)
        more = _first_names_by_surname(compound.rewrite(n) for n in known_names(asked))
        for surname, given in more.items():
            first_names[surname] |= given
    final: list[Cluster] = []
    kept: list[tuple[int, int, tuple[float, list[str]] | None]] = []
    for root in sorted(groups):
        group = seeded(root, problems)
        surnames = {n.surname for c in group for n in c.names}
        rare = max(len(first_names[s]) for s in surnames) <= w.rare_surname
        names = {n for c in group for n in c.names}
        ctx = NameContext(names, rare)
        done = _agglomerate(group, ms, w, ctx)
        joined = {pair for c in done for pair in conflicting_pairs(c.names)}
        if joined:  # "Herbert" and "Hubert" are one: "H." no longer fits two people
            ctx = NameContext(names, rare, joined)
            done = _agglomerate(done, ms, w, ctx)
        kept += [(a.key, b.key, pair_score(a, b, ctx, w, explain=True))
                 for a, b in _homonym_pairs(done, ms)]  # fmt: skip
        final += [_slim(c) for c in done]
        del groups[root]

    return _build(final, kept, ms, problems, written)


def _compound_forms(ms: list[Mention], compound: CompoundSurnames) -> list[Mention]:
    """Mentions with a spaced compound surname in the compound form the input also spells
    ("A. González Ruiz" -> "A. González-Ruiz"; `compound`), co-author names too."""
    rewritten: dict[str, str] = {}

    def rewrite(name: str) -> str:
        if name not in rewritten:
            rewritten[name] = compound.rewrite(name)
        return rewritten[name]

    out = []
    for m in ms:
        name = rewrite(m.name)
        coauthors = tuple(rewrite(c) for c in m.coauthors)
        if name != m.name or coauthors != m.coauthors:
            m = replace(m, name=name, coauthors=coauthors)
        out.append(m)
    return out


@dataclass(frozen=True)
class Corpus:
    """What the mentions of one `resolve` call read from the whole input they belong to: the
    compound and umlaut surnames its names spell (`compound.CompoundSurnames`: a spaced or "ue"
    spelling is rewritten only where the input spells the other form, co-author names too),
    and the institution keys learned from all its affiliations (`AffiliationKeyer.learned`).
    A part of a larger input resolved on its own (`loaders.identity_groups`) is given the
    whole input's, so that it decides as resolving everything at once would."""

    spellings: CompoundSurnames
    keyer: AffiliationKeyer

    @classmethod
    def of(cls, names: Iterable[str], affiliations: Iterable[str]) -> Corpus:
        return cls(CompoundSurnames(n for n in names if usable_name(n)),
                   AffiliationKeyer.learned(affiliations))  # fmt: skip


def usable_name(name: object) -> bool:
    """A name the resolver can block and parse (others are reported and skipped)."""
    return isinstance(name, str) and bool(block_key(name)) and bool(parse_name(name).surname)


def _valid_mentions(mentions: Iterable[Mention], problems: list[str]) -> list[Mention]:
    seen: set[str] = set()
    out: list[Mention] = []
    for m in mentions:
        if not isinstance(m.id, str) or not m.id:
            problems.append(f"mention {m!r}: field 'id': empty")
        elif m.id in seen:
            problems.append(f"mention {m.id}: field 'id': duplicate, second one skipped")
        elif not usable_name(m.name):
            problems.append(f"mention {m.id}: field 'name': no usable name in {m.name!r}")
        else:
            seen.add(m.id)
            out.append(m)
    out.sort(key=lambda m: m.id)
    return out


_NONE: frozenset = frozenset()


class _SharedEvidence:
    """One frozenset per distinct name and per distinct topic list, shared by the mentions."""

    def __init__(self) -> None:
        self.names: dict[str, frozenset] = {}
        self.topics: dict[tuple[str, ...], frozenset[str]] = {}

    def name(self, name: str) -> frozenset:
        got = self.names.get(name)
        if got is None:
            got = self.names[name] = frozenset({parse_name(name)})
        return got

    def topic_set(self, topics: tuple[str, ...]) -> frozenset[str]:
        got = self.topics.get(topics)
        if got is None:
            got = self.topics[topics] = frozenset(t.lower() for t in topics)
        return got


def _singleton(
    i: int,
    m: Mention,
    affiliations: frozenset[str],
    forbidden: set[int] | None,
    shared: _SharedEvidence,
) -> Cluster:
    own = block_key(m.name)
    co = frozenset({block_key(c) for c in m.coauthors} - {own, ""}) if m.coauthors else _NONE
    return Cluster(
        key=i,
        members=[i],
        names=shared.name(m.name),
        coauthors=co,
        affiliations=affiliations,
        topics=shared.topic_set(m.topics),
        years=(m.year, m.year) if m.year else None,
        papers=frozenset({m.paper_id}),
        orcids=frozenset({orcid_key(m.orcid)}) if m.orcid else _NONE,
        source_ids=frozenset({m.source_id}) if m.source_id else _NONE,
        emails=frozenset({m.email_key}) if m.email_key else _NONE,
        forbidden=frozenset(forbidden) if forbidden else _NONE,
    )


def _seed(
    clusters: list[Cluster], links: list[tuple[int, int, str]], ms: list[Mention],
    problems: list[str],
) -> list[Cluster]:
    """Apply a group's strong links, in order, to its single-mention clusters (sorted by
    key); a link a must-split forbids is reported and left out."""
    live = {c.key: c for c in clusters}
    seed: dict[int, int] = {}  # union-find over mention indices; the smaller index is root

    def find(x: int) -> int:
        while x in seed:
            x = seed[x]
        return x

    for a, b, why in links:
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        ca, cb = live[ra], live[rb]
        if ca.forbidden.intersection(cb.members) or cb.forbidden.intersection(ca.members):
            problems.append(f"{why}: not applied, a must-split forbids it")
            continue
        merge = Merge(_label(ms, ca), _label(ms, cb), math.inf, (why,))
        seed[max(ra, rb)] = min(ra, rb)
        keep, gone = live[min(ra, rb)], live.pop(max(ra, rb))
        keep.absorb(gone)
        keep.merges.append(merge)
    return [live[k] for k in sorted(live)]


def _slim(c: Cluster) -> Cluster:
    """Drop the evidence a finished cluster no longer needs (`_build` reads members, merges
    and ORCIDs): with every group resolved, it would hold most of the memory."""
    c.names = c.coauthors = c.affiliations = c.topics = c.papers = _NONE
    c.source_ids = c.emails = c.forbidden = _NONE
    return c


def email_key(address: str | None) -> str | None:
    """The digest of an e-mail address that the graph keeps instead of the address: equal for
    equal addresses whatever their case, e.g. "mail:3f1c..." (16 hex digits); None for None."""
    if not address:
        return None
    return "mail:" + hashlib.sha256(address.strip().lower().encode()).hexdigest()[:16]


def orcid_key(s: str) -> str:
    """An ORCID as the resolver compares it ("https://orcid.org/0000-..." -> "0000-...")."""
    return s.strip().rsplit("/", 1)[-1].upper()


def _strong_links(
    ms: list[Mention], ov: Overrides, problems: list[str]
) -> tuple[list[tuple[int, int, str]], dict[int, set[int]]]:
    """Must-merge, ORCID and source-id links (in that order), and the mentions each mention
    must never be merged with (must-splits)."""
    by_id = {m.id: i for i, m in enumerate(ms)}
    by_name: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(ms):
        by_name[name_key(m.name)].append(i)

    def refs(ref: str) -> list[int]:
        if ref in by_id:
            return [by_id[ref]]
        hit = by_name.get(name_key(ref), [])
        if not hit:
            problems.append(f"overrides {ov.source}: reference {ref!r} matches no mention")
        return hit

    merged = _UnionFind(len(ms))
    links: list[tuple[int, int, str]] = []
    forbidden: dict[int, set[int]] = defaultdict(set)
    for a, b in ov.must_merge:
        idx = refs(a) + refs(b)
        for j in idx[1:]:
            links.append((idx[0], j, f"override must_merge {a!r} + {b!r}"))
            merged.union(idx[0], j)
    for a, b in ov.must_split:
        ia, ib = refs(a), refs(b)
        for x in ia:
            for y in ib:
                if merged.find(x) == merged.find(y):
                    raise OverrideError(
                        f"overrides {ov.source}: {a!r} and {b!r} are both merged and split"
                    )
                forbidden[x].add(y)
                forbidden[y].add(x)
    for attr, label in (("orcid", "same ORCID"), ("source_id", "same source id")):
        first: dict[str, int] = {}
        for i, m in enumerate(ms):
            v = getattr(m, attr)
            if v:
                v = orcid_key(v) if attr == "orcid" else v
                if v in first:
                    links.append((first[v], i, f"{label} {v}"))
                else:
                    first[v] = i
    return links, forbidden


def _label(ms: list[Mention], c: Cluster) -> str:
    i = min(c.members)
    return f"{ms[i].name} [{ms[i].id}]"


def _first_names_by_surname(names: Iterable[str]) -> dict[str, set[str]]:
    """Distinct spelled-out first names per surname: how common the surname is here."""
    out: dict[str, set[str]] = defaultdict(set)
    for name in names:
        p = parse_name(name)
        out[p.surname]
        if p.has_full_first:
            out[p.surname].add(p.given[0])
    return out


def _surnames_to_ask(
    groups: dict[int, list[int]],
    ms: list[Mention],
    affiliations: list[frozenset[str]],
    group_links: dict[int, list[tuple[int, int, str]]],
    seeded: Callable[[int, list[str]], list[Cluster]],
    first_names: dict[str, set[str]],
    w: Weights,
) -> set[str]:
    """Surnames (block-key form) of the groups where rarity can still change a decision:
    rare on the mentions alone, and either holding first names that differ by a slip of the
    pen or with at least two different affiliation sets once the strong links are applied
    (a group is seeded to see only when it has links and its mentions have two sets; without
    links its mentions' sets are its clusters')."""
    out: set[str] = set()
    for root, members in groups.items():
        surnames = {parse_name(ms[i].name).surname for i in members}
        if max(len(first_names[s]) for s in surnames) > w.rare_surname:
            continue
        if _has_slip({parse_name(ms[i].name) for i in members}) or (
            len({affiliations[i] for i in members if affiliations[i]}) >= 2
            and (root not in group_links
                 or len({c.affiliations for c in seeded(root, []) if c.affiliations}) > 1)
        ):  # fmt: skip
            out |= {s.replace(" ", "") for s in surnames}
    return out


def _has_slip(names: set[ParsedName]) -> bool:
    """Two of `names` conflict only by close first names ("Herbert" / "Hubert")."""
    return any(close_first_names(*pair) for pair in conflicting_pairs(names))


def _merge_into(a: Cluster, b: Cluster, merge: Merge) -> Cluster:
    """Absorb the later cluster into the earlier one; return the survivor."""
    keep, gone = (a, b) if a.key < b.key else (b, a)
    keep.absorb(gone)
    keep.merges.append(merge)
    return keep


def _strong_pass(
    live: dict[int, Cluster], ms: list[Mention], w: Weights, ctx: NameContext
) -> dict[int, Cluster]:
    """Merge mentions of one exact name that share a co-author or an affiliation key when
    their score reaches `w.strong`: only pairs found through an index are scored, which
    shrinks a prolific author's hundreds of mentions to a few clusters before the
    quadratic greedy pass."""
    index: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for key in sorted(live):
        c = live[key]
        nk = name_key(ms[c.members[0]].name)
        for co in sorted(c.coauthors):
            index[(nk, "co", co)].append(key)
        for aff in sorted(c.affiliations):
            index[(nk, "aff", aff)].append(key)
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while x in parent:
            x = parent[x]
        return x

    for entry in sorted(index):
        keys = index[entry]
        for prev, cur in zip(keys, keys[1:], strict=False):
            ra, rb = find(prev), find(cur)
            if ra == rb:
                continue
            a, b = live[ra], live[rb]
            res = pair_score(a, b, ctx, w, explain=True)
            if res is None or res[0] < w.strong:
                continue
            merge = Merge(_label(ms, a), _label(ms, b), res[0], tuple(res[1]))
            _merge_into(a, b, merge)
            parent[max(ra, rb)] = min(ra, rb)
            del live[max(ra, rb)]
    return live


def _agglomerate(
    clusters: list[Cluster], ms: list[Mention], w: Weights, ctx: NameContext
) -> list[Cluster]:
    """Merging inside one block: the strong pass, then greedy best-first."""
    if len(clusters) == 1:
        return clusters
    live = _strong_pass({c.key: c for c in clusters}, ms, w, ctx)
    _greedy(live, ms, w, ctx)
    if w.dominance and _attach_bare(live, ms, w, ctx):
        _greedy(live, ms, w, ctx)  # attached full names can make further merges possible
    return [live[k] for k in sorted(live)]


def _greedy(live: dict[int, Cluster], ms: list[Mention], w: Weights, ctx: NameContext) -> None:
    """Merge the best-scoring pair while one reaches the threshold (in place)."""
    version = dict.fromkeys(live, 0)
    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: Cluster, b: Cluster) -> None:
        if w.dominance and _bare(a) != _bare(b):
            return  # a mention with no evidence waits for `_attach_bare`
        res = pair_score(a, b, ctx, w)
        if res is not None and res[0] >= w.threshold:
            x, y = (a.key, b.key) if a.key < b.key else (b.key, a.key)
            heapq.heappush(heap, (-res[0], x, y, version[x], version[y]))

    keys = sorted(live)
    for i, ka in enumerate(keys):
        for kb in keys[i + 1 :]:
            push(live[ka], live[kb])
    while heap:
        neg, x, y, vx, vy = heapq.heappop(heap)
        if x not in live or y not in live or version[x] != vx or version[y] != vy:
            continue
        a, b = live.pop(x), live.pop(y)
        score, reasons = pair_score(a, b, ctx, w, explain=True) or (-neg, [])
        a = _merge_into(a, b, Merge(_label(ms, a), _label(ms, b), score, tuple(reasons)))
        version[a.key] += 1
        for other in sorted(live):
            push(a, live[other])
        live[a.key] = a


def _bare(c: Cluster) -> bool:
    """No co-authors and no affiliations: only the name speaks for these mentions."""
    return not c.coauthors and not c.affiliations


def _attach_bare(live: dict[int, Cluster], ms: list[Mention], w: Weights, ctx: NameContext) -> int:
    """Give each group of bare mentions to the compatible author holding at least
    `w.dominance` of the compatible mentions; otherwise it stays an author of its own.
    Returns how many groups were attached."""
    attached = 0
    for key in sorted(k for k, c in live.items() if _bare(c)):
        bare = live[key]
        fits = []
        for other in sorted(live):
            c = live[other]
            if not _bare(c):
                res = pair_score(bare, c, ctx, w, explain=True)
                if res is not None and res[0] >= w.threshold:
                    fits.append((len(c.members), -other, res))
        if not fits:
            continue
        total = sum(f[0] for f in fits)
        size, neg_key, (score, reasons) = max(fits)
        if size / total < w.dominance:
            continue
        share = f"no other evidence; the author holds {size} of {total} compatible mentions"
        other = live.pop(-neg_key)
        del live[key]
        merge = Merge(_label(ms, other), _label(ms, bare), score, (*reasons, share))
        kept = _merge_into(other, bare, merge)
        live[kept.key] = kept
        attached += 1
    return attached


def _homonym_pairs(clusters: list[Cluster], ms: list[Mention]) -> list[tuple[Cluster, Cluster]]:
    """Pairs of final clusters in one block that share an exact name variant."""
    by_name: dict[str, list[Cluster]] = defaultdict(list)
    for c in clusters:
        for k in sorted({name_key(ms[i].name) for i in c.members}):
            by_name[k].append(c)
    pairs: dict[tuple[int, int], tuple[Cluster, Cluster]] = {}
    for group in by_name.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                pairs.setdefault((a.key, b.key), (a, b))
    return [pairs[k] for k in sorted(pairs)]


def _build(
    final: list[Cluster],
    kept: list[tuple[int, int, tuple[float, list[str]] | None]],
    ms: list[Mention],
    problems: list[str],
    written: dict[str, str],
) -> Resolution:
    names = {c.key: canonical_name([ms[i].name for i in c.members],
                                   [ms[i].name for i in c.members if ms[i].email_key])
             for c in final}  # fmt: skip
    ids = assign_ids({c.key: (names[c.key], min(ms[i].id for i in c.members)) for c in final})
    authors: list[Author] = []
    author_of: dict[str, str] = {}
    for c in final:
        mids = tuple(sorted(ms[i].id for i in c.members))
        orcids = sorted(c.orcids)
        authors.append(
            Author(
                id=ids[c.key],
                name=names[c.key],
                variants=tuple(sorted({written[ms[i].id] for i in c.members})),
                mention_ids=mids,
                merges=tuple(c.merges),
                orcid=orcids[0] if orcids else None,
            )
        )
        for mid in mids:
            author_of[mid] = ids[c.key]
    authors.sort(key=lambda a: a.id)
    kept_apart: list[KeptApart] = []
    for a, b, res in kept:
        left, right = sorted((ids[a], ids[b]))
        kept_apart.append(
            KeptApart(left, right, res[0] if res else None, tuple(res[1]) if res else ())
        )
    kept_apart.sort(key=lambda k: (k.left, k.right))
    return Resolution(authors, author_of, kept_apart, problems)
