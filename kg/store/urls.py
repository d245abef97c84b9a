"""Server URLs: which graph store, query and update URLs a server kind has, credentials
inside URLs, and hiding them (a password never appears in output).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

from kg.errors import UsageError

SERVERS = ("generic", "oxigraph", "fuseki", "graphdb", "virtuoso")

#: Virtuoso's services (its documentation: "SPARQL Endpoint", "SPARQL 1.1 Graph Store
#: HTTP Protocol"); the ``-auth`` ones ask for HTTP Digest credentials.
VIRTUOSO_PATHS = ("sparql", "sparql-auth", "sparql-graph-crud", "sparql-graph-crud-auth")


def strip_userinfo(url: str) -> tuple[str, str | None, str | None]:
    """``http://u:p@host/x`` -> (``http://host/x``, u, p)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"not an http(s) URL: {redact(url)}")
    if "@" not in parts.netloc:
        return url, None, None
    host = parts.netloc.rsplit("@", 1)[1]
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    return urlunsplit(parts._replace(netloc=host)), user, password


_USERINFO = re.compile(r"(?<=://)([^/@\s:]*):[^/@\s]*@")


def redact(text: str, secret: str | None = None) -> str:
    """Hide ``user:password@`` in URLs, and ``secret`` wherever it appears."""
    text = _USERINFO.sub(r"\1:***@", text)
    if secret:
        text = text.replace(secret, "***")
    return text


def _join(base: str, *segments: str) -> str:
    return "/".join([base.rstrip("/"), *segments])


def derive(url: str, server: str, *, authenticated: bool = False) -> tuple[str, str, str, str]:
    """(layout, graph store URL, query URL, update URL) for ``url`` and ``server``;
    ``authenticated``: credentials were given (Virtuoso has other URLs for them).

    See :meth:`kg.store.Endpoint.from_options` for the rules.
    """
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    segments = [s for s in path.split("/") if s]
    last = segments[-1] if segments else ""
    origin = urlunsplit(parts._replace(path="", query="", fragment=""))

    def at(p: str) -> str:
        return urlunsplit(parts._replace(path=p, query="", fragment=""))

    def oxigraph(base: str) -> tuple[str, str, str, str]:
        return "oxigraph", _join(base, "store"), _join(base, "query"), _join(base, "update")

    def fuseki(dataset: str, query: str | None = None) -> tuple[str, str, str, str]:
        return ("fuseki", _join(dataset, "data"), query or _join(dataset, "query"),
                _join(dataset, "update"))

    def graphdb(repo: str) -> tuple[str, str, str, str]:
        return "graphdb", _join(repo, "rdf-graphs", "service"), repo, _join(repo, "statements")

    def virtuoso(base: str) -> tuple[str, str, str, str]:
        auth = "-auth" if authenticated or last.endswith("-auth") else ""
        return ("virtuoso", _join(base, "sparql-graph-crud" + auth), _join(base, "sparql" + auth),
                _join(base, "sparql" + auth))

    repo = re.match(r"^(.*/repositories/[^/]+)(/statements|/rdf-graphs/service)?$", path)
    if server == "oxigraph":
        return oxigraph(at(path.rsplit("/", 1)[0]) if last in ("store", "query", "update")
                        else at(path))
    if server == "fuseki":
        if last in ("data", "query", "sparql", "update", "get") and len(segments) > 1:
            return fuseki(at(path.rsplit("/", 1)[0]))
        return fuseki(at(path))
    if server == "graphdb":
        if not repo:
            raise UsageError(f"a GraphDB URL ends in /repositories/<id>, not {redact(url)}")
        return graphdb(at(repo.group(1)))
    if server == "virtuoso":
        return virtuoso(at(path.rsplit("/", 1)[0]) if last in VIRTUOSO_PATHS else at(path))
    return _guess(path, segments, last, origin, repo, at, oxigraph, fuseki, graphdb, virtuoso)


def _guess(path, segments, last, origin, repo, at, oxigraph, fuseki, graphdb, virtuoso):  # type: ignore[no-untyped-def]
    """``--server generic``: the layout guessed from the shape of the URL."""
    if not segments or (len(segments) == 1 and last in ("store", "query", "update")):
        return oxigraph(origin)
    if repo:
        return graphdb(at(repo.group(1)))
    if last in VIRTUOSO_PATHS[1:]:  # Virtuoso's own names (a bare /sparql is anyone's)
        return virtuoso(at(path.rsplit("/", 1)[0]))
    if len(segments) > 1 and last in ("query", "sparql", "update", "data", "get"):
        dataset = at(path.rsplit("/", 1)[0])
        return fuseki(dataset, query=at(path) if last in ("query", "sparql") else None)
    whole = at(path)
    return "generic", whole, whole, whole

