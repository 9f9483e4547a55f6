"""Subcommands `targets`, `tasks`, `compare`, `feedback export`, and `ask --export`: argument
parsing and printing over `Assistant` (registered by `assistant.cli`)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.api import Assistant, Clause, Settings
    from assistant.types import Answer

TASK_FORMATS = ("xlsx", "csv", "json")


def _fail(message: str, status: int = 2) -> int:
    print(f"error: {message}", file=sys.stderr)
    return status


def _assistant(settings: Settings) -> Assistant:
    from assistant.api import Assistant  # on use: `--help` need not load the index's libraries

    return Assistant(settings)


def _guarded(run: Callable[[], int]) -> int:
    """Run a command body; index and naming problems become one `error:` line and exit 2."""
    from assistant.api import StoreError

    try:
        return run()
    except (StoreError, ValueError) as err:  # DocNotFound and bad formats are ValueErrors
        return _fail(str(err))


def cmd_targets(args: argparse.Namespace, settings: Settings) -> int:
    """`targets [--json] [--year Y] [--doc NAME]`."""
    def run() -> int:
        targets = _assistant(settings).targets(year=args.year, doc=args.doc)
        if args.json:
            print(json.dumps([t.to_json() for t in targets], ensure_ascii=False, indent=1))
            return 0
        for t in targets:
            print(f"{t.year}  {t.when}  {t.clause_id}\n    {t.target}")
        if not targets:
            print("no dated targets" + (f" for {args.year}" if args.year else ""))
        return 0

    return _guarded(run)


def cmd_tasks(args: argparse.Namespace, settings: Settings) -> int:
    """`tasks --format xlsx|csv|json [--out FILE]`."""
    def run() -> int:
        data = _assistant(settings).tasks_file(args.format)
        if args.out:
            Path(args.out).write_bytes(data)
            print(f"wrote {args.out} ({args.format}, {len(data)} bytes)")
        elif args.format == "xlsx":
            return _fail("--format xlsx needs --out FILE")
        else:
            sys.stdout.write(data.decode("utf-8-sig"))
        return 0

    return _guarded(run)


def _side(clause: Clause | None) -> str:
    """A clause's path for the text listing ((导言) for the unheaded opening, — for none)."""
    return clause.clause or "(导言)" if clause else "—"


def cmd_compare(args: argparse.Namespace, settings: Settings) -> int:
    """`compare DOC_A DOC_B [--json]`."""
    def run() -> int:
        comparison = _assistant(settings).compare(args.doc_a, args.doc_b)
        if args.json:
            print(json.dumps(comparison.to_json(), ensure_ascii=False, indent=1))
            return 0
        print(f"A: {comparison.doc_a}  {comparison.title_a}\nB: {comparison.doc_b}  {comparison.title_b}")
        print(f"similarity = dense cosine; matched when it beats B's median clause by >= {comparison.threshold}\n")
        for p in comparison.pairs:
            mark = "=" if p.matched else "?"
            print(f"{mark} {p.similarity:.3f} ({p.margin:+.3f})  {_side(p.clause)}\n      -> {_side(p.match)}")
        print(f"\nnew in B ({len(comparison.new_in_b)}):")
        for p in comparison.new_in_b:
            print(f"+ {p.similarity:.3f} ({p.margin:+.3f})  {_side(p.clause)}")
        return 0

    return _guarded(run)


def cmd_feedback_export(args: argparse.Namespace, settings: Settings) -> int:
    """`feedback export --out FILE [--only-negative]`; exit 1 if a draft would not load as a set."""
    from assistant.features.feedback_export import set_problems, to_jsonl

    def run() -> int:
        assistant = _assistant(settings)
        status = assistant.feedback_status()
        items = assistant.feedback_drafts(only_negative=args.only_negative, mark_exported=True)
        text = to_jsonl(items)
        # the drafts must load as a set: check with eval's own loader before saying so
        problems = set_problems(text, args.out)
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {len(items)} draft items to {args.out} "
              f"({status['answers']} rated answers, {status['negative']} 👎, {status['new']} new since the last export)")
        for problem in problems:
            print(f"warning: {problem}", file=sys.stderr)
        return 1 if problems else 0

    return _guarded(run)


def write_answer_export(assistant: Assistant, answer: Answer, filename: str) -> int:
    """`ask --export FILE.docx|FILE.md`: the answer with its cited clauses; 0 or an exit status."""
    from assistant.features.export import format_of

    try:
        fmt = format_of(filename)
    except ValueError as err:
        return _fail(str(err))
    Path(filename).write_bytes(assistant.export_answers([answer], fmt))
    print(f"exported to {filename}", file=sys.stderr)
    return 0


def register(sub) -> None:
    """Add the feature subcommands to the CLI's subparsers."""
    p = sub.add_parser("targets", help="dated targets and deadlines of the texts (目标时间线)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--year", type=int, help="only this year")
    p.add_argument("--doc", help="only this document: id, unique id prefix or title fragment")
    p.set_defaults(func=cmd_targets)

    p = sub.add_parser("tasks", help="the task table as xlsx (with the responsibility matrix), csv or json")
    p.add_argument("--format", choices=TASK_FORMATS, default="csv")
    p.add_argument("--out", help="file to write (required for xlsx; csv/json print otherwise)")
    p.set_defaults(func=cmd_tasks)

    p = sub.add_parser("compare", help="align the clauses of two documents (文件对比)")
    p.add_argument("doc_a", help="document A: id, unique id prefix (000) or title fragment")
    p.add_argument("doc_b", help="document B")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("feedback", help="turn UI feedback into draft regression items")
    feedback = p.add_subparsers(dest="feedback_command", required=True)
    e = feedback.add_parser("export", help="write draft set items (JSONL) from DATA_DIR/feedback.jsonl")
    e.add_argument("--out", required=True, help="the draft set file (.jsonl)")
    e.add_argument("--only-negative", action="store_true", help="only answers rated 👎")
    e.set_defaults(func=cmd_feedback_export)
