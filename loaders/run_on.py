"""Two author names run together that the record alone cannot cut, cut with what a load knows.

"John Ellis N. E. Mavromatos" (hep-th/9305116) is two people; "Joseph Ambrose G. Pagaran"
is one, and the two look alike. `loaders.names` cuts what a record shows by itself (a
second name starting at an initial, in a piece that starts with one). Here a longer name
is cut in two only when both parts are names written on their own elsewhere (in the load
or, for an incremental load, in the graph), and only when exactly one cut does so. On the
full hep-th archive two names are cut, both right: "John Ellis N. E. Mavromatos" and
"Avinash Khare C. Nagaraja Kumar". A name a source gave with its own id or ORCID is
never cut: the source says it is one person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from loaders.model import AuthorRef, Work
from loaders.names import PARTICLES, SUFFIXES, block_key, name_key

Cut = tuple[str, str]
# a surname-like word: two letters or more, inner hyphens and apostrophes allowed, no period
_FULL_WORD = re.compile(r"[^\W\d_](?:[^\W\d_'’-]*[^\W\d_])?")


def _is_full_word(word: str) -> bool:
    lowered = word.lower()
    return (len(word) >= 2 and _FULL_WORD.fullmatch(word) is not None
            and lowered not in PARTICLES and lowered not in SUFFIXES)  # fmt: skip


def cuts(name: str) -> list[Cut]:
    """Every place `name` could be two names: both parts at least two words long, each
    ending with a full word (a surname, not an initial or a particle)."""
    words = name.split()
    return [
        (" ".join(words[:i]), " ".join(words[i:]))
        for i in range(2, len(words) - 1)
        if _is_full_word(words[i - 1]) and _is_full_word(words[-1])
    ]


def may_be_run_on(author: AuthorRef) -> bool:
    """Whether `author` is a name this module would look at (cheap; most names are not)."""
    return may_be_run_on_name(author.name, author.id, author.orcid)


def may_be_run_on_name(name: str, *ids: str | None) -> bool:
    """`may_be_run_on` for a name and the ids a source gave it (any id keeps it whole)."""
    return not any(ids) and bool(cuts(name))


def decide_cuts(
    suspects: Iterable[str],
    load_names: Iterable[str],
    graph_names: Callable[[set[str]], set[str]] | None = None,
) -> dict[str, Cut]:
    """The suspects to cut, each with its one cut whose parts are both known names: a name
    of the load (`load_names`) or of the graph (`graph_names(blocks)`: the names written in
    those identity blocks) with the same `name_key`."""
    options = {name: cuts(name) for name in set(suspects)}
    parts = {part for found in options.values() for cut in found for part in cut}
    if not parts:
        return {}
    surnames = {_last_word(p) for p in parts}
    known = {name_key(n) for n in set(load_names) if _words(n) & surnames}
    if graph_names is not None:
        known |= {name_key(n) for n in graph_names({block_key(p) for p in parts})}
    out: dict[str, Cut] = {}
    for name, found in options.items():
        fitting = [c for c in found if name_key(c[0]) in known and name_key(c[1]) in known]
        if len(fitting) == 1:
            out[name] = fitting[0]
    return out


def cut_authors(work: Work, decided: dict[str, Cut]) -> Work:
    """`work` with each decided run-on author replaced by its two names, in place, both
    with the run-on name's affiliations; the work itself when nothing is cut."""
    if not decided or not any(a.name in decided and may_be_run_on(a) for a in work.authors):
        return work
    authors: list[AuthorRef] = []
    for a in work.authors:
        if a.name in decided and may_be_run_on(a):
            authors.extend(a.model_copy(update={"name": part, "affiliations": list(a.affiliations)})
                           for part in decided[a.name])  # fmt: skip
        else:
            authors.append(a)
    return work.model_copy(update={"authors": authors})


def describe_cut(work: Work, decided: dict[str, Cut]) -> str:
    """One line for a load's report: the paper and each name of it that was cut."""
    done = [f"{a.name!r} read as {decided[a.name][0]!r} and {decided[a.name][1]!r}"
            for a in work.authors if a.name in decided and may_be_run_on(a)]  # fmt: skip
    return f"{work.id} authors: " + "; ".join(done)


def _words(name: str) -> set[str]:
    return {w.strip(".,").lower() for w in name.split()}


def _last_word(name: str) -> str:
    return name.split()[-1].strip(".,").lower()
