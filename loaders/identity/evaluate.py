"""Measure author identity resolution: B-cubed scores, S2AND Qian gold, a hep-th report.

- `bcubed(predicted, gold)`: B-cubed precision, recall and F1 of two clusterings.
- `eval_qian(data_dir)`: resolve the S2AND Qian signatures (names, affiliations and
  positions only: the set has no titles or co-authors) and score them against the gold.
- `evidence_ceiling(mentions, gold)`: what an oracle scores when it must give one label to
  mentions that carry the same evidence (name and affiliations): a ceiling for any resolver.
- `hepth_identity_report(works)`: how many raw name strings became how many authors,
  with example merges and homonyms kept apart.
"""

from __future__ import annotations

import gzip
import json
import math
import time
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path

from graphsvc.errors import LoadError
from loaders.identity.resolver import Author, Mention, Merge, Resolution, resolve
from loaders.model import Rejected, Work


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 over the items of `gold` (item -> cluster label).

    For each item: precision = |pred cluster ∩ gold cluster| / |pred cluster|, recall =
    the same over |gold cluster|; both averaged over items. Items missing from
    `predicted` count as singletons; predicted items not in `gold` are ignored.
    """
    if not gold:
        raise ValueError("bcubed: gold is empty")
    pred = {k: predicted.get(k, ("__singleton__", k)) for k in gold}
    pc: dict[Hashable, set[str]] = defaultdict(set)
    gc: dict[Hashable, set[str]] = defaultdict(set)
    for k, v in pred.items():
        pc[v].add(k)
    for k, v in gold.items():
        gc[v].add(k)
    p = r = 0.0
    for k in gold:
        a, b = pc[pred[k]], gc[gold[k]]
        both = len(a & b)
        p += both / len(a)
        r += both / len(b)
    p, r = p / len(gold), r / len(gold)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1}


def qian_mentions(data_dir: str | Path) -> tuple[list[Mention], dict[str, str]]:
    """Read `qian_signatures.json.gz` and `qian_clusters.json`: (mentions, gold labels)."""
    d = Path(data_dir)
    sig_path, clu_path = d / "qian_signatures.json.gz", d / "qian_clusters.json"
    for p in (sig_path, clu_path):
        if not p.is_file():
            raise LoadError(f"{p}: S2AND Qian file not found")
    with gzip.open(sig_path, "rt", encoding="utf-8") as fh:
        signatures = json.load(fh)
    clusters = json.loads(clu_path.read_text(encoding="utf-8"))
    mentions = []
    for sid, sig in signatures.items():
        info = sig.get("author_info") or {}
        parts = [info.get("first"), info.get("middle"), info.get("last")]
        name = " ".join(p for p in parts if p)
        mentions.append(
            Mention(
                id=f"qian:{sid}",
                name=name,
                paper_id=f"s2:{sig['paper_id']}",
                position=info.get("position"),
                affiliations=tuple(info.get("affiliations") or ()),
            )
        )
    gold = {f"qian:{s}": cid for cid, c in clusters.items() for s in c["signature_ids"]}
    return mentions, gold


def eval_qian(data_dir: str | Path) -> dict:
    """Resolve the Qian signatures and return B-cubed scores, counts and run time."""
    mentions, gold = qian_mentions(data_dir)
    t0 = time.perf_counter()
    res = resolve(mentions)
    seconds = time.perf_counter() - t0
    scores = bcubed(res.author_of, gold)
    return {
        **scores,
        "signatures": len(mentions),
        "gold_people": len(set(gold.values())),
        "predicted_people": len(res.authors),
        "seconds": round(seconds, 2),
        "problems": len(res.problems),
        "ceiling_f1": evidence_ceiling(mentions, gold)["f1"],
        "ceiling_f1_with_position": evidence_ceiling(mentions, gold, with_position=True)["f1"],
    }


def evidence_ceiling(
    mentions: Iterable[Mention], gold: Mapping[str, Hashable], with_position: bool = False
) -> dict[str, float]:
    """B-cubed of an oracle that sees the gold but not more evidence than a resolver has.

    Mentions with the same name and the same affiliations (and position, if asked) cannot
    be told apart by any method using that evidence; the oracle labels each such group with
    the gold person most of its mentions belong to (so groups of one person merge). Its
    score estimates the ceiling of resolvers on that evidence.
    """
    groups: dict[tuple, list[str]] = defaultdict(list)
    for m in mentions:
        if m.id not in gold:
            continue
        key: tuple = (m.name.casefold(), tuple(sorted(a.casefold() for a in m.affiliations)))
        groups[key + ((m.position,) if with_position else ())].append(m.id)
    predicted: dict[str, Hashable] = {}
    for ids in groups.values():
        counts: dict[Hashable, int] = defaultdict(int)
        for i in ids:
            counts[gold[i]] += 1
        majority = max(sorted(counts, key=str), key=lambda label: counts[label])
        predicted.update(dict.fromkeys(ids, majority))
    return bcubed(predicted, gold)


def mentions_from_works(works: Iterable[Work | Rejected]) -> list[Mention]:
    """The author mentions a load of `works` resolves (`loaders.pipeline.scan_records`: run-on
    author lists cut, a repeated paper's last copy, each author's e-mail digest), so that the
    report counts what a load decides; Rejected records are skipped."""
    from loaders.pipeline import scan_records  # the pipeline imports this package

    return scan_records(works).mentions


def hepth_identity_report(works: Iterable[Work | Rejected], examples: int = 10) -> dict:
    """Resolve the authors of `works`; count name strings and authors; show examples."""
    mentions = mentions_from_works(works)
    t0 = time.perf_counter()
    res = resolve(mentions)
    seconds = time.perf_counter() - t0
    return identity_summary(mentions, res, seconds, examples)


def identity_summary(
    mentions: list[Mention], res: Resolution, seconds: float, examples: int = 10
) -> dict:
    """Counts and examples of one resolution (shared by the hep-th report and the CLI)."""
    multi = [a for a in res.authors if len(a.variants) > 1]
    multi.sort(key=lambda a: (-len(a.mention_ids), a.id))
    by_id = res.by_id()
    homonyms = sorted(res.kept_apart, key=lambda k: (k.score is None, -(k.score or 0), k.left))
    return {
        "mentions": len(mentions),
        "raw_name_strings": len({m.name for m in mentions}),
        "authors": len(res.authors),
        "authors_with_variants": len(multi),
        "kept_apart_pairs": len(res.kept_apart),
        "problems": len(res.problems),
        "seconds": round(seconds, 2),
        "example_merges": [
            {
                "author": a.id,
                "variants": list(a.variants),
                "mentions": len(a.mention_ids),
                "min_score": a.min_merge_score,
                "weakest_reasons": list(_weakest(a).reasons) if _weakest(a) else [],
            }
            for a in multi[:examples]
        ],
        "example_kept_apart": [
            {
                "authors": [k.left, k.right],
                "names": [by_id[k.left].name, by_id[k.right].name],
                "mentions": [len(by_id[k.left].mention_ids), len(by_id[k.right].mention_ids)],
                "score": k.score,
                "reasons": list(k.reasons),
            }
            for k in homonyms[:examples]
        ],
    }


def _weakest(author: Author) -> Merge | None:
    scored = [m for m in author.merges if math.isfinite(m.score)]
    return min(scored, key=lambda m: m.score) if scored else None
