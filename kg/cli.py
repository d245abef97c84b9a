"""The ``kg`` command: click only. Parse options, call the library, format, map errors.

Every command is one call into ``kg``; library errors (:mod:`kg.errors`) become a
one-line message and an exit code (0 ok / conforms, 1 violations, 2 usage or input,
3 internal error: a bug, never reported as bad input).
``kg --debug ...`` shows the traceback instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import click
from click.core import ParameterSource

from kg.errors import KgError

QUERY_FORMATS = ("table", "csv", "tsv", "json", "turtle")


class _State:
    debug = False


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread (see :func:`main`) so that the same cleanup as
    for Ctrl-C runs: temporary files removed, locks released, workers stopped."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


class KgGroup(click.Group):
    """Translates library errors once, for the console script and CliRunner alike."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except KgError as exc:
            if _State.debug:
                raise
            _echo_err(f"Error: {exc}")
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # the reader went away (`kg query ... | head -1`): nothing more to say to it
            _silence_stdout()
            ctx.exit(0)
        except KeyboardInterrupt as exc:
            terminated = isinstance(exc, Terminated)
            _echo_err("Terminated." if terminated else "Interrupted.")
            ctx.exit(128 + (signal.SIGTERM if terminated else signal.SIGINT))
        except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
            if _State.debug:
                raise
            # not a KgError: newskg itself failed, which is never reported as bad input
            _echo_err(f"Error: internal error: {type(exc).__name__}: {exc} "
                      "(a bug in newskg; run with --debug for the traceback)")
            ctx.exit(3)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list with each summary whole (click cuts them at ~45 characters)."""
        rows = [(name, command.get_short_help_str(limit=200))
                for name, command in ((n, self.get_command(ctx, n)) for n in self.list_commands(ctx))
                if command is not None and not command.hidden]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="newskg")
def cli(debug: bool) -> None:
    """newskg: news articles into a validated, source-linked RDF knowledge graph."""
    _State.debug = debug


# --------------------------------------------------------------------------- build


@contextlib.contextmanager
def _progress(show: bool, label: str = "articles") -> Iterator[dict[str, Callable[[int], None]]]:
    """``progress`` and ``on_total`` callbacks (:func:`kg.pipeline.build`, :func:`kg.store.load`):
    a bar on stderr with the items done, their rate and the time left; none unless ``show``."""
    if not show:
        yield {}
        return
    start = time.monotonic()
    with click.progressbar(length=1, label=label, file=sys.stderr, show_pos=True, show_eta=True,
                           item_show_func=lambda rate: rate) as bar:
        def on_total(total: int) -> None:
            bar.length = max(total, 1)
        def progress(n: int) -> None:
            rate = (bar.pos + n) / max(time.monotonic() - start, 1e-9)
            bar.update(n, f"{rate:.1f} {label}/s")

        yield {"progress": progress, "on_total": on_total}


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("build/graph.ttl"),
              show_default=True, help="Graph file; format from its suffix (.ttl .nt .nq .trig .jsonld).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=Path("build/store"),
              show_default=True, help="Embedded Oxigraph store to (re)load with the graph.")
@click.option("--no-store", is_flag=True, help="Do not load the embedded store.")
@click.option("--add", is_flag=True,
              help="Add these articles to the store, keeping the articles of earlier builds "
                   "(the -o file holds these articles only).")
@click.option("--no-answers", is_flag=True,
              help="Do not run the stored queries without parameters on the new store "
                   "(kept, their first `kg query` is a file read).")
@click.option("--report", "report_path", type=click.Path(path_type=Path),
              help="Write the SHACL validation report (Turtle) here.")
@click.option("--base", default=None, help="Base IRI for minted resources.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: CPU cores).")
@click.option("--strict", is_flag=True, help="Exit 2 when any article could not be read.")
@click.option("--no-cache", is_flag=True, help="Re-extract every article, ignoring the cache.")
@click.option("--model", default=None, help="spaCy model name (default: en_core_web_sm).")
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
@click.option("--curation", "curation_path", type=click.Path(path_type=Path), default=Path("curation.ttl"),
              show_default=True, help="Curation file whose judgements the build applies (if it exists).")
@click.option("--require-reviewed", is_flag=True,
              help="Exit 1 naming the facts nobody has accepted or corrected.")
@click.option("--max-article-bytes", type=click.IntRange(min=1), default=2_000_000, show_default=True,
              help="Warn about articles larger than this (extraction needs ~0.7 GB per MB of text).")
@click.option("--scheduler", metavar="tcp://HOST:8786", default=None,
              help="Extract on the workers of this Dask distributed scheduler instead of --jobs local "
                   "processes (same output; see docs/scale.md).")
def build(inputs: tuple[Path, ...], output: Path, store_dir: Path, no_store: bool, add: bool,
          no_answers: bool, report_path: Path | None, base: str | None, jobs: int | None, strict: bool,
          no_cache: bool, model: str | None, quiet: bool, curation_path: Path, require_reviewed: bool,
          max_article_bytes: int, scheduler: str | None) -> None:
    """Extract facts from articles (files or folders; default seeds/) into a graph."""
    from kg import pipeline

    default_output = click.get_current_context().get_parameter_source("output") is ParameterSource.DEFAULT
    with _progress(not quiet and sys.stderr.isatty()) as shown:
        result = pipeline.build(
            list(inputs) or [Path("seeds")], output=output, store_dir=None if no_store else store_dir,
            report_path=report_path, base=base, jobs=jobs, use_cache=not no_cache, model=model,
            on_warning=_echo_err, answer_ahead=not no_answers, curation=curation_path,
            max_article_bytes=max_article_bytes, scheduler=scheduler, add=add,
            create_folder=default_output, **shown)
    if not quiet:
        click.echo(result.summary())
    for line in result.review.stale:
        _echo_err(f"warning: stale judgement in {curation_path}: {line}")
    if result.crashed:
        _echo_err(f"Error: internal error (a bug in newskg, not in the input) on "
                  f"{len(result.crashed)} article(s); the others were built. Tracebacks: "
                  f"{result.crash_log}")
        raise SystemExit(3)
    if not result.report.conforms:
        from kg.validate import format_report

        _echo_err(format_report(result.report))
        raise SystemExit(1)
    if strict and result.skipped:
        _echo_err(f"Error: --strict: {len(result.skipped)} article(s) could not be read")
        raise SystemExit(2)
    if require_reviewed and result.review.unreviewed:
        facts = result.review.unreviewed
        _echo_err(f"Error: --require-reviewed: {len(facts)} fact(s) nobody has reviewed "
                  "(kg review accept/reject/correct FACT):")
        for fact in facts:
            _echo_err(f"  {fact}")
        raise SystemExit(1)


# ------------------------------------------------------------------------ validate


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--report", "report_path", type=click.Path(path_type=Path),
              help="Write the SHACL validation report (Turtle) here.")
def validate(file: Path, report_path: Path | None) -> None:
    """Validate a graph file against the SHACL shapes.

    FILE is .ttl, .nt, .nq, .trig or .jsonld (named graphs are merged). Prints the
    violations, grouped by article. Exit 0: conforms; 1: violations; 2: the file is
    missing, unreadable or not valid RDF (one line with line and column).
    """
    from kg.validate import format_report, validate_file, write_report

    report = validate_file(file)
    if report_path:
        write_report(report, report_path)
    click.echo(format_report(report))
    if not report.conforms:
        raise SystemExit(1)


# ---------------------------------------------------------------------------- query


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--param")
        if name in params:
            raise click.BadParameter(f"{name} given twice ({params[name]!r} and {value!r}); "
                                     "give each parameter once", param_hint="--param")
        params[name] = value
    return params


class _QueryCommand(click.Command):
    """``kg query --help`` ends with the stored queries and their parameters."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        from kg import queries

        try:
            stored = queries.list_queries()
        except KgError as exc:
            stored, problem = [], str(exc)
        else:
            problem = ""
        with formatter.section("Stored queries (kg queries shows their parameters)"):
            if stored:
                formatter.write_dl([(q.name, q.summary or "") for q in stored])
            else:
                formatter.write_text(problem or "none")


