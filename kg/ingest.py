"""Files → :class:`~kg.models.Article`.

An article is a UTF-8 text file that may start with YAML front matter between two
``---`` lines (``title``, ``url``, ``published``, ``publisher``, ``language``). The body
after the front matter is the text evidence offsets point into, kept exactly as read
(line endings included) so that ``body[start:end]`` is always the quoted span.

Problems with one file raise :class:`~kg.errors.ArticleError`; recoverable oddities
(Windows-1252 bytes, HTML saved as text, broken front matter) become warnings on the
article instead.

>>> a = parse_article("x.txt", "---\\ntitle: T\\npublished: 2021-05\\n---\\nBody text.\\n")
>>> (a.title, a.published, a.text)
('T', '2021-05', 'Body text.\\n')
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import yaml

from kg.errors import ArticleError, InputError
from kg.files import missing_reason
from kg.models import Article

ARTICLE_SUFFIXES = (".txt", ".md", ".text", ".html", ".htm")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_PUBLISHED = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x7fELF")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def discover(inputs: Iterable[Path | str]) -> list[Path]:
    """Expand files and folders into a sorted list of article files.

    Folders are searched recursively for ``.txt``, ``.md``, ``.text``, ``.html`` and
    ``.htm`` files; hidden files are skipped.
    A missing input is a usage error (nothing to build), not a skipped article.
    """
    found: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for child in path.rglob("*"):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if child.is_file() and child.suffix.lower() in ARTICLE_SUFFIXES:
                    found.add(child)
        elif path.exists():
            found.add(path)
        else:
            raise InputError(f"{path}: {missing_reason(path)}")
    return sorted(found, key=lambda p: (p.name, str(p)))


def read_articles(paths: Iterable[Path]) -> Iterator[Article | ArticleError]:
    """Read each path; yield an Article, or the ArticleError that explains why not.

    Article ids are file stems; two files with the same stem get the body hash appended
    to the later one so ids stay unique and deterministic.
    """
    seen: set[str] = set()
    for path in paths:
        try:
            article = read_article(path)
        except ArticleError as exc:
            yield exc
            continue
        if article.id in seen:
            article = _with_id(article, f"{article.id}-{article.sha256[:8]}")
        seen.add(article.id)
        yield article


def read_article(path: Path | str) -> Article:
    """Read and decode one file, split its front matter, return the Article."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ArticleError(str(path), exc.strerror or str(exc)) from None
    text, warnings = decode(raw, str(path))
    return parse_article(str(path), text, warnings)


def decode(raw: bytes, name: str = "<bytes>") -> tuple[str, list[str]]:
    """Bytes → text: UTF-8 (BOM removed) or UTF-16 with a BOM; UTF-16 without one (with a
    warning, its byte order from charset-normalizer); else Windows-1252 with a warning;
    binary is an error.

    A UTF-8 file with a few stray single-byte characters (text pasted from elsewhere)
    keeps its UTF-8 and decodes only the stray bytes as Windows-1252, so its curly
    quotes do not turn into ``â€™``.
    """
    if raw.startswith(_BINARY_MAGIC):
        raise ArticleError(name, "binary file, not text")
    for bom, codec in _UTF16_BOMS:
        if raw.startswith(bom):
            try:
                return _not_binary(raw[len(bom):].decode(codec), name), []
            except UnicodeDecodeError:
                raise ArticleError(name, "binary file, not text") from None
    if b"\x00" in raw[:8192]:
        return _utf16_without_bom(raw, name)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return _not_binary(raw.decode("utf-8"), name), []
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    valid = raw.decode("utf-8", errors="ignore")
    multibyte = sum(1 for ch in valid if ord(ch) > 127)
    stray = raw.decode("utf-8", errors="replace").count("\ufffd") - valid.count("\ufffd")
    if multibyte >= stray:
        text = raw.decode("utf-8", errors=_SINGLE_BYTE)
        message = (f"{name}: not valid UTF-8 at {stray} place(s) (first at byte {first_bad}); "
                   "those bytes decoded as Windows-1252")
    else:
        try:
            text = raw.decode("cp1252")
            encoding = "Windows-1252"
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
            encoding = "Latin-1"
        message = f"{name}: not UTF-8; decoded as {encoding}"
    return _not_binary(text, name), [message]


