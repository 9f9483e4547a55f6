"""The `eval` subcommand: parsing, exit codes, report location, baseline."""

from __future__ import annotations

import argparse
import json

import pytest

from eval.cli import add_eval_parser, run_eval_command
from tests.eval.helpers import DOC_A, answer_json, citation

GOLD = "牵头单位:国际部、认证部"
SET_LINES = [
    {
        "id": "K1",
        "category": "lead_department",
        "question": "谁牵头?",
        "answerable": True,
        "must_include": ["国际部"],
        "gold": [{"doc": DOC_A, "quote": GOLD}],
    },
    {"id": "K2", "category": "unanswerable", "question": "在哪个城市?", "answerable": False},
]


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="assistant")
    add_eval_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


class Factory:
    """Builds the answer function and remembers the modes it was asked for."""

    def __init__(self) -> None:
        self.modes: list[str | None] = []

    def __call__(self, mode: str | None):
        self.modes.append(mode)

        def answer_fn(question: str, history: list[dict]) -> dict:
            if question == "在哪个城市?":
                return answer_json("文件未提及。", refused=True, total_ms=10.0)
            return answer_json("国际部牵头[1]", [citation(1, DOC_A, GOLD)], total_ms=20.0)

        return answer_fn


@pytest.fixture
def set_path(tmp_path):
    path = tmp_path / "mini.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in SET_LINES) + "\n", encoding="utf-8")
    return path


def test_parser_accepts_the_documented_options(set_path):
    args = parse(
        [
            "eval",
            str(set_path),
            "--out",
            "o",
            "--baseline",
            "b.json",
            "--fail-under",
            "hit@1=0.8",
            "--fail-under",
            "mrr=0.5",
            "--mode",
            "llm",
            "--strict",
            "--limit",
            "3",
        ]
    )
    assert args.command == "eval" and args.set_path == set_path
    assert args.fail_under == ["hit@1=0.8", "mrr=0.5"]
    assert (args.mode, args.strict, args.limit) == ("llm", True, 3)
    with pytest.raises(SystemExit):
        parse(["eval", str(set_path), "--limit", "0"])
    with pytest.raises(SystemExit):
        parse(["eval", str(set_path), "--mode", "fast"])


def test_run_writes_the_report_and_passes_thresholds(set_path, tmp_path, capsys):
    factory = Factory()
    out = tmp_path / "report"
    args = parse(
        [
            "eval",
            str(set_path),
            "--out",
            str(out),
            "--mode",
            "extractive",
            "--no-progress",
            "--fail-under",
            "hit@1=1",
            "--fail-under",
            "false_refusal_rate=0",
        ]
    )
    assert run_eval_command(args, factory, settings={"retriever.k": 5}) == 0
    assert factory.modes == ["extractive"]
    stdout = capsys.readouterr().out
    assert "| **overall** | 2 | 1.000 |" in stdout
    assert f"report written to {out}" in stdout
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["settings"]["retriever.k"] == 5
    assert report["settings"]["mode"] == "extractive" and report["settings"]["items_run"] == 2
    assert (out / "report.md").is_file() and (out / "chart.png").is_file()


def test_failed_threshold_exits_1(set_path, tmp_path, capsys):
    args = parse(
        [
            "eval",
            str(set_path),
            "--out",
            str(tmp_path / "r"),
            "--no-progress",
            "--fail-under",
            "latency_p50_ms=1",
        ]
    )
    assert run_eval_command(args, Factory()) == 1
    assert "FAIL latency_p50_ms=1: latency_p50_ms = 15, needs <= 1" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--fail-under", "recall=0.5"], "unknown metric 'recall'"),
        (["--baseline", "missing.json"], "cannot read the baseline report"),
    ],
)
def test_usage_errors_exit_2_before_running(set_path, tmp_path, capsys, extra, message):
    factory = Factory()
    args = parse(["eval", str(set_path), "--out", str(tmp_path / "r"), *extra])
    assert run_eval_command(args, factory) == 2
    assert message in capsys.readouterr().err
    assert factory.modes == []  # nothing was run
    assert not (tmp_path / "r").exists()


def test_bad_set_lines_warn_or_fail_with_strict(set_path, tmp_path, capsys):
    set_path.write_text(set_path.read_text(encoding="utf-8") + "{broken\n", encoding="utf-8")
    args = parse(["eval", str(set_path), "--out", str(tmp_path / "r"), "--no-progress"])
    assert run_eval_command(args, Factory()) == 0
    assert "line 3: bad JSON" in capsys.readouterr().err
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert report["set_problems"][0]["line"] == 3

    strict = parse(["eval", str(set_path), "--out", str(tmp_path / "s"), "--strict"])
    assert run_eval_command(strict, Factory()) == 2
    assert "line 3: bad JSON" in capsys.readouterr().err


def test_empty_set_exits_2(tmp_path, capsys):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    assert run_eval_command(parse(["eval", str(empty)]), Factory()) == 2
    assert "no usable items" in capsys.readouterr().err


def test_limit_and_baseline(set_path, tmp_path, capsys):
    first = parse(["eval", str(set_path), "--out", str(tmp_path / "a"), "--no-progress"])
    assert run_eval_command(first, Factory()) == 0
    second = parse(
        [
            "eval",
            str(set_path),
            "--out",
            str(tmp_path / "b"),
            "--no-progress",
            "--limit",
            "1",
            "--baseline",
            str(tmp_path / "a" / "report.json"),
        ]
    )
    assert run_eval_command(second, Factory()) == 0
    assert "against the baseline: 0 regressed, 0 improved" in capsys.readouterr().out
    report = json.loads((tmp_path / "b" / "report.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in report["items"]] == ["K1"]
    assert report["comparison"]["items"]["removed"] == ["K2"]
    assert (tmp_path / "b" / "compare.md").is_file()
