"""Headless Chromium for the static edition: the PDFs of `make book` and the browser test
(tests/browser/test_book.py) open pages the same way and wait for the same things."""

from __future__ import annotations

import os
import shutil
from typing import Any

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]  # fmt: skip

# Every embedded widget view drawn, and every plotly figure drawn (or failed).
DRAWN_JS = """() => {
  const views = document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]');
  const drawn = document.querySelectorAll('.widget-subarea > *').length;
  const figures = document.querySelectorAll('.higm-plotly');
  const done = document.querySelectorAll(
    '.higm-plotly[data-drawn="yes"], .higm-plotly[data-drawn="failed"]');
  return drawn >= views.length && done.length === figures.length;
}"""


def chromium_path() -> str | None:
    """HIGM_CHROMIUM, else the system's Chromium (the one the course's browser tests use)."""
    found = os.environ.get("HIGM_CHROMIUM") or next(
        (p for p in CHROMIUM_CANDIDATES if os.path.exists(p)), None
    )
    return found or shutil.which("chromium")


def chromium(playwright: Any) -> Any:
    path = chromium_path()
    if path is None:
        raise RuntimeError("Chromium is missing: install it with 'sudo apt-get install chromium'")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)


def wait_drawn(page: Any, timeout: int = 60_000) -> None:
    """Wait until the page's widgets and plotly figures are drawn."""
    page.wait_for_load_state("load")
    page.wait_for_function(DRAWN_JS, timeout=timeout)
