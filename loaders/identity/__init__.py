"""Author identity resolution: one Author node per real person.

    from loaders.identity import Mention, resolve, load_overrides
    res = resolve(mentions, overrides=load_overrides("overrides.json"))
    res.author_of["arxiv:hep-th/9501001#1"]  # -> "author:odintsov-sergei-d"

`mentions_from_works(works)` builds the mentions a load of `Work` records resolves; `evaluate` holds
B-cubed scoring, the S2AND Qian evaluation and the hep-th report.
"""

from loaders.identity.evaluate import (
    bcubed,
    eval_qian,
    hepth_identity_report,
    identity_summary,
    mentions_from_works,
)
from loaders.identity.overrides import OverrideError, Overrides, load_overrides
from loaders.identity.resolver import Author, KeptApart, Mention, Merge, Resolution, resolve
from loaders.identity.scoring import Weights

__all__ = [
    "Author",
    "KeptApart",
    "Mention",
    "Merge",
    "OverrideError",
    "Overrides",
    "Resolution",
    "Weights",
    "bcubed",
    "eval_qian",
    "hepth_identity_report",
    "identity_summary",
    "load_overrides",
    "mentions_from_works",
    "resolve",
]
