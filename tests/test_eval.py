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


# Every set's floor for facts F1 (issue 13). Sets written blind and never read while writing
# rules (heldout2, devset5) keep their current score: a change that lowers a blind score does
# not land. Sets rules were tuned on or read (devset, devset3, devset4, devset6, heldout,
# blind6-9) may lose at most 0.02 against their current score, so that a general frame can
# replace a rule written for one of their sentences. blind10 was scored once at the end of the
# round (0.628) and has been read since: within 0.02 of its score now. blind11 (scored at the
# end of 0.33) and blind12 (scored once at the end of 0.34) are not read: their floors are
# their scores. devset7 (written blind to a brief, first run recorded, then read): within 0.02.
FLOORS = {
    "devset": 0.940,    # tuned; 0.960 at 0.25.3, 0.29, 0.30 and 0.32
    "devset3": 0.886,   # tuned; 0.840 at 0.25.3, 0.907 at 0.30 and 0.32
    "devset4": 0.949,   # tuned; 0.961 at 0.25.3, 0.970 at 0.30 and 0.32
    "devset6": 0.838,   # written to a brief, read: 0.497 at 0.25.3, 0.578 at 0.30, 0.687 before reading, 0.859 at 0.32
    "heldout": 0.894,   # tuned; 0.876 at 0.25.3, 0.909 at 0.30, 0.915 at 0.32
    "heldout2": 0.683,  # blind; 0.627 at 0.25.3, 0.667 at 0.30, 0.678 at 0.32, 0.684 at 0.34
    "devset5": 0.858,   # blind; 0.806 at 0.25.3, 0.832 at 0.29, 0.837 at 0.30, 0.859 at 0.32
    "blind6": 0.801,    # written blind, read since: 0.664 first run at 0.25.3, 0.825 at 0.30, 0.821 at 0.32
    "blind7": 0.784,    # written blind, read since: 0.642 first run at 0.25.3, 0.791 at 0.30, 0.804 at 0.33
    "blind8": 0.765,    # written blind, scored once at 0.29 (0.639), read since: 0.785 at 0.30 and 0.32
    "blind9": 0.802,    # scored once at the end of 0.30 (0.683), read since: 0.750 at 0.32, 0.823 at 0.34
    "blind10": 0.763,   # scored once at the end of 0.32: 0.628 (0.642 at 0.25.3); read: 0.781, 0.783 at 0.34
    "blind11": 0.715,   # blind, not read: 0.714 at the end of 0.33 (first runs 0.638 at 0.25.3), 0.7159 at 0.34
    "devset7": 0.805,   # written to a brief, read: 0.611 at 0.25.3, 0.686 at 0.32 before reading, 0.826 at 0.34
    "blind12": 0.697,   # blind, scored once at the end of 0.34: 0.698 (first runs 0.594 at 0.25.3, 0.665 at 0.32)
    "blind13": 0.577,   # blind, written at the end of 0.35 for the next round: 0.494 at 0.25.3, 0.5774 at 0.35
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
