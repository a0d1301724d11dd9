"""Fixtures for the real-browser tests: JupyterLab (with Voilà) on 127.0.0.1 and Chromium.

The server runs on a free loopback port with no token (loopback only), with
every Jupyter and IPython folder in a temporary directory and the notebooks
copied there, so nothing in the repository or the home folder changes. It is
stopped in teardown. Its kernels keep progress in one temporary file, emptied
before every test. Chromium is Debian's, driven by Python Playwright (no
browser download). When Chromium is missing the tests skip with a message,
unless HIGM_REQUIRE_BROWSER=1, where that is a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from higm_lessons.progress import PROGRESS_ENV as PROGRESS
from tests.browser.server import clear_progress

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _voila_flags() -> list[str]:
    """Voilà configured as the course installs it (jupyter-config/voila.json), given on the
    command line so the test server does not depend on what is installed where."""
    config = json.loads((ROOT / "jupyter-config" / "voila.json").read_text())
    return [
        f"--{section}.{name}={value!r}"
        for section, values in config.items()
        for name, value in values.items()
    ]


def require_or_skip(reason: str):
    if os.environ.get("HIGM_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required (HIGM_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


def chromium_path() -> str | None:
    found = os.environ.get("HIGM_CHROMIUM") or next(
        (p for p in CHROMIUM_CANDIDATES if Path(p).exists()), None
    )
    return found or shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_settings(settings: Path) -> None:
    """Lab settings for testing: render every cell (no windowing), no news or update checks."""
    values = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }
    for name, content in values.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content))


def own_jupyter_folders(base: Path, env: dict[str, str]) -> None:
    """Give the server in ``env`` Jupyter folders of its own below ``base`` (nothing of the
    user's configuration leaks in) and the lab settings the tests expect."""
    for name in (
        "JUPYTER_CONFIG_DIR",
        "JUPYTER_DATA_DIR",
        "JUPYTER_RUNTIME_DIR",
        "IPYTHONDIR",
        "JUPYTERLAB_SETTINGS_DIR",
        "JUPYTERLAB_WORKSPACES_DIR",
    ):
        (base / name.lower()).mkdir()
        env[name] = str(base / name.lower())
    _write_settings(base / "jupyterlab_settings_dir")


@contextlib.contextmanager
def running_jupyterlab(
    base: Path, root: Path, env: dict[str, str], extra_args: Sequence[str] = ()
) -> Iterator[str]:
    """JupyterLab (Voilà included) on a free loopback port, serving ``root`` with ``env`` and
    logging to ``base / "server.log"``; yields its URL once it answers and stops it after.
    ``extra_args`` are added to its command line.
    Raises RuntimeError with the end of the log when it does not start within 90 s."""
    port = free_port()
    with running_server(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            # the tests end kernels through the REST API, without a browser's XSRF cookie
            "--ServerApp.disable_check_xsrf=True",
            f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=None",
            *_voila_flags(),
            *extra_args,
        ],
        base / "server.log",
        root,
        env,
        f"http://127.0.0.1:{port}",
        "/api/status",
    ) as url:
        yield url


@contextlib.contextmanager
def running_server(
    command: list[str], log_path: Path, cwd: Path, env: dict[str, str], url: str, probe: str
) -> Iterator[str]:
    """Run ``command`` (a server at ``url``), logging to ``log_path``; yield ``url`` once
    ``url + probe`` answers, and stop the server after. Raises RuntimeError with the end
    of the log when it does not answer within 90 s."""
    log = log_path.open("w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=cwd)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}{probe}", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text()[-3000:]
                raise RuntimeError(f"{command[2:4]} did not start:\n{tail}")
            time.sleep(0.3)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def jupyter_server(tmp_path_factory):
    """A JupyterLab server (Voilà included) serving a copy of the notebooks; yields its base URL."""
    if chromium_path() is None:
        require_or_skip("Chromium was not found (install Debian's 'chromium' package)")
    base = tmp_path_factory.mktemp("jupyter")
    root = base / "root"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    env = dict(os.environ)
    own_jupyter_folders(base, env)
    env[PROGRESS] = str(base / "progress.sqlite")
    with running_jupyterlab(base, root, env) as url:
        yield {
            "url": url,
            "root": root,
            "log": base / "server.log",
            "progress": base / "progress.sqlite",
        }


@pytest.fixture(autouse=True)
def fresh_progress(jupyter_server):
    """Every test starts with no saved progress (the server's kernels all share one file):
    an answer committed by one test is never restored into the next. Yields the file."""
    clear_progress(jupyter_server["url"], jupyter_server["progress"])
    return jupyter_server["progress"]


@pytest.fixture(scope="session")
def playwright_driver():
    """The one Playwright driver of a test process: Playwright's sync API allows only one
    at a time in a thread, so every browser fixture (the lessons', the projector's, the
    read-only edition's) launches its Chromium from this one."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_or_skip("Python Playwright is not installed")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory, jupyter_server, playwright_driver):
    profile = tmp_path_factory.mktemp("chromium-profile")
    context = playwright_driver.chromium.launch_persistent_context(
        str(profile),
        executable_path=chromium_path(),
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 1000},
    )
    context.set_default_timeout(30_000)
    yield context
    context.close()


# anywidget (the accessibility layer's loader) reports this when a model takes over 2 s to
# start, as on a busy test machine; the layer still starts (test_jupyterlab checks that it
# runs, and the audits and keyboard walks check what it does). A known limit, not a lesson
# error, so no page test counts it.
ANYWIDGET_SLOW = "[anywidget] Failed to initialize model."


@pytest.fixture
def page(browser_context, request):
    """A fresh tab; a screenshot is saved to test-artifacts/ when the test fails."""
    tab = browser_context.new_page()
    errors: list[str] = []
    console: list[str] = []
    tab.on("pageerror", lambda exc: None if str(exc) == ANYWIDGET_SLOW else errors.append(str(exc)))
    tab.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"[:500]))
    tab.page_errors = errors
    yield tab
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        (ARTIFACTS / f"{request.node.name}.console.txt").write_text("\n".join(console))
    tab.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
