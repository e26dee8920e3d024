"""Text from articles (and from URLs) made inert before streamlit renders it.

Anyone can craft an article, so its title, outlet, quotes and claimant may hold
HTML, Markdown links, Streamlit colour directives or `javascript:` URLs. We
never pass such text with unsafe_allow_html; where it goes through st.markdown
(whose Markdown would still make links and images) every ASCII punctuation
character is backslash-escaped, which CommonMark renders as the literal
character. Links are made only for http(s) URLs.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all
# of them is simpler and safer than knowing which ones Markdown or Streamlit's directives use.
MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Line breaks would end a list item or a directive; quotes are shown on one line.
LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def md(text: object) -> str:
    """`text` as Markdown that renders exactly as the characters it holds.

    >>> print(md("[x](javascript:y)"))
    \\[x\\]\\(javascript\\:y\\)
    """
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", LINE_BREAKS.sub(" ", str(text)))


def safe_url(url: object) -> str | None:
    """The URL when it is an http(s) link with a host, else None (no javascript:, data:, file:)."""
    text = str(url or "").strip()
    if any(ch in text for ch in "\x00\r\n\t <>\"'`"):
        return None
    parts = urlsplit(text)
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def md_link(label: object, url: object) -> str:
    """A Markdown link with an escaped label, or just the escaped label when the URL is not http(s).

    Parentheses in the URL are percent-encoded so they cannot close the link early.
    """
    target = safe_url(url)
    if target is None:
        return md(label)
    target = target.replace("(", "%28").replace(")", "%29")
    return f"[{md(label)}]({target})"
