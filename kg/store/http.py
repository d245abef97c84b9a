"""A SPARQL 1.1 server over HTTP: Graph Store Protocol, query and update requests, with
bounded retries (urllib3's ``Retry``) and credentials that are never shown.

Loads: connection failures, timeouts and HTTP 5xx are retried with exponential backoff
(``retries``, ``backoff``); 4xx are not (401/403 are :class:`AuthError`). Every request
newskg sends is idempotent (GSP ``PUT``, merge ``POST``, ``DROP`` + ``INSERT DATA``), so
a retry never duplicates data. A server's ``Retry-After`` is not followed: the wait
stays bounded by ``backoff``.

Queries are sent form-encoded (``POST``, ``application/x-www-form-urlencoded``), the one
way every SPARQL 1.1 server must accept (Virtuoso 7 never answers a ``POST`` of
``application/sparql-query``). Only a failed connection or a 502/503/504 is retried: a
query that ran out of time would run out of time again, and a 500 is the query's own
error.

Credentials: HTTP Basic, sent with the first request, or Digest when the server refuses
it with a Digest challenge or a bare 401 (then for every later request); a Virtuoso
endpoint (``layout == "virtuoso"``) gets Digest from the start, so the password never
crosses the wire.
"""

from __future__ import annotations

import json
import netrc
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox

from kg.errors import InputError, StoreError, UsageError
from kg.store.scan import Graph
from kg.store.urls import SERVERS, VIRTUOSO_PATHS, derive, redact, strip_userinfo

if TYPE_CHECKING:  # pragma: no cover - requests is imported when a request is made
    import requests


class AuthError(StoreError):
    """The server refused our credentials (HTTP 401 or 403)."""


@dataclass
class QueryResponse:
    """A SPARQL result from a server: ``content`` (bytes) and ``content_type``; stream
    large results with ``iter_bytes()``. Use as a context manager, or read ``content``."""

    content_type: str
    _response: Any = field(repr=False)
    _redact: Callable[[str], str] = field(repr=False)

    @property
    def content(self) -> bytes:
        return b"".join(self.iter_bytes())

    def iter_bytes(self, chunk_size: int = 1 << 16) -> Iterator[bytes]:
        import requests

        try:
            yield from self._response.iter_content(chunk_size)
        except requests.RequestException as exc:
            raise StoreError(self._redact(f"the server broke off the result: {_reason(exc)}")
                             ) from None
        finally:
            self._response.close()

    def close(self) -> None:
        self._response.close()

    def __enter__(self) -> QueryResponse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()




