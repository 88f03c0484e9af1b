"""Run-on author names cut in the mentions a graph already holds (`graphsvc upgrade --identity`).

A load cuts "John Ellis N. E. Mavromatos" in two when both parts are names known on their own
(`loaders.run_on`); a graph loaded before that rule, or before the parts were known, keeps the
run-on author. The whole-graph identity pass reads every mention back, so it can decide the
same cuts with every name of the graph and rewrite those papers' author lists.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from loaders.identity import Mention
from loaders.run_on import Cut, decide_cuts, may_be_run_on_name


@dataclass
class CutPaper:
    """A paper whose author list was cut: its mentions in their new order, each with the id
    of the mention it was before (None for the two parts of a cut name)."""

    paper_id: str
    mentions: list[tuple[Mention, str | None]]
    line: str  # for the report, as a load reports a cut
    old_ids: list[str]  # the paper's mention ids before the cut


def cut_run_on_mentions(
    mentions: list[Mention], decided: dict[str, Cut] | None = None
) -> tuple[list[Mention], list[CutPaper]]:
    """`mentions` with every run-on name cut in two (positions of the paper's later authors
    shifted, co-author names updated), and the papers that changed. The cuts are `decided`
    already (with every name of the graph: `identity_groups`) or decided here with the names
    of `mentions`; every mention of a paper to cut must be among `mentions`."""
    suspects = {m.name for m in mentions if _may_be_run_on(m)}
    if not suspects:
        return mentions, []
    if decided is None:
        decided = decide_cuts(suspects, (m.name for m in mentions))
    if not decided:
        return mentions, []
    by_paper: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_paper[m.paper_id].append(m)
    papers = {m.paper_id for m in mentions if m.name in decided and _may_be_run_on(m)}
    out = [m for m in mentions if m.paper_id not in papers]
    changed = []
    for pid in sorted(papers):
        ordered = sorted(by_paper[pid], key=lambda m: (m.position or 0, m.id))
        names: list[tuple[Mention, str, str | None]] = []  # (old mention, new name, old id)
        done = []
        for m in ordered:
            if m.name in decided and _may_be_run_on(m):
                first, second = decided[m.name]
                names += [(m, first, None), (m, second, None)]
                done.append(f"{m.name!r} read as {first!r} and {second!r}")
            else:
                names.append((m, m.name, m.id))
        new = []
        for pos, (m, name, old_id) in enumerate(names, start=1):
            others = tuple(n for j, (_, n, _) in enumerate(names, start=1) if j != pos)
            mail = m.email_key if old_id else None  # an address names the mention, not a part
            new.append((replace(m, id=f"{pid}#{pos}", name=name, position=pos,
                                coauthors=others, email_key=mail), old_id))  # fmt: skip
        out += [m for m, _ in new]
        changed.append(CutPaper(pid, new, f"{pid} authors: " + "; ".join(done),
                                [m.id for m in ordered]))  # fmt: skip
    return out, changed


def _may_be_run_on(m: Mention) -> bool:
    return may_be_run_on_name(m.name, m.source_id, m.orcid)
