"""Extraction quality does not regress: the seeds are perfect, the dev set stays at its measured level."""

from __future__ import annotations

import pytest

from kg.evaluate import evaluate
from tests.helpers import DEVSET, SEEDS, SHARED_GOLD


def test_seed_gold_is_found_exactly() -> None:
    if not SHARED_GOLD.is_dir():
        pytest.fail("../shared/eval/gold is not beside the project (CI always has ../shared)")
    scores = evaluate(SHARED_GOLD, [SEEDS])
    assert scores.facts.f1 == 1.0, scores.missed + scores.extra
    assert scores.counts["companies"].f1 == 1.0


def test_dev_set_quality() -> None:
    scores = evaluate(DEVSET / "gold", [DEVSET / "articles"])
    assert scores.articles >= 20
    assert scores.facts.precision >= 0.90
    assert scores.facts.f1 >= 0.90
    assert scores.counts["companies"].f1 >= 0.90


def test_every_development_article_conforms(tmp_path) -> None:
    """Dev, third, fourth, fifth and held-out articles together: the merged graph conforms to the shapes (a
    name that is a person in one article and a company in another once broke this)."""
    from kg.pipeline import build

    others = [DEVSET.parent / name / "articles"
              for name in ("devset3", "devset4", "devset5", "heldout", "heldout2")]
    result = build([DEVSET / "articles", *others, SEEDS], output=tmp_path / "g.trig", jobs=2)
    assert result.report.conforms, result.report.issues
    assert result.articles >= 86
