"""Public and editor modes: who may add articles.

The hosted link is public and read-only. Editing is unlocked for one browser
session by typing the editor secret (from st.secrets or the environment
variable INCIDENTS_EDITOR_SECRET), compared in constant time, with failed
attempts limited per session and across all sessions (a new tab must not reset
the count). The session holds an HMAC of the secret, not a flag: a session key
or query parameter set by anyone else ("editor=1", "_editor_proof=True") is not
that value, so it unlocks nothing, and changing the secret signs every editor out.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import threading
from collections import deque
from collections.abc import Mapping

import streamlit as st

# Where the secret is read from: the same name in .streamlit/secrets.toml and in the environment.
SECRET_NAME = "INCIDENTS_EDITOR_SECRET"
# Session key holding the proof of sign-in (an HMAC of the secret, never the secret itself).
PROOF_KEY = "_editor_proof"
# Session key counting this session's failed attempts.
FAILURES_KEY = "_editor_failures"
# Failed attempts one session may make before sign-in is refused for the rest of it.
MAX_SESSION_FAILURES = 5
# Failed attempts all sessions together may make per window: bounds guessing from many tabs.
MAX_GLOBAL_FAILURES = 20
# The window, in seconds, over which global failures are counted.
GLOBAL_WINDOW_S = 15 * 60
# What the proof HMAC signs: fixed, so the proof depends only on the secret.
PROOF_MESSAGE = b"karabakh-incident-map editor session"


def find_secret(secrets: Mapping[str, object], environ: Mapping[str, str]) -> str | None:
    """The configured editor secret: st.secrets first, then the environment; None when unset or empty."""
    for source in (secrets, environ):
        value = source.get(SECRET_NAME)
        if isinstance(value, str) and value.strip():
            return value
    return None


def proof_for(secret: str) -> str:
    """The value a signed-in session holds: an HMAC of a fixed message under the secret."""
    return hmac.new(secret.encode("utf-8"), PROOF_MESSAGE, hashlib.sha256).hexdigest()


def secret_matches(given: str, secret: str) -> bool:
    """Constant-time comparison, so response time does not reveal how much of a guess was right."""
    return hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8"))


def proof_valid(held: object, secret: str | None) -> bool:
    """True only when a secret is configured and `held` is exactly its proof."""
    if secret is None or not isinstance(held, str):
        return False
    return hmac.compare_digest(held.encode("utf-8"), proof_for(secret).encode("utf-8"))


class FailureWindow:
    """Failed attempts across all sessions in a sliding time window (thread-safe).

    The clock is passed in, so the limit is testable without waiting.
    """

    def __init__(self, limit: int = MAX_GLOBAL_FAILURES, window_s: float = GLOBAL_WINDOW_S) -> None:
        self.limit, self.window_s = limit, window_s
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    def blocked(self, now: float) -> bool:
        """True when the window already holds `limit` failures."""
        with self._lock:
            while self._times and self._times[0] <= now - self.window_s:
                self._times.popleft()
            return len(self._times) >= self.limit

    def record(self, now: float) -> None:
        with self._lock:
            self._times.append(now)


@st.cache_resource
def _global_failures() -> FailureWindow:
    """One failure window per server process, shared by every session."""
    return FailureWindow()


def _configured_secret() -> str | None:
    try:
        secrets: Mapping[str, object] = dict(st.secrets)
    except Exception:  # no secrets.toml (or an unreadable one): fall back to the environment
        secrets = {}
    return find_secret(secrets, os.environ)


def is_editor() -> bool:
    """Whether this session is signed in as editor. Public (False) unless proven otherwise."""
    return proof_valid(st.session_state.get(PROOF_KEY), _configured_secret())


def sign_in(given: str, now: float) -> str:
    """Try the secret; the message for the reader. Only a correct, non-rate-limited guess unlocks."""
    secret = _configured_secret()
    if secret is None:
        return "Editing is not enabled on this server."
    failures = st.session_state.get(FAILURES_KEY, 0)
    failures = failures if isinstance(failures, int) and failures >= 0 else MAX_SESSION_FAILURES
    window = _global_failures()
    if failures >= MAX_SESSION_FAILURES or window.blocked(now):
        return "Too many failed attempts. Try again later."
    if secret_matches(given, secret):
        st.session_state[PROOF_KEY] = proof_for(secret)
        return "Signed in as editor."
    st.session_state[FAILURES_KEY] = failures + 1
    window.record(now)
    return "Wrong secret."


def sign_out() -> None:
    st.session_state.pop(PROOF_KEY, None)


def render_sign_in(now: float) -> bool:
    """The sidebar's editor sign-in (or sign-out) control; returns whether this session is editor."""
    if _configured_secret() is None:
        return False
    if is_editor():
        st.sidebar.caption("Editor mode")
        st.sidebar.button("Sign out", on_click=sign_out, key="editor_sign_out")
        return True
    with st.sidebar.expander("Editor sign-in"), st.form("editor_sign_in", clear_on_submit=True):
        given = st.text_input("Editor secret", type="password", key="editor_secret_input")
        if st.form_submit_button("Sign in"):
            message = sign_in(given, now)
            (st.success if message.startswith("Signed in") else st.error)(message)
    return is_editor()
