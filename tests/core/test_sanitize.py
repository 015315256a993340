"""Sanitising keeps code and removes raw HTML: a lesson on HTML keeps its ``<head>`` in code
spans and blocks, and nothing a CommonMark renderer would pass through as HTML survives."""

from __future__ import annotations

import re

import nh3
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from core.sanitize import _CLEANER, sanitize_markdown, sanitize_text

# The renderer a client would most likely use, with raw HTML allowed: the strictest test.
RENDER = MarkdownIt("commonmark", {"html": True})
LIVE_TAG = re.compile(r"<(?:script|img|a\s|iframe|b>|i>|div|svg|style|head>|title>)", re.I)


def rendered_tags(markdown: str) -> list[str]:
    """Tags that reach the page as HTML, outside the ones markdown itself produces."""
    return LIVE_TAG.findall(RENDER.render(markdown))


def test_code_spans_and_blocks_keep_markup_verbatim() -> None:
    body = (
        "The `<head>` element holds the `<title>`; in Java a `List<T>` is generic.\n\n"
        "```html\n<!doctype html>\n<html>\n  <head><title>Hi</title></head>\n</html>\n```\n\n"
        "    <div>an indented code block</div>\n\n"
        "> ```\n> <b>quoted code</b>\n> ```\n\n"
        "Use ``a ` b`` and `x < y && y > z`."
    )
    assert sanitize_markdown(body) == body
    assert rendered_tags(sanitize_markdown(body)) == []  # all of it renders as text


def test_raw_html_outside_code_is_removed_and_code_next_to_it_stays() -> None:
    body = "Before <b>bold</b> <script>steal()</script> `<b>` and <img src=x onerror=y> after"
    clean = sanitize_markdown(body)
    assert clean == "Before bold  `<b>` and  after"
    assert rendered_tags(clean) == []


def test_dangerous_links_go_but_links_in_code_are_text() -> None:
    clean = sanitize_markdown("[x](javascript:alert(1)) <javascript:alert(2)> `[y](javascript:z)`")
    assert clean.startswith("[x](#)  ") and clean.endswith("`[y](javascript:z)`")
    assert "javascript:" not in RENDER.render(clean).replace("<code>[y](javascript:z)</code>", "")


def test_what_only_looks_like_code_is_sanitised() -> None:
    for hostile in [
        "`<script>alert(1)</script>",  # no closing backtick: not a code span
        "\\`<img src=x onerror=y>`",  # an escaped backtick opens nothing
        '<a title="`">`<img src=x onerror=y>`',  # the tag starts first and wins
        "``<script>x</script>`",  # runs of different lengths do not pair
        "`a\n\n<script>x</script>`",  # a code span ends with its paragraph
    ]:
        clean = sanitize_markdown(hostile)
        assert rendered_tags(clean) == [], (hostile, clean)
        assert "<script" not in clean and "onerror" not in clean.replace("`", ""), clean


def test_plain_text_fields_stay_strict_even_with_backticks() -> None:
    assert sanitize_text("The `<head>`  element") == "The `` element"
    assert sanitize_text("<b>Intro</b>\n to `<script>x</script>`") == "Intro to ``"


def test_line_endings_are_normalised_and_sanitising_is_idempotent() -> None:
    body = "a `<p>`\r\n\r\n```\r\n<div>\r\n```\r\n<i>x</i>"
    once = sanitize_markdown(body)
    assert once == "a `<p>`\n\n```\n<div>\n```\nx"
    assert sanitize_markdown(once) == once


FRAGMENTS = st.sampled_from([
    "`", "``", "```", "\n", "\n\n", "    ", "> ", "- ", "\\", "<", ">", "/", "=", '"', "'",
    "script", "img", "a", "b", "src=x", "onerror=y", "href=", "javascript:", "<script>",
    "</script>", "<img src=x onerror=y>", "<b>", "</b>", "<!--", "-->", "<div>", "text ",
    "[l](", ")", "~~~", "&lt;", "&#60;",
])  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(FRAGMENTS, max_size=30).map("".join))
def test_no_input_leaves_raw_html_for_a_commonmark_renderer(text: str) -> None:
    clean = sanitize_markdown(text)
    tokens = RENDER.parse(clean)
    raw = [t for t in tokens for t in [t, *(t.children or [])] if t.type.startswith("html_")]
    assert raw == [], (text, clean)
    assert sanitize_markdown(clean) == clean  # stored text survives a later edit unchanged


@settings(max_examples=500, deadline=None)
@given(st.lists(FRAGMENTS | st.text(max_size=5), max_size=30).map("".join))
def test_the_shared_cleaner_cleans_as_a_fresh_one(text: str) -> None:
    """``core.sanitize`` keeps one nh3 cleaner for the process; it must clean exactly as the
    per-call ``nh3.clean`` with the same rules did."""
    assert _CLEANER.clean(text) == nh3.clean(
        text, tags=set(), clean_content_tags={"script", "style"}
    )
