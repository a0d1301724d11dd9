"""Present the lessons on a projector: Voilà serving the notebooks folder in the course's
projector theme (``make present`` and ``make present LESSON=NN``).

Usage: python tools/present.py [--lesson NN] [--host 127.0.0.1] [--port 8888] [--no-browser]

Voilà serves the whole ``notebooks/`` folder, so each lesson's Previous and Next links
open the neighbouring lesson. With ``--lesson`` the browser opens that lesson; without
it, the folder's list of notebooks. The projector theme is the Voilà template in
``jupyter-config/voila/templates/higm-present`` (used from the repository, so an older
installed copy cannot hide a change), with the course's Voilà settings
(``jupyter-config/voila.json``). The kernels it starts get ``HIGM_PRESENT=1``, which
draws figures with larger fonts (:mod:`higm_lessons.presenting`).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
import webbrowser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from higm_lessons.course import NOTEBOOK_DIR, notebook_for  # noqa: E402
from higm_lessons.presenting import PRESENT_ENV, TEMPLATE  # noqa: E402

CONFIG = ROOT / "jupyter-config"


def voila_flags() -> list[str]:
    """The course's Voilà settings (jupyter-config/voila.json) as command-line flags."""
    config = json.loads((CONFIG / "voila.json").read_text())
    return [
        f"--{section}.{name}={value!r}"
        for section, values in config.items()
        for name, value in values.items()
    ]


def command(host: str, port: int, folder: Path = NOTEBOOK_DIR) -> list[str]:
    """The Voilà command that serves the notebooks ``folder`` in the projector theme."""
    return [
        sys.executable, "-m", "voila", str(folder), f"--Voila.ip={host}", f"--port={port}",
        "--Voila.port_retries=0", "--no-browser", f"--template={TEMPLATE}",
        "--VoilaConfiguration.show_tracebacks=False", *voila_flags(),
    ]  # fmt: skip


def environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for Voilà: the course's template first on the Jupyter path, and
    ``HIGM_PRESENT=1`` for its kernels."""
    env = dict(os.environ if base is None else base)
    paths = [str(CONFIG), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    env[PRESENT_ENV] = "1"
    return env


def start_url(host: str, port: int, lesson: str | None) -> str:
    """The address to open: the lesson's page, or the folder's list of notebooks."""
    base = f"http://{host}:{port}/"
    if lesson is None:
        return base
    return f"{base}voila/render/{notebook_for(lesson).name}"


def _open_when_ready(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url.split("voila/render")[0], timeout=2):
                break
        except OSError:
            time.sleep(0.5)
    webbrowser.open(url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", default=None, help="the lesson to open, such as 04")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8888)
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    args = parser.parse_args(argv)
    lesson = args.lesson or None
    try:
        url = start_url(args.host, args.port, lesson)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Presenting {'lesson ' + lesson if lesson else 'the lessons'} on {url}")
    print("Keys: n/p next or previous section, 1-9 a section, Shift+N/P next or previous "
          "lesson, r the references. Stop with Ctrl+C.")  # fmt: skip
    if not args.no_browser:
        threading.Thread(target=_open_when_ready, args=(url,), daemon=True).start()
    try:
        return subprocess.call(command(args.host, args.port), env=environment())
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
