"""What every real-browser test needs: Debian's chromium, a free port, a streamlit
server that is polled until it answers (never slept on).

Without chromium these tests skip, or fail under CI (tests.prerequisites.require).
"""
from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tests.prerequisites import require

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
# As root in a closed network: no sandbox, and no background calls home that the network refuses.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# How long a server may take to answer its health check (first start imports pandas, folium...).
STARTUP_TIMEOUT_S = 90
# How long one poll waits on the server process before asking again (a wait on the process, not a sleep).
POLL_INTERVAL_S = 0.25


def launch_chromium() -> Iterator[object]:
    """A headless chromium driven by Playwright, for a module-scoped fixture to yield from."""
    require(CHROMIUM.exists(), f"{CHROMIUM} missing (scripts/system-packages installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def recording_page(browser: object, timeout_ms: int, width: int = 1500, height: int = 1000) -> Iterator[object]:
    """A fresh page (for a fixture to yield from) that records every dialog (alert/confirm/prompt) in
    `page.dialogs` and dismisses it: a dialog means injected script ran."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.set_default_timeout(timeout_ms)
    yield page
    context.close()


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return answer.read().strip() == b"ok"
    except OSError:
        return False


@contextlib.contextmanager
def streamlit_server(script: str, cwd: Path, env: Mapping[str, str], log: Path) -> Iterator[str]:
    """Run `streamlit run SCRIPT` in CWD on a free port; yield its base URL once /_stcore/health answers.

    Fails with the server's log if it exits or never answers; always stops it.
    """
    port = free_port()
    command = [str(Path(sys.executable).parent / "streamlit"), "run", script, "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=dict(env), stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _answers(f"{base}/_stcore/health"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start ({script}):\n{log.read_text(errors='replace')}")
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=POLL_INTERVAL_S)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
