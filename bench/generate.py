"""Generate a synthetic co-authorship world with hep-th's statistics, for benchmarks.

    python bench/generate.py --papers 1000000 --data-dir /tmp/graphsvc-1m [--seed 1]
        [--works-jsonl FILE] [--hepth PATH] [--no-load]

Statistics learned from hep-th (cached as hepth-stats.json next to this script's cache dir):
authors per paper, the share of author slots that are a first paper (new authors), the share
of co-author slots that repeat an earlier collaborator of the lead author, the affiliation
rate and the title/abstract vocabulary. The world then grows paper by paper, 1990-2025 with
about 6% more papers each year: the lead author is new or picked by preferential attachment
(probability ~ papers so far, mostly among recent papers), co-authors repeat the lead's
earlier collaborators, and a small share of papers get a senior "hub" author (Zipf over a
few hundred seniors), which gives the busiest authors thousands of co-authors. Topics (arXiv
categories plus hep-th phrases, a few hundred) and institutions have Zipf popularity; texts
are drawn from the topic's words and hep-th's word frequencies, so TF-IDF and search work.
Each paper's `site` (submitting site) is the institution key of its lead author's home
institution at the time (a slug of the institution's name + ".edu", e.g.
`university-of-kalomira.edu`), as hep-th takes it from the submitter's e-mail domain.
The same seed gives the same works (sites draw no random numbers). With --data-dir the works
go straight into a NEW graph through loaders.bulk.bulk_load; with --works-jsonl they are also
written as works-jsonl.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import math
import random
import re
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.model import AuthorRef, Rejected, Work  # noqa: E402

HEPTH = ROOT.parent / "shared" / "data" / "hepth" / "cit-HepTh-abstracts.tar.gz"
SAMPLE = ROOT / "graphsvc" / "sample" / "hepth-1992-1993.tar.gz"
FIRST_YEAR, LAST_YEAR, GROWTH = 1990, 2025, 1.06
_WORD = re.compile(r"[a-z][a-z-]{2,}")
_STOP = set(
    "the and for with are this that from which can its also has have been these their our "
    "not but all one two three such than they then there where when both into other some "
    "given show shown find found using used use new may more most only well very way how".split()
)
_SYL = ("ka lo mi ra ve to sa ni de po lu ba ri ne ko ta mo se fi gu ha ja ly ze wi "
        "an el or us in ol ar en ob ur al is".split())  # fmt: skip
_FIRST = (
    "Alice Amir Ana Bo Carla Chen Dmitri Elena Fatima Gabriel Hana Igor Ines Jun Karl "
    "Lena Luis Maya Nikolai Olga Pavel Priya Rafael Sara Tomas Ugo Vera Wei Yuki Zoe "
    "Ahmed Bruno Chiara Daniel Eva Felix Greta Hugo Ingrid Jonas Kenji Leila Marco Nora "
    "Oscar Paula Quentin Rosa Stefan Tara Viktor Xin Yusuf Anna Ivan Sergei Maria"
).split()
_INST_KIND = [
    "University of {}",
    "{} Institute of Technology",
    "{} Institute for Physics",
    "{} State University",
    "Laboratoire de Physique {}",
    "{} Center for Theoretical Physics",
]


# Statistics ------------------------------------------------------------------------------


def learn_stats(path: Path) -> dict[str, Any]:
    """The figures the generator copies, measured on a hep-th tarball."""
    from loaders.hepth import iter_hepth
    from loaders.names import name_key

    works = [w for w in iter_hepth([path]) if not isinstance(w, Rejected)]
    works.sort(key=lambda w: (w.date or "", w.id))
    k_counts: Counter[int] = Counter()
    words: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    seen: set[str] = set()
    partners: dict[str, set[str]] = {}
    slots = new = repeat = others = with_aff = 0
    title_len, abstract_len = [], []
    for w in works:
        keys = list(dict.fromkeys(name_key(a.name) for a in w.authors))
        k_counts[len(keys)] += 1
        lead = keys[0]
        for i, key in enumerate(keys):
            slots += 1
            new += key not in seen
            if i:
                others += 1
                repeat += key in partners.get(lead, ())
        for key in keys:
            seen.add(key)
            partners.setdefault(key, set()).update(k for k in keys if k != key)
        with_aff += sum(1 for a in w.authors if a.affiliations)
        t = [x for x in _WORD.findall(w.title.lower()) if x not in _STOP]
        a = [x for x in _WORD.findall((w.abstract or "").lower()) if x not in _STOP]
        title_len.append(len(t))
        abstract_len.append(len(a))
        words.update(t + a)
        bigrams.update(f"{x} {y}" for x, y in itertools.pairwise(t))
    per_author = Counter(len(p) for p in partners.values())
    return {
        "source": str(path),
        "papers": len(works),
        "authors": len(seen),
        "authors_per_paper": {str(k): v for k, v in sorted(k_counts.items())},
        "p_new_author": new / slots,
        "p_repeat_coauthor": repeat / max(1, others),
        "p_affiliation": with_aff / slots,
        "title_words_mean": sum(title_len) / len(title_len),
        "abstract_words_mean": sum(abstract_len) / len(abstract_len),
        "max_coauthors": max(per_author),
        "vocabulary": words.most_common(6000),
        "phrases": [b for b, _ in bigrams.most_common(400)],
    }


def load_stats(hepth: Path | None, cache: Path) -> dict[str, Any]:
    """Learned statistics, read from `cache` when it was made from the same source."""
    source = hepth or (HEPTH if HEPTH.exists() else SAMPLE)
    if cache.exists():
        stats = json.loads(cache.read_text())
        if stats.get("source") == str(source):
            return stats
    stats = learn_stats(source)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(stats))
    return stats


# The world -------------------------------------------------------------------------------


def _syllables(n: int, rng: random.Random, parts: int) -> str:
    out = []
    for _ in range(parts):
        n, r = divmod(n, len(_SYL))
        out.append(_SYL[r])
    return "".join(out).capitalize() + rng.choice(["", "n", "v", "sky", "son", "er", "i"])


def _zipf_cum(n: int, s: float) -> list[float]:
    return list(itertools.accumulate(1 / (i + 1) ** s for i in range(n)))


class World:
    """Authors, institutions, topics and texts, grown one paper at a time."""

    def __init__(self, stats: dict[str, Any], papers: int, seed: int, hub_share: float) -> None:
        self.rng = rng = random.Random(seed)
        self.stats = stats
        self.papers = papers
        self.hub_share = hub_share
        k = stats["authors_per_paper"]
        self.k_values = [int(x) for x in k]
        self.k_cum = list(itertools.accumulate(k.values()))
        self.vocab = [w for w, _ in stats["vocabulary"]]
        self.vocab_cum = list(itertools.accumulate(c for _, c in stats["vocabulary"]))
        self.topics = self._topics()
        self.topic_cum = _zipf_cum(len(self.topics), 1.1)
        n_inst = max(50, papers // 200)
        self.institutions = [
            rng.choice(_INST_KIND).format(_syllables(i, rng, 3)) for i in range(n_inst)
        ]
        self.inst_cum = _zipf_cum(n_inst, 1.0)
        self.sites = [_site_key(name) for name in self.institutions]  # no random draws
        self.topic_words = [rng.sample(self.vocab[50:3000], 40) for _ in self.topics]
        self.names: list[str] = []
        self.home: list[int] = []  # institution index per author
        self.field: list[int] = []  # main topic per author
        self.slots: list[int] = []  # one entry per authorship: preferential attachment
        self.partners: dict[int, list[int]] = {}
        self.seniors = [self._new_author() for _ in range(max(10, papers // 2000))]
        self.senior_cum = _zipf_cum(len(self.seniors), 1.0)

    def _topics(self) -> list[str]:
        from loaders.formats.arxiv_taxonomy import NAMES

        codes = [c for c in NAMES if c.startswith(("hep", "gr-qc", "math-ph", "quant-ph"))]
        codes += [c for c in NAMES if c not in codes]
        phrases = self.stats["phrases"][:150]
        topics = ["hep-th", *phrases[:20], *codes, *phrases[20:]]
        return list(dict.fromkeys(topics))

    def _new_author(self) -> int:
        rng, i = self.rng, len(self.names)
        self.names.append(f"{rng.choice(_FIRST)} {_syllables(i, rng, 4)}")
        self.home.append(bisect.bisect(self.inst_cum, rng.random() * self.inst_cum[-1]))
        self.field.append(bisect.bisect(self.topic_cum, rng.random() * self.topic_cum[-1]))
        return i

    def _known_author(self) -> int:
        rng, slots = self.rng, self.slots
        if not slots:
            return self._new_author()
        window = min(len(slots), 60_000)  # mostly authors active lately
        if rng.random() < 0.8:
            return slots[len(slots) - 1 - int(rng.random() * window)]
        return slots[int(rng.random() * len(slots))]

    def _authors(self) -> list[int]:
        rng, st = self.rng, self.stats
        k = self.k_values[bisect.bisect(self.k_cum, rng.random() * self.k_cum[-1])]
        if rng.random() < 0.003:  # rare large collaborations
            k = min(200, int(10 * math.exp(rng.gauss(0, 0.8))) + 5)
        p_new = st["p_new_author"]
        lead = self._new_author() if rng.random() < p_new else self._known_author()
        team = [lead]
        if k > 1 and rng.random() < self.hub_share:
            team.append(
                self.seniors[bisect.bisect(self.senior_cum, rng.random() * self.senior_cum[-1])]
            )
        while len(team) < k:
            mates = self.partners.get(team[0])
            r = rng.random()
            if mates and r < st["p_repeat_coauthor"] * 1.5:
                pick = mates[int(rng.random() * len(mates))]
            elif r < st["p_repeat_coauthor"] * 1.5 + p_new:
                pick = self._new_author()
            else:
                pick = self._known_author()
            if pick not in team:
                team.append(pick)
            elif rng.random() < 0.3:
                team.append(self._new_author())
        return team

    def _text(self, topic: int, n: int) -> str:
        rng = self.rng
        own = self.topic_words[topic]
        words = rng.choices(self.vocab, cum_weights=self.vocab_cum, k=n)
        for i in range(0, n, 3):
            words[i] = own[int(rng.random() * len(own))]
        return " ".join(words)

    def works(self) -> Iterator[Work]:
        """Every paper, oldest first."""
        rng, st = self.rng, self.stats
        years = _year_counts(self.papers)
        t_len, a_len = st["title_words_mean"], st["abstract_words_mean"]
        n = 0
        for year, count in years:
            for _ in range(count):
                n += 1
                team = self._authors()
                for a in team:
                    self.slots.append(a)
                    if a != team[0] and len(self.partners.setdefault(team[0], [])) < 5000:
                        self.partners[team[0]].append(a)
                        self.partners.setdefault(a, []).append(team[0])
                    if rng.random() < 0.02:  # a move
                        self.home[a] = bisect.bisect(
                            self.inst_cum, rng.random() * self.inst_cum[-1]
                        )
                topic = (
                    self.field[team[0]]
                    if rng.random() < 0.7
                    else bisect.bisect(self.topic_cum, rng.random() * self.topic_cum[-1])
                )
                topics = [self.topics[topic]]
                if rng.random() < 0.4:
                    topics.append(self.topics[self.field[team[-1]]])
                refs = [
                    AuthorRef.model_construct(
                        name=self.names[a], id=None, orcid=None,
                        affiliations=[self.institutions[self.home[a]]]
                        if rng.random() < st["p_affiliation"] * 4 else [],
                    )
                    for a in team
                ]  # fmt: skip
                date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                title = self._text(topic, max(3, int(rng.gauss(t_len, 2)))).capitalize()
                yield Work.model_construct(
                    id=f"synth:{year}.{n:07d}", title=title,
                    abstract=self._text(topic, max(20, int(rng.gauss(a_len, a_len / 3)))) + ".",
                    year=year, date=date, venue=None, issn=None, doi=None, topics=topics,
                    authors=refs, source="synthetic", journal_ref=None, comments=None, awards=[],
                    site=self.sites[self.home[team[0]]],
                )  # fmt: skip


def _site_key(institution: str) -> str:
    """A valid `Work.site` for an institution name: `University of Kalomi` ->
    `university-of-kalomi.edu`."""
    return re.sub(r"[^a-z0-9]+", "-", institution.lower()).strip("-")[:240] + ".edu"


def _year_counts(papers: int) -> list[tuple[int, int]]:
    weights = [GROWTH ** (y - FIRST_YEAR) for y in range(FIRST_YEAR, LAST_YEAR + 1)]
    counts = [int(papers * w / sum(weights)) for w in weights]
    counts[-1] += papers - sum(counts)
    return list(zip(range(FIRST_YEAR, LAST_YEAR + 1), counts, strict=True))


def checked(works: Iterator[Work], check_first: int = 2000) -> Iterator[Work]:
    """Validate the first works fully (the rest are built the same way)."""
    for i, w in enumerate(works):
        if i < check_first:
            Work.model_validate(w.model_dump())
        yield w


def tee_jsonl(works: Iterator[Work], path: Path) -> Iterator[Work]:
    """Pass works through, writing each as one works-jsonl line."""
    with path.open("w", encoding="utf-8") as fh:
        for w in works:
            fh.write(w.model_dump_json(exclude_none=True, exclude_defaults=True) + "\n")
            yield w


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--papers", type=int, default=200_000)
    ap.add_argument("--data-dir", type=Path, help="bulk-load into a NEW graph in this folder")
    ap.add_argument("--graph-name", default="graphsvc")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--works-jsonl", type=Path, help="also write the works here")
    ap.add_argument("--hepth", type=Path, help="hep-th tarball to learn from")
    ap.add_argument("--hub-share", type=float, default=0.03, help="papers with a senior hub author")
    ap.add_argument(
        "--stats-cache", type=Path, default=Path.home() / ".cache/graphsvc/hepth-stats.json"
    )
    args = ap.parse_args(argv)
    if not args.data_dir and not args.works_jsonl:
        ap.error("give --data-dir and/or --works-jsonl")
    started = time.perf_counter()
    stats = load_stats(args.hepth, args.stats_cache)
    works: Iterator[Work] = checked(World(stats, args.papers, args.seed, args.hub_share).works())
    if args.works_jsonl:
        args.works_jsonl.parent.mkdir(parents=True, exist_ok=True)
        works = tee_jsonl(works, args.works_jsonl)
    result: dict[str, Any] = {"papers": args.papers, "seed": args.seed}
    if args.data_dir:
        from graphsvc.settings import Settings
        from graphsvc.store import open_store
        from loaders.bulk import bulk_load
        from queries.slice import refresh_hubs

        settings = Settings(data_dir=args.data_dir, graph_name=args.graph_name, _env_file=None)
        store = open_store(settings, setup_schema=False)
        try:
            result |= bulk_load(store, works, work_dir=args.data_dir)
            result["hubs"] = refresh_hubs(store)  # the explorer's stored hub neighbour lists
            store.checkpoint()
        finally:
            store.close()
    else:
        for _ in works:
            pass
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    result["peak_rss_store_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
