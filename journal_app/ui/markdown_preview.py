"""Markdown to safe HTML for the editor preview.

Uses the library's renderer when it is available (it sanitises with nh3); otherwise a small local
equivalent, so the preview never depends on another part of the app being finished.
"""

from __future__ import annotations

from collections.abc import Callable

_renderer: Callable[[str], str] | None = None


def _fallback(text: str) -> str:
    import markdown
    import nh3

    return nh3.clean(markdown.markdown(text, extensions=["extra", "sane_lists"]))


def render_markdown(text: str) -> str:
    global _renderer
    if _renderer is None:
        try:
            from journal_app.library.render import render_markdown as library_render

            _renderer = library_render
        except Exception:  # the library may be mid-change; the fallback is always safe
            _renderer = _fallback
    return _renderer(text)
