"""The "did you mean" of an unknown filter value: near in spelling, or a name the id holds."""

import pytest

from queries.recommend_filters import INSTITUTION_PREFIX, TOPIC_PREFIX, nearest_id

TOPICS = ["hep-th", "physics.soc-ph", "math.QA", "cond-mat.stat-mech"]
INSTITUTIONS = ["inst:eth", "inst:rutgers-university", "inst:cern"]


@pytest.mark.parametrize(
    ("value", "known", "prefix", "offered"),
    [
        ("hep-ph", TOPICS, TOPIC_PREFIX, "hep-th"),  # not physics.soc-ph, which ends in "ph"
        ("topic:hep-tj", TOPICS, TOPIC_PREFIX, "hep-th"),
        ("MATH.QB", TOPICS, TOPIC_PREFIX, "math.QA"),
        ("stat-mech", TOPICS, TOPIC_PREFIX, "cond-mat.stat-mech"),
        ("rutgers", INSTITUTIONS, INSTITUTION_PREFIX, "inst:rutgers-university"),
        ("inst:CERN", INSTITUTIONS, INSTITUTION_PREFIX, "inst:cern"),
        ("inst:nope", INSTITUTIONS, INSTITUTION_PREFIX, None),  # shares only the prefix
        ("astro-ph.CO", TOPICS, TOPIC_PREFIX, None),
    ],
)
def test_nearest_id(value: str, known: list[str], prefix: str, offered: str | None) -> None:
    assert nearest_id(value, known, prefix) == offered
