"""Extraction quality does not regress: the seeds are perfect, the dev set stays at its measured level."""

from __future__ import annotations

import json

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
# rules (heldout2, devset5, blind11, blind12, blind14, blind29) keep their current score: a change
# that lowers a blind score does not land, and a failure names no miss of theirs. Sets rules were
# tuned on or read (devset, devset3, devset4, devset6, devset7, devset8, heldout, blind6-10,
# blind13 since its one scoring at the end of 0.47, blind15 since its one at the end of 0.68,
# blind16 since its one at the end of 0.95, blind17 since its one at the end of 0.117, blind18 since its
# one at the end of 0.140, blind19 since its one at the end of 0.161, blind20 since its one at the end of
# 0.181, blind21 since its one at the end of 0.193, blind22 since its one at the end of 0.207, blind23 since its
# first run, blind24 since its one at the end of 0.221, blind25 since its one at the end of 0.236, blind26 since its
# one at the end of 0.254, blind27 since its one at the end of 0.268, blind28 since its one at the end of
# 0.277, and devset9, devset10 and devset11,
# written to be read) may lose at most 0.02 against
# their score at the end of 0.95 or, where it rose since, of a later round, so that a general frame can
# replace a rule written for one of their sentences. Never-read sets' floors are their latest scores.
FLOORS = {
    "devset": 0.940,    # tuned; 0.960 at 0.25.3 and 0.35, 0.957 at 0.47 to 0.95
    "devset3": 0.904,   # tuned; 0.840 at 0.25.3, 0.911 at 0.35 to 0.68, 0.916 at 0.95, 0.924 at 0.181
    "devset4": 0.950,   # tuned; 0.961 at 0.25.3, 0.970 at 0.35 to 0.95
    "devset6": 0.866,   # written to a brief, read:0.497 at 0.25.3, 0.687 before reading, 0.870 at 0.117, 0.886 at 0.217
    "heldout": 0.895,   # tuned; 0.876 at 0.25.3, 0.915 at 0.35 to 0.95
    "heldout2": 0.747,  # blind, not read: 0.627 at 0.25.3, 0.684 at 0.34 to 0.93, 0.696 at 0.95, 0.730 at 0.195,
    # 0.748 at 0.238
    "devset5": 0.898,   # blind, not read: 0.806 at 0.25.3, 0.859 at 0.32, 0.888 at 0.95 to 0.140, 0.898 at 0.159
    "blind6": 0.842,    # written blind, read since: 0.664 first run at 0.25.3, 0.834 at 0.95, 0.849 at 0.159,
    # 0.862 at 0.251
    "blind7": 0.816,    # written blind, read since: 0.642 first run at 0.25.3, 0.831 at 0.95, 0.836 at 0.159
    "blind8": 0.818,    # scored once at 0.29 (0.639), read since: 0.808 at 0.117, 0.824 at 0.159, 0.830 at 0.181,
    # 0.838 at 0.251
    "blind9": 0.869,    # scored once at the end of 0.30 (0.683), read since: 0.875 at 0.95, 0.889 at 0.181
    "blind10": 0.824,   # scored once at the end of 0.32 (0.628), read since: 0.815 at 0.181, 0.844 at 0.207
    "blind11": 0.798,   # blind, not read: 0.714 at the end of 0.33 (0.638 at 0.25.3), 0.778 at 0.159, 0.792 at 0.228,
    # 0.799 at 0.245
    "devset7": 0.838,   # written to a brief, read: 0.611 at 0.25.3, 0.686 before reading, 0.843 at 0.68,
    # 0.856 at 0.217, 0.858 at 0.251
    "blind12": 0.785,   # blind, not read: once at the end of 0.34 (0.698), 0.764 at 0.159, 0.786 at 0.228
    "blind13": 0.866,   # scored once at the end of 0.47 (0.577; 0.494 at 0.25.3), read since: 0.870 at 0.66 to 0.95
    "blind14": 0.799,   # blind, not read: first runs 0.567 at 0.25.3, 0.729 at 0.47; 0.783 at 0.193, 0.800 at 0.207
    "devset8": 0.816,   # written blind to a brief, read: 0.459 at 0.25.3, 0.511 at 0.35 (first run), 0.836 at 0.226
    "blind15": 0.879,   # scored once at the end of 0.68 (0.807; 0.640 at 0.25.3), read since: 0.900 at 0.117
    "blind16": 0.801,   # scored once at the end of 0.95 (0.689; 0.647 at 0.25.3), read since: 0.816 at 0.117
    "devset9": 0.782,   # written this round to be read: 0.632 at 0.25.3, 0.734 at 0.73 (first run), 0.802 at 0.159
    "blind17": 0.849,   # scored once at the end of 0.117 (0.705; 0.528 at 0.25.3), read since: 0.870 at 0.140
    "devset10": 0.860,  # written to be read: 0.592 at 0.25.3, 0.604 at 0.95 (first run), 0.844 at 0.159, 0.880 at 0.212
    "blind18": 0.854,   # scored once at the end of 0.140 (0.687; 0.587 at 0.25.3), read since: 0.874 at 0.161
    "blind19": 0.845,   # scored once at the end of 0.161 (0.628; 0.477 at 0.25.3), read since: 0.866 at 0.181
    "blind20": 0.786,   # scored once at the end of 0.181 (0.594; 0.548 at 0.25.3), read since: 0.806 at 0.207
    "blind21": 0.823,   # scored once at the end of 0.193 (0.652; 0.524 at 0.25.3), read since: 0.843 at 0.251
    "blind22": 0.849,   # scored once at the end of 0.207 (0.742; 0.594 at 0.25.3), read since: 0.869 at 0.221
    "blind23": 0.893,   # first runs 0.608 at 0.25.3, 0.790 at 0.207 and 0.209; read from its first run (by accident):
    # 0.913 at 0.221
    "blind24": 0.792,   # scored once at the end of 0.221 (0.608; 0.476 at 0.25.3), read since: 0.812 at 0.251
    "blind25": 0.767,   # first runs 0.369 at 0.25.3, 0.493 at 0.221 and 0.223 (with a crash fixed); scored once at
    # the end of 0.236 (0.507), read since: 0.796 at 0.254
    "blind26": 0.789,   # first runs 0.489 at 0.25.3, 0.672 at 0.236 and 0.237; scored once at the end of 0.254
    # (0.693), read since: 0.809 at 0.268
    "blind27": 0.829,   # first runs 0.500 at 0.25.3, 0.661 at 0.254 and 0.256; scored once at the end of 0.268
    # (0.667), read since: 0.849 at 0.277
    "blind28": 0.903,   # first runs 0.599 at 0.25.3, 0.775 at 0.268; scored at the end of 0.277 (0.775); read: 0.923
    "blind29": 0.713,   # blind, not read: first runs 0.574 at 0.25.3, 0.714 at 0.277 and 0.278; 0.714 at 0.285
    "devset11": 0.713,  # written blind to be read: first runs 0.530 at 0.25.3, 0.620 at 0.277 and 0.281; 0.733 at 0.285
    # of 0.277
}
# sets whose misses nobody may read yet: a failing floor gives their score only
UNREAD = frozenset({"heldout2", "devset5", "blind11", "blind12", "blind14", "blind29"})


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_every_set_keeps_its_floor(name: str) -> None:
    folder = DEVSET.parent / name
    scores = evaluate(folder / "gold", [folder / "articles"])
    detail = () if name in UNREAD else (scores.missed, scores.extra)
    assert scores.facts.f1 >= FLOORS[name], (round(scores.facts.f1, 4), *detail)