def _utf16_without_bom(raw: bytes, name: str) -> tuple[str, list[str]]:
    """NUL bytes: UTF-16 saved without a byte order mark, else binary data.

    charset-normalizer names the byte order; it is believed only when the NUL bytes say
    the same (text in a Latin script has a NUL in nearly every other byte, binary data
    has them anywhere)."""
    import charset_normalizer

    head = raw[:8192]
    pairs = max(len(head) // 2, 1)
    nul_even = head[0::2].count(0) / pairs
    nul_odd = head[1::2].count(0) / pairs
    parity = "utf_16_le" if nul_odd > 0.3 and nul_even < 0.02 else \
        "utf_16_be" if nul_even > 0.3 and nul_odd < 0.02 else None
    best = charset_normalizer.from_bytes(raw, cp_isolation=["utf_16_le", "utf_16_be"]).best() \
        if parity and len(raw) % 2 == 0 else None
    if best is None or best.encoding != parity:
        raise ArticleError(name, "binary file, not text")
    codec = {"utf_16_le": "UTF-16-LE", "utf_16_be": "UTF-16-BE"}[parity]
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        raise ArticleError(name, "binary file, not text") from None
    return _not_binary(text, name), [f"{name}: UTF-16 without a byte order mark; decoded as {codec}"]


def _not_binary(text: str, name: str) -> str:
    """``text``, unless control characters say it is binary data that happened to decode."""
    head = text[:8192]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > len(head) * 0.05:
        raise ArticleError(name, "binary file, not text")
    return text


def _single_byte(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each undecodable byte as its Windows-1252 (else Latin-1) character."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(_CP1252[b] for b in exc.object[exc.start:exc.end]), exc.end


def _cp1252_table() -> tuple[str, ...]:
    table = []
    for b in range(256):
        try:
            table.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            table.append(chr(b))
    return tuple(table)


_CP1252 = _cp1252_table()
_SINGLE_BYTE = "newskg-single-byte"
codecs.register_error(_SINGLE_BYTE, _single_byte)


# libyaml's parser when PyYAML has it: the same safe constructor, ≈ 10 × faster than the
# pure-Python one, which was two thirds of reading a corpus.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_article(name: str, text: str, warnings: list[str] | None = None) -> Article:
    """Split front matter from body and build the Article (no I/O)."""
    warnings = list(warnings or [])
    meta: dict[str, object] = {}
    body = text
    match = _FRONT_MATTER.match(text)
    if match:
        body = text[match.end():]
        try:
            loaded = yaml.load(match.group(1), Loader=_YAML_LOADER)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark else ""
            warnings.append(f"{name}: front matter is not valid YAML{where}; metadata ignored")
            loaded = None
        if isinstance(loaded, dict):
            meta = {str(k).lower(): v for k, v in loaded.items()}
        elif loaded is not None:
            warnings.append(f"{name}: front matter is not a mapping; metadata ignored")
    elif text.startswith("---"):
        warnings.append(f"{name}: front matter has no closing '---'; read as body text")

    if _looks_like_html(body):
        body, page = html_page(body)
        warnings.append(f"{name}: HTML page; its text was extracted")
        for key, value in page.items():  # the front matter wins over the page's own metadata
            if value and not meta.get(key) and not (key == "published" and meta.get("date")):
                meta[key] = value
    if not body.strip():
        raise ArticleError(name, "empty article (no text after front matter)")

    for key in ("title", "url", "publisher", "language", "published", "date"):
        if isinstance(meta.get(key), (list, dict, set)):
            warnings.append(f"{name}: {key!r} in the front matter is not a single value; ignored")
            meta[key] = None
    published = _published(meta.get("published", meta.get("date")), name, warnings)
    title = _text(meta.get("title")) or _first_line(body)
    sha = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return Article(
        id=article_id(name),
        path=name,
        text=body,
        sha256=sha,
        title=title,
        url=_url(meta.get("url"), name, warnings),
        published=published,
        publisher=_text(meta.get("publisher")),
        language=_text(meta.get("language")),
        warnings=tuple(warnings),
    )


def article_id(name: str) -> str:
    """The file's stem, made safe for an IRI path segment."""
    stem = Path(name).stem
    return _ID_UNSAFE.sub("-", stem).strip("-") or "article"


_ESCAPED_AMPERSAND = re.compile(r"&(?:amp|#0*38|#x0*26);", re.IGNORECASE)


def html_page(markup: str) -> tuple[str, dict[str, str | None]]:
    """The main text of an HTML page and its metadata (title, publication date, URL), by
    trafilatura, which drops navigation, scripts and boilerplate and unescapes entities once;
    a page too small for it to find a main text falls back to all its visible text."""
    import trafilatura

    # trafilatura unescapes the parsed text once more ("&amp;lt;b&amp;gt;" came out "<b>"):
    # an escaped ampersand is escaped twice, so that the page's text comes out as written
    markup = _ESCAPED_AMPERSAND.sub("&amp;amp;", markup)
    doc = trafilatura.bare_extraction(markup, with_metadata=True, favor_recall=True,
                                      include_comments=False, include_tables=True, deduplicate=False)
    text = (doc.text or "").strip() if doc is not None else ""
    if not text:
        return html_to_text(markup), {}
    paragraphs = [" ".join(line.split()) for line in text.split("\n")]
    meta = {"title": doc.title, "published": doc.date, "url": doc.url} if doc is not None else {}
    return "\n\n".join(p for p in paragraphs if p) + "\n", meta


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block per line (scripts and styles dropped)."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parser.parts).split("\n")]
    return "\n\n".join(line for line in lines if line) + "\n"


def _with_id(article: Article, new_id: str) -> Article:
    from dataclasses import replace

    return replace(article, id=new_id)


def _looks_like_html(body: str) -> bool:
    head = body.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in body[:4096])


def _published(value: object, name: str, warnings: list[str]) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if _PUBLISHED.match(text):
        return text
    m = re.match(r"^(\d{4}-\d{2}-\d{2})[T ]", text)
    if m and _PUBLISHED.match(m.group(1)):
        return m.group(1)
    warnings.append(f"{name}: 'published' {text!r} is not YYYY-MM-DD or YYYY-MM; ignored")
    return None


def _url(value: object, name: str, warnings: list[str]) -> str | None:
    """The article's URL if it is a valid absolute IRI; otherwise a warning and no URL."""
    text = _text(value)
    if text is None:
        return None
    try:
        import pyoxigraph

        pyoxigraph.NamedNode(text)
    except ValueError:
        warnings.append(f"{name}: 'url' {text!r} is not a valid URL; ignored")
        return None
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text):
        warnings.append(f"{name}: 'url' {text!r} is not an absolute URL; ignored")
        return None
    return text


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _first_line(body: str) -> str:
    for line in body.splitlines():
        if line.strip():
            return " ".join(line.split())[:300]
    return ""


class _TextExtractor(HTMLParser):
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
              "article", "header", "footer", "title", "blockquote"}
    _SKIP = {"script", "style", "noscript", "template", "svg"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)  # convert_charrefs=True: already unescaped, once
