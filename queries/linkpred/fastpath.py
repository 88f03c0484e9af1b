"""One author's candidates, pair features and ranking in plain numpy over the CSR arrays.

Same numbers as `features.candidates` and `features.pair_features` (tests compare them), without
scipy's per-call overhead (~40 sparse operations of 30-50 us each), which dominated requests for
ordinary authors. Rows are gathered with `sparse_rows.gather`; sums over shared neighbours are
read from a small per-request table of the source's 1- and 2-hop values, found through a
reusable node -> row array that is cleared after, so targets' ties that lead elsewhere are
dropped first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

import numpy as np
import scipy.sparse as sp

from queries.linkpred.features import CAPS, FEATURES, static, strong_ties
from queries.linkpred.graph import CoauthorGraph
from queries.linkpred.profiles import profile_cosines
from queries.linkpred.sites import capped, site_members
from queries.linkpred.sparse_rows import block_dots, gather, without
from queries.linkpred.text_tier import TEXT_FILL, text_fill


def _expand(m: sp.csr_matrix, rows: np.ndarray) -> np.ndarray:
    """Distinct column indices of `rows` of `m`."""
    pos, _ = gather(m, rows)
    return np.unique(m.indices[pos])


def candidates(g: CoauthorGraph, i: int, caps: tuple[int, ...] = CAPS) -> np.ndarray:
    """`features.candidates` (bounded expansion over the strongest ties), sorted."""
    frontier = _expand(strong_ties(g, caps[0]), np.array([i]))
    reached = []
    for cap in caps[1:]:
        frontier = _expand(strong_ties(g, cap), frontier)
        reached.append(frontier)
    nodes = np.unique(np.concatenate(reached)) if reached else np.zeros(0, dtype=np.int64)
    return without(nodes, self_and_coauthors(g, i))


def self_and_coauthors(g: CoauthorGraph, i: int) -> np.ndarray:
    """Node i and its co-authors: never candidates of i."""
    return np.append(g.adj.indices[g.adj.indptr[i] : g.adj.indptr[i + 1]], i)


class _Buffer:
    """A zeroed int32 array over all nodes (node -> 1 + its row in a request's small table of
    the source's 1- and 2-hop values) and the lock that serialises its use."""

    def __init__(self, n: int) -> None:
        self.values = np.zeros(n, dtype=np.int32)
        self.lock = threading.Lock()

    def __reduce__(self) -> tuple:
        """Pickled as its size: a fresh zeroed buffer and lock when read back."""
        return (_Buffer, (len(self.values),))


def _buffer(g: CoauthorGraph) -> _Buffer:
    buf = g.__dict__.get("_fast_buffer")
    if buf is None or buf.values.dtype != np.int32:  # indexes saved with the older dense buffer
        buf = g.__dict__["_fast_buffer"] = _Buffer(g.n)
    return buf


def row_cosine(m: sp.csr_matrix | None, i: int, targets: np.ndarray) -> np.ndarray:
    """Dot products of row i of `m` with the targets' rows (rows are L2-normalised)."""
    if m is None:
        return np.zeros(len(targets))
    return block_dots(m, i, targets)[:, 0]


def source_features(
    g: CoauthorGraph, i: int, targets: np.ndarray, cosines: np.ndarray | None = None
) -> np.ndarray:
    """`pair_features(g, [i], targets)[0][0]`: features `[len(targets), len(FEATURES)]`.
    `cosines`: the targets' `profile_cosines` with i (topic cosine first), read here when
    not given.

    The source's co-authors z carry (1, 1/log d, 1/d) and its 2-hop nodes the path sums
    (a2, ra2/d, w2, r2, rir/s); each target then sums its own row against them, so the cost is
    the source's 2-hop neighbourhood plus the targets' degrees.
    """
    if len(targets) == 0:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    a, w, r = g.adj, g.weights, g.recent
    st = static(g)
    inv_d, inv_log = st.inv_d.diagonal(), st.inv_log.diagonal()
    lo, hi = a.indptr[i], a.indptr[i + 1]
    nb, w_s, r_s = a.indices[lo:hi], w.data[lo:hi], r.data[lo:hi]
    from_targets = _tie_count(a, targets) * TARGET_SIDE < _tie_count(a, nb)
    if from_targets:  # few targets, a hub source: only the targets' neighbours matter
        mine, two, (a2, ra2, w2, r2, rir), near = _two_hops_at(
            g, inv_d, nb, w_s, r_s, _neighbours(a, targets))
    else:
        pos, slot = gather(a, nb)  # a, w and r share one sparsity pattern
        two, acc, near = _two_hops(nb, a.indices[pos], g.n)
        mine = np.arange(len(nb))
        terms = _two_hop_terms(inv_d, st.inv_s, nb, w_s, r_s, slot, w.data[pos], r.data[pos])
        a2, ra2, w2, r2, rir = (acc(t) for t in terms)
    # near: a table row per node within 2 hops (with `from_targets`, only those next to a
    # target); row 0 stays zero. mine: the places in nb of the co-authors among them.
    z = nb[mine]
    at_nb, at_two = np.searchsorted(near, z) + 1, np.searchsorted(near, two) + 1
    table = np.zeros((len(near) + 1, 11))
    table[at_nb, 0], table[at_nb, 1], table[at_nb, 2] = 1.0, inv_log[z], inv_d[z]
    table[at_nb, 5], table[at_nb, 7] = w_s[mine], r_s[mine]
    table[at_nb, 9] = r_s[mine] * st.inv_s[z]
    table[at_two, 3], table[at_two, 4], table[at_two, 6] = a2, ra2 * inv_d[two], w2
    table[at_two, 8], table[at_two, 10] = r2, rir * st.inv_s[two]
    sums = np.zeros((len(targets), 11))
    pos, near_row, t_slot = _ties_between(g, near, targets, from_targets or None)
    per = table[near_row]
    per[:, 5:7] *= w.data[pos][:, None]
    per[:, 7:11] *= r.data[pos][:, None]
    _segment_sum(sums, t_slot, per)
    cn, aa, ra, p3, ra3, w2t, w3, r2t, r3, p2w, p3w = sums.T
    union = st.deg[i] + st.deg[targets] - cn
    jac = np.divide(cn, union, out=np.zeros_like(cn), where=union > 0)
    out = [cn, aa, ra, jac, w2t, r2t, p3, ra3, r3]
    for val in st.node_vals:
        out.extend((np.minimum(val[i], val[targets]), np.maximum(val[i], val[targets])))
    if cosines is None:
        cosines = profile_cosines(g, i, targets)
    out.append(cosines[:, 0])
    si, ti = st.inv_s[i], st.inv_s[targets]
    out.extend((p2w * si + p2w * ti, p3w * si + p3w * ti, w3))
    out.append(row_cosine(g.text, i, targets))
    feats = np.empty((len(targets), len(out)), dtype=np.float32)
    for k, col in enumerate(out):
        feats[:, k] = col
    return feats


TARGET_SIDE = 4
"""`source_features` finds the 2-hop sums from the targets' side when the targets hold fewer
than 1/TARGET_SIDE as many ties as the source's co-authors: a hub scored against a refill's
hundred text neighbours. The same terms are added in the same order (ascending co-author),
so the numbers are the same."""


def _neighbours(a: sp.csr_matrix, nodes: np.ndarray) -> np.ndarray:
    pos, _ = gather(a, nodes)
    return np.unique(a.indices[pos])


def _two_hop_terms(
    inv_d: np.ndarray, inv_s: np.ndarray, nb: np.ndarray, w_s: np.ndarray, r_s: np.ndarray,
    slot: np.ndarray, w_tie: np.ndarray, r_tie: np.ndarray,
) -> list[np.ndarray]:
    """Per tie of the source's co-author nb[slot] (weight w_tie, recency r_tie; the source's
    own ties to nb are w_s, r_s; inv_d, inv_s: 1/degree and 1/strength per node): what it adds
    to a2, ra2, w2, r2 and rir at its far end."""
    return [np.ones(len(slot)), inv_d[nb][slot], w_s[slot] * w_tie, r_s[slot] * r_tie,
            (r_s * inv_s[nb])[slot] * r_tie]  # fmt: skip


def _two_hops_at(
    g: CoauthorGraph, inv_d: np.ndarray, nb: np.ndarray, w_s: np.ndarray, r_s: np.ndarray,
    ends: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], np.ndarray]:
    """The 2-hop sums of the source whose co-authors are `nb` at the sorted nodes `ends`
    only, read from their own rows: (the places in nb of the co-authors among `ends`, the
    ends 2 hops away, their [a2, ra2, w2, r2, rir], the ends that are either)."""
    a = g.adj
    pos, slot = gather(a, ends)  # each end's ties, by ascending far node
    buf = _buffer(g)
    with buf.lock:
        rows = buf.values
        rows[nb] = np.arange(1, len(nb) + 1, dtype=np.int32)
        k, at_end = rows[a.indices[pos]], rows[ends]
        rows[nb] = 0
    hit = k > 0  # ties into a co-author of the source
    pos, slot, k = pos[hit], slot[hit], k[hit] - 1
    terms = _two_hop_terms(inv_d, static(g).inv_s, nb, w_s, r_s, k, g.weights.data[pos],
                           g.recent.data[pos])  # fmt: skip
    sums = [np.bincount(slot, weights=t, minlength=len(ends)) for t in terms]
    reached = sums[0] > 0
    return (at_end[at_end > 0] - 1, ends[reached], [x[reached] for x in sums],
            ends[reached | (at_end > 0)])  # fmt: skip


