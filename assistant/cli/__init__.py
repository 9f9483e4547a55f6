"""Command line: `python -m assistant [--data-dir DIR] COMMAND …` — thin over `assistant.api`.

    ingest | inspect | remove      the index (`index_commands.py`)
    ask | eval | model | serve     answers, the regression sets, the local LLM, the web server (`main.py`)
    targets | tasks | compare | feedback export    the features (`assistant.features.cli`)

`main.py` holds the entry point and the parser; `common.py` the exit codes and error lines.
"""

from assistant.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