@cli.command(cls=_QueryCommand, short_help="Run a stored query by name (kg queries lists them) or a .rq file.")
@click.argument("query")
@click.option("--data", type=click.Path(path_type=Path), help="Query a graph file.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path),
              help="Query an embedded store (default: build/store).")
@click.option("--endpoint", help="Query a SPARQL endpoint (URL of its query service).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Query parameter; repeat for several (each name once).")
@click.option("-f", "--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table",
              show_default=True,
              help="table: for people; csv, tsv, json: SPARQL 1.1 results of SELECT and ASK "
                   "queries; turtle: the triples of a CONSTRUCT or DESCRIBE query.")
@click.option("--wide", is_flag=True,
              help="Table: never cut a cell to fit the terminal (output to a file or a pipe "
                   "is never cut).")
@click.option("--columns", metavar="NAME,NAME", default="",
              help="Table: show only these columns, in this order.")
@click.option("--timeout", type=float, default=None, help="Give up after this many seconds.")
@click.option("--user", help="User for HTTP Basic or Digest auth (endpoint).")
@click.option("--password-env", default="KG_PASSWORD", show_default=True,
              help="Environment variable holding the password (endpoint).")
@click.option("--no-cache", is_flag=True,
              help="Run the query even if this store version answered it before.")
def query(query: str, data: Path | None, store_dir: Path | None, endpoint: str | None,
          params: tuple[str, ...], fmt: str, wide: bool, columns: str, timeout: float | None,
          user: str | None, password_env: str, no_cache: bool) -> None:
    """Run a stored query (a name from the list below) or a .rq file.

    Answers come from build/store unless --data, --store or --endpoint says otherwise.
    """
    from kg import queries

    chosen = [x for x in (data, store_dir, endpoint) if x]
    if len(chosen) > 1:
        raise click.UsageError("give at most one of --data, --store, --endpoint")
    fit = not wide and sys.stdout.isatty()
    for chunk in queries.run_query(
        query, params=_parse_params(params), data=data, store_dir=store_dir, endpoint=endpoint,
        fmt=fmt, timeout=timeout, user=user, password_env=password_env, cache=not no_cache,
        width=max(80, shutil.get_terminal_size((160, 24)).columns) if fit else None,
        columns=[c.strip() for c in columns.split(",") if c.strip()],
    ):
        click.echo(chunk, nl=False)


