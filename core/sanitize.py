"""Generated and user-supplied text is untrusted: sanitise markdown before storing or serving."""

from __future__ import annotations

import re

import nh3

# Markdown may carry raw HTML; we allow none of it. nh3 strips tags (keeping their text) and
# drops <script>/<style> with their content; javascript:/data:/vbscript: links are removed
# from markdown link syntax as well.
_DANGEROUS_LINK = re.compile(
    r"\]\(\s*(?:javascript|vbscript|data)\s*:(?:[^()]|\([^()]*\))*\)", flags=re.IGNORECASE
)
# After cleaning, "<" may come back as text only where it cannot open a tag.
_HARMLESS_LT = re.compile(r"&lt;(?![A-Za-z/!?])")
_DANGEROUS_AUTOLINK = re.compile(r"<\s*(?:javascript|vbscript|data)\s*:[^>]*>", re.IGNORECASE)


def sanitize_markdown(text: str) -> str:
    without_links = _DANGEROUS_LINK.sub("](#)", text)
    without_links = _DANGEROUS_AUTOLINK.sub("", without_links)
    cleaned = nh3.clean(without_links, tags=set(), clean_content_tags={"script", "style"})
    # nh3 escapes markdown-significant characters as entities; undo those that cannot form
    # markup again ("a < b", "> quote"); "&lt;script" stays escaped.
    cleaned = cleaned.replace("&gt;", ">").replace("&amp;", "&")
    return _HARMLESS_LT.sub("<", cleaned)


def sanitize_text(text: str) -> str:
    """Plain text fields (titles, options): no markup at all, collapsed whitespace."""
    return " ".join(sanitize_markdown(text).split())


def sanitize_tree(value: object, markdown_keys: frozenset[str]) -> object:
    """Every string of decoded JSON sanitised: values under ``markdown_keys`` as markdown,
    all others as plain text. The caller bounds the depth first."""
    if isinstance(value, dict):
        return {
            key: (
                sanitize_markdown(item)
                if key in markdown_keys and isinstance(item, str)
                else sanitize_tree(item, markdown_keys)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [sanitize_tree(item, markdown_keys) for item in value]
    if isinstance(value, str):
        return sanitize_text(value)
    return value
