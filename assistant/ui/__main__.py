"""`python -m assistant.ui …`: serve the UI (same as `python -m assistant serve`)."""

from assistant.ui.cli import main

raise SystemExit(main())
