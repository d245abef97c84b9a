"""Extraction quality does not regress: the seeds are perfect, the dev set stays at its measured level."""

from __future__ import annotations

import pytest

from kg.evaluate import evaluate
from tests.helpers import DEVSET, SEEDS, SHARED_GOLD


def test_seed_gold_is_found_exactly() -> None:
    assert SHARED_GOLD.is_dir(), "../shared/eval/gold must be beside the project (CI always has it)"
    scores = evaluate(SHARED_GOLD, [SEEDS])
    assert scores.facts.f1 == 1.0, scores.missed + scores.extra
    assert scores.counts["companies"].f1 == 1.0


def test_dev_set_quality() -> None:
    scores = evaluate(DEVSET / "gold", [DEVSET / "articles"])
    assert scores.articles >= 20
    assert scores.facts.precision >= 0.90
    assert scores.facts.f1 >= 0.90
    assert scores.counts["companies"].f1 >= 0.90


# Every set's floor for facts F1 (issue 13). Sets written blind — never read while writing
# rules — keep at least their score when the grammar landed (heldout2, devset5, blind6: a
# change that lowers a blind score does not land); sets rules were tuned on may lose at most
# 0.02 against their score before the grammar (extractor 0.25.3), so that a general frame
# can replace a rule written for one of their sentences.
FLOORS = {
    "devset": 0.940,    # tuned; 0.960 at 0.25.3
    "devset3": 0.819,   # tuned; 0.840 at 0.25.3
    "devset4": 0.941,   # tuned; 0.961 at 0.25.3
    "heldout": 0.855,   # tuned; 0.876 at 0.25.3
    "heldout2": 0.649,  # blind; 0.627 at 0.25.3, 0.650 with the grammar
    "devset5": 0.818,   # blind; 0.806 at 0.25.3, 0.819 with the grammar
    "blind6": 0.669,    # blind, scored once: 0.664 at 0.25.3, 0.670 with the grammar (read since)
    "blind7": 0.651,    # blind, scored once: 0.642 at 0.25.3, 0.652 with the grammar
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_every_set_keeps_its_floor(name: str) -> None:
    folder = DEVSET.parent / name
    scores = evaluate(folder / "gold", [folder / "articles"])
    assert scores.facts.f1 >= FLOORS[name], (round(scores.facts.f1, 4), scores.missed, scores.extra)


def test_every_development_article_conforms(tmp_path) -> None:
    """Dev, third, fourth, fifth and held-out articles together: the merged graph conforms to the shapes (a
    name that is a person in one article and a company in another once broke this)."""
    from kg.pipeline import build

    others = [DEVSET.parent / name / "articles"
              for name in ("devset3", "devset4", "devset5", "heldout", "heldout2", "blind6", "blind7")]
    result = build([DEVSET / "articles", *others, SEEDS], output=tmp_path / "g.trig", jobs=2)
    assert result.report.conforms, result.report.issues
    assert result.articles >= 121