@dataclass
class Endpoint:
    """A SPARQL 1.1 server: Graph Store Protocol, query and update URLs, credentials.

    Build one with :meth:`from_options`. The password is never shown: not in ``repr``,
    not in error messages (URLs are printed without their user info).
    """

    graph_store: str | None
    query_url: str | None
    update_url: str | None
    layout: str = "generic"
    user: str | None = None
    password: str | None = field(default=None, repr=False, compare=False)
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    _session: Any = field(default=None, init=False, repr=False, compare=False)
    _query_session: Any = field(default=None, init=False, repr=False, compare=False)
    _digest: bool = field(default=False, init=False, repr=False, compare=False)

    @classmethod
    def from_options(cls, url: str | None, *, server: str = "generic",
                     graph_store: str | None = None, query_url: str | None = None,
                     update_url: str | None = None, user: str | None = None,
                     password_env: str = "KG_PASSWORD", timeout: float = 30.0,
                     retries: int = 3, backoff: float = 0.5) -> Endpoint:
        """Derive the three URLs from ``url`` and ``server``; explicit URLs win.

        =========  ===========================  ======================  ==========================
        server     ``url``                      graph store / query     update
        =========  ===========================  ======================  ==========================
        oxigraph   ``http://h:7878``            ``/store``, ``/query``  ``/update``
        fuseki     ``http://h:3030/ds``         ``/ds/data``,           ``/ds/update``
                                                ``/ds/query``
        graphdb    ``http://h:7200/             ``REPO/rdf-graphs/      ``REPO/statements``
                   repositories/REPO``          service``, ``REPO``
        virtuoso   ``http://h:8890``            ``/sparql-graph-crud``, ``/sparql``
                                                ``/sparql``
        =========  ===========================  ======================  ==========================

        Virtuoso with credentials: ``/sparql-graph-crud-auth`` and ``/sparql-auth``
        (HTTP Digest). Its URL may also end in one of those four names.

        ``generic`` (the default) guesses from the URL's path: empty, or just ``/store``,
        ``/query`` or ``/update`` -> Oxigraph; ending in ``/repositories/<id>`` -> GraphDB
        (and RDF4J); ``.../<ds>/query|sparql|update|data|get`` -> Fuseki dataset ``<ds>``
        (a ``query``/``sparql`` URL stays the query URL); ending in ``/sparql-auth``,
        ``/sparql-graph-crud`` or ``/sparql-graph-crud-auth`` -> Virtuoso; anything else ->
        the URL itself for all three (what a Fuseki dataset URL accepts).

        Credentials: ``user`` (or ``http://user:password@host/`` in a URL); the password
        from the environment variable ``password_env``, else from ``~/.netrc``. Without
        a user, requests still applies ``~/.netrc`` for the host.

        >>> e = Endpoint.from_options("http://localhost:3030/ds", server="fuseki")
        >>> e.graph_store, e.query_url, e.update_url
        ('http://localhost:3030/ds/data', 'http://localhost:3030/ds/query', \
'http://localhost:3030/ds/update')
        >>> Endpoint.from_options("http://localhost:7878").graph_store
        'http://localhost:7878/store'
        """
        if server not in SERVERS:
            raise UsageError(f"unknown server kind {server!r} (use one of {', '.join(SERVERS)})")
        if timeout is not None and timeout <= 0:
            raise UsageError("--timeout must be positive")
        if retries < 0:
            raise UsageError("--retries must be 0 or more")
        urls, found = _urls(url, server, graph_store, query_url, update_url, user)
        user, password = _credentials(urls, user, found, password_env)
        return cls(urls[1], urls[2], urls[3], layout=urls[0], user=user, password=password,
                   timeout=timeout, retries=retries, backoff=backoff)

    # -- plumbing

    def __str__(self) -> str:
        return self.graph_store or self.query_url or self.update_url or "?"

    def _hide(self, text: str) -> str:
        return redact(text, self.password)

    @property
    def session(self) -> requests.Session:
        """For loads and exports: connection failures, timeouts and 5xx are retried."""
        if self._session is None:
            self._session = self._new_session(read=self.retries, status=range(500, 600))
        return self._session

    @property
    def query_session(self) -> requests.Session:
        """For queries: only connection failures and 502/503/504 are retried."""
        if self._query_session is None:
            self._query_session = self._new_session(read=0, status=(502, 503, 504))
        return self._query_session

    def _new_session(self, *, read: int, status: Any) -> requests.Session:
        import requests
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry

        session = requests.Session()
        if self.user is not None:
            session.auth = self._auth()
        session.headers["User-Agent"] = "newskg"
        retry = Retry(total=self.retries, connect=self.retries, read=read,
                      status=self.retries, other=0, redirect=5,
                      allowed_methods=None,  # every request we send is idempotent
                      status_forcelist=status, backoff_factor=self.backoff,
                      backoff_max=30.0, raise_on_status=False,
                      respect_retry_after_header=False)
        adapter = HTTPAdapter(max_retries=retry)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    def _auth(self) -> Any:
        from requests.auth import HTTPBasicAuth, HTTPDigestAuth

        if self._digest or self.layout == "virtuoso":
            return HTTPDigestAuth(self.user or "", self.password or "")
        return HTTPBasicAuth(self.user or "", self.password or "")

    def _switch_to_digest(self, response: requests.Response) -> bool:
        """True (and every later request uses Digest) when ``response`` refuses the Basic
        credentials we sent with a Digest challenge, or with none at all (Virtuoso answers
        Basic credentials with a bare 401; Digest then gets its challenge itself)."""
        challenge = response.headers.get("WWW-Authenticate", "").lower()
        if self.user is None or self._digest or self.layout == "virtuoso" \
                or (challenge and "digest" not in challenge):
            return False
        self._digest = True
        for session in (self._session, self._query_session):
            if session is not None:
                session.auth = self._auth()
        return True

    def close(self) -> None:
        for session in (self._session, self._query_session):
            if session is not None:
                session.close()
        self._session = self._query_session = None

    def _request(self, method: str, url: str | None, what: str, *,
                 query: str = "", data: bytes | None = None,
                 headers: dict[str, str] | None = None, stream: bool = False,
                 timeout: float | None = None, missing_ok: bool = False,
                 refused_ok: bool = False,
                 session: requests.Session | None = None) -> requests.Response:
        """Send, retried by the session (see the module docstring); a response that is
        still an error after the retries becomes a one-line :class:`StoreError`.

        ``missing_ok``: None for a 404. ``refused_ok``: None for an error whose text says
        the server has no default graph (a ``GET ?default``)."""
        session = session or self.session
        if not url:
            raise UsageError(f"no {what} URL for this server: give it with --{what}")
        full = url + (("&" if "?" in url else "?") + query if query else "")
        response = self._send(session, method, full, url, data=data, headers=headers, stream=stream,
                              timeout=timeout or self.timeout)
        status = response.status_code
        if status < 400 or (status == 404 and missing_ok):
            if status >= 400:
                response.close()
                return None  # type: ignore[return-value]
            return response
        body = _text(response)
        response.close()
        if refused_ok and status not in (401, 403) and _NO_DEFAULT_GRAPH.search(body):
            return None  # type: ignore[return-value]
        raise self._http_error(session, method, url, status, response.reason, body)

    def _gave_up(self) -> str:
        return f" (gave up after {self.retries + 1} attempt{'s' if self.retries else ''})"

    def _send(self, session: requests.Session, method: str, full: str, url: str, *, data: bytes | None,
              headers: dict[str, str] | None, stream: bool, timeout: float) -> requests.Response:
        """One request (retried by the session), answering a Digest challenge once; a failure
        to get any answer is a one-line StoreError (never retried after a query timed out)."""
        import requests

        try:
            response = session.request(method, full, data=data, headers=headers, stream=stream, timeout=timeout)
            if response.status_code == 401 and self._switch_to_digest(response):
                response.close()
                response = session.request(method, full, data=data, headers=headers, stream=stream,
                                           timeout=timeout)
            return response
        except requests.RequestException as exc:
            shown = self._hide(url)
            failure = _failure(exc, timeout)
            if failure is None:
                raise StoreError(self._hide(f"{method} {shown}: {_reason(exc)}")) from None
            once = session is self.query_session and failure.startswith("no answer")
            raise StoreError(self._hide(f"{method} {shown}: {failure}"
                                        f"{'' if once else self._gave_up()}")) from None

    def _http_error(self, session: requests.Session, method: str, url: str, status: int,
                    reason: str | None, body: str) -> Exception:
        """The one-line error for an HTTP error status that the retries did not cure."""
        shown = self._hide(url)
        message = f"HTTP {status} {reason or ''}".rstrip() + _snippet(body)
        if status in (401, 403):
            return AuthError(f"authentication failed for {shown} (HTTP {status})")
        if status >= 500:
            retried = session is not self.query_session or status in (502, 503, 504)
            return StoreError(self._hide(f"{method} {shown}: {message}{self._gave_up() if retried else ''}"))
        hint = (" (is this the right URL? see --server, --graph-store, --query, --update)"
                if status in (404, 405) else "")
        return StoreError(self._hide(f"{method} {shown}: {message}{hint}"))

    @staticmethod
    def _graph_query(graph: Graph | str | None) -> str:
        if graph is None or isinstance(graph, ox.DefaultGraph):
            return "default"
        iri = graph if isinstance(graph, str) else graph.value
        if isinstance(graph, ox.BlankNode):
            raise InputError(f"graph {graph} is a blank node: a server cannot address it")
        return "graph=" + quote(iri, safe="")

    # -- Graph Store Protocol

    def put_graph(self, graph: Graph | str | None, ntriples: bytes) -> None:
        """Replace ``graph`` (``None``: the default graph) with N-Triples ``ntriples``."""
        self._request("PUT", self.graph_store, "graph-store", query=self._graph_query(graph),
                      data=ntriples, headers={"Content-Type": "application/n-triples"}).close()

    def post_graph(self, graph: Graph | str | None, ntriples: bytes) -> None:
        """Merge N-Triples ``ntriples`` into ``graph``."""
        self._request("POST", self.graph_store, "graph-store", query=self._graph_query(graph),
                      data=ntriples, headers={"Content-Type": "application/n-triples"}).close()

    def get_graph(self, graph: Graph | str | None) -> Iterator[ox.Triple]:
        """Stream the triples of ``graph`` (empty when the server does not know it).

        The default graph is empty on a server that refuses to address it (Virtuoso: "the
        endpoint is not configured to have default graph"; it is not asked at all).
        """
        default = graph is None or isinstance(graph, ox.DefaultGraph)
        if default and self.layout == "virtuoso":
            return
        response = self._request(
            "GET", self.graph_store, "graph-store", query=self._graph_query(graph),
            headers={"Accept": "application/n-triples"}, stream=True, missing_ok=True,
            refused_ok=default)
        if response is None:
            return
        yield from self._parse_response(response, ox.RdfFormat.N_TRIPLES)

    def _parse_response(self, response: requests.Response, default: ox.RdfFormat
                        ) -> Iterator[Any]:
        import requests
        import urllib3

        try:
            media = response.headers.get("Content-Type", "").split(";")[0].strip()
            fmt = (ox.RdfFormat.from_media_type(media) if media else None) or default
            response.raw.decode_content = True
            yield from ox.parse(input=response.raw, format=fmt)
        except SyntaxError as exc:
            raise StoreError(self._hide(f"the server sent invalid RDF: {exc}")) from None
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            raise StoreError(self._hide(f"the server broke off the download: {_reason(exc)}")
                             ) from None
        finally:
            response.close()

    def dataset(self) -> Iterator[ox.Quad]:
        """Every quad on the server: the default graph, then each named graph but the
        server's own (:meth:`named_graphs`).

        Named graphs are fetched one GSP ``GET`` each; an Oxigraph server gives the whole
        dataset in one ``GET`` (N-Quads).
        """
        if self.layout == "oxigraph":
            response = self._request("GET", self.graph_store, "graph-store",
                                     headers={"Accept": "application/n-quads"}, stream=True)
            yield from self._parse_response(response, ox.RdfFormat.N_QUADS)
            return
        for triple in self.get_graph(None):
            yield ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph())
        for iri in self.named_graphs():
            graph = ox.NamedNode(iri)
            for triple in self.get_graph(graph):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)

    # -- SPARQL

    def query(self, sparql: str, accept: str = "application/sparql-results+json", *,
              timeout: float | None = None) -> QueryResponse:
        """POST ``sparql`` form-encoded (``query=...``); the result is streamed.

        Not retried when it times out or fails with HTTP 500 (see the module docstring).
        """
        response = self._request(
            "POST", self.query_url, "query", data=urlencode({"query": sparql}).encode("ascii"),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
            stream=True, timeout=timeout, session=self.query_session)
        return QueryResponse(response.headers.get("Content-Type", ""), response, self._hide)

    def update(self, sparql: str) -> None:
        """POST a SPARQL 1.1 Update (one transaction on Oxigraph, Fuseki and GraphDB)."""
        self._request("POST", self.update_url, "update", data=sparql.encode("utf-8"),
                      headers={"Content-Type": "application/sparql-update"}).close()

    def _select(self, sparql: str) -> list[dict[str, Any]]:
        """The bindings of a small SELECT, as SPARQL JSON."""
        with self.query(sparql) as result:
            try:
                rows = json.loads(result.content)["results"]["bindings"]
            except (ValueError, KeyError, TypeError):
                raise StoreError(f"{self._hide(self.query_url or '')}: not a SPARQL JSON "
                                 "result") from None
        return [row for row in rows if isinstance(row, dict)]

    def named_graphs(self) -> list[str]:
        """IRIs of the server's named graphs, without the server's own (Virtuoso's system
        graphs, see :func:`system_graph`).

        ``GRAPH ?g {}`` lists them on Oxigraph, Fuseki and GraphDB; Virtuoso answers it
        with nothing, so an empty answer is asked again as ``GRAPH ?g { ?s ?p ?o }``.
        """
        def listed(sparql: str) -> list[str]:
            return [row["g"]["value"] for row in self._select(sparql)
                    if row.get("g", {}).get("type") == "uri"]

        graphs = [] if self.layout == "virtuoso" else \
            listed("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")
        if not graphs:  # Virtuoso answers one empty row
            graphs = listed("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        virtuoso = self.layout == "virtuoso" or VIRTRDF in graphs
        return [g for g in graphs if not (virtuoso and system_graph(g))]

    def graph_counts(self) -> dict[str, int]:
        """Triples in each named graph (the server's own left out, as in
        :meth:`named_graphs`)."""
        rows = self._select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                            "GROUP BY ?g")
        counts = {row["g"]["value"]: int(row["n"]["value"]) for row in rows
                  if row.get("g", {}).get("type") == "uri"}
        if self.layout == "virtuoso" or VIRTRDF in counts:
            counts = {g: n for g, n in counts.items() if not system_graph(g)}
        return counts

    def count(self) -> int:
        """Number of quads on the server (default graph plus named graphs; on Virtuoso,
        whose default graph is the union of the others, the named graphs but its own)."""
        if self.layout == "virtuoso":
            return sum(self.graph_counts().values())
        sparql = ("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION "
                  "{ GRAPH ?g { ?s ?p ?o } } }")
        return int(self._select(sparql)[0]["n"]["value"])


