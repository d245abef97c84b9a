"""The embedded Oxigraph store and SPARQL 1.1 servers: load, replace, export.

Two kinds of target, one vocabulary of operations:

* **Embedded** (``build/store``, pyoxigraph on disk): every change (``replace_store``
  from ``kg build``, ``load`` from ``kg load --store``) builds a new version and
  publishes it atomically, so readers never see a half-written store
  (:mod:`kg.store.versions`).
* **Remote** (:class:`Endpoint`): SPARQL 1.1 Graph Store HTTP Protocol (default) or
  SPARQL 1.1 Update. Article graphs (``<base>graph/article/<id>``) are *replaced* as a
  whole, every other graph (entities, the default graph) is *merged*; all requests are
  idempotent, so a failed load is completed by running it again.

One job per module:

==============  ================================================================
``scan``        one validating pass over a file; replaced and merged graphs
``versions``    store versions, the writer lock, atomic publication, clean-up
``embedded``    open, replace and load the embedded store
``urls``        server kinds and their URLs; credentials in URLs, hidden
``http``        :class:`Endpoint`: GSP, query and update requests, with retries
``remote``      loading a file into a server in bounded requests
``loading``     :func:`load`: either target
``exporting``   :func:`export`: a store or a server back to a file
==============  ================================================================

Library code: raises :mod:`kg.errors` with one-line messages (passwords never appear in
them), never prints or exits.

>>> import tempfile, pathlib
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> _ = (tmp / "g.trig").write_text(
...     '<https://w3id.org/newskg/id/graph/article/a1> {'
...     ' <https://w3id.org/newskg/id/article/a1> <http://purl.org/dc/terms/title> "T" . }')
>>> load(tmp / "g.trig", store_dir=tmp / "store").quads
1
>>> len(open_store(tmp / "store"))
1
"""

from __future__ import annotations

from kg.results import RESULTS_SUFFIX
from kg.store.embedded import article_graphs, open_store, open_version, replace_store
from kg.store.exporting import export
from kg.store.http import AuthError, Endpoint, QueryResponse
from kg.store.loading import DEFAULT_BATCH, load
from kg.store.remote import PartialLoad
from kg.store.scan import LoadResult, is_article_graph
from kg.store.urls import SERVERS
from kg.store.versions import current_version
from kg.write import FORMATS, format_for

__all__ = [
    "article_graphs",
    "DEFAULT_BATCH",
    "FORMATS",
    "RESULTS_SUFFIX",
    "SERVERS",
    "AuthError",
    "Endpoint",
    "LoadResult",
    "PartialLoad",
    "QueryResponse",
    "current_version",
    "export",
    "format_for",
    "is_article_graph",
    "load",
    "open_store",
    "open_version",
    "replace_store",
]
