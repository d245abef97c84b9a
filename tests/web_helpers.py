"""Fixtures for the web view's tests: the seeds built into a real embedded store, and an
article whose title and text try to inject markup."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

HOSTILE_ID = "900_hostile"
HOSTILE = """---
title: "Xiaomi <script>alert('title')</script> news"
published: 2021-06
publisher: "<img src=x onerror=alert('publisher')>"
---
Xiaomi <script>document.title='pwned'</script> said on Monday that the Pentagon removed it
<img src=x onerror="document.title='pwned'"> from the Chinese Communist Military Companies list.

The company shipped 10 million <b>smartphones</b> in the quarter.
"""


def build_store(folder: Path, articles: list[Path], *, curation: Path | None = None) -> Path:
    """``kg build`` of ``articles`` into ``folder``/store (the library call, as the CLI makes it)."""
    from kg.pipeline import build

    kwargs = {"curation": curation} if curation is not None else {}
    result = build(articles, output=folder / "graph.trig", store_dir=folder / "store", jobs=1,
                   use_cache=False, answer_ahead=False, **kwargs)
    assert result.report.conforms
    return folder / "store"


@pytest.fixture(scope="session")
def web_seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and one hostile article, built into a real pyoxigraph store."""
    folder = tmp_path_factory.mktemp("web")
    articles = folder / "articles"
    shutil.copytree(SEEDS, articles)
    (articles / f"{HOSTILE_ID}.txt").write_text(HOSTILE, encoding="utf-8")
    return build_store(folder, [articles])
