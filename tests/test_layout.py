"""The layout rules, checked on the import graph.

Front-ends (the CLI and the web server with its UI) may import `assistant.api`, `assistant.types`,
their own package, the standard library and third-party packages, and nothing else of the project
(not `assistant.core`, `vectorstore`, `ingest`, `text`, ...).

The stages stand on layers: `text` (folding, tokenizing, sentences, token budgets) is the lowest,
which every stage may import and which imports no other package of the project; `ingest` stands
on `text` alone, `vectorstore` on `ingest` and `text`. Every import counts: at the top, inside
functions, under `TYPE_CHECKING`.
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

# lower layer -> what it may import of the project (itself and the layers below it)
LAYERS: dict[str, tuple[str, ...]] = {
    "text": ("text",),
    "ingest": ("text", "ingest"),
    "vectorstore": ("text", "ingest", "vectorstore"),
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


def violations(module: str, source: str, own: tuple[str, ...], facade: tuple[str, ...] = FACADE) -> list[str]:
    """The imports of `module` that reach past the facade (and `own`) into the project."""
    allowed = (*facade, *own)
    return [
        f"{module}:{line} imports {name}"
        for line, name in imported_modules(source)
        if name.split(".")[0] in PROJECT and not _within(name, allowed)
    ]


def package_modules(names) -> dict[str, Path]:
    """Module name -> file of every module of the named packages or modules."""
    modules = {}
    for name in names:
        path = ROOT.joinpath(*name.split("."))
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path.with_suffix(".py")]
        for file in files:
            parts = file.relative_to(ROOT).with_suffix("").parts
            modules[".".join(p for p in parts if p != "__init__")] = file
    return modules


def front_end_modules() -> dict[str, Path]:
    """Module name -> file of every front-end module."""
    return package_modules(FRONT_ENDS)


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
        "def f():\n    from text.tokenize import tokenize\n"
        "if TYPE_CHECKING:\n    import assistant.core.answerer\n"
    )
    assert violations("assistant.web.ui.x", source, ("assistant.web",)) == [
        "assistant.web.ui.x:6 imports text.tokenize",
        "assistant.web.ui.x:8 imports assistant.core.answerer",
    ]


def test_the_lower_layers_import_only_themselves_and_the_layers_below() -> None:
    modules = package_modules(LAYERS)
    assert {"text.fold", "text.tokenize", "text.sentences", "text.tokens"} <= set(modules)
    found = []
    for module, file in modules.items():
        found += violations(module, file.read_text(encoding="utf-8"), LAYERS[module.split(".")[0]], facade=())
    assert not found, "a lower layer imports a higher one:\n" + "\n".join(found)


def test_the_layer_check_sees_text_importing_a_stage() -> None:
    source = "import re\nfrom text.fold import fold\n\ndef f():\n    from ingest.model import Clause\n"
    assert violations("text.x", source, LAYERS["text"], facade=()) == ["text.x:5 imports ingest.model"]


def test_import_text_is_the_project_package() -> None:
    import text

    assert Path(text.__file__).resolve() == ROOT / "text" / "__init__.py"  # nothing else named `text` shadows it


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