@cli.command(name="queries")
def list_queries_cmd() -> None:
    """List the stored queries with their summaries and parameters."""
    from kg import queries

    click.echo(queries.format_query_list(queries.list_queries()))


# ----------------------------------------------------------------------- load/export


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--store", "store_dir", type=click.Path(path_type=Path), help="Embedded store directory.")
@click.option("--endpoint", help="Server URL (e.g. http://127.0.0.1:7878; see docs/stores.md).")
@click.option("--graph-store", help="Graph Store Protocol URL, if not derivable from --endpoint.")
@click.option("--query", "query_url", help="SPARQL query URL, if not derivable from --endpoint.")
@click.option("--update", "update_url", help="SPARQL update URL, if not derivable from --endpoint.")
@click.option("--server", type=click.Choice(["oxigraph", "fuseki", "graphdb", "virtuoso", "generic"]),
              default="generic", show_default=True, help="How to derive URLs from --endpoint.")
@click.option("--protocol", type=click.Choice(["gsp", "update"]), default="gsp", show_default=True,
              help="gsp: one Graph Store PUT per article graph; update: several graphs per "
                   "SPARQL Update request (faster).")
@click.option("--batch-size", type=int, default=50_000, show_default=True,
              help="Most triples per request.")
@click.option("--graph", "graph", metavar="IRI",
              help="Load the default graph's triples (all of a .ttl/.nt/.jsonld file) into "
                   "this named graph.")