DENSE_SHARE = 16
"""Above `n / DENSE_SHARE` 2-hop ties (hubs), `_two_hops` groups them over an array of all
n nodes (~1 ms per pass on 700,000 authors) instead of sorting them (22 ms for 240,000)."""


def _two_hops(
    nb: np.ndarray, cols: np.ndarray, n: int
) -> tuple[np.ndarray, Callable[[np.ndarray], np.ndarray], np.ndarray]:
    """(the distinct `cols` sorted, a function summing values per tie into their order, the
    sorted union with `nb`): the same numbers by sorting or, for many ties, over n slots."""
    if len(cols) * DENSE_SHARE <= n:
        two, inv = np.unique(cols, return_inverse=True)

        def by_sorting(vals: np.ndarray) -> np.ndarray:
            return np.bincount(inv, weights=vals, minlength=len(two))

        return two, by_sorting, np.union1d(nb, two)
    two = np.flatnonzero(np.bincount(cols, minlength=n))
    within = np.zeros(n, dtype=bool)
    within[nb], within[two] = True, True

    def over_all_nodes(vals: np.ndarray) -> np.ndarray:
        return np.bincount(cols, weights=vals, minlength=n)[two]

    return two, over_all_nodes, np.flatnonzero(within)


def _ties_between(
    g: CoauthorGraph, near: np.ndarray, targets: np.ndarray, from_targets: bool | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every tie between a `near` node and a target, sorted by target: its position in the
    (symmetric) CSR data, 1 + the near node's place in `near`, and the target's slot.

    Read from whichever side has fewer ties in all: the targets' rows (500 site mates are
    typically thousands of ties) or the near nodes' rows (typically tens); `from_targets`
    True: the targets' rows."""
    a = g.adj
    if from_targets is None:
        from_targets = _tie_count(a, targets) <= _tie_count(a, near)
    side, other = (targets, near) if from_targets else (near, targets)
    pos, slot = gather(a, side)
    buf = _buffer(g)
    with buf.lock:
        rows = buf.values
        rows[other] = np.arange(1, len(other) + 1, dtype=np.int32)
        at = rows[a.indices[pos]]
        rows[other] = 0
    hit = at > 0  # only ties into the other side count
    pos, slot, at = pos[hit], slot[hit], at[hit]
    if from_targets:
        return pos, at, slot
    order = np.argsort(at, kind="stable")
    return pos[order], slot[order] + 1, at[order] - 1


