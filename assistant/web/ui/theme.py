"""Look of the page: a theme with system fonts only, and the CSS of the sources cards.

Gradio's default theme may name web fonts; a font the browser has to fetch from a CDN is a
request off the machine, so only fonts already installed on the user's system are listed.
"""

from __future__ import annotations

from typing import Any

import gradio as gr  # assistant/web/__init__.py has set the offline environment by now

SANS = [
    "system-ui",
    "-apple-system",
    "Segoe UI",
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "WenQuanYi Micro Hei",
    "sans-serif",
]
MONO = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Noto Sans Mono CJK SC", "monospace"]

CSS = """
.sources { display: flex; flex-direction: column; gap: 10px; max-height: 70vh; overflow-y: auto;
           padding-right: 4px; }
.src-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px;
            background: var(--background-fill-secondary); }
.src-related { border-style: dashed; }
.src-head { font-weight: 600; margin-bottom: 4px; }
.src-n { color: var(--color-accent); margin-right: 4px; }
.src-meta, .src-path { font-size: 0.85em; color: var(--body-text-color-subdued); margin-bottom: 2px; }
.src-text { white-space: pre-wrap; line-height: 1.6; margin-top: 6px; }
.src-text mark { background: #ffe58f; color: inherit; padding: 0 1px; border-radius: 2px; }
.src-refused { color: #b45309; font-weight: 600; }
.src-empty { color: var(--body-text-color-subdued); }
.doc-view { max-height: 70vh; overflow-y: auto; }
.doc-clause { border-left: 3px solid var(--border-color-primary); padding: 4px 10px; margin: 8px 0; }
"""


def theme() -> gr.themes.Base:
    """The Default theme with system fonts (strings, not `GoogleFont`: nothing is fetched)."""
    return gr.themes.Default(font=SANS, font_mono=MONO)


def page_kwargs() -> dict[str, Any]:
    """Theme, CSS and head for `mount_gradio_app(...)` or `Blocks.launch(...)`."""
    return {"theme": theme(), "css": CSS, "head": '<meta name="referrer" content="no-referrer">'}