@click.option("--user", help="User for HTTP Basic or Digest auth (password from --password-env or .netrc).")
@click.option("--password-env", default="KG_PASSWORD", show_default=True)
@click.option("--timeout", type=float, default=30.0, show_default=True)
@click.option("--retries", type=int, default=3, show_default=True)
@click.option("--no-answers", is_flag=True,
              help="With --store: do not run the stored queries without parameters on the "
                   "new version.")
def load(file: Path, store_dir: Path | None, endpoint: str | None, graph_store: str | None,
         query_url: str | None, update_url: str | None, server: str, protocol: str,
         batch_size: int, graph: str | None, user: str | None, password_env: str,
         timeout: float, retries: int, no_answers: bool) -> None:
    """Load a graph file into the embedded store or a SPARQL 1.1 server."""
    from kg import store

    if bool(store_dir) == bool(endpoint or graph_store or update_url):
        raise click.UsageError("give exactly one of --store or --endpoint")
    target = None if store_dir else store.Endpoint.from_options(
        endpoint, server=server, graph_store=graph_store, query_url=query_url,
        update_url=update_url, user=user, password_env=password_env, timeout=timeout,
        retries=retries,
    )
    options: dict[str, object] = {"store_dir": store_dir} if store_dir else {
        "endpoint": target, "protocol": protocol, "batch_size": batch_size}
    options["graph"] = graph
    with _progress(sys.stderr.isatty(), "quads") as shown:
        result = store.load(file, **options, **shown)  # type: ignore[arg-type]
    click.echo(result.summary())
    if result.quads and not store.format_for(file).dataset and graph is None:
        _echo_err(f"note: {file.name} has no named graphs, so its triples went to the default "
                  "graph; the stored queries read the article graphs (GRAPH ?g) and will not see "
                  "them. Build with -o graph.trig (or .nq) to load one graph per article.")
    if store_dir and not no_answers:
        from kg.queries import answers_summary, keep_answers

        for line in answers_summary(keep_answers(store_dir, jobs=os.cpu_count() or 1)):
            click.echo(line)


@cli.command()
@click.option("--store", "store_dir", type=click.Path(path_type=Path),
              help="Embedded store directory to dump (e.g. build/store).")
@click.option("--endpoint", help="Server base URL (e.g. http://127.0.0.1:7878; see docs/stores.md).")
@click.option("--server", type=click.Choice(["oxigraph", "fuseki", "graphdb", "virtuoso", "generic"]),
              default="generic", show_default=True, help="How to derive URLs from --endpoint.")
@click.option("--graph-store", help="Graph Store Protocol URL, if not derivable from --endpoint.")
@click.option("--query", "query_url", help="SPARQL query URL, if not derivable from --endpoint.")
@click.option("--user", help="User for HTTP Basic or Digest auth (password from --password-env or .netrc).")
@click.option("--password-env", default="KG_PASSWORD", show_default=True,
              help="Environment variable holding the password.")
@click.option("--timeout", type=float, default=30.0, show_default=True,
              help="Seconds to wait for each answer of the server.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Graph file to write; .trig/.nq/.jsonld keep the named graphs, .ttl/.nt "
                   "get their union.")
def export(store_dir: Path | None, endpoint: str | None, server: str, graph_store: str | None,
           query_url: str | None, user: str | None, password_env: str, timeout: float,
           output: Path) -> None:
    """Dump a store or a server back to a graph file (format from the suffix).

    Give --store or --endpoint. The file is written whole or not at all.
    """
    from kg import store

    if bool(store_dir) == bool(endpoint or graph_store):
        raise click.UsageError("give exactly one of --store or --endpoint")
    source = store_dir if store_dir else store.Endpoint.from_options(
        endpoint, server=server, graph_store=graph_store, query_url=query_url,
        user=user, password_env=password_env, timeout=timeout,
    )
    count = store.export(source, output)
    click.echo(f"wrote {count} quads to {output}")


# ---------------------------------------------------------------------------- review

_CURATION_OPTION = click.option("--curation", "curation_path", type=click.Path(path_type=Path), show_default=True,
                                default=Path("curation.ttl"), help="The curation file judgements are written to.")
