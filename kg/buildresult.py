"""What a build reports: its result and summary, what the curation file did, the crash
log of internal errors, and the warning about articles too large for comfort."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg import write
from kg.kinds import KINDS
from kg.models import Article, Report

if TYPE_CHECKING:  # pragma: no cover
    from kg.queries import KeptAnswer


@dataclass
class BuildResult:
    output: Path
    report: Report
    articles: int
    skipped: list[tuple[str, str]]
    warnings: list[str]
    quads: int  # statements in the output file: quads (.trig .nq) or triples of the union
    counts: dict[str, int]
    timings: dict[str, float]
    store_dir: Path | None = None
    extracted: int = 0  # articles extracted in this run (the rest came from the cache)
    crashed: list[tuple[str, str]] = field(default_factory=list)  # (path, error) of internal errors
    crash_log: Path | None = None  # their tracebacks
    answers: list[KeptAnswer] = field(default_factory=list)  # stored queries answered ahead
    review: Review = field(default_factory=lambda: Review())

    def summary(self) -> str:
        c = self.counts
        lines = [
            f"built {self.articles} article(s)"
            + (f", skipped {len(self.skipped)}" if self.skipped else "")
            + f" ({self.extracted} extracted, {self.articles - self.extracted} from cache)",
            f"  {c.get('entities', 0)} entities, "
            + ", ".join(f"{c.get(k.name, 0)} {k.label}" for k in KINDS),
            f"  {self.quads} {'quads' if write.format_for(self.output).dataset else 'triples'} -> {self.output}"
            + (f" (store: {self.store_dir})" if self.store_dir else ""),
            "  conforms to the shapes" if self.report.conforms else
            f"  does NOT conform: {len(self.report.issues)} issue(s) in "
            f"{', '.join(self.report.articles_at_fault) or 'the entities graph'}",
        ]
        lines.extend(self.review.summary())
        if self.answers:
            from kg.queries import answers_summary

            lines.extend("  " + line for line in answers_summary(self.answers, self.timings.get("answers", 0.0)))
        for path, reason in self.skipped:
            lines.append(f"  skipped {path}: {reason}")
        for path, error in self.crashed:
            lines.append(f"  internal error on {path}: {error}")
        return "\n".join(lines)



@dataclass
class Review:
    """What the curation file did to this build (see :mod:`kg.curation`)."""

    judgements: int = 0
    curation: Path | None = None
    rejected: list[str] = field(default_factory=list)
    corrected: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    unreviewed: list[str] = field(default_factory=list)  # facts in the graph nobody accepted or corrected
    stale: list[str] = field(default_factory=list)  # judgements about facts or entities that are gone

    def summary(self) -> list[str]:
        if not self.judgements:
            return []
        return [f"  curation {self.curation}: {self.judgements} judgement(s); {len(self.rejected)} fact(s) "
                f"rejected, {len(self.corrected)} corrected, {len(self.accepted)} accepted, "
                f"{len(self.unreviewed)} unreviewed" + (f"; {len(self.stale)} stale" if self.stale else "")]



def crash_log_path(output: Path) -> Path:
    """Where a build into ``output`` keeps the tracebacks of its internal errors."""
    return output.with_name(output.name + ".errors.log")


def _write_crash_log(path: Path, tracebacks: list[tuple[str, str]]) -> None:
    """The tracebacks of this build's internal errors; a log left by an earlier build
    that had none is removed, so the log always speaks of the last build."""
    if not tracebacks:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    text = "".join(f"=== internal error on {p}\n{tb}\n" for p, tb in tracebacks)
    with write.atomic_file(path) as handle:
        handle.write(text.encode("utf-8"))



class _SizeWarning:
    """The build's warning callback, which also warns about each article above the limit."""

    def __init__(self, warn: Callable[[str], None], limit: int | None) -> None:
        self.warn, self.limit = warn, limit

    def __call__(self, message: str) -> None:
        self.warn(message)

    def article(self, a: Article) -> None:
        size = len(a.text.encode("utf-8"))
        if self.limit is not None and size > self.limit:
            self.warn(f"warning: {a.path} is {size:,} bytes, above --max-article-bytes {self.limit:,}: "
                      f"extraction needs about 0.7 GB of memory per MB of text")


def _size_warning(warn: Callable[[str], None], limit: int | None) -> _SizeWarning:
    return _SizeWarning(warn, limit)


