"""Named editors: who may change the data, each signing in with their own name and secret.

A deployment lists its editors with a salted scrypt hash of each secret (the
secret itself is never stored): in Streamlit's secrets as a table

    [editors]
    "Aysel" = "scrypt$16384$8$1$<salt>$<hash>"

or in the environment as INCIDENTS_EDITORS="Aysel=scrypt$...,Tom=scrypt$..."
(comma- or newline-separated). `python -m incidents add-editor NAME` makes the
line. The older single shared secret, INCIDENTS_EDITOR_SECRET, keeps working as
one more editor, named by INCIDENTS_EDITOR_NAME ("editor" when unset).

Pure: the configuration is passed in by the entry points (ui/access.py, the CLI).
scrypt is the standard library's memory-hard KDF (hashlib.scrypt), so a leaked
secrets file does not give the secrets away cheaply.
"""
from __future__ import annotations

import argparse
import base64
import getpass
import hashlib
import hmac
import re
import secrets as secrets_module
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# scrypt cost: 2**14 iterations of 8-block rounds, about 16 MB and 50 ms a check on one core: slow enough
# to make guessing from a leaked hash costly, fast enough for a sign-in.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
# Ceiling on the cost a stored hash may ask for (a hand-edited hash must not make each sign-in take minutes).
MAX_SCRYPT_N = 2**20
SCRYPT_MAXMEM = 64 * 1024 * 1024
# Bytes of random salt and of derived key.
SALT_BYTES, KEY_BYTES = 16, 32
HASH_SCHEME = "scrypt"
# Editor names: letters (any script), digits, spaces and . ' - _; what the history shows, so kept short.
NAME_PATTERN = re.compile(r"^[\w][\w .'-]{0,39}$")
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
# Secrets shorter than this are refused by add-editor: guessing would be the easy way in.
MIN_SECRET_CHARS = 12
# Environment variables (and top-level Streamlit secrets) read by load_editors.
EDITORS_VAR, SHARED_SECRET_VAR, SHARED_NAME_VAR = "INCIDENTS_EDITORS", "INCIDENTS_EDITOR_SECRET", "INCIDENTS_EDITOR_NAME"
# The Streamlit secrets table of named editors.
EDITORS_TABLE = "editors"
# The shared-secret editor's name when the configuration names none.
DEFAULT_SHARED_NAME = "editor"
# What a check against an unknown name is timed against, so a wrong name takes as long as a wrong secret.
_DUMMY_SALT = b"\x00" * SALT_BYTES


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def check_name(name: str) -> str:
    """An editor's name, stripped; ValueError naming the rule when it breaks it.

    >>> check_name(" Aysel Məmmədova ")
    'Aysel Məmmədova'
    """
    cleaned = " ".join(str(name).split())
    if not NAME_PATTERN.match(cleaned) or CONTROL_CHARS.search(str(name)):
        raise ValueError(f"editor name {name!r}: 1 to 40 letters, digits, spaces or . ' - _, starting with a letter or digit")
    return cleaned


def hash_secret(secret: str, salt: bytes | None = None) -> str:
    """The stored form of a secret: "scrypt$N$r$p$salt$key" (urlsafe base64), salted at random by default."""
    salt = salt if salt is not None else secrets_module.token_bytes(SALT_BYTES)
    key = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=KEY_BYTES,
                         maxmem=SCRYPT_MAXMEM)
    return f"{HASH_SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_secret(secret: str, stored: str) -> bool:
    """Whether `secret` is the one `stored` was made from; False for a malformed or too costly hash.

    >>> verify_secret("a long test secret", hash_secret("a long test secret")), verify_secret("x", "plain")
    (True, False)
    """
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        n_, r_, p_ = int(n), int(r), int(p)
        if scheme != HASH_SCHEME or not 2 <= n_ <= MAX_SCRYPT_N or r_ * p_ > 64:
            return False
        expected = _unb64(key)
        derived = hashlib.scrypt(secret.encode("utf-8"), salt=_unb64(salt), n=n_, r=r_, p=p_, dklen=len(expected),
                                 maxmem=SCRYPT_MAXMEM)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(derived, expected)


def _burn_time(secret: str) -> None:
    """A scrypt of the same cost with nothing to compare: an unknown name answers as slowly as a known one."""
    hashlib.scrypt(secret.encode("utf-8"), salt=_DUMMY_SALT, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=KEY_BYTES,
                   maxmem=SCRYPT_MAXMEM)