_STORE_OPTION = click.option("--store", "store_dir", type=click.Path(path_type=Path), default=Path("build/store"),
                             show_default=True, help="The embedded store of the last build.")
_BY_OPTION = click.option("--by", default=None, help="Who decides (default: your login name).")


def _judge_options(fn):  # type: ignore[no-untyped-def]
    """--by, --curation and --store, shared by every judgement."""
    return _BY_OPTION(_CURATION_OPTION(_STORE_OPTION(fn)))


@cli.group()
def review() -> None:
    """Review facts and entities; judgements go to the curation file, applied by every build."""


@review.command(name="list")
@click.option("--pending", is_flag=True, help="Only facts nobody has judged.")
@click.option("--below", type=float, default=None, metavar="CONFIDENCE",
              help="Only facts with evidence below this confidence (0-1).")
@click.option("--company", default=None, help="Only facts about this company (name, alias, slug or Wikidata id).")
@_CURATION_OPTION
@_STORE_OPTION
def review_list(pending: bool, below: float | None, company: str | None, curation_path: Path,
                store_dir: Path) -> None:
    """Facts of the last build with their evidence quote, confidence and review state."""
    from kg import review as rv

    rows = rv.list_facts(curation_path=curation_path, store_dir=store_dir, pending=pending, below=below,
                         company=company)
    click.echo(rv.format_rows(rows, rv.Graph.open(store_dir).base))


def _judged(judgement: object, curation_path: Path) -> None:  # a Judgement (kg.curation)
    click.echo(f"{judgement.describe()} -> {curation_path}")  # type: ignore[attr-defined]


@review.command(name="accept")
@click.argument("fact")
@_judge_options
def review_accept(fact: str, by: str | None, curation_path: Path, store_dir: Path) -> None:
    """Mark FACT (IRI or :sanction/... CURIE) as right."""
    from kg import review as rv

    _judged(rv.judge_fact("accept", fact, curation_path=curation_path, store_dir=store_dir, by=by), curation_path)


@review.command(name="reject")
@click.argument("fact")
@click.option("--reason", required=True, help="Why the fact is wrong (kept with the judgement).")
@_judge_options
def review_reject(fact: str, reason: str, by: str | None, curation_path: Path, store_dir: Path) -> None:
    """Take FACT out of every build, keeping it and the reason in the curation graph."""
    from kg import review as rv

    _judged(rv.judge_fact("reject", fact, curation_path=curation_path, store_dir=store_dir, by=by,
                          reason=reason), curation_path)


@review.command(name="correct")
@click.argument("fact")
@click.argument("prop", metavar="PROPERTY")
@click.argument("value")
@_judge_options
def review_correct(fact: str, prop: str, value: str, by: str | None, curation_path: Path, store_dir: Path) -> None:
    """Replace FACT's PROPERTY (status, value, date, target, ...) with VALUE in every build."""
    from kg import review as rv

    _judged(rv.judge_fact("correct", fact, curation_path=curation_path, store_dir=store_dir, by=by,
                          prop=prop, value=value), curation_path)


@review.command(name="same")
@click.argument("first", metavar="ENTITY")
@click.argument("second", metavar="ENTITY")
@_judge_options
def review_same(first: str, second: str, by: str | None, curation_path: Path, store_dir: Path) -> None:
    """Two entities (IRIs, CURIEs or names) are one: every build merges them."""
    from kg import review as rv

    _judged(rv.judge_entities("same", first, second, curation_path=curation_path, store_dir=store_dir, by=by),
            curation_path)


@review.command(name="different")
@click.argument("first", metavar="ENTITY")
@click.argument("second", metavar="ENTITY")
@_judge_options
def review_different(first: str, second: str, by: str | None, curation_path: Path, store_dir: Path) -> None:
    """Two entities (IRIs, CURIEs or names) are not one: no build merges them."""
    from kg import review as rv

    _judged(rv.judge_entities("different", first, second, curation_path=curation_path, store_dir=store_dir,
                              by=by), curation_path)


