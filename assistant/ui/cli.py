"""The `serve` subcommand: `python -m assistant serve [--host H] [--port P]`.

`add_serve_parser(subparsers)` registers it on the main CLI; `python -m assistant.ui`
runs the same thing standalone (with --data-dir / --config / --chroma-url).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any

from assistant.config import Settings, load_settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860


def _add_serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=os.environ.get("ASSISTANT_HOST", DEFAULT_HOST),
                        help=f"address to bind (default {DEFAULT_HOST}; env ASSISTANT_HOST)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("ASSISTANT_PORT", DEFAULT_PORT)),
                        help=f"port (default {DEFAULT_PORT}; env ASSISTANT_PORT)")
    parser.set_defaults(func=cmd_serve)


def add_serve_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `serve` to an argparse subparsers object; its `func(args, settings)` returns the exit code."""
    parser = subparsers.add_parser(
        "serve",
        help="serve the web UI (chat, task table, documents, evaluation)",
        description="Serve the Gradio UI on 127.0.0.1 (login from ASSISTANT_AUTH=user:pass[,user2:pass2]).",
    )
    _add_serve_options(parser)
    return parser


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Run the server until interrupted."""
    from assistant.api import Assistant
    from assistant.auth import parse_auth
    from assistant.ui.server import serve

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        auth = parse_auth(os.environ.get("ASSISTANT_AUTH"))
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    serve(Assistant(settings), host=args.host, port=args.port, auth=auth)
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m assistant.ui [--data-dir DIR] [--config FILE] [--chroma-url URL] [--host H] [--port P]`."""
    parser = argparse.ArgumentParser(prog="python -m assistant.ui", description="Serve the web UI.")
    parser.add_argument("--data-dir", help="where the index lives (default ./var, env ASSISTANT_DATA_DIR)")
    parser.add_argument("--config", help="settings file overriding assistant.toml (env ASSISTANT_CONFIG)")
    parser.add_argument("--chroma-url", help="a Chroma server (env ASSISTANT_CHROMA_URL)")
    _add_serve_options(parser)
    args = parser.parse_args(argv)
    settings = load_settings(args.data_dir, args.config, args.chroma_url)
    try:
        return args.func(args, settings)
    except KeyboardInterrupt:
        return 130
