"""The whole hostile corpus as one batch: every input tried, one line per failure, nothing lost, exit code 1.

Every file case of corpus.all_cases() is written into one folder beside good
articles, and `ingest` and `extract` run on it, with malformed URLs on the same
command line, in a child process with a memory limit and a time limit, as a
journalist would run them: a hang, a crash, a traceback, a forged line or a
silently skipped input fails the test.
"""
from __future__ import annotations

import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from incidents.errors import shown
from tests.hostile.corpus import BODY, GOOD_FRONT, Case, all_cases

ROOT = Path(__file__).resolve().parents[2]
# Memory and time the child may use: far above a healthy run, far below what a hostile input used to take.
MEMORY_LIMIT = 3 * 1024 ** 3
TIME_LIMIT_S = 300
URLS: dict[str, str] = {  # malformed URLs and other schemes, each with words of its refusal
    "http://8.8.8.8:abc/": "port",
    "http://exa mple.org/": "space or a control character",
    "http://example.org/\x1b[2J": "space or a control character",
    "file:///etc/passwd": "only http and https",
    "gopher://127.0.0.1:70/_x": "only http and https",
    "ftp://example.org/a.txt": "only http and https",
}
GOOD = {f"good-{i}.md": GOOD_FRONT.replace("A short report", f"Good report {i}") + BODY.replace("one", str(i + 2))
        for i in range(3)}


def batch_folder(root: Path) -> tuple[Path, list[Case]]:
    """The folder holding every file case and the good articles; the cases that are files (not folders)."""
    folder = root / "inbox"
    folder.mkdir()
    cases = []
    for case in all_cases():
        case.write(folder / case.name)
        if (folder / case.name).is_dir() and not (folder / case.name).is_symlink():
            continue  # a real folder in a batch is read like any folder (corpus.py tests it as a file)
        cases.append(case)
    for name, content in GOOD.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder, cases


def run(command: str, folder: Path, database: Path) -> subprocess.CompletedProcess[str]:
    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run(
        [sys.executable, "-m", "incidents", command, *URLS, str(folder)], capture_output=True, text=True,
        timeout=TIME_LIMIT_S, preexec_fn=limits, cwd=ROOT, stdin=subprocess.DEVNULL,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(ROOT)},
    )


def reason_for(name: str, errors: list[str]) -> str:
    """The reason on the one error line naming `name` (escaped as the CLI shows it)."""
    prefix = f"error: {shown(name)}: "
    found = [line.removeprefix(prefix) for line in errors if line.startswith(prefix)]
    assert len(found) == 1, f"{name!r}: {len(found)} error lines"
    return found[0]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case], Path]:
    root = tmp_path_factory.mktemp("batch")
    folder, cases = batch_folder(root)
    return folder, cases, root / "store.db"


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_every_input_of_a_hostile_batch_is_accounted_for(batch: tuple[Path, list[Case], Path], command: str) -> None:
    folder, cases, database = batch
    done = run(command, folder, database)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 1, "inputs failed: the exit code must say so"
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    failing = [c for c in cases if c.expect == "error"]
    assert len(errors) == len(failing) + len(URLS), "exactly one line per failed input, none forged"
    for url, words in URLS.items():
        assert words in reason_for(url, errors)
    for case in failing:
        reason = reason_for(str(folder / case.name), errors)
        assert case.words in reason, f"{case.name!r}: {reason}"
    summary = done.stdout if command == "ingest" else done.stderr.splitlines()[-1]
    stored = len([c for c in cases if c.expect == "stored"]) + len(GOOD)
    if command == "ingest":
        assert f"{len(failing) + len(URLS)} failed" in summary
        new, changed, unchanged = (int(part.split()[0]) for part in summary.split(":")[1].split(",")[:3])
        assert new + changed + unchanged == stored, summary
    else:
        assert summary.startswith(f"extract: {stored} article(s) read, {len(failing) + len(URLS)} failed"), summary


def test_a_second_ingest_of_the_same_batch_changes_nothing(batch: tuple[Path, list[Case], Path]) -> None:
    folder, _, database = batch
    run("ingest", folder, database)
    before = _counts(database)
    again = run("ingest", folder, database)
    assert " 0 new, 0 changed" in again.stdout and _counts(database) == before


def _counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("articles", "incidents", "claims")}
