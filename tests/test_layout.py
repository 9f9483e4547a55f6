"""The layout rule, checked on the import graph: a front-end imports the facade, not the engine.

Front-ends (the CLI and the web server with its UI) may import `assistant.api`, `assistant.types`,
their own package, the standard library and third-party packages, and nothing else of the project
(not `assistant.core`, `vectorstore`, `ingest`, ...). Every import counts: at
the top, inside functions, under `TYPE_CHECKING`.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = {p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file()}
FACADE = ("assistant.api", "assistant.types")

# front-end module or package -> what counts as its own. The CLI's own modules are the subcommand
# modules it registers (features, eval), and `serve` starts the web front-end.
FRONT_ENDS: dict[str, tuple[str, ...]] = {
    "assistant.web": ("assistant.web",),
    "assistant.cli": ("assistant.cli", "assistant.features.cli", "eval.cli", "assistant.web.server", "assistant.web.auth"),
    "assistant.features.cli": ("assistant.features",),
    "eval.cli": ("eval",),
}


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def imported_modules(source: str) -> list[tuple[int, str]]:
    """(line, module) of every absolute import in the source, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"line {node.lineno}: relative import (the rule reads absolute names)"
            found.append((node.lineno, node.module or ""))
    return found


def violations(module: str, source: str, own: tuple[str, ...]) -> list[str]:
    """The imports of `module` that reach past the facade into the project."""
    allowed = (*FACADE, *own)
    return [
        f"{module}:{line} imports {name}"
        for line, name in imported_modules(source)
        if name.split(".")[0] in PROJECT and not _within(name, allowed)
    ]


def front_end_modules() -> dict[str, Path]:
    """Module name -> file of every front-end module."""
    modules = {}
    for name in FRONT_ENDS:
        path = ROOT.joinpath(*name.split("."))
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path.with_suffix(".py")]
        for file in files:
            parts = file.relative_to(ROOT).with_suffix("").parts
            modules[".".join(p for p in parts if p != "__init__")] = file
    return modules


def test_front_ends_import_only_the_facade_and_their_own_package() -> None:
    modules = front_end_modules()
    assert "assistant.web.ui.chat" in modules and "assistant.cli" in modules
    found = []
    for module, file in modules.items():
        own = next(FRONT_ENDS[f] for f in sorted(FRONT_ENDS, key=len, reverse=True) if _within(module, (f,)))
        found += violations(module, file.read_text(encoding="utf-8"), own)
    assert not found, "front-ends reach past assistant.api / assistant.types:\n" + "\n".join(found)


def test_the_check_sees_an_import_past_the_facade_wherever_it_is() -> None:
    source = (
        "import json\nimport gradio as gr\nfrom assistant.api import Assistant\nfrom assistant.web.ui import render\n"
        "def f():\n    from vectorstore.lexical import tokenize\n"
        "if TYPE_CHECKING:\n    import assistant.core.answerer\n"
    )
    assert violations("assistant.web.ui.x", source, ("assistant.web",)) == [
        "assistant.web.ui.x:6 imports vectorstore.lexical",
        "assistant.web.ui.x:8 imports assistant.core.answerer",
    ]


def test_vectorstore_does_not_import_the_assistant() -> None:
    """The store layer knows nothing of the answer engine: what it needs (the task table of a
    snapshot) is handed in."""
    found = [
        f"{file.name}:{line} imports {name}"
        for file in sorted((ROOT / "vectorstore").rglob("*.py"))
        for line, name in imported_modules(file.read_text(encoding="utf-8"))
        if _within(name, ("assistant",))
    ]
    assert not found, "vectorstore reaches into assistant:\n" + "\n".join(found)
