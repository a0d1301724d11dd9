"""The test server's REST API, without a browser: end kernels, start a lesson's progress afresh."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path


def shut_down_kernels(base_url: str) -> None:
    """End every session and kernel of the test server: lessons tested earlier stop using
    the CPU and memory that the lesson under test needs."""
    for kind in ("sessions", "kernels"):
        with urllib.request.urlopen(f"{base_url}/api/{kind}", timeout=10) as response:
            items = json.load(response)
        for item in items:
            url = f"{base_url}/api/{kind}/{item['id']}"
            try:
                urllib.request.urlopen(urllib.request.Request(url, method="DELETE"), timeout=30)
            except urllib.error.HTTPError as error:
                if error.code != 404:  # already gone with its session: fine
                    raise


def clear_progress(base_url: str, store: Path) -> None:
    """No saved progress: end every kernel (none holds the file), then delete the progress
    file and SQLite's side files, so the next kernel starts a new, empty store."""
    shut_down_kernels(base_url)
    for suffix in ("", "-wal", "-shm", "-journal"):
        store.with_name(store.name + suffix).unlink(missing_ok=True)
