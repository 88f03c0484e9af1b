"""The collaborator evaluation on the hep-th archive file, without a store:
`python -m queries.linkpred.hepth_eval --key raw|name_key [--train 1994-1996] [--test 1997-1999]
[--core-k 3] [--periods 1] [--tar TAR] [--results FILE] [--shipped]`.

Same code path as `graphsvc eval collaborators` (`report.run_collaborator_eval`), with authors
keyed by the raw name string (no identity resolution) or by `loaders.names.name_key`.
"""

from __future__ import annotations

import argparse
import sys

from queries.linkpred.evaluate import append_results, parse_years, results_markdown
from queries.linkpred.ranker import load_ranker
from queries.linkpred.records import default_name_key, raw_key, records_from_works
from queries.linkpred.report import SHIPPED_MODEL
from queries.linkpred.rolling import evaluate_periods
from queries.linkpred.ship import DEFAULT_TAR

KEYS = {
    "raw": "raw name string (no identity resolution)",
    "name_key": "loaders.names.name_key",
}


def main(argv: list[str]) -> None:
    from loaders.hepth import iter_hepth

    ap = argparse.ArgumentParser(prog="python -m queries.linkpred.hepth_eval")
    ap.add_argument("--key", choices=sorted(KEYS), required=True)
    ap.add_argument("--train", default="1994-1996", help="training period, YEAR-YEAR")
    ap.add_argument("--test", default="1997-1999", help="test period, YEAR-YEAR")
    ap.add_argument("--core-k", type=int, default=3, help="core: at least k papers per period")
    ap.add_argument(
        "--periods", type=int, default=1,
        help="also run the next N-1 periods, each one year later; pooled summary",
    )  # fmt: skip
    ap.add_argument("--tar", default=str(DEFAULT_TAR))
    ap.add_argument("--results", help="append the table to this markdown file")
    ap.add_argument(
        "--shipped",
        action="store_true",
        help="score with the shipped model (what the API serves), not a refit",
    )
    args = ap.parse_args(argv)
    train, test = parse_years(args.train, "--train"), parse_years(args.test, "--test")
    if args.key == "raw":
        key = raw_key
    else:
        nk = default_name_key()
        key = lambda name, _id: nk(name)  # noqa: E731
    ranker = load_ranker(SHIPPED_MODEL) if args.shipped else None
    records = records_from_works(iter_hepth([args.tar]), key)
    result, table = evaluate_periods(records, train, test, args.core_k, args.periods, ranker=ranker)
    if args.shipped:
        table += (
            f"\nranker = the shipped model {SHIPPED_MODEL.name} ({ranker.model_name}), not refitted"
        )
    print(table)
    if args.results:
        command = (f"python -m queries.linkpred.hepth_eval --key {args.key} --train {args.train}"
                   f" --test {args.test} --core-k {args.core_k}")
        command += f" --periods {args.periods}" if args.periods > 1 else ""
        command += " --shipped" if args.shipped else ""
        data = f"hep-th {args.tar} via loaders.hepth.iter_hepth; author key = {KEYS[args.key]}"
        append_results(args.results, results_markdown(result, table, command, data))


if __name__ == "__main__":
    main(sys.argv[1:])
