"""HTML to plain text: main content (via trafilatura when it finds some) and the page's headline."""

from __future__ import annotations

import re

_HTML_HINT = re.compile(
    r"<(?:!doctype html|html|body|head|p|div|article|br|span|a|h[1-6]|li|meta)\b", re.IGNORECASE
)
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "figure",
    "figcaption",
    "template",
    "select",
    "input",
    "label",
    "dialog",
    "object",
    "embed",
    "canvas",
)
_DROP_ATTR = re.compile(
    r"cookie|consent|share|sharing|social|newsletter|subscri|comment|related|promo|advert|\bads?\b|banner|"
    r"popup|modal|breadcrumb|sidebar|sign-?in|log-?in|register|paywall|caption|credit|byline|toolbar|menu",
    re.IGNORECASE,
)
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search"}
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "dl",
    "dt",
    "dd",
    "hr",
    "address",
    "body",
}
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,40}$")
_WHITESPACE = re.compile(r"\s+")


def looks_like_html(raw: str) -> bool:
    head = raw[:5000]
    return len(_HTML_HINT.findall(head)) >= 2 or head.lstrip().lower().startswith(("<!doctype", "<html"))


def html_to_text(raw: str) -> tuple[str | None, str]:
    """Return (page headline or None, main text with one paragraph per line pair)."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(raw)
    except (ValueError, lxml.etree.ParserError):
        return None, raw
    title = _headline(root)
    _drop_chrome(root)
    container = _main_container(root)
    if container is not None:
        return title, _text_of(container)
    # No <article> or <main>: let trafilatura pick the article out of the (already de-chromed) div soup,
    # but keep our own reading when trafilatura finds little or nothing (it drops short pages).
    own_text = _text_of(root.find("body") if root.find("body") is not None else root)
    main_text = _trafilatura_text(lxml.html.tostring(root, encoding="unicode"))
    return title, main_text if main_text and len(main_text) >= 0.3 * len(own_text) else own_text


def _headline(root) -> str | None:
    for xpath in ("//h1", "//meta[@property='og:title']/@content", "//title"):
        found = root.xpath(xpath)
        if found:
            value = found[0] if isinstance(found[0], str) else found[0].text_content()
            value = _WHITESPACE.sub(" ", value).strip()
            if xpath == "//title":
                value = _TITLE_SUFFIX.sub("", value)
            if value:
                return value
    return None


def _trafilatura_text(raw: str) -> str:
    try:
        import trafilatura
    except ImportError:  # optional at run time: the fallback below handles every page
        return ""
    text = trafilatura.extract(
        raw, include_comments=False, include_tables=False, include_images=False, deduplicate=True
    )
    return "\n\n".join(line for line in (text or "").split("\n") if line.strip())


def _drop_chrome(root) -> None:
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        attributes = " ".join(filter(None, (element.get("class"), element.get("id"))))
        if (
            element.tag in _DROP_TAGS
            or element.get("role") in _DROP_ROLES
            or element.get("aria-hidden") == "true"
            or (
                attributes
                and _DROP_ATTR.search(attributes)
                and element.tag not in ("article", "main", "body")
            )
        ):
            element.drop_tree()


def _main_container(root):
    for xpath in ("//article", "//main", "//*[@role='main']"):
        found = root.xpath(xpath)
        if found:
            return found[0]
    return None


def _text_of(element) -> str:
    parts: list[str] = []
    _walk(element, parts)
    lines = [_WHITESPACE.sub(" ", line).strip() for line in "".join(parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _walk(element, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in ("head", "title"):
        parts.append(_flat(element.tail))
        return
    block = tag in _BLOCK_TAGS
    if block:
        parts.append("\n\n- " if tag == "li" else "\n\n")
    if tag == "br":
        parts.append("\n")
    if tag:
        parts.append(_flat(element.text))
        for child in element:
            _walk(child, parts)
    if block:
        parts.append("\n\n")
    parts.append(_flat(element.tail))


def _flat(value: str | None) -> str:
    return _WHITESPACE.sub(" ", value) if value else ""
