"""Public and editor modes: who may add articles, correct and review incidents, and under which name.

The hosted link is public and read-only. An editor signs in for one browser
session with their own name and secret (incidents/editors.py: hashed secrets
in st.secrets or the environment; the older shared secret still works as one
editor named in the configuration). The session then holds the editor's name
and an HMAC of it keyed by that editor's stored hash, not a flag: a session key
or query parameter set by anyone else ("editor=1", "_editor_proof=True") is not
that value, so it unlocks nothing, and changing or removing an editor's secret
signs them out. Every action records the signed-in name.

Failed attempts are limited per session, per client address and per editor
name (AttemptLimits). A name under attack is closed only to clients that have
themselves failed, so strangers guessing cannot lock a real editor out.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import threading
from collections import OrderedDict, deque
from collections.abc import Mapping

import streamlit as st

from incidents.editors import Editors, load_editors
from ui.escape import md

# Session key holding (editor name, proof): the proof is an HMAC of the name under that editor's signing key.
PROOF_KEY = "_editor_proof"
# Session key counting this session's failed attempts.
FAILURES_KEY = "_editor_failures"
# Failed attempts one session may make before sign-in is refused for the rest of it.
MAX_SESSION_FAILURES = 5
# Failed attempts one client address may make per window, whatever names it tries.
MAX_CLIENT_FAILURES = 10
# Failed attempts on one editor name per window, from all clients, after which the name is closed to clients
# that have failed at least NAME_LOCK_GRACE times themselves (the editor, at most a typo behind, still gets in).
MAX_NAME_FAILURES = 10
NAME_LOCK_GRACE = 2
# The window, in seconds, over which client and name failures are counted.
WINDOW_S = 15 * 60
# Most clients and names remembered at once (the oldest are forgotten): bounds memory under a flood of guesses.
MAX_TRACKED_KEYS = 10_000
# Set to 1 behind a reverse proxy that appends the client's address to X-Forwarded-For (docs/hosting.md):
# the last address in that header is then the client. Never set it without such a proxy: anyone can send it.
TRUST_FORWARDED_VAR = "INCIDENTS_TRUST_FORWARDED"
# What the proof HMAC signs besides the name: fixed, so the proof depends only on the name and the key.
PROOF_MESSAGE = b"karabakh-incident-map editor session\x00"
REFUSED = "Too many failed attempts. Try again later."
# Pages only editors use: their links are hidden from public sessions (the pages refuse them anyway).
EDITOR_PAGES: tuple[str, ...] = ("Review",)


def proof_for(key: bytes, name: str) -> str:
    """The proof a session signed in as `name` holds: an HMAC of the name under the editor's signing key."""
    return hmac.new(key, PROOF_MESSAGE + name.encode("utf-8"), hashlib.sha256).hexdigest()


def proof_valid(held: object, editors: Editors) -> str | None:
    """The signed-in editor's name when `held` is exactly (name, that name's current proof), else None."""
    if not isinstance(held, tuple) or len(held) != 2 or not all(isinstance(part, str) for part in held):
        return None
    name, proof = held
    key = editors.signing_key(name)
    if key is None:
        return None
    return name if hmac.compare_digest(proof.encode("utf-8"), proof_for(key, name).encode("utf-8")) else None


def client_key(ip: str | None, forwarded: str | None, trust_forwarded: bool) -> str:
    """Who is guessing, as far as the server can tell: the last X-Forwarded-For address behind a trusted
    proxy, else the connection's address ("" when unknown).

    >>> client_key("10.0.0.2", "6.6.6.6, 203.0.113.9", True), client_key("10.0.0.2", "6.6.6.6", False)
    ('203.0.113.9', '10.0.0.2')
    """
    if trust_forwarded and forwarded:
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return ip or ""


