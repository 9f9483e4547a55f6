"""Markdown for report.md, compare.md and the CLI summary, rendered from the report.json dict."""

from __future__ import annotations

from typing import Any

# (metric key, column header, format): the columns of every metrics table.
TABLE_COLUMNS = (
    ("n_items", "n", "count"),
    ("hit@1", "hit@1", "rate"),
    ("hit@5", "hit@5", "rate"),
    ("mrr", "MRR", "rate"),
    ("answer_check_pass_rate", "checks", "rate"),
    ("refusal_accuracy", "refusal acc.", "rate"),
    ("false_refusal_rate", "false refusal", "rate"),
    ("citation_precision", "cit. precision", "rate"),
    ("latency_p50_ms", "p50 ms", "count"),
    ("latency_p95_ms", "p95 ms", "count"),
    ("mean_cited_chars", "cited chars", "count"),
    ("n_errors", "errors", "count"),
)
ANSWER_PREVIEW_CHARS = 300
WORST_ITEMS_SHOWN = 50


def format_value(value: Any, kind: str = "rate") -> str:
    """A metric value for a table: rates with 3 decimals, counts and ms whole, None as n/a."""
    if value is None:
        return "n/a"
    if kind == "rate":
        return f"{value:.3f}"
    return f"{value:.0f}"


def cell(text: Any) -> str:
    """Text made safe for one Markdown table cell or bullet: no pipes or line breaks."""
    return str(text).replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def metrics_table(overall: dict[str, Any], by_category: dict[str, dict[str, Any]]) -> list[str]:
    """A Markdown table: one row overall, then one per category."""
    lines = [
        "| scope | " + " | ".join(header for _, header, _ in TABLE_COLUMNS) + " |",
        "|---|" + "---:|" * len(TABLE_COLUMNS),
    ]
    for name, metrics in [("**overall**", overall), *by_category.items()]:
        values = [format_value(metrics.get(key), kind) for key, _, kind in TABLE_COLUMNS]
        lines.append(f"| {cell(name)} | " + " | ".join(values) + " |")
    return lines


def item_failures(record: dict[str, Any]) -> list[str]:
    """What went wrong with one item record, as report lines (empty when nothing did)."""
    # An error is recorded as a failed `error` check, so it is listed with the checks.
    failures = [f"`{c['name']}`: {c['reason']}" for c in record.get("checks", []) if not c.get("passed")]
    if record.get("answerable") and record.get("gold") and not record.get("error"):
        rank = record.get("rank")
        if rank is None:
            failures.append("retrieval: no citation supports a gold quote")
        elif rank > 1:
            failures.append(f"retrieval: first supporting citation at rank {rank}")
    return failures


def badness(record: dict[str, Any]) -> tuple[int, int, int, int]:
    """Sort key, larger is worse: error, failed checks, retrieval miss, rank."""
    failed_checks = sum(1 for c in record.get("checks", []) if not c.get("passed"))
    has_gold = bool(record.get("answerable") and record.get("gold"))
    rank = record.get("rank")
    return (
        int(bool(record.get("error"))),
        failed_checks,
        int(has_gold and rank is None),
        rank or 0,
    )


