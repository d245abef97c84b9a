"""Shared test helpers: paths and a cached seed build."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEVSET = ROOT / "tests" / "devset"
SHARED_GOLD = ROOT.parent / "shared" / "eval" / "gold"
