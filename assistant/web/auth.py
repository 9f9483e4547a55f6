"""The login, once for the UI and the HTTP API: who may log in, and how fast they may fail.

    users = parse_auth(os.environ.get(AUTH_ENV))      # [] when no login is set
    check_password(users, "ann", "pw")                # constant time per pair
    credentials_from_header("Basic YW5uOnB3")         # ("ann", "pw") from Basic or Bearer user:pass
    throttle = LoginThrottle(free_failures=5, first_lockout_s=2, max_lockout_s=300)

No web framework is imported here: the UI server's middleware and the API's routes both use it.
"""

from __future__ import annotations

import base64
import binascii
import math
import secrets
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

AUTH_ENV = "ASSISTANT_AUTH"

Users = Sequence[tuple[str, str]]


def parse_auth(spec: str | None) -> list[tuple[str, str]]:
    """`user:pass[,user2:pass2]` -> [(user, pass), ...]; [] when unset or blank.

    Blank entries (a trailing comma) are skipped; an entry without a user or a password
    raises ValueError naming it, so a typo fails at start-up rather than opening the server.
    """
    pairs = []
    for entry in (spec or "").split(","):
        entry = entry.strip()
        if not entry:
            continue
        user, sep, password = entry.partition(":")
        if not sep or not user or not password:
            raise ValueError(f"{AUTH_ENV}: expected user:password entries separated by commas, got {entry!r}")
        pairs.append((user, password))
    return pairs


def check_password(users: Users, user: str, password: str) -> bool:
    """True when (user, password) is one of `users`.

    Every pair is compared (each in constant time), so the timing does not tell which user exists."""
    given = f"{user}:{password}".encode("utf-8", "surrogatepass")
    matches = [secrets.compare_digest(given, f"{u}:{p}".encode()) for u, p in users]
    return any(matches)


def credentials_from_header(header: str) -> tuple[str, str] | None:
    """(user, password) from `Authorization: Basic …` or `Bearer user:pass` (what OpenAI clients send
    as api_key); None when absent or malformed."""
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() == "basic":
        try:
            value = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
    elif scheme.lower() != "bearer":
        return None
    user, sep, password = value.partition(":")
    return (user, password) if sep else None


@dataclass
class _Record:
    failures: int = 0
    locked_until: float = 0.0


class LoginThrottle:
    """Per-client slow-down of failed logins: after `free_failures` in a row, each further failure
    locks the client out for `first_lockout_s`, doubling up to `max_lockout_s`. A success resets it.

    Locked-out attempts are refused without checking the password, so guessing is bounded by the
    lockouts, not by how fast a client can send. Keyed by client address; at most `max_clients`
    are remembered (the oldest lockouts are forgotten first).
    """

    def __init__(self, free_failures: int = 5, first_lockout_s: float = 2.0, max_lockout_s: float = 300.0,
                 max_clients: int = 10_000) -> None:
        self.free_failures = free_failures
        self.first_lockout_s = first_lockout_s
        self.max_lockout_s = max_lockout_s
        self.max_clients = max_clients
        self._records: dict[str, _Record] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str, now: float | None = None) -> float:
        """Seconds until `client` may try again; 0 when it may try now."""
        now = time.monotonic() if now is None else now
        with self._lock:
            record = self._records.get(client)
            return max(0.0, record.locked_until - now) if record else 0.0

    def failed(self, client: str, now: float | None = None) -> float:
        """Record a failed login; returns the lockout it earned (0 while failures are still free)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            record = self._records.setdefault(client, _Record())
            record.failures += 1
            over = record.failures - self.free_failures
            if over <= 0:
                return 0.0
            lockout = min(self.max_lockout_s, self.first_lockout_s * 2 ** min(over - 1, 30))
            record.locked_until = now + lockout
            self._forget_oldest()
            return lockout

    def succeeded(self, client: str) -> None:
        """A good login clears the client's record."""
        with self._lock:
            self._records.pop(client, None)

    def _forget_oldest(self) -> None:
        if len(self._records) <= self.max_clients:
            return
        oldest = min(self._records, key=lambda c: self._records[c].locked_until or -math.inf)
        del self._records[oldest]
