"""Measure the local LLM on this machine: join, load, time to first token, generation speed.

    python -m assistant.generative.measure --models-dir DIR [--context-file corpus/000_….txt]

Each figure is printed as one `name: value` line (the numbers in NOTES.md come from here).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import tempfile
import time
from pathlib import Path

from langchain_core.messages import HumanMessage, SystemMessage, convert_to_openai_messages

from assistant.generative.backends import ChatLocalLlama, load_llama
from assistant.generative.config import LLMConfig
from assistant.generative.model_file import MODEL_FILENAME, ensure_model

SYSTEM = "你是认证认可政策助手。根据给出的条文，用简洁的中文回答。"
QUESTION = "请分三点、用大约两百字说明认证认可在“一带一路”建设中的作用。"


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed_stream(model: ChatLocalLlama, messages: list) -> tuple[float, float, str, float]:
    """(seconds to the first text, seconds in total, text, CPU cores got on average) of one answer.

    The cores figure shows contention: 2.0 is the whole machine, less means other jobs ran.
    """
    started, cpu = time.perf_counter(), _cpu_s()
    first = 0.0
    parts: list[str] = []
    for chunk in model.stream(messages):
        if chunk.content and not first:
            first = time.perf_counter() - started
        parts.append(chunk.content)
    total = time.perf_counter() - started
    return first, total, "".join(parts), (_cpu_s() - cpu) / total


def main(argv: list[str] | None = None) -> None:
    """Print the measurements; joins a fresh copy into a temp dir when --fresh-join is given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models-dir", type=Path, required=True)
    parser.add_argument("--fresh-join", action="store_true", help="also time a join into an empty temp dir")
    parser.add_argument("--context-file", type=Path, help="text whose start is given as retrieved context")
    parser.add_argument("--context-chars", type=int, default=1500)
    parser.add_argument("--max-tokens", type=int, default=120)
    parser.add_argument("--threads", type=int, default=LLMConfig.threads)
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs per prompt (other jobs on 2 cores skew single runs)"
    )
    args = parser.parse_args(argv)

    if args.fresh_join:
        with tempfile.TemporaryDirectory(dir=args.models_dir.parent) as tmp:
            t = time.perf_counter()
            ensure_model(Path(tmp))
            print(f"join_and_verify_s: {time.perf_counter() - t:.1f}")
            (Path(tmp) / (MODEL_FILENAME + ".sha256-ok")).unlink()
            t = time.perf_counter()
            ensure_model(Path(tmp))
            print(f"verify_existing_without_marker_s: {time.perf_counter() - t:.1f}")
            t = time.perf_counter()
            ensure_model(Path(tmp))
            print(f"start_with_marker_s: {time.perf_counter() - t:.4f}")

    path = ensure_model(args.models_dir)
    model = ChatLocalLlama(
        model_path=str(path), max_tokens=args.max_tokens, seed=1, n_threads=args.threads
    )
    t = time.perf_counter()
    llama, _ = load_llama(model.model_path, model.n_ctx, model.n_threads)
    print(f"load_s: {time.perf_counter() - t:.2f}  (n_ctx={model.n_ctx}, n_threads={model.n_threads})")

    prompts = {"short": [SystemMessage(SYSTEM), HumanMessage(QUESTION)]}
    if args.context_file:
        # Drop the pinyin glosses "(rèn)" the raw corpus carries; ingest does the same properly.
        text = re.sub(r"\([a-zA-Zà-ǜ]+\)", "", args.context_file.read_text(encoding="utf-8"))
        context = text[: args.context_chars]
        prompts["context"] = [SystemMessage(SYSTEM), HumanMessage(f"条文：\n{context}\n\n问题：{QUESTION}")]

    _timed_stream(model, prompts["short"])  # warm-up: first call pays one-off allocations
    print(f"loadavg_before: {os.getloadavg()[0]:.2f}")
    for name, messages in [item for item in prompts.items() for _ in range(args.repeat)]:
        # llama.cpp reuses the KV cache of a shared prompt prefix: start cold for a fair TTFT.
        llama.reset()
        ttft, total, text, cores = _timed_stream(model, messages)
        # Count the prompt as llama.cpp sees it, through the GGUF's chat template.
        prompt_tokens = llama.create_chat_completion(
            messages=convert_to_openai_messages(messages), max_tokens=1
        )["usage"]["prompt_tokens"]
        out_tokens = len(llama.tokenize(text.encode("utf-8"), add_bos=False))
        print(
            f"{name}: prompt_tokens={prompt_tokens} ttft_s={ttft:.2f} total_s={total:.2f} "
            f"output_tokens={out_tokens} gen_tok_per_s={(out_tokens - 1) / (total - ttft):.1f} "
            f"prompt_tok_per_s~={prompt_tokens / ttft:.0f} cores_used={cores:.2f}"
        )
        print(f"{name}_answer: {text!r}")
    print(f"loadavg_after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
