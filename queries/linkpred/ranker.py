"""Our collaborator ranker: a linear model over pair features, trained on earlier years only.

Training pairs come from several sliding windows (features from 1-3 years, labels from the
next 1-2 years) that all end before the evaluated period; regularisation C is chosen on a
validation split whose labels end two years earlier still. The fitted model is a plain
vector (`LinearModel`), so serving needs only numpy and can be saved as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score

from queries.linkpred.fastpath import rank_author, tiers
from queries.linkpred.features import CAPS, FEATURES, new_pair_mask, pair_features
from queries.linkpred.graph import CoauthorGraph
from queries.linkpred.protocol import Split, make_split, per_author_metrics, precision_at_n
from queries.linkpred.records import Record
from queries.linkpred.sites import OUTER_FEATURES, site_mask, site_pair_features
from queries.linkpred.text_tier import TEXT_FILL

Window = tuple[tuple[int, int], tuple[int, int]]


def signed_log(x: np.ndarray) -> np.ndarray:
    return np.sign(x) * np.log1p(np.abs(x))


@dataclass
class LinearModel:
    """Logistic regression on standardised signed-log features: score = w . z + b."""

    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float

    def decision(self, feats: np.ndarray) -> np.ndarray:
        """Linear score of each row of `feats` (monotone in the predicted probability)."""
        z = (signed_log(feats.astype(float)) - np.asarray(self.mean)) / np.asarray(self.scale)
        return z @ np.asarray(self.coef) + self.intercept

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1)

    @classmethod
    def from_json(cls, text: str, features: Sequence[str] = FEATURES) -> LinearModel:
        obj = json.loads(text)
        if obj.get("features") != list(features):
            raise ValueError("model file was trained on a different feature list")
        return cls(**obj)


def fit_linear(
    x: np.ndarray,
    y: np.ndarray,
    c: float,
    balanced: bool = False,
    features: Sequence[str] = FEATURES,
) -> LinearModel:
    """Fit logistic regression with L2 strength 1/C on signed-log, standardised features;
    `balanced` weights the classes inversely to their frequency (sklearn's "balanced")."""
    if y.sum() == 0 or y.all():
        raise ValueError("training data needs new and non-new candidate pairs")
    z = signed_log(x.astype(float))
    mean, scale = z.mean(axis=0), z.std(axis=0)
    scale[scale == 0] = 1.0
    weight = "balanced" if balanced else None
    lr = LogisticRegression(C=c, class_weight=weight, max_iter=5000).fit((z - mean) / scale, y)
    return LinearModel(list(features), mean.tolist(), scale.tolist(),
                       lr.coef_[0].tolist(), float(lr.intercept_[0]))  # fmt: skip


CALIBRATION_KNOT = 0.95
"""Where the calibration map bends: this quantile of the training pairs' linear scores."""


@dataclass
class Calibration:
    """The pool model's linear score s as a probability: the logistic of
    `slope * s + bend * max(0, s - knot) + intercept`, fitted on the model's training pairs.

    The plain logistic (the score minus `Ranker.pool_offset`, or a refitted slope) is too steep
    at the very top: with the balanced weights chosen on the validation splits, its top 1% of
    training pairs showed .26-.33 where .12-.16 wrote together. A second slope above the
    training scores' 95th percentile lets the top flatten. On held-out validation pairs
    (hep-th, name_key, models of windows ending before each split) it lowered log loss (A .1184
    -> .1179, B .0635 -> .0625) and Brier score on both splits, and the top 1%'s mean score
    (.24 -> .15-.16). `slope + bend >= 0`: monotone, so probabilities keep the ranking's order."""

    slope: float
    knot: float
    bend: float
    intercept: float

    def probability(self, scores: np.ndarray) -> np.ndarray:
        s = np.asarray(scores, dtype=float)
        above = (self.slope + self.bend) * np.maximum(0.0, s - self.knot)  # exactly 0 when flat
        logit = self.slope * np.minimum(s, self.knot) + above + self.intercept
        return 1.0 / (1.0 + np.exp(-logit))


def fit_calibration(scores: np.ndarray, y: np.ndarray) -> Calibration:
    """`Calibration` of linear `scores` against labels `y` (both classes needed)."""
    s = np.asarray(scores, dtype=float)
    knot = float(np.quantile(s, CALIBRATION_KNOT))
    x = np.column_stack([s, np.maximum(0.0, s - knot)])
    lr = LogisticRegression(C=1e6, max_iter=5000).fit(x, np.asarray(y, dtype=bool))
    slope, bend = (float(v) for v in lr.coef_[0])
    return Calibration(slope, knot, max(bend, -slope), float(lr.intercept_[0]))


OUTER_C = 0.003
"""Regularisation of the tier-2 model (no class weighting): on the validation splits A and B
(hep-th, name_key and raw names) C 0.003-0.03, weighted or not, and training on all pairs
outside the pool or only on site mates all gave per-author recall@20 within 0.01."""
TIER_GAP = 1e3
"""Subtracted from tier-2 scores (twice from tier-3 scores) in `Ranker.score_matrix` so that
every pool pair ranks first, then every site mate (linear scores lie within about +-30)."""
TEXT_C = 0.003
"""Regularisation of the tier-3 model (no class weighting), as for tier 2."""


@dataclass
class Ranker:
    """A fitted pair model; `score_matrix` ranks pairs, -inf beyond 3 hops."""

    model: LinearModel
    model_name: str
    decay: float = 1.0
    selection: dict[str, Any] = field(default_factory=dict)
    outer: LinearModel | None = None
    """Tier-2 model over OUTER_FEATURES for site mates outside the pool (None: no tier 2)."""
    text: LinearModel | None = None
    """Tier-3 model over FEATURES for the text neighbours that fill short lists (None: no
    tier 3; `text_tier`)."""
    calibration: Calibration | None = None
    """The pool model's scores as probabilities (None in model files from before it: then
    `pool_offset` does it)."""

    def pool_probability(self, scores: np.ndarray) -> np.ndarray:
        """The pool model's linear scores as probabilities of a new joint paper."""
        if self.calibration is not None:
            return self.calibration.probability(scores)
        return 1.0 / (1.0 + np.exp(self.pool_offset - np.asarray(scores, dtype=float)))

    @property
    def pool_offset(self) -> float:
        """What to subtract from the pool model's linear score to make it a probability on the
        training pairs' scale: log(negatives / positives) when the model was fitted with
        balanced class weights (which move the intercept by about that much), else 0. The
        tier-2 and tier-3 models are fitted unweighted and need none."""
        sel = self.selection
        pairs, positives = sel.get("training_pairs", 0), sel.get("training_positives", 0)
        balanced = (sel.get("chosen") or {}).get("class_weight") == "balanced"
        if not balanced or not 0 < positives < pairs:
            return 0.0
        return float(np.log((pairs - positives) / positives))

    def score_matrix(
        self, g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray
    ) -> np.ndarray:
        """Scores `[len(sources), len(targets)]`: pool pairs by the model, then tier-2 pairs
        by the outer model minus TIER_GAP, then tier-3 pairs by the text model minus twice
        TIER_GAP; pairs that are not candidates get -inf."""
        feats, reach = pair_features(g, sources, targets)
        scores = np.full(reach.shape, -np.inf)
        if reach.any():
            scores[reach] = self.model.decision(feats[reach])
        if self.outer is not None:
            tier2 = tier2_mask(g, sources, targets, reach)
            if tier2.any():
                site = site_pair_features(g, sources, targets)
                x = np.concatenate([feats[tier2], site[tier2]], axis=1)
                scores[tier2] = self.outer.decision(x) - TIER_GAP
        if self.text is not None:
            tier3 = text_mask(g, sources, targets, self.outer is not None)
            if tier3.any():
                scores[tier3] = self.text.decision(feats[tier3]) - 2 * TIER_GAP
        return scores

    def save(self, path: str | Path) -> None:
        """JSON: the linear model plus decay, candidate caps, the tier-2 and tier-3 models and
        how they were chosen."""
        obj = {**asdict(self.model), "decay": self.decay, "caps": list(CAPS),
               "name": self.model_name, "selection": self.selection,
               "outer": asdict(self.outer) if self.outer else None,
               "text": asdict(self.text) if self.text else None,
               "calibration": asdict(self.calibration) if self.calibration else None}  # fmt: skip
        Path(path).write_text(json.dumps(obj, indent=1, default=list))


def tier2_mask(
    g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray, reach: np.ndarray
) -> np.ndarray:
    """Tier-2 pairs: capped site mates that are not in the pool (`reach`), not the source and
    not a co-author."""
    return site_mask(g, sources, targets) & ~reach & new_pair_mask(g, sources, targets)


def text_mask(
    g: CoauthorGraph, sources: np.ndarray, targets: np.ndarray, with_sites: bool
) -> np.ndarray:
    """Tier-3 pairs `[len(sources), len(targets)]`: the target is one of the text neighbours
    that fill the source's short list, the earlier tiers found over all nodes exactly as the
    API finds them (`fastpath.tiers`)."""
    out = np.zeros((len(sources), len(targets)), dtype=bool)
    if g.text is None:
        return out
    order = np.argsort(targets, kind="stable")
    by_node = targets[order]
    for row, i in enumerate(sources.tolist()):
        third = tiers(g, i, with_sites, with_text=True)[2]
        at = np.minimum(np.searchsorted(by_node, third), len(by_node) - 1)
        hit = by_node[at] == third
        out[row, order[at[hit]]] = True
    return out


def load_ranker(path: str | Path) -> Ranker:
    """A Ranker from a JSON model file written by `Ranker.save`."""
    obj = json.loads(Path(path).read_text())
    if obj.get("caps", list(CAPS)) != list(CAPS):
        raise ValueError(f"{path}: model was chosen with candidate caps {obj['caps']}, not {CAPS}")
    keys = ("decay", "caps", "name", "selection", "outer", "text", "calibration")
    meta = {k: obj.pop(k, None) for k in keys}
    model = LinearModel.from_json(json.dumps(obj))
    outer = meta["outer"] and LinearModel.from_json(json.dumps(meta["outer"]), OUTER_FEATURES)
    text = meta["text"] and LinearModel.from_json(json.dumps(meta["text"]))
    calibration = meta["calibration"] and Calibration(**meta["calibration"])
    return Ranker(model, meta["name"] or "logreg (saved)", meta["decay"] or 1.0,
                  meta["selection"] or {}, outer or None, text or None,
                  calibration or None)  # fmt: skip


def windows_before(label_end: int, first_year: int, span: int = 5) -> list[Window]:
    """Sliding (feature years, label years) windows with labels ending by `label_end`:
    features 1-3 years, labels the next 1-2 years, feature periods ending in the last `span`
    years before `label_end`."""
    out = []
    for f1 in range(max(first_year, label_end - span), label_end):
        for lf in (1, 2, 3):
            for ll in (1, 2):
                f0, l1 = f1 - lf + 1, f1 + ll
                if f0 >= first_year and l1 <= label_end:
                    out.append(((f0, f1), (f1 + 1, l1)))
    return out


def _chunks(n: int, size: int) -> Iterator[np.ndarray]:
    for i in range(0, n, size):
        yield np.arange(i, min(n, i + size))


@dataclass
class PairData:
    """Training pairs with labels: pool pairs (FEATURES), tier-2 pairs (OUTER_FEATURES) and
    tier-3 pairs (FEATURES)."""

    x: np.ndarray
    y: np.ndarray
    x_outer: np.ndarray
    y_outer: np.ndarray
    x_text: np.ndarray
    y_text: np.ndarray


def training_pairs(split: Split, chunk: int = 400) -> PairData:
    """Features and labels of the split's candidate pairs in the bounded pool, in tier 2 and
    in tier 3 (chunked by source; tier 3 after tier 2 when the graph has sites)."""
    xs, ys, xo, yo, xt, yt = [], [], [], [], [], []
    with_sites = split.train.sites is not None
    for rows in _chunks(len(split.core), chunk):
        sources = split.core[rows]
        feats, reach = pair_features(split.train, sources, split.core)
        mask = split.candidates[rows] & reach
        xs.append(feats[mask])
        ys.append(split.new[rows][mask])
        tier2 = split.candidates[rows] & tier2_mask(split.train, sources, split.core, reach)
        site = site_pair_features(split.train, sources, split.core)
        xo.append(np.concatenate([feats[tier2], site[tier2]], axis=1))
        yo.append(split.new[rows][tier2])
        tier3 = split.candidates[rows] & text_mask(split.train, sources, split.core, with_sites)
        xt.append(feats[tier3])
        yt.append(split.new[rows][tier3])
    return PairData(*(np.concatenate(v) for v in (xs, ys, xo, yo, xt, yt)))


def window_data(
    records: Sequence[Record], windows: Sequence[Window], core: tuple[int, int], decay: float
) -> PairData:
    """Training pairs pooled over windows."""
    data = [training_pairs(make_split(records, tr, te, *core, decay=decay)) for tr, te in windows]
    return PairData(*(np.concatenate([getattr(d, f) for d in data])
                      for f in ("x", "y", "x_outer", "y_outer", "x_text", "y_text")))  # fmt: skip


def fit_outer(data: PairData) -> LinearModel | None:
    """The tier-2 model, or None when the tier-2 pairs lack new or non-new examples (e.g. data
    without sites)."""
    y = data.y_outer
    if len(y) == 0 or not y.any() or y.all():
        return None
    return fit_linear(data.x_outer, y, OUTER_C, features=OUTER_FEATURES)


def fit_text(data: PairData) -> LinearModel | None:
    """The tier-3 model, or None when the tier-3 pairs lack new or non-new examples (e.g. data
    without texts)."""
    y = data.y_text
    if len(y) == 0 or not y.any() or y.all():
        return None
    return fit_linear(data.x_text, y, TEXT_C)


def _validate(ranker: Ranker, split: Split) -> dict[str, float]:
    scores = ranker.score_matrix(split.train, split.core, split.core)
    a, b = np.nonzero(split.candidates)
    s = np.nan_to_num(scores[a, b], neginf=-1e9)
    ap = float(average_precision_score(split.new[a, b], s)) if split.n_new else 0.0
    p = precision_at_n(split, scores)
    return {"factor": round(p["factor"], 2), "hits": p["hits"], "avg_precision": round(ap, 5)}


def validation_splits(
    train: tuple[int, int], core_k: int, first: int
) -> list[tuple[tuple[int, int], tuple[int, int], tuple[int, int], int]]:
    """(train years, test years, core, windows' label end) of the validation splits: A =
    `train - 2` -> the next two years (core k/k-1), B = `train - 1` -> `train[1]` (core
    k/k-2); all labels end by `train[1]`, models for them use windows ending before."""
    a_end, b_end = train[1] - 2, train[1] - 1
    return [
        ((max(first, train[0] - 2), a_end), (a_end + 1, train[1]), (core_k, max(1, core_k - 1)),
         a_end),
        ((max(first, train[0] - 1), b_end), (train[1], train[1]), (core_k, max(1, core_k - 2)),
         b_end),
    ]  # fmt: skip


def train_ranker(
    records: Sequence[Record],
    train: tuple[int, int] = (1994, 1996),
    core_k: int = 3,
    cs: Sequence[float] = (0.003, 0.01, 0.03),
    decays: Sequence[float] = (1.0, 0.8, 0.6),
    train_core: tuple[int, int] = (1, 1),
    weightings: Sequence[bool] = (False, True),
) -> Ranker:
    """Fit our ranker for an evaluation whose training period is `train`.

    Selection of (C, decay, class weighting): for each validation split
    (`validation_splits`), models fitted on windows with labels ending before the split's own
    test period are scored by average precision over all candidate pairs (steadier than
    precision@n, which rests on a few dozen hits); the triple with the best geometric mean of
    AP over the splits wins (precision@n is reported too). It is then refitted on every window
    with labels ending by `train[1]`.
    Nothing from after `train[1]` is read.
    """
    recs = list(records)
    first = min(r.year for r in recs)
    splits = validation_splits(train, core_k, first)
    results: dict[str, dict[str, Any]] = {}
    log_ap: dict[tuple[float, float, bool], float] = {}
    pair_data: dict[tuple[tuple[int, int], float], PairData] = {}
    for tr, te, core, wend in splits:
        windows = windows_before(wend, first)
        if not windows:
            continue
        for decay in decays:
            split = make_split(recs, tr, te, *core, decay=decay)
            if not split.n_new:
                continue
            data = window_data(recs, windows, train_core, decay)
            pair_data[(tr, decay)] = data
            for c in cs:
                for bal in weightings:
                    v = _validate(Ranker(fit_linear(data.x, data.y, c, bal), "", decay), split)
                    results[f"{tr}->{te} core {core} decay={decay} C={c}{_BAL[bal]}"] = v
                    key = (c, decay, bal)
                    ap = float(np.log(max(v["avg_precision"], 1e-9)))
                    log_ap[key] = log_ap.get(key, 0.0) + ap
    fallback = (cs[len(cs) // 2], 1.0, weightings[0])
    best_c, best_decay, best_bal = max(log_ap, key=log_ap.__getitem__) if log_ap else fallback
    windows = windows_before(train[1], first)
    if not windows:
        raise ValueError(f"no years before {train[1]} to fit the ranker on")
    tiers = _tier2_validation(recs, splits, pair_data, best_c, best_decay, best_bal)
    data = window_data(recs, windows, train_core, best_decay)
    selection = {
        "validation_splits": [[tr, te, core] for tr, te, core, _ in splits],
        "validation": results,
        "chosen": {
            "C": best_c,
            "decay": best_decay,
            "class_weight": _BAL[best_bal].strip() or None,
            "train_core": train_core,
            "caps": CAPS,
        },
        "final_windows": windows,
        "training_pairs": int(len(data.y)),
        "training_positives": int(data.y.sum()),
        "features": list(FEATURES),
        "tier2": {
            "C": OUTER_C,
            "class_weight": None,
            "features": list(OUTER_FEATURES),
            "training_pairs": int(len(data.y_outer)),
            "training_positives": int(data.y_outer.sum()),
            "validation_per_author": tiers,
        },
        "tier3": {
            "C": TEXT_C,
            "class_weight": None,
            "features": list(FEATURES),
            "fill": TEXT_FILL,
            "training_pairs": int(len(data.y_text)),
            "training_positives": int(data.y_text.sum()),
        },  # fmt: skip
    }
    model = fit_linear(data.x, data.y, best_c, best_bal)
    name = f"logreg C={best_c} decay={best_decay}{_BAL[best_bal]}"
    calibration = fit_calibration(model.decision(data.x), data.y)
    return Ranker(model, name, best_decay, selection, fit_outer(data), fit_text(data),
                  calibration)  # fmt: skip


def _tier2_validation(
    recs: Sequence[Record],
    splits: Sequence[tuple[tuple[int, int], tuple[int, int], tuple[int, int], int]],
    pair_data: dict[tuple[tuple[int, int], float], PairData],
    c: float,
    decay: float,
    balanced: bool,
) -> dict[str, Any]:
    """Per-author precision@10, recall@20 and MRR on each validation split: the pool alone,
    followed by tier 2, and followed by tiers 2 and 3 (models fitted on the split's own
    windows)."""
    out: dict[str, Any] = {}
    for tr, te, core, _ in splits:
        data = pair_data.get((tr, decay))
        split = make_split(recs, tr, te, *core, decay=decay)
        if data is None or not split.n_new:
            continue
        pool = Ranker(fit_linear(data.x, data.y, c, balanced), "", decay)
        tiered = Ranker(pool.model, "", decay, outer=fit_outer(data))
        filled = Ranker(pool.model, "", decay, outer=tiered.outer, text=fit_text(data))
        out[f"{tr}->{te} core {core}"] = {
            name: {k: round(v, 4) for k, v in per_author_metrics(
                split, r.score_matrix(split.train, split.core, split.core)).items()}
            for name, r in (("pool", pool), ("pool then tier 2", tiered),
                            ("pool then tiers 2 and 3", filled))
        }  # fmt: skip
    return out


_BAL = {False: "", True: " balanced"}


Candidate = tuple[str, float, dict[str, Any]]


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
    """Top-k new collaborators for one author: the bounded 3-hop pool, then (with a tier-2
    model) their site mates, then (with a tier-3 model) text neighbours filling a short list.

    Uses the single-source features (equal to `pair_features`) and the same models as
    `Ranker.score_matrix`, so rankings agree with the global evaluation.
    Without a ranker, Adamic/Adar-like resource allocation over weighted ties is used.
    Raises KeyError if the author is not in the graph.
    """
    if author not in g.index:
        raise KeyError(f"author {author!r} not in the co-authorship graph")
    i = g.index[author]
    nodes, scores, _, _ = rank_author(g, i, ranker.model if ranker else None,
                                      ranker.outer if ranker else None,
                                      ranker.text if ranker else None)  # fmt: skip
    return [(g.keys[j], float(sc), _reasons(g, i, int(j)))
            for j, sc in zip(nodes[:k], scores[:k], strict=True)]  # fmt: skip