#: The graph every Virtuoso holds (its RDF views); a server listing it is a Virtuoso.
VIRTRDF = "http://www.openlinksw.com/schemas/virtrdf#"
_SYSTEM = re.compile(r"^(?:http://www\.openlinksw\.com/|http://www\.w3\.org/ns/ldp#$"
                     r"|http://www\.w3\.org/2002/07/owl#$|http://localuriqaserver/"
                     r"|https?://[^/]+/(?:sparql|DAV/.*)$)")
_NO_DEFAULT_GRAPH = re.compile(r"default.graph|\?default|not configured", re.IGNORECASE)


def system_graph(iri: str) -> bool:
    """A graph Virtuoso keeps for itself: its schemas (``http://www.openlinksw.com/...``,
    LDP, OWL), its service description (``http://HOST/sparql``,
    ``http://localuriqaserver/sparql``) and WebDAV (``http://HOST/DAV/...``).

    >>> system_graph(VIRTRDF), system_graph("http://localhost:8890/sparql")
    (True, True)
    >>> system_graph("https://w3id.org/newskg/id/graph/entities")
    False
    """
    return bool(_SYSTEM.match(iri))


Urls = tuple[str, str | None, str | None, str | None]  # layout, graph store, query, update


def _urls(url: str | None, server: str, graph_store: str | None, query_url: str | None,
          update_url: str | None, user: str | None = None
          ) -> tuple[Urls, tuple[str | None, str | None]]:
    """The layout and the three URLs (explicit ones win over derived ones), and the first
    ``user:password`` found inside any of them."""
    found: list[tuple[str | None, str | None]] = []

    def clean(value: str | None) -> str | None:
        if value is None:
            return None
        stripped, u, p = strip_userinfo(value)
        if u:
            found.append((u, p))
        return stripped

    base = clean(url)
    explicit = [clean(graph_store), clean(query_url), clean(update_url)]
    authenticated = bool(user or found)
    layout, gsp, query, update = (derive(base, server, authenticated=authenticated) if base
                                  else ("generic", None, None, None))
    gsp, query, update = (explicit[0] or gsp, explicit[1] or query, explicit[2] or update)
    if layout == "generic" and any(urlsplit(u).path.rstrip("/").rsplit("/", 1)[-1]
                                   in VIRTUOSO_PATHS[1:] for u in (gsp, query, update) if u):
        layout = "virtuoso"  # Virtuoso's own service names: Digest, its system graphs
    if not (gsp or query or update):
        raise UsageError("no server URL: give --endpoint (or --graph-store/--query/--update)")
    return (layout, gsp, query, update), (found[0] if found else (None, None))