def worst_items(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records with any failure, worst first (ties keep the set's order)."""
    failing = [r for r in records if item_failures(r)]
    return sorted(failing, key=badness, reverse=True)


def _item_section(record: dict[str, Any]) -> list[str]:
    lines = [f"### {cell(record['id'])} ({cell(record.get('category', ''))})", ""]
    lines.append(f"- question: {cell(record.get('question', ''))}")
    if record.get("answer") is not None:
        answer = record["answer"]
        if len(answer) > ANSWER_PREVIEW_CHARS:
            answer = answer[:ANSWER_PREVIEW_CHARS] + "…"
        refused = " (refused)" if record.get("refused") else ""
        lines.append(f"- answer{refused}: {cell(answer)}")
    lines += [f"- FAIL {cell(failure)}" for failure in item_failures(record)]
    for citation in record.get("citations", []):
        lines.append(
            f"- cited [{citation.get('n')}] {cell(citation.get('doc'))} · {cell(citation.get('clause'))}"
        )
    for gold in record.get("gold", []):
        lines.append(f"- gold {cell(gold['doc'])}: {cell(gold['quote'])}")
    lines.append("")
    return lines


def render_report_markdown(report: dict[str, Any]) -> str:
    """report.md: settings, the metrics table, then the failing items worst first."""
    metrics = report["metrics"]
    settings = report.get("settings", {})
    lines = ["# Eval report", ""]
    lines.append(f"Created {report.get('created_at', '')}; {metrics['overall'].get('n_items', 0)} items.")
    lines.append("")
    if report.get("answers_fingerprint"):
        lines += [f"Answers fingerprint: `{report['answers_fingerprint']}` (same value = same answers and citations).", ""]
    if settings:
        lines += [f"- {cell(key)}: `{cell(value)}`" for key, value in settings.items()]
        lines.append("")
    problems = report.get("set_problems", [])
    if problems:
        lines.append(f"**{len(problems)} set line(s) were not loaded:**")
        lines += [f"- line {p['line']}: {cell(p['reason'])}" for p in problems]
        lines.append("")
    lines += ["## Metrics", "", *metrics_table(metrics["overall"], metrics["by_category"]), ""]
    comparison = report.get("comparison")
    if comparison:
        changes = comparison["items"]
        lines.append(
            f"Against the baseline: {len(changes['regressed'])} regressed, "
            f"{len(changes['improved'])} improved (see compare.md)."
        )
        lines.append("")
    worst = worst_items(report["items"])
    lines += ["## Worst items", ""]
    if not worst:
        lines += ["Every item passed its checks with a supporting citation first.", ""]
    for record in worst[:WORST_ITEMS_SHOWN]:
        lines += _item_section(record)
    if len(worst) > WORST_ITEMS_SHOWN:
        lines += [f"{len(worst) - WORST_ITEMS_SHOWN} more failing items are in report.json.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _delta_text(delta: dict[str, Any], kind: str) -> str:
    before, after = format_value(delta["before"], kind), format_value(delta["after"], kind)
    if delta["delta"] is None:
        return f"{before} → {after}"
    sign = "+" if delta["delta"] >= 0 else "−"
    return f"{before} → {after} ({sign}{format_value(abs(delta['delta']), kind)}, {delta['verdict']})"


def _fingerprint_lines(fingerprints: dict[str, Any]) -> list[str]:
    """The plain verdict on whether the two runs answered alike."""
    before, after = fingerprints.get("before"), fingerprints.get("after")
    if not before or not after:
        return ["Answers fingerprint: not available for both runs, so identical answers cannot be confirmed."]
    if before == after:
        return [f"**Identical answers**: both runs have answers fingerprint `{after}`; every answer and "
                "citation list is the same, so any metric difference below is timing only."]
    return [f"**Answers differ**: fingerprint `{before}` → `{after}`."]


def render_compare_markdown(comparison: dict[str, Any]) -> str:
    """compare.md: metric deltas overall and per category, then the items that changed."""
    kinds = {key: kind for key, _, kind in TABLE_COLUMNS}
    lines = ["# Comparison with the baseline", ""]
    if comparison.get("baseline_path"):
        lines.append(f"Baseline: `{comparison['baseline_path']}` ({comparison.get('baseline_created_at')}).")
        lines.append("")
    lines += [*_fingerprint_lines(comparison.get("answers_fingerprint") or {}), ""]
    lines += ["## Overall", "", "| metric | before → after |", "|---|---|"]
    for key, delta in comparison["metrics"]["overall"].items():
        lines.append(f"| {key} | {_delta_text(delta, kinds.get(key, 'rate'))} |")
    lines += ["", "## Per category (metrics that changed)", ""]
    for category, deltas in comparison["metrics"]["by_category"].items():
        changed = {k: d for k, d in deltas.items() if d["verdict"] != "same"}
        if changed:
            parts = [f"{k} {_delta_text(d, kinds.get(k, 'rate'))}" for k, d in changed.items()]
            lines.append(f"- **{cell(category)}**: " + "; ".join(parts))
    items = comparison["items"]
    for title, key in (("Regressed items", "regressed"), ("Improved items", "improved")):
        lines += ["", f"## {title} ({len(items[key])})", ""]
        lines += [
            f"- {cell(entry['id'])} ({cell(entry.get('category'))}): {cell('; '.join(entry['reasons']))}"
            f" — {cell(entry.get('question', ''))}"
            for entry in items[key]
        ] or ["none"]
    if items["added"] or items["removed"]:
        lines += ["", "## Items added / removed", ""]
        lines.append(f"- added: {', '.join(items['added']) or 'none'}")
        lines.append(f"- removed: {', '.join(items['removed']) or 'none'}")
    if comparison.get("settings_changed"):
        lines += ["", "## Settings changed", ""]
        lines += [
            f"- {cell(key)}: `{cell(change['before'])}` → `{cell(change['after'])}`"
            for key, change in comparison["settings_changed"].items()
        ]
    return "\n".join(lines).rstrip("\n") + "\n"
