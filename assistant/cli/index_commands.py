"""The index's subcommands: `ingest`, `inspect`, `remove` (registered by `assistant.cli.main`)."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import Any

from assistant.api import BUNDLED_CORPUS, Assistant, IndexMissing, Settings
from assistant.cli.common import EXIT_BAD_INPUT, on_wait, print_err

LARGE_FILE_SENTENCES = 1000  # a file with more sentences than this gets its own progress bar


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

    assistant = Assistant(settings)
    try:
        report, count = assistant.ingest_paths(
            paths, rebuild=args.rebuild, progress=progress, sentence_progress=sentence_progress, on_wait=on_wait)
    finally:
        for sentences in [*bars, *sentence_bars.values()]:
            sentences.close()
    # the new version's sentence matrix and cluster index are made and saved here, by the
    # process that wrote it, not by the first process that answers from it (its start)
    assistant.index.snapshot()
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
            print_err(f"{args.doc}: not in the index (see `python -m assistant inspect`)")
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
    assistant = Assistant(settings)
    for doc, removed in zip(args.docs, assistant.remove_documents(args.docs, on_wait=on_wait), strict=True):
        if removed:
            print(f"removed {doc}")
        else:
            print_err(f"{doc}: not in the index (see `python -m assistant inspect`)")
            status = EXIT_BAD_INPUT
    # as after an ingest: the new version's sentence matrix and cluster index are saved by the
    # process that changed the store, not made by the next process's start (~1.5 s at 100x)
    with contextlib.suppress(IndexMissing):  # nothing left to answer from
        assistant.index.snapshot()
    return status


def add_index_commands(sub: Any) -> None:
    """Add `ingest`, `inspect` and `remove` to an `argparse` subparsers object."""
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
