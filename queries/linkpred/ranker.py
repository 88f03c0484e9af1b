"""Our collaborator ranker: a classifier over pair features, trained on an earlier split only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from queries.linkpred.features import FEATURES, pair_features
from queries.linkpred.graph import CoauthorGraph
from queries.linkpred.protocol import Split, make_split, precision_at_n
from queries.linkpred.records import Record


def _signed_log(x: np.ndarray) -> np.ndarray:
    return np.sign(x) * np.log1p(np.abs(x))


MODELS: dict[str, Any] = {
    "logreg": make_pipeline(
        FunctionTransformer(_signed_log),
        StandardScaler(),
        LogisticRegression(C=0.1, max_iter=5000),
    ),
    "gbm": HistGradientBoostingClassifier(
        max_iter=150, learning_rate=0.05, max_leaf_nodes=8, min_samples_leaf=40, random_state=0
    ),
}
"""Candidate models; which one is used is chosen on the earlier split."""


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


def fit(split: Split, model_name: str) -> Any:
    """Fit a fresh copy of MODELS[model_name] on a split's candidate pairs."""
    x, y = training_pairs(split)
    if y.sum() == 0:
        raise ValueError("training split has no new pairs within 3 hops; widen the periods")
    return clone(MODELS[model_name]).fit(x, y)


def train_ranker(
    records: Sequence[Record],
    fit_split: tuple[tuple[int, int], tuple[int, int]] = ((1992, 1993), (1994, 1995)),
    select_split: tuple[tuple[int, int], tuple[int, int]] = ((1992, 1994), (1995, 1996)),
    core_k: int = 3,
    label_core_k: int = 2,
    decays: Sequence[float] = (0.5, 0.7, 1.0),
    models: Sequence[str] = tuple(MODELS),
) -> Ranker:
    """Choose model and recency decay by fitting on `fit_split` and measuring precision@n on
    `select_split`; refit the winner on `select_split`. Both splits must end before the
    period being evaluated (no tuning on the test period)."""
    results: dict[str, float] = {}
    best: tuple[float, str, float] | None = None
    for decay in decays:
        s_fit = make_split(records, *fit_split, core_k, label_core_k, decay=decay)
        s_sel = make_split(records, *select_split, core_k, label_core_k, decay=decay)
        for name in models:
            r = Ranker(fit(s_fit, name), name, decay)
            core = s_sel.core
            factor = precision_at_n(s_sel, r.score_matrix(s_sel.train, core, core))["factor"]
            results[f"{name} decay={decay}"] = round(factor, 2)
            if best is None or factor > best[0]:
                best = (factor, name, decay)
    assert best is not None
    _, name, decay = best
    s_sel = make_split(records, *select_split, core_k, label_core_k, decay=decay)
    selection = {
        "fit_split": fit_split,
        "select_split": select_split,
        "core_k": core_k,
        "label_core_k": label_core_k,
        "factor_on_select_split": results,
        "chosen": {"model": name, "decay": decay},
        "features": list(FEATURES),
    }
    return Ranker(fit(s_sel, name), name, decay, selection)