@dataclass(frozen=True)
class Editors:
    """The configured editors: named ones (name -> stored hash) and the optional shared secret's editor."""

    hashes: Mapping[str, str] = field(default_factory=dict)
    shared_secret: str | None = None
    shared_name: str = DEFAULT_SHARED_NAME
    problems: tuple[str, ...] = ()  # entries that were ignored, and why (for the operator, never the public)

    @property
    def enabled(self) -> bool:
        return bool(self.hashes) or self.shared_secret is not None

    def _named(self, name: str) -> str | None:
        wanted = name.casefold()
        return next((known for known in self.hashes if known.casefold() == wanted), None)

    def _is_shared(self, name: str) -> bool:
        return self.shared_secret is not None and name.casefold() in ("", self.shared_name.casefold())

    def check(self, name: str, secret: str) -> str | None:
        """The editor's name when `secret` is theirs, else None. A blank name means the shared-secret editor."""
        cleaned = " ".join(str(name).split())
        known = self._named(cleaned) if cleaned else None
        if known is not None:
            return known if verify_secret(secret, self.hashes[known]) else None
        if self._is_shared(cleaned):
            right = hmac.compare_digest(secret.encode("utf-8"), str(self.shared_secret).encode("utf-8"))
            return self.shared_name if right else None
        _burn_time(secret)
        return None

    def signing_key(self, name: str) -> bytes | None:
        """The key a signed-in session's proof is made with: the editor's stored hash (or the shared secret),
        so removing an editor or changing a secret signs that editor out. None for no such editor."""
        if name in self.hashes:
            return self.hashes[name].encode("utf-8")
        if self.shared_secret is not None and name == self.shared_name:
            return self.shared_secret.encode("utf-8")
        return None


def _entries(secrets: Mapping[str, Any], environ: Mapping[str, str]) -> list[tuple[str, Any]]:
    """(name, stored hash) pairs from the secrets table, a top-level secret and the environment, in that order."""
    found: list[tuple[str, Any]] = []
    table = secrets.get(EDITORS_TABLE)
    if isinstance(table, Mapping):
        found += list(table.items())
    for source in (secrets, environ):
        listed = source.get(EDITORS_VAR)
        if isinstance(listed, str):
            for item in re.split(r"[,\n]", listed):
                if item.strip():
                    name, _, stored = item.strip().partition("=")
                    found.append((name, stored.strip()))
    return found


def load_editors(secrets: Mapping[str, Any], environ: Mapping[str, str]) -> Editors:
    """The editors a deployment configured (Streamlit secrets first, then the environment).

    A malformed entry is left out and named in `problems`; the rest still work.
    """
    hashes: dict[str, str] = {}
    problems: list[str] = []
    for raw_name, stored in _entries(secrets, environ):
        try:
            name = check_name(raw_name)
        except ValueError as error:
            problems.append(str(error))
            continue
        if not isinstance(stored, str) or not stored.startswith(HASH_SCHEME + "$") or stored.count("$") != 5:
            problems.append(f"editor {name!r}: not a hash made by `python -m incidents add-editor`")
            continue
        hashes.setdefault(name, stored)
    shared = None
    for source in (secrets, environ):
        value = source.get(SHARED_SECRET_VAR)
        if isinstance(value, str) and value.strip():
            shared = value
            break
    shared_name = DEFAULT_SHARED_NAME
    for source in (secrets, environ):
        value = source.get(SHARED_NAME_VAR)
        if isinstance(value, str) and value.strip():
            try:
                shared_name = check_name(value)
            except ValueError as error:
                problems.append(str(error))
            break
    return Editors(hashes=hashes, shared_secret=shared, shared_name=shared_name, problems=tuple(problems))


def config_lines(name: str, stored: str) -> str:
    """What to paste: the line for .streamlit/secrets.toml's [editors] table, and the environment form."""
    return (f"# in .streamlit/secrets.toml (or the app's Secrets), under [{EDITORS_TABLE}]:\n"
            f'"{name}" = "{stored}"\n'
            f"# or in the environment ({EDITORS_VAR} lists several editors separated by commas):\n"
            f"{EDITORS_VAR}='{name}={stored}'\n")


def _read_secret(args: argparse.Namespace) -> str:
    if args.generate:
        secret = secrets_module.token_urlsafe(24)
        print(f"secret for {args.name} (give it to them, it is not stored): {secret}", file=sys.stderr)
        return secret
    if args.secret_stdin:
        return sys.stdin.readline().rstrip("\n")
    secret = getpass.getpass(f"secret for {args.name}: ")
    if getpass.getpass("again: ") != secret:
        raise ValueError("the two secrets differ")
    return secret


def run_add_editor(args: argparse.Namespace) -> int:
    try:
        name = check_name(args.name)
        secret = _read_secret(args)
        if len(secret) < MIN_SECRET_CHARS:
            raise ValueError(f"a secret needs at least {MIN_SECRET_CHARS} characters (--generate makes one)")
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(config_lines(name, hash_secret(secret)), end="")
    return 0


def register(subparsers: Any) -> None:
    """Add `add-editor NAME` to the incidents command line."""
    parser = subparsers.add_parser("add-editor", help="make the configuration line for a named editor (hashed secret)",
                                   description="Hash an editor's secret and print the line to paste into the "
                                               "deployment's secrets or environment. Nothing is stored.")
    parser.add_argument("name", help="the editor's name, as the history will show it")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--generate", action="store_true", help="make a random secret and print it on stderr")
    source.add_argument("--secret-stdin", action="store_true", help="read the secret from the first line of stdin")
    parser.set_defaults(func=run_add_editor)
