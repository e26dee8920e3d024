"""The editor secret: where it is read from, constant-time checks, proofs, and the failure window."""
from __future__ import annotations

import pytest

from ui.access import FailureWindow, find_secret, proof_for, proof_valid, secret_matches

SECRET = "correct horse battery staple"


@pytest.mark.parametrize(
    ("secrets", "environ", "expected"),
    [
        ({}, {}, None),
        ({}, {"INCIDENTS_EDITOR_SECRET": "env"}, "env"),
        ({"INCIDENTS_EDITOR_SECRET": "file"}, {"INCIDENTS_EDITOR_SECRET": "env"}, "file"),
        ({"INCIDENTS_EDITOR_SECRET": "  "}, {}, None),
        ({"INCIDENTS_EDITOR_SECRET": 1234}, {}, None),
    ],
)
def test_find_secret(secrets, environ, expected):
    assert find_secret(secrets, environ) == expected


@pytest.mark.parametrize(
    ("given", "ok"),
    [(SECRET, True), (SECRET + " ", False), ("", False), (SECRET.upper(), False), ("é", False)],
)
def test_secret_matches(given, ok):
    assert secret_matches(given, SECRET) is ok


@pytest.mark.parametrize(
    ("held", "secret", "ok"),
    [
        (proof_for(SECRET), SECRET, True),
        (proof_for(SECRET), "another secret", False),
        (proof_for(SECRET), None, False),
        (True, SECRET, False),
        ("1", SECRET, False),
        (SECRET, SECRET, False),
        (None, SECRET, False),
    ],
)
def test_only_the_proof_of_the_current_secret_is_valid(held, secret, ok):
    assert proof_valid(held, secret) is ok


def test_failure_window_blocks_then_forgets():
    window = FailureWindow(limit=3, window_s=60)
    for t in (0, 1, 2):
        assert not window.blocked(t)
        window.record(t)
    assert window.blocked(30)
    assert not window.blocked(61)
