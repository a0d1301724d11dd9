"""Create the course's virtual environment, even where Python has no ``venv``/``ensurepip``.

Usage: python3 tools/bootstrap_venv.py .venv

Debian's bare ``python3`` lacks ensurepip (it lives in the python3-venv
package), so ``python3 -m venv`` fails there. In that case the environment is
created without pip and pip is bootstrapped from its wheel on PyPI, which pip
can run directly. Nothing else is downloaded here: installing the course's
packages is left to pip with the locked constraints.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
import venv
from pathlib import Path


def bootstrap_pip(python: Path) -> None:
    index = "https://pypi.org/pypi/pip/json"
    with urllib.request.urlopen(index, timeout=60) as response:
        release = json.load(response)
    wheel = next(u for u in release["urls"] if u["packagetype"] == "bdist_wheel")
    wheel["url"] = urllib.parse.urljoin(index, wheel["url"])  # mirrors may answer relative URLs
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / wheel["filename"]
        with urllib.request.urlopen(wheel["url"], timeout=120) as response:
            path.write_bytes(response.read())
        subprocess.run([str(python), f"{path}/pip", "install", "--quiet", str(path)], check=True)


def main(target: str) -> int:
    env = Path(target)
    try:
        import ensurepip  # noqa: F401

        venv.EnvBuilder(with_pip=True).create(env)
    except (ImportError, subprocess.CalledProcessError):
        print("ensurepip is not available; creating the environment and fetching pip from PyPI")
        venv.EnvBuilder(with_pip=False).create(env)
        bootstrap_pip(env / "bin" / "python")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python3 tools/bootstrap_venv.py .venv", file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(main(sys.argv[1]))
