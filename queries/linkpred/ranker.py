"""Our collaborator ranker: a classifier over pair features, trained on an earlier split only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from queries.linkpred.features import FEATURES, pair_features
from queries.linkpred.graph import CoauthorGraph
from queries.linkpred.protocol import Split, make_split, precision_at_n
from queries.linkpred.records import Record


def _signed_log(x: np.ndarray) -> np.ndarray:
    return np.sign(x) * np.log1p(np.abs(x))


def make_model(c: float) -> Any:
    """Logistic regression on signed-log, standardised features (gradient boosting overfit
    the ~100 positive pairs an earlier hep-th split offers)."""
    return make_pipeline(
        FunctionTransformer(_signed_log),
        StandardScaler(),
        LogisticRegression(C=c, max_iter=5000),
    )


@dataclass
class Ranker:
    """A fitted pair classifier; `score_matrix` ranks pairs, -inf beyond 3 hops."""

    model: Any
    model_name: str
    decay: float
    selection: dict[str, Any] = field(default_factory=dict)

    def score_matrix(
        self, g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray
    ) -> np.ndarray:
        """Scores `[len(sources), len(targets)]` (probability of a future collaboration)."""
        feats, reach = pair_features(g, sources, targets)
        scores = np.full(reach.shape, -np.inf)
        if reach.any():
            scores[reach] = self.model.predict_proba(feats[reach])[:, 1]
        return scores


def training_pairs(split: Split) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the split's candidate pairs within 3 hops."""
    feats, reach = pair_features(split.train, split.core, split.core)
    mask = split.candidates & reach
    return feats[mask], split.new[mask]


def fit(split: Split, c: float) -> Any:
    """Fit a fresh model on a split's candidate pairs within 3 hops."""
    x, y = training_pairs(split)
    if y.sum() == 0 or y.all():
        raise ValueError("training split needs new and non-new pairs within 3 hops")
    return make_model(c).fit(x, y)


def train_ranker(
    records: Sequence[Record],
    fit_split: tuple[tuple[int, int], tuple[int, int]] = ((1992, 1993), (1994, 1995)),
    select_split: tuple[tuple[int, int], tuple[int, int]] = ((1992, 1994), (1995, 1996)),
    select_core: tuple[int, int] = (3, 2),
    train_cores: Sequence[tuple[int, int]] = ((3, 2), (1, 1)),
    decays: Sequence[float] = (0.5, 0.7, 1.0),
    cs: Sequence[float] = (0.01, 0.1, 1.0),
) -> Ranker:
    """Choose recency decay, regularisation C and the training core (min papers in the
    feature / label period) by fitting on `fit_split` and measuring precision@n over core
    pairs (`select_core`) of `select_split`; refit the winner on `select_split`.
    Both splits must end before the evaluated period: no tuning on the test period."""
    recs = list(records)
    results: dict[str, float] = {}
    best: tuple[float, float, float, tuple[int, int]] | None = None
    for decay in decays:
        s_sel = make_split(recs, *select_split, *select_core, decay=decay)
        for tc in train_cores:
            s_fit = make_split(recs, *fit_split, *tc, decay=decay)
            for c in cs:
                r = Ranker(fit(s_fit, c), f"logreg C={c}", decay)
                scores = r.score_matrix(s_sel.train, s_sel.core, s_sel.core)
                factor = precision_at_n(s_sel, scores)["factor"]
                results[f"decay={decay} C={c} train_core={tc}"] = round(factor, 2)
                if best is None or factor > best[0]:
                    best = (factor, decay, c, tc)
    assert best is not None
    _, decay, c, tc = best
    s_final = make_split(recs, *select_split, *tc, decay=decay)
    selection = {
        "fit_split": fit_split,
        "select_split": select_split,
        "select_core": select_core,
        "factor_on_select_split": results,
        "chosen": {"decay": decay, "C": c, "train_core": tc},
        "refit_on": {"split": select_split, "core": tc},
        "features": list(FEATURES),
    }
    return Ranker(fit(s_final, c), f"logreg C={c}", decay, selection)


Candidate = tuple[str, float, dict[str, Any]]


def _within_hops(g: CoauthorGraph, i: int, hops: int = 3) -> np.ndarray:
    """Nodes at distance 2..hops from node i (non-neighbours, not i itself)."""
    seen = {i}
    frontier = {i}
    first = set(g.neighbours(i).tolist())
    for _ in range(hops):
        nxt: set[int] = set()
        for u in frontier:
            nxt.update(g.neighbours(u).tolist())
        frontier = nxt - seen
        seen |= frontier
    return np.array(sorted(seen - first - {i}), dtype=np.int64)


def _reasons(g: CoauthorGraph, i: int, j: int) -> dict[str, Any]:
    wi, wj = g.weights[i], g.weights[j]
    shared = sorted(
        set(g.neighbours(i).tolist()) & set(g.neighbours(j).tolist()),
        key=lambda z: -(wi[0, z] + wj[0, z]),
    )
    topics = sorted(set(g.topics[i]) & set(g.topics[j])) if g.topics else []
    return {
        "shared_coauthors": [g.keys[z] for z in shared[:5]],
        "n_shared_coauthors": len(shared),
        "shared_topics": topics[:5],
    }


def score_candidates(
    g: CoauthorGraph, author: str, k: int = 10, ranker: Ranker | None = None
) -> list[Candidate]:
    """Top-k new collaborators for one author from their 3-hop neighbourhood.

    Uses the same `Ranker.score_matrix` as the global evaluation, so rankings agree.
    Without a ranker, Adamic/Adar-like resource allocation over weighted ties is used.
    Raises KeyError if the author is not in the graph.
    """
    if author not in g.index:
        raise KeyError(f"author {author!r} not in the co-authorship graph")
    i = g.index[author]
    targets = _within_hops(g, i)
    if len(targets) == 0:
        return []
    src = np.array([i])
    if ranker is not None:
        scores = ranker.score_matrix(g, src, targets)[0]
    else:
        feats, _ = pair_features(g, src, targets)
        scores = feats[0, :, FEATURES.index("resource_alloc")].astype(float)
    order = np.lexsort((targets, -scores))[:k]
    return [(g.keys[targets[o]], float(scores[o]), _reasons(g, i, int(targets[o]))) for o in order]