def _tie_count(m: sp.csr_matrix, rows: np.ndarray) -> int:
    return int((m.indptr[rows + 1] - m.indptr[rows]).sum())


def _segment_sum(out: np.ndarray, slot: np.ndarray, values: np.ndarray) -> None:
    """out[k] = sum of values rows whose slot is k (slot is sorted, as `gather` makes it)."""
    if len(slot) == 0:
        return
    starts = np.flatnonzero(np.r_[True, slot[1:] != slot[:-1]])
    out[slot[starts]] = np.add.reduceat(values, starts, axis=0)


class PairModel(Protocol):
    """Anything that scores feature rows (`ranker.LinearModel`)."""

    def decision(self, feats: np.ndarray) -> np.ndarray: ...


def site_candidates(g: CoauthorGraph, i: int, pool: np.ndarray) -> np.ndarray:
    """Tier-2 candidates of node i (`sites.site_mask` for one source): its sites' members,
    capped by site cosine, minus i, its co-authors and `pool`."""
    if g.sites is None:
        return np.zeros(0, dtype=np.int64)
    m, members = g.sites, site_members(g)
    lo, hi = m.indptr[i], m.indptr[i + 1]
    pos, slot = gather(members, m.indices[lo:hi])  # CSC: each of i's sites' members
    nodes, inv = np.unique(members.indices[pos], return_inverse=True)
    weights = members.data[pos] * m.data[lo:hi][slot]
    nodes = capped(g, nodes, np.bincount(inv, weights=weights, minlength=len(nodes)))
    return without(nodes, np.concatenate([self_and_coauthors(g, i), pool]))


