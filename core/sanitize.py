"""Generated and user-supplied text is untrusted: sanitise markdown before storing or serving.

Markdown fields keep their code. A lesson on HTML or generics writes ``<head>`` or
``List<T>`` in code spans and fenced blocks; CommonMark renders code as literal text, so it
is no markup and stays exactly as written. Everything outside code loses its raw HTML. The
result is checked by parsing it as CommonMark: if any raw HTML would still reach a renderer
(a construct where our reading of the code spans and CommonMark's differ), the whole text is
sanitised the strict way instead, code included. Plain text fields (titles, options) are
always strict: they are not markdown, and a client may put them in HTML as they are.
"""

from __future__ import annotations

import re
import secrets

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

# Markdown may carry raw HTML; we allow none of it. nh3 strips tags (keeping their text) and
# drops <script>/<style> with their content; javascript:/data:/vbscript: links are removed
# from markdown link syntax as well.
_DANGEROUS_LINK = re.compile(
    r"\]\(\s*(?:javascript|vbscript|data)\s*:(?:[^()]|\([^()]*\))*\)", flags=re.IGNORECASE
)
# After cleaning, "<" may come back as text only where it cannot open a tag.
_HARMLESS_LT = re.compile(r"&lt;(?![A-Za-z/!?])")
_DANGEROUS_AUTOLINK = re.compile(r"<\s*(?:javascript|vbscript|data)\s*:[^>]*>", re.IGNORECASE)

# html=True: the parser reports raw HTML as html_block/html_inline tokens, which is what the
# final check looks for.
_COMMONMARK = MarkdownIt("commonmark", {"html": True})
_CODE_BLOCKS = frozenset({"fence", "code_block"})
_RAW_HTML = frozenset({"html_block", "html_inline"})
# An inline code span: a run of backticks (not escaped), its text (within one paragraph) and
# a closing run of the same length (CommonMark, "Code spans").
_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)


# No tags at all, and what script and style elements hold goes with them. One cleaner for the
# process: ``nh3.clean`` builds its cleaner on every call, which cost ~13 us of a short
# string's ~15 (a lesson has about a hundred strings, a judge's verdict dozens).
_CLEANER = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"})


def _strict(text: str) -> str:
    without_links = _DANGEROUS_LINK.sub("](#)", text)
    without_links = _DANGEROUS_AUTOLINK.sub("", without_links)
    cleaned = _CLEANER.clean(without_links)
    # nh3 escapes markdown-significant characters as entities; undo those that cannot form
    # markup again ("a < b", "> quote"); "&lt;script" stays escaped.
    cleaned = cleaned.replace("&gt;", ">").replace("&amp;", "&")
    return _HARMLESS_LT.sub("<", cleaned)


def _code_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the code in ``text``: fenced and indented blocks as the CommonMark
    parser maps them, and inline code spans in the lines between."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    blocks = [
        (starts[t.map[0]], starts[min(t.map[1], len(starts) - 1)])
        for t in _COMMONMARK.parse(text)
        if t.type in _CODE_BLOCKS and t.map is not None
    ]
    ranges, cursor = [], 0
    for begin, end in [*blocks, (len(text), len(text))]:
        ranges += [(cursor + m.start(), cursor + m.end())
                   for m in _CODE_SPAN.finditer(text[cursor:begin])]  # fmt: skip
        if end > begin:
            ranges.append((begin, end))
        cursor = max(cursor, end)
    return ranges


def _may_have_code(text: str) -> bool:
    """Without a backtick, a tilde fence or an indent there is no code: no parse needed."""
    return "`" in text or "~~~" in text or "    " in text or "\t" in text


def _has_raw_html(tokens: list[Token]) -> bool:
    return any(t.type in _RAW_HTML or _has_raw_html(t.children or []) for t in tokens)


def sanitize_markdown(text: str) -> str:
    """Idempotent: removing markup can join what was apart (a backtick next to a removed tag
    pairs with another), so the result is sanitised again until nothing changes."""
    for _ in range(4):
        cleaned = _sanitize_once(text)
        if cleaned == text:
            break
        text = cleaned
    return text


def _sanitize_once(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    ranges = _code_ranges(text) if _may_have_code(text) else []
    if not ranges:
        return _strict(text)
    nonce = secrets.token_hex(6)
    codes, parts, cursor = [], [], 0
    for n, (begin, end) in enumerate(ranges):
        parts += [text[cursor:begin], f"cfcode{nonce}x{n}x"]
        codes.append(text[begin:end])
        cursor = end
    cleaned = _strict("".join([*parts, text[cursor:]]))
    for n, code in enumerate(codes):  # a placeholder nh3 removed (inside a tag) stays removed
        cleaned = cleaned.replace(f"cfcode{nonce}x{n}x", code, 1)
    if _has_raw_html(_COMMONMARK.parse(cleaned)):
        return _strict(text)
    return cleaned


def sanitize_text(text: str) -> str:
    """Plain text fields (titles, options): no markup at all, collapsed whitespace."""
    return " ".join(_strict(text).split())


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