def _credentials(urls: Urls, user: str | None, found: tuple[str | None, str | None],
                 password_env: str) -> tuple[str | None, str | None]:
    """(user, password): the password in the URL (for its user), else ``$password_env``,
    else ``~/.netrc``; a user without any password is a :class:`UsageError`."""
    found_user, found_password = found
    user = user or found_user
    if not user:
        return None, None
    password = found_password if user == found_user else None
    if password is None:
        password = os.environ.get(password_env) or None
    target = next(u for u in urls[1:] if u)
    if password is None:
        password = _netrc_password(target, user)
    if password is None:
        host = urlsplit(target).hostname
        raise UsageError(f"no password for user {user}: set ${password_env} or add "
                         f"'machine {host} login {user} password ...' to ~/.netrc")
    return user, password


def _failure(exc: BaseException, timeout: float) -> str | None:
    """What went wrong with a request the session gave up on: no answer in time, or no
    connection; None for anything else (not retried)."""
    import requests
    import urllib3

    seen: list[BaseException] = []
    item: BaseException | None = exc
    while item is not None and item not in seen:
        seen.append(item)
        item = getattr(item, "reason", None) if isinstance(item, urllib3.exceptions.MaxRetryError) \
            else (item.args[0] if item.args and isinstance(item.args[0], BaseException) else None)
    timeouts = (requests.Timeout, urllib3.exceptions.TimeoutError)
    refused = urllib3.exceptions.NewConnectionError  # a ConnectTimeoutError by descent only
    if any(isinstance(e, timeouts) and not isinstance(e, refused) for e in seen):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, requests.ConnectionError):
        return f"cannot connect ({_reason(exc)})"
    return None


def _netrc_password(url: str, user: str) -> str | None:
    host = urlsplit(url).hostname
    try:
        entry = netrc.netrc().authenticators(host) if host else None
    except (OSError, netrc.NetrcParseError):
        return None
    if entry and (not entry[0] or entry[0] == user):
        return entry[2]
    return None


def _reason(exc: BaseException) -> str:
    """A short reason for a requests/urllib3 error (they nest long reprs)."""
    text = str(exc)
    for pattern in (r"\[Errno -?\d+\] ([^'\")\]]+)", r"RemoteDisconnected\('([^']+)'",
                    r"(Connection (?:aborted|reset|refused)[^'\")]*)", r"(Read timed out)"):
        match = re.search(pattern, text)
        if match:
            return match.group(1).strip().rstrip(".")
    return " ".join(text.split())[:200] or type(exc).__name__


def _text(response: requests.Response, limit: int = 1 << 16) -> str:
    """The start of an error response's body ("" when it cannot be read)."""
    try:
        return str(response.text[:limit])
    except Exception:  # noqa: BLE001 - a body we cannot read is no reason to fail differently
        return ""


def _snippet(text: str) -> str:
    first = " ".join(text.strip().split())[:200]
    return f": {first}" if first else ""
