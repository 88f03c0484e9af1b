"""Experiment: a second tier of recommendation candidates beyond the bounded 3-hop pool.

    python bench/linkpred_tiers.py [--key raw|name_key] [--tar TAR]

Validation splits only (A = 1992-94 -> 1995-96, B = 1993-95 -> 1996, the ranker's own
selection splits; nothing from 1997 on is read). For each split:

- "pool": the served design: pairs in the bounded pool (`features.reach_mask`) ranked by a
  logistic model over the 22 pair features (C = 0.003, balanced, trained on the windows
  before the split, as `ranker.train_ranker` does); every other pair is unranked.
- "pool, then tier 2 (RULE)": the same pool order first, then the pairs outside the pool that
  RULE admits, ranked by a second logistic model trained on the windows' outside-pool pairs
  (negatives sampled at 3%, weighted back). Because the pool comes first, global precision at
  n cannot drop while the pool holds n pairs; the per-author lists get longer.
  Rules: all pairs; text cosine >= 0.1; authors sharing a submitting site; either.
- "site": the institution of each paper's submitter, from the e-mail domain of the `.abs`
  file's `From:` line (`physics.harvard.edu` -> `harvard.edu`); every author of the paper gets
  it. Site features (cosine of the pair's site counts over the feature years and over the last
  year) are given to the tier-2 model only.

Prints hits among the top n (LN&K), and per-author precision@10, recall@20 and MRR.
"""

from __future__ import annotations

import argparse
import sys
import tarfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.hepth import iter_hepth, site_of  # noqa: E402
from queries.linkpred.features import FEATURES, pair_features  # noqa: E402
from queries.linkpred.protocol import make_split, per_author_metrics, precision_at_n  # noqa: E402
from queries.linkpred.ranker import (  # noqa: E402
    _chunks,
    fit_linear,
    signed_log,
    validation_splits,
    windows_before,
)
from queries.linkpred.records import default_name_key, raw_key, records_from_works  # noqa: E402
from queries.linkpred.ship import DEFAULT_TAR  # noqa: E402

SAMPLE = 0.03
TEXT_MIN = 0.1


def paper_sites(tar: Path) -> dict[str, str]:
    """`arxiv:hep-th/<id>` -> site of its submitter."""
    out = {}
    with tarfile.open(tar) as tf:
        for member in tf:
            if not member.name.endswith(".abs"):
                continue
            text = tf.extractfile(member).read().decode("latin-1")
            line = next((x for x in text.splitlines() if x.startswith("From:")), "")
            site = site_of(line[5:])
            if site:
                out["arxiv:hep-th/" + Path(member.name).stem] = site
    return out


def _site_matrix(records, sites, years, keys) -> np.ndarray:
    counts: dict[str, Counter] = defaultdict(Counter)
    for r in records:
        if years[0] <= r.year <= years[1] and r.paper_id in sites:
            for a in r.authors:
                counts[a][sites[r.paper_id]] += 1
    vocab = {s: i for i, s in enumerate(sorted({s for k in keys for s in counts.get(k, ())}))}
    m = np.zeros((len(keys), max(1, len(vocab))), np.float32)
    for row, k in enumerate(keys):
        for s, c in counts.get(k, {}).items():
            m[row, vocab[s]] = c
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)


def site_vectors(records, sites, years, keys) -> tuple[np.ndarray, np.ndarray]:
    """Unit site-count rows of `keys` over `years` and over their last year (built once per
    split; a pair's site cosines are then row products)."""
    return (_site_matrix(records, sites, years, keys),
            _site_matrix(records, sites, (years[1], years[1]), keys))  # fmt: skip


def site_features(vecs: tuple[np.ndarray, np.ndarray], rows_s, rows_t) -> np.ndarray:
    """[len(rows_s), len(rows_t), 2]: site cosine over the feature years and the last year."""
    return np.stack([m[rows_s] @ m[rows_t].T for m in vecs], -1)


def split_data(records, sites, tr, te, core, rng):
    """A window's candidate pairs, outside-pool negatives sampled:
    (feats, site feats, in_pool, new, weight)."""
    s = make_split(records, tr, te, *core, decay=1.0)
    vecs = site_vectors(records, sites, tr, s.train.keys)
    parts = []
    for rows in _chunks(len(s.core), 400):
        f, reach = pair_features(s.train, s.core[rows], s.core)
        e = site_features(vecs, s.core[rows], s.core)
        cand, new = s.candidates[rows], s.new[rows]
        keep = cand & (reach | new | (rng.random(cand.shape) < SAMPLE))
        weight = np.where(reach | new, 1.0, 1.0 / SAMPLE)
        parts.append((f[keep], e[keep], reach[keep], new[keep], weight[keep]))
    return tuple(np.concatenate([p[i] for p in parts]) for i in range(5))


