"""ingest: files → Article, front matter, encodings, ids."""

from __future__ import annotations

import pytest

from kg.errors import ArticleError, InputError
from kg.ingest import decode, discover, parse_article, read_article, read_articles
from tests.helpers import SEEDS


def test_seed_metadata() -> None:
    a = read_article(SEEDS / "000_354504606f9a2e7a.txt")
    assert a.id == "000_354504606f9a2e7a"
    assert a.published == "2021-05"
    assert a.publisher == "Presse-Citron"
    assert a.text.startswith("Xiaomi is officially removed")
    assert len(a.sha256) == 64


def test_front_matter_is_not_part_of_the_body() -> None:
    a = parse_article("x.txt", "---\ntitle: T\nurl: https://e.org/a\npublished: 2021-03-15\n---\nBody.\n")
    assert (a.title, a.url, a.published, a.text) == ("T", "https://e.org/a", "2021-03-15", "Body.\n")


def test_title_defaults_to_first_non_empty_line() -> None:
    assert parse_article("x.txt", "\n\n  Headline here \nBody").title == "Headline here"


def test_bad_published_is_a_warning() -> None:
    a = parse_article("x.txt", "---\npublished: last spring\n---\nBody\n")
    assert a.published is None and "not YYYY-MM-DD" in a.warnings[0]


def test_malformed_front_matter_keeps_the_body() -> None:
    a = parse_article("x.txt", "---\ntitle: [unclosed\n---\nBody text\n")
    assert a.text == "Body text\n" and "not valid YAML" in a.warnings[0]


def test_crlf_offsets_stay_exact() -> None:
    a = parse_article("x.txt", "---\r\ntitle: T\r\n---\r\nLine one.\r\nLine two.\r\n")
    assert a.text == "Line one.\r\nLine two.\r\n"
    assert a.text[a.text.index("Line two"):][:8] == "Line two"


def test_bom_and_windows_1252() -> None:
    assert decode(b"\xef\xbb\xbfhello")[0] == "hello"
    text, warnings = decode("caf\u00e9 \u2019quoted\u2019".encode("cp1252"))
    assert text == "caf\u00e9 \u2019quoted\u2019" and "Windows-1252" in warnings[0]


@pytest.mark.parametrize("raw", [b"\x89PNG\r\n\x1a\n\x00\x00", b"abc\x00def"])
def test_binary_is_an_article_error(raw: bytes) -> None:
    with pytest.raises(ArticleError, match="binary"):
        decode(raw, "img.txt")


@pytest.mark.parametrize("body", ["", "   \n\t\n", "---\ntitle: only meta\n---\n"])
def test_empty_article(body: str) -> None:
    with pytest.raises(ArticleError, match="empty"):
        parse_article("e.txt", body)


def test_html_page_becomes_text() -> None:
    a = parse_article("p.txt", "<!DOCTYPE html><html><head><style>x{}</style></head>"
                               "<body><p>First &amp; second.</p><script>bad()</script></body></html>")
    assert "First & second." in a.text and "bad()" not in a.text and "HTML" in a.warnings[0]


def test_discover_and_unreadable(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("Hello\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n")
    (tmp_path / ".hidden.txt").write_text("no", encoding="utf-8")
    paths = discover([tmp_path])
    assert [p.name for p in paths] == ["a.txt", "b.txt"]
    results = list(read_articles(paths))
    assert results[0].id == "a" and isinstance(results[1], ArticleError)
    with pytest.raises(InputError):
        discover([tmp_path / "missing"])


def test_html_page_main_text_and_metadata_by_trafilatura() -> None:
    """Navigation and footers are left out; the page's title, date and URL fill what the
    front matter does not give; an escaped entity is unescaped once, not twice."""
    page = ("<html><head><title>Acme listed</title>"
            '<meta property="og:url" content="https://example.org/acme">'
            '<meta name="date" content="2024-05-03"></head><body><nav>Home | World | Markets</nav>'
            "<article><h1>Acme listed</h1><p>The Commerce Department added Acme Robotics Corp. to "
            "the Entity List on Friday, the agency said in a statement.</p><p>Its filing quoted "
            "&amp;lt;b&amp;gt; tags &amp; all, and the company said it would appeal.</p></article>"
            "<footer>Subscribe to our newsletter</footer></body></html>")
    a = parse_article("acme.html", page)
    assert "Home | World" not in a.text and "Subscribe" not in a.text
    assert "added Acme Robotics Corp. to the Entity List" in a.text
    assert "quoted &lt;b&gt; tags & all" in a.text
    assert (a.title, a.published, a.url) == ("Acme listed", "2024-05-03", "https://example.org/acme")
    with_front = parse_article("acme.html", "---\ntitle: Ours\npublished: 2024-05-04\n---\n" + page)
    assert (with_front.title, with_front.published) == ("Ours", "2024-05-04")
