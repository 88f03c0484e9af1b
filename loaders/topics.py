"""Topic ids and display names: arXiv category codes keep their code, free-text topics a slug."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAIN_TOPICS = 10
"""Author.topics holds an author's main topics: at most this many, most papers first (then id).
Bounded so that comparing two authors' topics stays cheap for the busiest authors."""

_ARXIV_CODE = re.compile(r"^[a-z-]+(\.[A-Za-z-]+)?$")


TOPIC_PREFIX = "topic:"


def topic_id(topic: str) -> str:
    """`topic:hep-th` for an arXiv code, `topic:quantum-algebra` for a free-text topic."""
    topic = topic.strip()
    if _ARXIV_CODE.match(topic) and topic_name(topic) != topic:
        return f"{TOPIC_PREFIX}{topic}"
    folded = unicodedata.normalize("NFKD", topic).encode("ascii", "ignore").decode().lower()
    return TOPIC_PREFIX + (re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x")


def as_topic_id(value: str) -> str:
    """A topic id as given (`topic:hep-th`), or a topic as written in data read the way loads
    read it (`hep-th`, `HEP-TH`: `topic:hep-th`)."""
    return value if value.startswith(TOPIC_PREFIX) else topic_id(value)


@lru_cache(maxsize=4096)
def topic_name(topic: str) -> str:
    """The arXiv taxonomy name of a category code, else the topic itself."""
    from loaders.formats.arxiv_taxonomy import category_name

    return category_name(topic.strip()) or topic.strip()
