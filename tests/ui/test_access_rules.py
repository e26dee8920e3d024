"""Named editors and the shared secret: where they are read from, hashed secrets, proofs, and the attempt limits."""
from __future__ import annotations

import pytest

from incidents.editors import Editors, check_name, config_lines, hash_secret, load_editors, verify_secret
from ui.access import AttemptLimits, client_key, proof_for, proof_valid

SECRET = "correct horse battery staple"
ALICE_HASH = hash_secret("alice's own long secret")
TEAM = Editors(hashes={"Alice": ALICE_HASH}, shared_secret=SECRET, shared_name="Desk")


@pytest.mark.parametrize(
    ("secrets", "environ", "names", "shared"),
    [
        ({}, {}, [], None),
        ({}, {"INCIDENTS_EDITOR_SECRET": "env"}, [], "env"),
        ({"INCIDENTS_EDITOR_SECRET": "file"}, {"INCIDENTS_EDITOR_SECRET": "env"}, [], "file"),
        ({"INCIDENTS_EDITOR_SECRET": "  "}, {}, [], None),
        ({"INCIDENTS_EDITOR_SECRET": 1234}, {}, [], None),
        ({"editors": {"Alice": ALICE_HASH}}, {}, ["Alice"], None),
        ({}, {"INCIDENTS_EDITORS": f"Alice={ALICE_HASH}, Bob={ALICE_HASH}"}, ["Alice", "Bob"], None),
        ({"INCIDENTS_EDITORS": f"Alice={ALICE_HASH}\nBob={ALICE_HASH}"}, {}, ["Alice", "Bob"], None),
        ({"editors": {"Alice": "plain-text-secret", "<b>x</b>": ALICE_HASH}}, {}, [], None),
    ],
)
def test_editors_are_read_from_secrets_then_environment(secrets, environ, names, shared):
    editors = load_editors(secrets, environ)
    assert (sorted(editors.hashes), editors.shared_secret) == (names, shared)


def test_malformed_entries_are_named_not_fatal():
    editors = load_editors({"editors": {"Alice": "plain-text-secret", "Bob": ALICE_HASH}}, {})
    assert list(editors.hashes) == ["Bob"] and "Alice" in editors.problems[0]


@pytest.mark.parametrize(("name", "secret", "who"), [
    ("Alice", "alice's own long secret", "Alice"),
    ("  alice ", "alice's own long secret", "Alice"),  # names match whatever the case and spacing
    ("Alice", SECRET, None),  # the shared secret is not Alice's
    ("", SECRET, "Desk"),  # no name: the shared-secret editor
    ("desk", SECRET, "Desk"),
    ("Mallory", SECRET, None),  # a stranger's name with the shared secret is refused
    ("", "alice's own long secret", None),
    ("Alice", "", None),
])
def test_each_editor_signs_in_with_their_own_secret(name, secret, who):
    assert TEAM.check(name, secret) == who


def test_secrets_are_stored_salted_and_hashed():
    first, second = hash_secret(SECRET), hash_secret(SECRET)
    assert first != second and SECRET not in first
    assert verify_secret(SECRET, first) and verify_secret(SECRET, second)
    assert not verify_secret(SECRET + " ", first)


@pytest.mark.parametrize("stored", ["", "plain", "scrypt$x$8$1$AA$AA", "scrypt$1048577$8$1$AA$AA", "bcrypt$1$2$3$4$5"])
def test_malformed_or_too_costly_hashes_never_match(stored):
    assert not verify_secret(SECRET, stored)


@pytest.mark.parametrize("name", ["", " ", "a" * 41, "<script>", "x\ny", "-dash"])
def test_editor_names_are_plain_and_short(name):
    with pytest.raises(ValueError, match="editor name"):
        check_name(name)


def test_the_configuration_line_round_trips():
    lines = config_lines("Alice", ALICE_HASH)
    env_line = next(line for line in lines.splitlines() if line.startswith("INCIDENTS_EDITORS="))
    editors = load_editors({}, {"INCIDENTS_EDITORS": env_line.split("=", 1)[1].strip("'")})
    assert editors.check("Alice", "alice's own long secret") == "Alice"


@pytest.mark.parametrize(
    ("held", "editors", "who"),
    [
        (("Alice", proof_for(ALICE_HASH.encode(), "Alice")), TEAM, "Alice"),
        (("Desk", proof_for(SECRET.encode(), "Desk")), TEAM, "Desk"),
        (("Alice", proof_for(ALICE_HASH.encode(), "Alice")), Editors(shared_secret=SECRET), None),  # removed
        (("Alice", proof_for(hash_secret("old").encode(), "Alice")), TEAM, None),  # secret changed
        (("Bob", proof_for(ALICE_HASH.encode(), "Bob")), TEAM, None),
        (("Alice", proof_for(ALICE_HASH.encode(), "Desk")), TEAM, None),
        (True, TEAM, None),
        ("1", TEAM, None),
        (None, TEAM, None),
        (["Alice", proof_for(ALICE_HASH.encode(), "Alice")], TEAM, None),
    ],
)
def test_only_the_current_proof_of_a_configured_editor_is_valid(held, editors, who):
    assert proof_valid(held, editors) == who


@pytest.mark.parametrize(("ip", "forwarded", "trusted", "key"), [
    ("10.0.0.2", None, True, "10.0.0.2"),
    ("10.0.0.2", "6.6.6.6, 203.0.113.9", True, "203.0.113.9"),  # the proxy's own entry comes last
    ("10.0.0.2", "6.6.6.6", False, "10.0.0.2"),  # not behind a trusted proxy: the header is anyone's
    (None, None, False, ""),
])
def test_client_key(ip, forwarded, trusted, key):
    assert client_key(ip, forwarded, trusted) == key


def test_a_client_is_limited_whatever_names_it_tries():
    limits = AttemptLimits(client_limit=3, name_limit=100, window_s=60)
    for t, name in enumerate(["Alice", "Bob", "Carol"]):
        assert not limits.refused("6.6.6.6", name, t)
        limits.record("6.6.6.6", name, t)
    assert limits.refused("6.6.6.6", "Dave", 10)
    assert not limits.refused("6.6.6.6", "Dave", 61)  # the window forgets


def test_strangers_guessing_a_name_cannot_lock_its_editor_out():
    """Issue 13, item 11: twenty wrong guesses from anywhere must not lock every real editor out."""
    limits = AttemptLimits(client_limit=10, name_limit=10, grace=2, window_s=900)
    for n in range(40):  # forty strangers, one guess each, all at Alice
        stranger = f"198.51.100.{n}"
        limits.record(stranger, "Alice", n)
    assert not limits.refused("203.0.113.5", "Alice", 50)  # Alice at her desk
    limits.record("203.0.113.5", "Alice", 51)  # one typo
    assert not limits.refused("203.0.113.5", "Alice", 52)
    assert not limits.refused("198.51.100.7", "Bob", 53)  # other editors are not locked at all
    for n in range(3):  # a stranger who keeps guessing at Alice is shut out
        limits.record("192.0.2.1", "Alice", 60 + n)
    assert limits.refused("192.0.2.1", "Alice", 70)


def test_limits_forget_the_oldest_keys_beyond_their_bound():
    limits = AttemptLimits(client_limit=1, name_limit=100, window_s=900, max_keys=4)
    limits.record("a", "x", 0)
    for n in range(10):
        limits.record(f"c{n}", f"n{n}", n)
    assert not limits.refused("a", "x", 20)