# ----------------------------------------------------------------------------- eval


@cli.command(name="eval")
@click.argument("gold_dir", type=click.Path(path_type=Path))
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--model", default=None, help="spaCy model name.")
def eval_cmd(gold_dir: Path, inputs: tuple[Path, ...], as_json: bool, model: str | None) -> None:
    """Precision, recall and F1 per fact type against gold files.

    GOLD_DIR holds one JSON file per article (the format of ../shared/eval/gold/):
    "article" (its file name), "companies" [{"name"}], "sanctions" [{"target",
    "authority", "list", "date", "status"}], "court_orders" [{"type", "about_target",
    "court", "date"}] and "metrics" [{"company", "measure", "value", "unit", "period",
    "segment", "change"}]; null means "not said", not scored.

    The articles are looked up in INPUTS (files or folders); by default in
    GOLD_DIR/../articles, then seeds/.
    """
    from kg import evaluate

    scores = evaluate.evaluate(gold_dir, list(inputs) or None, model=model)
    if as_json:
        click.echo(json.dumps(scores.to_dict(), indent=2, sort_keys=True))
    else:
        click.echo(evaluate.format_scores(scores))


# ------------------------------------------------------------------------ serve/report


def _graph_source(store_dir: Path | None, endpoint: str | None, user: str | None,
                  password_env: str, timeout: float):  # type: ignore[no-untyped-def]
    from kg.web.source import GraphSource

    if store_dir and endpoint:
        raise click.UsageError("give at most one of --store, --endpoint")
    if endpoint:
        return GraphSource.for_endpoint(endpoint, user=user, password_env=password_env, timeout=timeout)
    return GraphSource.for_store(store_dir or Path("build/store"))


def _source_options(fn):  # type: ignore[no-untyped-def]
    for option in reversed([
        click.option("--store", "store_dir", type=click.Path(path_type=Path),
                     help="Embedded store (default: build/store)."),
        click.option("--endpoint", help="A SPARQL endpoint (URL of its query service)."),
        click.option("--user", help="User for HTTP basic auth (endpoint)."),
        click.option("--password-env", default="KG_PASSWORD", show_default=True,
                     help="Environment variable holding the password (endpoint)."),
        click.option("--timeout", type=float, default=30.0, show_default=True,
                     help="Seconds to wait for the endpoint."),
    ]):
        fn = option(fn)
    return fn


@cli.command()
@_source_options
@click.option("--curation", type=click.Path(path_type=Path), default=Path("curation.ttl"),
              show_default=True, help="Curation file the review pages write to.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; anything but loopback exposes the graph and the review pages.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
def serve(store_dir: Path | None, endpoint: str | None, user: str | None, password_env: str,
          timeout: float, curation: Path, host: str, port: int) -> None:
    """Local web view: search, company pages, evidence and review."""
    from kg.web.app import serve as run_server

    source = _graph_source(store_dir, endpoint, user, password_env, timeout)
    shown = f"[{host}]" if ":" in host else host
    _echo_err(f"newskg: serving {source.describe()} on http://{shown}:{port}/ (Ctrl-C stops)")
    run_server(source, host=host, port=port, curation=curation)


@cli.command()
@click.argument("company")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="The HTML file to write.")
@_source_options
def report(company: str, output: Path, store_dir: Path | None, endpoint: str | None,
           user: str | None, password_env: str, timeout: float) -> None:
    """One self-contained HTML page about COMPANY (name, alias, slug or Wikidata id)."""
    from kg.web.report import write_report

    source = _graph_source(store_dir, endpoint, user, password_env, timeout)
    click.echo(f"wrote {write_report(source, company, output)}")


# ----------------------------------------------------------------------------- main


def main() -> None:
    """Console-script entry point. SIGTERM stops ``kg`` like Ctrl-C (exit 143)."""
    signal.signal(signal.SIGTERM, _on_sigterm)
    cli(prog_name="kg")


if __name__ == "__main__":  # pragma: no cover
    main()
