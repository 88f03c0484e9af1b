"""Refit the shipped model: `python -m queries.linkpred.ship [HEPTH_TAR] [OUT.json]`.

hep-th papers keyed by `loaders.names.name_key`, windows with labels ending by 1996 (the
evaluation's training period 1994-96), C and decay chosen by `train_ranker`'s validation.
"""

from __future__ import annotations

import sys
from pathlib import Path

from queries.linkpred.ranker import train_ranker
from queries.linkpred.records import default_name_key, records_from_works

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DEFAULT_TAR = SHARED / "data/hepth/cit-HepTh-abstracts.tar.gz"
OUT = Path(__file__).parent / "model_hepth.json"


def main(argv: list[str]) -> None:
    from loaders.hepth import iter_hepth

    tar = Path(argv[0]) if argv else DEFAULT_TAR
    out = Path(argv[1]) if len(argv) > 1 else OUT
    key = default_name_key()
    records = list(records_from_works(iter_hepth([tar]), lambda name, _id: key(name)))
    ranker = train_ranker(records, train=(1994, 1996), core_k=3)
    ranker.save(out)
    print(f"{out}: {ranker.model_name}; {ranker.selection['chosen']}")


if __name__ == "__main__":
    main(sys.argv[1:])