class AttemptLimits:
    """Failed sign-ins per client and per editor name in a sliding window (thread-safe; the clock is passed in,
    so the limits are testable without waiting)."""

    def __init__(self, client_limit: int = MAX_CLIENT_FAILURES, name_limit: int = MAX_NAME_FAILURES,
                 grace: int = NAME_LOCK_GRACE, window_s: float = WINDOW_S, max_keys: int = MAX_TRACKED_KEYS) -> None:
        self.client_limit, self.name_limit, self.grace = client_limit, name_limit, grace
        self.window_s, self.max_keys = window_s, max_keys
        self._times: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _count(self, key: str, now: float) -> int:
        times = self._times.get(key)
        if times is None:
            return 0
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            del self._times[key]
            return 0
        return len(times)

    def refused(self, client: str, name: str, now: float) -> bool:
        """Whether this client may not try this name now."""
        with self._lock:
            own = self._count("client:" + client, now)
            if own >= self.client_limit:
                return True
            return self._count("name:" + name.casefold(), now) >= self.name_limit and own >= self.grace

    def record(self, client: str, name: str, now: float) -> None:
        """Count one failed attempt of this client on this name."""
        with self._lock:
            for key in ("client:" + client, "name:" + name.casefold()):
                self._times.setdefault(key, deque()).append(now)
                self._times.move_to_end(key)
            while len(self._times) > self.max_keys:
                self._times.popitem(last=False)


@st.cache_resource
def _limits() -> AttemptLimits:
    """One set of limits per server process, shared by every session."""
    return AttemptLimits()


def configured_editors() -> Editors:
    """The editors this deployment configured (st.secrets, then the environment)."""
    try:
        secrets: Mapping[str, object] = dict(st.secrets)
    except Exception:  # no secrets.toml (or an unreadable one): fall back to the environment
        secrets = {}
    return load_editors(secrets, os.environ)


def current_editor() -> str | None:
    """The signed-in editor's name; None in a public session (unless proven otherwise)."""
    return proof_valid(st.session_state.get(PROOF_KEY), configured_editors())


def is_editor() -> bool:
    """Whether this session is signed in as an editor."""
    return current_editor() is not None


def _client() -> str:
    """This session's client key; without a known address, the session itself (AppTest, unusual servers)."""
    try:
        ip, forwarded = st.context.ip_address, st.context.headers.get("X-Forwarded-For")
    except Exception:  # no request context (tests)
        ip, forwarded = None, None
    key = client_key(ip, forwarded, os.environ.get(TRUST_FORWARDED_VAR) == "1")
    if key:
        return key
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return "session:" + (ctx.session_id if ctx is not None else "")


def sign_in(name: str, given: str, now: float) -> str:
    """Try a name and secret; the message for the reader. Only a right, non-rate-limited attempt unlocks."""
    editors = configured_editors()
    if not editors.enabled:
        return "Editing is not enabled on this server."
    failures = st.session_state.get(FAILURES_KEY, 0)
    failures = failures if isinstance(failures, int) and failures >= 0 else MAX_SESSION_FAILURES
    tried = " ".join(str(name).split()) or editors.shared_name
    client, limits = _client(), _limits()
    if failures >= MAX_SESSION_FAILURES or limits.refused(client, tried, now):
        return REFUSED
    editor = editors.check(name, given)
    if editor is not None:
        st.session_state[PROOF_KEY] = (editor, proof_for(editors.signing_key(editor) or b"", editor))
        return f"Signed in as {editor}."
    st.session_state[FAILURES_KEY] = failures + 1
    limits.record(client, tried, now)
    return "Wrong name or secret."


def sign_out() -> None:
    st.session_state.pop(PROOF_KEY, None)


def _hide_editor_pages() -> None:
    """Keep the editor-only pages out of a public session's page list (they refuse public sessions anyway)."""
    rules = ", ".join(f'[data-testid="stSidebarNav"] a[href$="/{page}"]' for page in EDITOR_PAGES)
    st.html(f"<style>{rules} {{ display: none; }}</style>")


def render_sign_in(now: float) -> bool:
    """The sidebar's editor sign-in (or sign-out) control; returns whether this session is editor."""
    editors = configured_editors()
    editor = proof_valid(st.session_state.get(PROOF_KEY), editors) if editors.enabled else None
    if editor is not None:
        st.sidebar.caption(f"Signed in as editor: {md(editor)}")
        st.sidebar.button("Sign out", on_click=sign_out, key="editor_sign_out")
        return True
    _hide_editor_pages()
    if not editors.enabled:
        return False
    with st.sidebar.expander("Editor sign-in"), st.form("editor_sign_in", clear_on_submit=True):
        name = st.text_input("Your name", key="editor_name_input",
                             help=f"Leave empty to sign in with the shared secret as {editors.shared_name!r}."
                             if editors.shared_secret else None)
        given = st.text_input("Secret", type="password", key="editor_secret_input")
        if st.form_submit_button("Sign in"):
            message = sign_in(name, given, now)
            if message.startswith("Signed in"):
                st.rerun()  # redraw the whole page as the editor's (controls, editor-only page links)
            st.error(md(message))
    return False
