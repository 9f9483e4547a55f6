"""Command line: `python -m assistant [--data-dir DIR] COMMAND …` — thin over the API."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from assistant.config import BUNDLED_CORPUS, Settings, load_settings

EXIT_DAMAGED = 1  # the index, the embedding cache or the Chroma server is damaged or lost
EXIT_BAD_INPUT = 2  # something the user gave: a file, an argument, a question; or the lock timed out


def _print_err(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def _open_index(settings: Settings):
    from assistant.index import Index

    return Index(settings)


# --- ingest / inspect / remove -------------------------------------------------------------
LARGE_FILE_SENTENCES = 1000  # a file with more sentences than this gets its own progress bar


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    paths = [Path(p) for p in args.paths] or [BUNDLED_CORPUS]
    index = _open_index(settings)
    with index.writing(on_wait=lambda message: print(message, file=sys.stderr, flush=True)):
        bar = tqdm(total=0, unit="file", file=sys.stderr, disable=args.quiet)
        sentence_bars: dict[str, tqdm] = {}

        def progress(name: str, done: int, total: int) -> None:
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

        indexer = index.indexer()
        try:
            report = indexer.run(paths, progress=progress, rebuild=args.rebuild, sentence_progress=sentence_progress)
        finally:
            bar.close()
            for sentences in sentence_bars.values():
                sentences.close()
        count = indexer.store.count()  # after a rebuild: the new generation's
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
    store = _open_index(settings).store
    clauses = store.all_clauses()
    if args.doc:
        clauses = [c for c in clauses if c.doc == args.doc]
        if not clauses:
            _print_err(f"{args.doc}: not in the index (see `python -m assistant inspect`)")
            return EXIT_BAD_INPUT
    if args.tasks:
        from assistant.tasks.table import TaskTable

        rows = TaskTable.from_clauses(clauses).to_records()
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
    for doc in store.list_documents():
        print(f"{doc['doc']}  {doc['title']}  {doc.get('date') or '—'}  {doc.get('source') or '—'}  {doc['clause_count']} clauses")
    if not clauses:
        print("the index is empty: build it with `python -m assistant ingest`")
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    index = _open_index(settings)
    status = 0
    with index.writing(on_wait=lambda message: print(message, file=sys.stderr, flush=True)):
        for doc in args.docs:
            if index.store.delete_document(doc):
                print(f"removed {doc}")
            else:
                _print_err(f"{doc}: not in the index (see `python -m assistant inspect`)")
                status = EXIT_BAD_INPUT
    return status


# --- parser --------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
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
    """`ask`, `eval`, `serve`: registered here, implemented in their modules."""
    try:
        from assistant import commands
    except ImportError:  # during bootstrap the answer stage may be absent
        return
    commands.register(sub)


def _server_problem(settings: Settings) -> str | None:
    """Why the Chroma server in `settings.chroma_url` cannot be used, or None when it answers."""
    from vectorstore.store import make_client

    try:
        make_client(settings.data_dir, settings.chroma_url).heartbeat()
    except Exception as err:  # refused, DNS, TLS, not a Chroma server: all say the same to the user
        return f"cannot reach the Chroma server at {settings.chroma_url}: {err}"
    return None


def _run(args: argparse.Namespace, settings: Settings) -> int:
    """Run a command; every failure a user can cause or meet ends as one `error:` line.

    Exit codes: 0 done, 2 bad input (a file, an argument, a question, another writer that
    kept the data dir too long), 1 the index, the cache or the Chroma server is damaged or lost."""
    from vectorstore.damage import StoreDamaged, describe_store_failure

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
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.data_dir, args.config, args.chroma_url)
    except (OSError, ValueError) as err:  # a missing or malformed --config file
        where = args.config or os.environ.get("ASSISTANT_CONFIG") or "assistant.toml"
        _print_err(f"settings file {where}: {getattr(err, 'strerror', None) or err}")
        return EXIT_BAD_INPUT
    if settings.chroma_url and (problem := _server_problem(settings)):
        # before eval or serve start: eval would record every item as an error and exit 0,
        # serve would show a page that cannot answer
        _print_err(problem)
        return EXIT_BAD_INPUT
    try:
        return _run(args, settings)
    except KeyboardInterrupt:
        return 130