def _fit(z: np.ndarray, y: np.ndarray, w: np.ndarray):
    mu, sd = z.mean(0), z.std(0)
    sd[sd == 0] = 1
    lr = LogisticRegression(C=0.003, max_iter=3000).fit((z - mu) / sd, y, sample_weight=w)
    return lambda t: lr.decision_function((t - mu) / sd)


def _then(
    reach: np.ndarray, pool: np.ndarray, tier2: np.ndarray, admit: np.ndarray | None = None
) -> np.ndarray:
    """Pool pairs in pool order, then the admitted pairs outside the pool by tier-2 score."""
    tail = tier2 if admit is None else np.where(admit, tier2, -np.inf)
    return np.where(reach, pool, tail)


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--key", choices=["raw", "name_key"], default="name_key")
    ap.add_argument("--tar", type=Path, default=DEFAULT_TAR)
    args = ap.parse_args(argv)
    nk = default_name_key()
    key = raw_key if args.key == "raw" else (lambda n, _i: nk(n))
    records = list(records_from_works(iter_hepth([str(args.tar)]), key))
    sites = paper_sites(args.tar)
    rng = np.random.default_rng(0)
    first = min(r.year for r in records)
    ti = FEATURES.index("text_cos")
    print(f"hep-th, key {args.key}: {len(records)} papers, {len(sites)} with a submitter site")
    for tr, te, core, wend in validation_splits((1994, 1996), 3, first):
        wins = [split_data(records, sites, a, b, (1, 1), rng)
                for a, b in windows_before(wend, first)]  # fmt: skip
        f, e, p, y, w = (np.concatenate([x[i] for x in wins]) for i in range(5))
        pool_model = fit_linear(f[p], y[p], 0.003, balanced=True)
        out = ~p
        outer = _fit(signed_log(f[out].astype(float)), y[out], w[out])
        outer_site = _fit(np.concatenate([signed_log(f[out].astype(float)), e[out]], 1),
                          y[out], w[out])  # fmt: skip
        s = make_split(records, tr, te, *core, decay=1.0)
        vf, reach = pair_features(s.train, s.core, s.core)
        ve = site_features(site_vectors(records, sites, tr, s.train.keys), s.core, s.core)
        flat = vf.reshape(-1, vf.shape[-1])
        pool = np.where(reach, 1e6 + pool_model.decision(flat).reshape(reach.shape), -np.inf)
        tier2 = outer(signed_log(flat.astype(float))).reshape(reach.shape)
        site_cols = np.concatenate([signed_log(flat.astype(float)), ve.reshape(-1, 2)], 1)
        tier2_site = outer_site(site_cols).reshape(reach.shape)
        text_ok, mates = vf[:, :, ti] >= TEXT_MIN, ve[:, :, 0] > 0

        variants = {
            "pool (served)": pool,
            "pool, then tier 2 (all pairs)": _then(reach, pool, tier2),
            "pool, then tier 2 (text >= 0.1)": _then(reach, pool, tier2, text_ok),
            "pool, then tier 2 + sites (all pairs)": _then(reach, pool, tier2_site),
            "pool, then tier 2 + sites (same site)": _then(reach, pool, tier2_site, mates),
            "pool, then tier 2 + sites (same site or text >= 0.1)": _then(
                reach, pool, tier2_site, mates | text_ok
            ),
        }
        n_pool = int((s.candidates & reach).sum())
        print(f"\n{tr[0]}-{tr[1]} -> {te[0]}-{te[1]}, core {core}: {len(s.core)} authors, "
              f"n = {s.n_new} new pairs, {n_pool} pool pairs")  # fmt: skip
        print(f"  {'ranking':54} {'hits@n':>6} {'p@10':>7} {'r@20':>7} {'MRR':>7}")
        for name, sc in variants.items():
            pa = per_author_metrics(s, sc)
            print(f"  {name:54} {precision_at_n(s, sc)['hits']:>6} {pa['p@10']:>7.4f} "
                  f"{pa['r@20']:>7.4f} {pa['mrr']:>7.4f}")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
