"""HTML -> lines of text plus what the page says about itself (title, h1, publication date, source).

Scripts, styles, forms and page furniture elements (nav, aside, and header/footer outside the
article) are dropped; block elements become line breaks, table cells on one row stay on one line
(so a metadata table row reads "信息名称: ..."). The line-based chrome rules of
:mod:`kg.ingest.clean` then remove what the markup did not mark.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_DROP = (
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed",
    "form", "button", "select", "textarea", "nav", "aside", "map",
)  # fmt: skip
_OUTSIDE_ARTICLE_ONLY = ("header", "footer")
_BLOCK = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu ol p pre section "
    "summary table tbody tfoot thead tr ul".split()
)
_CELL = frozenset({"td", "th"})
_SPACES = re.compile(r"[ \t\r\n\f]+")
_BREAKS = re.compile(r"\n[ \t\r\f]*(?:\n[ \t\r\f]*)*")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# <meta name/property> -> hint key; Chinese government CMSs use ArticleTitle / PubDate / ContentSource.
_META_HINTS = {
    "articletitle": "title",
    "og:title": "title",
    "twitter:title": "title",
    "dc.title": "title",
    "pubdate": "published",
    "publishdate": "published",
    "publishtime": "published",
    "firstpublishedtime": "published",
    "article:published_time": "published",
    "dc.date": "published",
    "contentsource": "source",
    "source": "source",
}
_SITE_SEPARATORS = re.compile(r"\s*(?:[_|｜]|\s-\s|\s—\s)\s*")


def looks_like_html(text: str) -> bool:
    """True if decoded text is an HTML document (whatever its file name says)."""
    head = text[:2000].lstrip("\ufeff \t\r\n").lower()
    if re.match(r"(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", head, re.DOTALL):
        return True
    return "<body" in text.lower() and "</" in text


def html_to_text(markup: str) -> tuple[str, dict[str, str]]:
    """Text lines of an HTML page and its hints (title, h1, page_title, published, source).

    Raises ValueError if the markup holds no document.
    """
    markup = _XML_DECLARATION.sub("", markup, count=1)
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as err:
        raise ValueError(f"not a readable HTML document ({err})") from None
    hints = _hints(root)
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for element in list(root.iter(*_DROP, "head")):
        element.drop_tree()
    for element in list(root.iter(*_OUTSIDE_ARTICLE_ONLY)):
        if not any(a.tag in ("article", "main") for a in element.iterancestors()):
            element.drop_tree()
    _drop_link_lists(root)
    # After the page header is gone: portals often put the site name in an <h1> there.
    h1 = next(root.iter("h1"), None)
    if h1 is not None and h1.text_content().strip():
        hints["h1"] = _SPACES.sub(" ", h1.text_content()).strip()
    pieces: list[str] = []
    _walk(root, pieces)
    # Block boundaries are line breaks, not paragraph gaps: HTML nesting says nothing about blank lines.
    return _BREAKS.sub("\n", "".join(pieces)).strip("\n"), hints


# A block whose text is mostly link text, in short links, is navigation (link-density rule of
# boilerplate removal): 首页 | 信息公开 | 互动交流.
_LINK_SHARE = 0.8
_NAV_LINK_CHARS = 16


def _drop_link_lists(root: lxml.html.HtmlElement) -> None:
    """Drop blocks made of two or more short links and little else."""
    for element in list(root.iter(*_BLOCK)):
        links = [a for a in element.iter("a")]
        if len(links) < 2:
            continue
        text = _SPACES.sub("", element.text_content())
        link_chars = sum(len(_SPACES.sub("", a.text_content())) for a in links)
        if text and link_chars / len(text) >= _LINK_SHARE and link_chars / len(links) <= _NAV_LINK_CHARS:
            element.drop_tree()


def _hints(root: lxml.html.HtmlElement) -> dict[str, str]:
    hints: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = _META_HINTS.get((meta.get("name") or meta.get("property") or "").strip().lower())
        content = (meta.get("content") or "").strip()
        if key and content and key not in hints:
            hints[key] = content
    page_title = _SPACES.sub(" ", root.findtext(".//title") or "").strip()
    if page_title:
        # "Article title_Site name" / "Article title - Site name": keep the longest part.
        hints["page_title"] = max(_SITE_SEPARATORS.split(page_title), key=len)
    return hints


def _walk(element: lxml.html.HtmlElement, out: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "br":
        out.append("\n")
    elif tag in _BLOCK:
        out.append("\n")
    if tag == "pre":
        out.append(element.text_content())
    else:
        if element.text:
            out.append(_SPACES.sub(" ", element.text))
        for child in element:
            _walk(child, out)
            if child.tail:
                out.append(_SPACES.sub(" ", child.tail))
    if tag in _BLOCK:
        out.append("\n")
    elif tag in _CELL:
        out.append(" ")
