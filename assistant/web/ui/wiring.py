"""What a tab hands back to the app: how to refresh it when it is opened or the page loads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import gradio as gr


@dataclass
class Refresh:
    """`fn(*inputs) -> outputs` reloads a tab's view of the index (documents may have changed)."""

    fn: Callable[..., Any]
    inputs: list[gr.components.Component] = field(default_factory=list)
    outputs: list[gr.components.Component] = field(default_factory=list)
