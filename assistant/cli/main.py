"""The command line's entry point and parser; the answer subcommands (`ask`, `eval`, `model`, `serve`).

The index's subcommands are in `assistant.cli.index_commands`, the features' in `assistant.features.cli`.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from assistant.api import (
    Assistant,
    ModelFileError,
    Settings,
    StoreDamaged,
    describe_store_failure,
    load_settings,
)
from assistant.cli.common import EXIT_BAD_INPUT, EXIT_DAMAGED, print_err
from assistant.cli.index_commands import add_index_commands
from assistant.types import Mode

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860


def _read_history(path: str) -> list[dict]:
    """`ask --history FILE`: a JSON list of {role, content}; ValueError/OSError saying what is wrong."""
    history = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(history, list) or not all(isinstance(m, dict) and "role" in m and "content" in m for m in history):
        raise ValueError("expected a JSON list of {role, content}")
    return history


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question; the text and its citations, or the answer as JSON."""
    history: list[dict] = []
    if args.history:
        try:
            history = _read_history(args.history)
        except (OSError, ValueError) as err:
            print_err(f"--history {args.history}: {err}")
            return EXIT_BAD_INPUT
    # a store that cannot answer (empty, damaged, another model) is reported by `_run`
    assistant = Assistant(settings)
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
    """Run a regression set against this assistant (`eval.cli` parses, runs and reports)."""
    from eval.cli import run_eval_command

    assistant = Assistant(settings)

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
    try:
        path = Assistant(settings).prepare_model()
    except ModelFileError as err:
        print_err(str(err))
        return 1
    print(f"model ready: {path}")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Run the web server (UI and HTTP API) until interrupted."""
    from assistant.web.auth import AUTH_ENV, parse_auth
    from assistant.web.server import serve

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        auth = parse_auth(os.environ.get(AUTH_ENV))
    except ValueError as err:
        print_err(str(err))
        return EXIT_BAD_INPUT
    serve(Assistant(settings), host=args.host, port=args.port, auth=auth)
    return 0


# --- parser --------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    """The whole command line: global options, then one subcommand."""
    parser = argparse.ArgumentParser(prog="assistant", description="认证认可政策问答助手 — policy Q&A with clause citations")
    parser.add_argument("--data-dir", help="where the index lives (default ./var, env ASSISTANT_DATA_DIR)")
    parser.add_argument("--config", help="settings file overriding assistant.toml (env ASSISTANT_CONFIG)")
    parser.add_argument("--chroma-url", help="use a Chroma server, e.g. http://127.0.0.1:8000 (env ASSISTANT_CHROMA_URL)")
    sub = parser.add_subparsers(dest="command", required=True)

    add_index_commands(sub)

    _add_answer_commands(sub)
    return parser


def _add_answer_commands(sub) -> None:
    """`ask`, `eval`, `model`, `serve` and the feature subcommands."""
    p = sub.add_parser("ask", help="answer a question with clause citations")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="machine-readable answer")
    p.add_argument("--history", help="JSON file: a list of {role: user|assistant, content}")
    p.add_argument("--mode", choices=Mode.names(), help="extractive (default), llm or auto")
    p.add_argument("--export", metavar="FILE", help="also write the answer and its cited clauses to FILE.docx or FILE.md")
    p.set_defaults(func=cmd_ask)

    from eval.cli import add_eval_parser

    add_eval_parser(sub).set_defaults(func=cmd_eval)

    p = sub.add_parser("model", help="prepare the local LLM (join the packaged GGUF parts, verify sha256)")
    p.set_defaults(func=cmd_model)

    from assistant.features.cli import register as register_features

    register_features(sub)

    p = sub.add_parser("serve", help="serve the web UI (chat, task table, documents, evaluation) and the HTTP API",
                       description="Serve the UI and the /v1 API (login: ASSISTANT_AUTH=user:pass[,user2:pass2]).")
    p.add_argument("--host", default=os.environ.get("ASSISTANT_HOST", DEFAULT_HOST),
                   help=f"address to bind (default {DEFAULT_HOST}; env ASSISTANT_HOST)")
    p.add_argument("--port", type=int, default=int(os.environ.get("ASSISTANT_PORT", DEFAULT_PORT)),
                   help=f"port (default {DEFAULT_PORT}; env ASSISTANT_PORT)")
    p.set_defaults(func=cmd_serve)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    """Run a command; every failure a user can cause or meet ends as one `error:` line.

    Exit codes: 0 done, 2 bad input (a file, an argument, a question, another writer that
    kept the data dir too long), 1 the index, the cache or the Chroma server is damaged or lost."""
    try:
        return args.func(args, settings)
    except BrokenPipeError:
        # `inspect --json | head`: the reader left; say nothing, and keep Python's exit-time
        # flush of stdout from raising again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as err:
        failure = describe_store_failure(err, settings.data_dir, settings.chroma_url)
        if failure is None:
            raise
        print_err(str(failure))
        return EXIT_DAMAGED if isinstance(failure, StoreDamaged) else EXIT_BAD_INPUT


def main(argv: list[str] | None = None) -> int:
    """`python -m assistant …`; returns the exit code."""
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.data_dir, args.config, args.chroma_url)
    except (OSError, ValueError) as err:  # a missing or malformed --config file
        where = args.config or os.environ.get("ASSISTANT_CONFIG") or "assistant.toml"
        print_err(f"settings file {where}: {getattr(err, 'strerror', None) or err}")
        return EXIT_BAD_INPUT
    if settings.chroma_url and (problem := Assistant(settings).server_problem()):
        # before eval or serve start: eval would record every item as an error and exit 0,
        # serve would show a page that cannot answer
        print_err(problem)
        return EXIT_BAD_INPUT
    try:
        return _run(args, settings)
    except KeyboardInterrupt:
        return 130
