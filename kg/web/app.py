"""``kg serve``: the analyst's view, a Starlette application over :mod:`kg.web.pages`.

Safe by default:

* it binds 127.0.0.1 unless told otherwise, and answers only requests whose ``Host`` is
  the address it serves (a page on another site cannot reach it through DNS rebinding);
* templates are autoescaped and no article text is ever marked safe; every response
  carries a Content-Security-Policy that allows no script at all;
* state-changing requests are ``POST`` with a CSRF token (a random cookie that the form
  must repeat, compared in constant time, and a same-origin check); other methods get 405;
* no URL reaches the file system: names in URLs are looked up in the graph, and the one
  stylesheet is read from the package once, by name;
* a broken store or endpoint, like any other error, is an error page, never a traceback.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from kg.errors import KgError, NotFound, UsageError
from kg.web import pages
from kg.web.source import GraphSource

log = logging.getLogger("kg.web")

CSRF_COOKIE = "kg_csrftoken"
CSRF_FIELD = "csrftoken"
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")


def environment() -> Environment:
    """The Jinja environment of the pages and the report: autoescaping always on."""
    env = Environment(loader=PackageLoader("kg.web", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env


def stylesheet() -> str:
    return resources.files("kg.web").joinpath("static/style.css").read_text(encoding="utf-8")


class WebApp:
    """The application's state: the graph source, the curation file, the templates."""

    def __init__(self, source: GraphSource, *, curation: Path | None = None):
        self.source = source
        self.curation = Path(curation) if curation else Path("curation.ttl")
        self.env = environment()
        self.css = stylesheet().encode("utf-8")

    def render(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        token = request.cookies.get(CSRF_COOKIE) or ""
        fresh = not _valid_token(token)
        if fresh:
            token = secrets.token_urlsafe(32)
        html = self.env.get_template(template).render(
            csrf_token=token, source=self.source.describe(), request_path=request.url.path, **context)
        response = HTMLResponse(html, status_code=status)
        if fresh:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
        return response


def _valid_token(token: str) -> bool:
    return 20 <= len(token) <= 100 and token.replace("-", "").replace("_", "").isalnum()


def create_app(source: GraphSource, *, curation: Path | None = None,
               allowed_hosts: list[str] | None = None) -> Starlette:
    """The ASGI application. ``allowed_hosts`` are the ``Host`` names it answers (default:
    127.0.0.1, localhost and ::1)."""
    web = WebApp(source, curation=curation)

    def page(fn: Callable[[Request], Any]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            from starlette.concurrency import run_in_threadpool

            return await run_in_threadpool(fn, request)

        return endpoint

    def home(request: Request) -> Response:
        q = request.query_params.get("q")
        return web.render(request, "search.html", **pages.search(web.source, q))

    def company(request: Request) -> Response:
        ctx = pages.company(web.source, request.path_params["slug"])
        return web.render(request, "company.html", **ctx)

    def article(request: Request) -> Response:
        ctx = pages.article(web.source, request.path_params["article"])
        return web.render(request, "article.html", **ctx)

    def evidence(request: Request) -> Response:
        p = request.path_params
        ctx = pages.article(web.source, p["article"], evidence=f"{p['article']}/{p['span']}")
        return web.render(request, "article.html", **ctx)

    def fact(request: Request) -> Response:
        ctx = pages.fact(web.source, request.path_params["path"])
        return web.render(request, "fact.html", **ctx)

    def css(request: Request) -> Response:
        return Response(web.css, media_type="text/css",
                        headers={"Cache-Control": "no-cache"})

    routes = [
        Route("/", page(home), methods=["GET"]),
        Route("/company/{slug}", page(company), methods=["GET"]),
        Route("/article/{article}", page(article), methods=["GET"]),
        Route("/evidence/{article}/{span}", page(evidence), methods=["GET"]),
        Route("/fact/{path:path}", page(fact), methods=["GET"]),
        Route("/static/style.css", css, methods=["GET"]),
    ]
    try:
        from kg.web import review
    except ImportError:  # pragma: no cover - the review pages need kg.curation
        review = None  # type: ignore[assignment]
    if review is not None:
        routes.extend(review.routes(web, page))

    async def error_page(request: Request, exc: Exception) -> Response:
        if isinstance(exc, HTTPException):
            status, message = exc.status_code, exc.detail or "error"
            if status == 405:
                message = f"{request.method} is not allowed here"
        elif type(exc).__name__ == "CurationUnavailable":
            status, message = 501, str(exc)
        elif isinstance(exc, CsrfFailed):
            status, message = 403, str(exc)
        elif isinstance(exc, NotFound):
            status, message = 404, str(exc)
        elif isinstance(exc, (UsageError,)) or type(exc).__name__ == "QueryError":
            status, message = 400, str(exc)
        elif isinstance(exc, KgError):
            status, message = 503, f"the graph cannot be read: {exc}"
        else:
            log.exception("internal error on %s", request.url.path)
            status, message = 500, f"internal error: {type(exc).__name__} (a bug in newskg; see the server log)"
        response = web.render(request, "error.html", status=status, status_code=status, message=message)
        if status == 405:
            response.headers["Allow"] = "GET, HEAD" if request.method == "POST" else "GET, HEAD, POST"
        return response

    class Guard(BaseHTTPMiddleware):
        """Methods, the same-origin check of every POST, security headers, error pages."""

        async def dispatch(self, request: Request,
                           call_next: Callable[[Request], Awaitable[Response]]) -> Response:
            if request.method not in ("GET", "HEAD", "POST"):
                response: Response = await error_page(request, HTTPException(405))
            elif request.method == "POST" and not _same_origin(request):
                response = web.render(request, "error.html", status=403, status_code=403,
                                      message=CSRF_MESSAGE)
            else:
                try:
                    response = await call_next(request)
                except Exception as exc:  # noqa: BLE001 - an error page, never a traceback
                    response = await error_page(request, exc)
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "same-origin")
            response.headers.setdefault("X-Frame-Options", "DENY")
            return response

    hosts = allowed_hosts or ["127.0.0.1", "localhost", "[::1]", "::1"]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts), Middleware(Guard)],
        exception_handlers={HTTPException: error_page},
    )
    app.state.web = web
    return app