def test_every_development_article_conforms(tmp_path) -> None:
    """Dev, third, fourth, fifth and held-out articles together: the merged graph conforms to the shapes (a
    name that is a person in one article and a company in another once broke this)."""
    from kg.pipeline import build

    others = [DEVSET.parent / name / "articles"
              for name in ("devset3", "devset4", "devset5", "heldout", "heldout2", "blind6", "blind7")]
    result = build([DEVSET / "articles", *others, SEEDS], output=tmp_path / "g.trig", jobs=2)
    assert result.report.conforms, result.report.issues
    assert result.articles >= 121


def test_a_targets_measures_pair_with_the_gold_ones_they_agree_with(tmp_path) -> None:
    """Two measures against one target (gold in the other order than the extractor's): each is
    compared with the gold measure on its list, so no attribute is wrong."""
    articles, gold = tmp_path / "articles", tmp_path / "gold"
    articles.mkdir()
    gold.mkdir()
    (articles / "a.md").write_text(
        "---\npublished: 2021-12-17\n---\nThe Treasury on Thursday added Varna Technology to its Non-SDN Chinese "
        "Military-Industrial Complex Companies List. Commerce added Varna Technology to the Entity List in "
        "December 2020.\n", encoding="utf-8")
    measures = [("Treasury", "Non-SDN Chinese Military-Industrial Complex Companies List", "2021-12-16"),
                ("Commerce", "Entity List", "2020-12")]
    (gold / "a.json").write_text(json.dumps({
        "article": "a.md", "published": "2021-12-17", "companies": [{"name": "Varna Technology"}],
        "sanctions": [{"target": "Varna Technology", "authority": a, "list": lst, "date": d, "status": "active"}
                      for a, lst, d in measures],
        "court_orders": [], "metrics": []}), encoding="utf-8")
    scores = evaluate(gold, [articles])
    assert scores.counts["sanctions"].tp == 2
    assert scores.wrong == []
