"""``kg report``: one company's page as a single self-contained HTML file.

The same context as the web page (:func:`kg.web.pages.company_by_iri`), rendered with
the stylesheet inline, the timeline and charts as inline SVG, and every evidence link
pointing at a quote inside the file: it opens anywhere, offline, and can be mailed.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from kg.errors import UsageError
from kg.web import pages
from kg.web.app import environment, stylesheet
from kg.web.source import GraphSource


def render_report(source: GraphSource, company: str) -> str:
    """The report's HTML for ``company`` (a name, alias, slug, IRI or Wikidata id)."""
    iri = pages.resolve_company(source, company)
    ctx = pages.company_by_iri(source, iri, report=True)
    return environment().get_template("report.html").render(
        css=stylesheet(), source=source.describe(),
        generated=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), **ctx)


def write_report(source: GraphSource, company: str, output: Path | str) -> Path:
    """Write the report to ``output`` atomically (a failed run leaves no half file)."""
    output = Path(output)
    if output.suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"{output}: the report is HTML; name it FILE.html")
    html = render_report(source, company)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(html)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return output