CSRF_MESSAGE = ("this form has expired or came from another site (CSRF check failed): "
                "reload the page and try again")


class CsrfFailed(KgError):
    """A POST without the form's CSRF token (or from another origin)."""


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
        return False
    return True


async def checked_form(request: Request) -> dict[str, str]:
    """The POSTed form, once its CSRF token equals the cookie's (constant-time compare);
    :class:`CsrfFailed` otherwise. Every POST route reads its form through this."""
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    if not _valid_token(cookie) or not _same_origin(request):
        raise CsrfFailed(CSRF_MESSAGE)
    if not request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        raise CsrfFailed(CSRF_MESSAGE)
    form = await request.form()
    given = form.get(CSRF_FIELD)
    if not isinstance(given, str) or not hmac.compare_digest(given.encode(), cookie.encode()):
        raise CsrfFailed(CSRF_MESSAGE)
    return {k: v for k, v in form.items() if isinstance(v, str)}


def redirect(url: str) -> RedirectResponse:
    """After a POST, back to a page of this site (never to an address from the request)."""
    if not url.startswith("/") or url.startswith("//"):
        url = "/"
    return RedirectResponse(url, status_code=303)


def serve(source: GraphSource, *, host: str = "127.0.0.1", port: int = 8000,
          curation: Path | None = None, log_level: str = "info") -> None:
    """Run the web view until interrupted (uvicorn)."""
    import uvicorn

    hosts = ["127.0.0.1", "localhost", "[::1]", "::1"]
    if host not in hosts:
        hosts = ["*"] if host in ("0.0.0.0", "::") else [*hosts, host]
    app = create_app(source, curation=curation, allowed_hosts=hosts)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