def _best_first(nodes: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.lexsort((nodes, -scores))
    return nodes[order], scores[order]


def tiers(
    g: CoauthorGraph, i: int, with_sites: bool, with_text: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Node i's candidates by tier, each sorted by node: the bounded pool, the site mates
    beyond it (`with_sites`) and the text neighbours that fill a short list (`with_text`,
    `text_tier.text_fill`)."""
    pool = candidates(g, i)
    mates = site_candidates(g, i, pool) if with_sites else pool[:0]
    n_before = len(pool) + len(mates)
    if not with_text or n_before >= TEXT_FILL:
        return pool, mates, pool[:0]
    taken = np.concatenate([self_and_coauthors(g, i), pool, mates]).astype(np.int64)
    return pool, mates, text_fill(g, i, taken, n_before)


def score_text_targets(
    g: CoauthorGraph, i: int, targets: np.ndarray, text: PairModel
) -> tuple[np.ndarray, np.ndarray]:
    """`targets` scored for node i by the tier-3 model, best first (as `rank_author` orders
    its text neighbours)."""
    feats = source_features(g, i, targets, profile_cosines(g, i, targets))
    return _best_first(targets, text.decision(feats))


def rank_author(
    g: CoauthorGraph,
    i: int,
    model: PairModel | None,
    outer: PairModel | None = None,
    text: PairModel | None = None,
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Node i's candidates best first, as `Ranker.score_matrix` orders them: the bounded pool
    by `model` (None: resource allocation), then with `outer` the tier-2 site mates by it, then
    with `text` the tier-3 text neighbours by it. Returns (nodes, linear scores, how many of
    them are pool candidates, how many are site mates)."""
    pool, mates, third = tiers(g, i, outer is not None, text is not None)
    n_pool, n_site = len(pool), len(mates)
    targets = np.concatenate([pool, mates, third])
    cosines = profile_cosines(g, i, targets)  # topics, sites, sites_last: one gather
    feats = source_features(g, i, targets, cosines)  # one pass over 2 hops
    if model is None:
        scores = feats[:n_pool, FEATURES.index("resource_alloc")].astype(float)
    else:
        scores = model.decision(feats[:n_pool]) if n_pool else np.zeros(0)
    parts = [_best_first(pool, scores)]
    if n_site:
        site = cosines[n_pool : n_pool + n_site, 1:].astype(np.float32)  # site_pair_features
        x = np.concatenate([feats[n_pool : n_pool + n_site], site], 1)
        parts.append(_best_first(mates, outer.decision(x)))
    if len(third):
        parts.append(_best_first(third, text.decision(feats[n_pool + n_site :])))
    nodes = np.concatenate([p[0] for p in parts])
    scores = np.concatenate([p[1] for p in parts]).astype(float)
    return nodes, scores, n_pool, n_site
